"""Upgrading a database with orders made before snapshots and shipments: every order is back-filled."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.tests.factories import UserFactory
from shop.models import Order, OrderItem, Shipment

BEFORE = [("shop", "0003_merge_contact_confirmation_offer_parameters_inline")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


@pytest.mark.django_db(transaction=True)
def test_old_orders_get_their_address_lines_and_one_shipment_per_shop():
    old = migrate(BEFORE).loader.project_state(BEFORE[0]).apps
    model = {
        name: old.get_model("shop", name)
        for name in (
            "Shop",
            "Category",
            "Product",
            "Offer",
            "Parameter",
            "OfferParameter",
            "Contact",
            "Order",
            "OrderItem",
        )
    }
    customer_id = UserFactory().pk  # accounts is not migrated back: today's model makes its rows
    shops = [model["Shop"].objects.create(name=f"S{n}", slug=f"s{n}") for n in range(2)]
    product = model["Product"].objects.create(
        name="Apple iPhone 15", category=model["Category"].objects.create(name="Phones")
    )
    black, case = (
        model["Offer"].objects.create(
            shop=shop, product=product, name=name, external_id=sku, price=Decimal("10"), price_rrc=Decimal("12")
        )
        for shop, name, sku in ((shops[0], "iPhone 15 128GB Black", "A-1"), (shops[1], "Case", None))
    )
    model["OfferParameter"].objects.create(
        offer=black, parameter=model["Parameter"].objects.create(name="Colour"), value="Black"
    )
    contact = model["Contact"].objects.create(
        user_id=customer_id,
        first_name="Ivan",
        last_name="Petrov",
        email="i@example.com",
        phone="+79001234567",
        city="Moscow",
        street="Tverskaya",
        house="1",
        apartment="5",
    )
    order = model["Order"].objects.create(user_id=customer_id, contact=contact, status="confirmed")
    for offer in (black, case):
        model["OrderItem"].objects.create(
            order=order, offer=offer, shop=offer.shop, product_name="Apple iPhone 15", quantity=1, price=offer.price
        )
    empty_order = model["Order"].objects.create(user_id=customer_id, contact=contact, status="canceled")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    order = Order.objects.get(pk=order.pk)
    assert (order.delivery_name, order.delivery_phone, order.delivery_address) == (
        "Ivan Petrov",
        "+79001234567",
        "Moscow, Tverskaya 1, apartment 5",
    )
    lines = {line.shop_id: line for line in OrderItem.objects.filter(order=order)}
    first = lines[shops[0].pk]
    assert (first.offer_name, first.external_id, first.shop_name, first.parameters, first.price_rrc) == (
        "iPhone 15 128GB Black",
        "A-1",
        "S0",
        {"Colour": "Black"},
        Decimal("12.00"),
    )
    assert (lines[shops[1].pk].external_id, lines[shops[1].pk].parameters) == ("", {})
    shipments = list(Shipment.objects.filter(order=order).order_by("shop_id"))
    assert [(s.shop_id, s.status, s.created_at) for s in shipments] == [
        (shop.pk, "confirmed", order.created_at) for shop in shops
    ]
    assert all(line.shipment.shop_id == shop_id for shop_id, line in lines.items())
    assert not Shipment.objects.filter(order_id=empty_order.pk).exists()
