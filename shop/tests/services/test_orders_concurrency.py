"""The shipment pipeline under real concurrency: PostgreSQL, one connection per thread, all at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from accounts.tests.factories import SupplierFactory, UserFactory
from shop.exceptions import InvalidOrderStatus
from shop.models import Offer, Order, Shipment, ShipmentStatusChange
from shop.order_status import derive_order_status
from shop.services.orders import change_order_status, change_shipment_status
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory, ShopFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_at_once(actions: list) -> list:
    """Run each action from its own thread (own connection), released together; returns results or errors."""
    barrier = threading.Barrier(len(actions))

    def run(action):
        try:
            barrier.wait()
            return action()
        except InvalidOrderStatus as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


def test_ten_cancels_of_one_shipment_return_its_stock_once():
    item = OrderItemFactory(offer=OfferFactory(quantity=0), quantity=4)
    results = all_at_once([lambda: change_shipment_status(shipment_id=item.shipment_id, to_status="canceled")] * 10)
    assert sum(not isinstance(result, Exception) for result in results) == 1
    assert Offer.objects.get(pk=item.offer_id).quantity == 4
    assert ShipmentStatusChange.objects.filter(shipment_id=item.shipment_id, to_status="canceled").count() == 1


def test_suppliers_and_staff_racing_on_one_order_leave_a_consistent_status():
    """Five shops move their own shipments while the staff cancel the order: no deadlock, every shipment's
    stock returned at most once, and the stored order status is the one its shipments give."""
    for _round in range(3):
        order = OrderFactory()
        suppliers = [SupplierFactory() for _ in range(5)]
        items = [
            OrderItemFactory(order=order, offer=OfferFactory(shop=ShopFactory(owner=owner), quantity=0), quantity=2)
            for owner in suppliers
        ]
        for item in items:
            change_shipment_status(shipment_id=item.shipment_id, to_status="confirmed")
        staff = UserFactory(is_staff=True)
        actions = [
            lambda item=item: change_shipment_status(
                shipment_id=item.shipment_id, to_status="assembled", shop=item.shop
            )
            for item in items
        ]
        actions.append(lambda: change_order_status(order_id=order.pk, to_status="canceled", changed_by=staff))
        results = all_at_once(actions)
        assert not any(
            isinstance(result, Exception) and not isinstance(result, InvalidOrderStatus) for result in results
        )

        shipments = list(Shipment.objects.filter(order=order))
        assert all(shipment.status == "canceled" for shipment in shipments)  # assembled is still cancellable
        assert [Offer.objects.get(pk=item.offer_id).quantity for item in items] == [2] * 5
        assert Order.objects.get(pk=order.pk).status == derive_order_status(s.status for s in shipments)
