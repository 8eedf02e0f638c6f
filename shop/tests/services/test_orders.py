"""The order pipeline: shipments move, the order's status follows, stock returns on cancel, undo, notes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications import services as notification_services
from notifications.delivery import relay_due_messages
from notifications.models import OutboxMessage
from shop.exceptions import InsufficientStock, InvalidOrderStatus, NotFoundError, UndoNotAllowed
from shop.models import Offer, OrderStatusChange, Shipment, ShipmentStatusChange
from shop.order_status import OrderStatus, ShipmentStatus
from shop.services.orders import (
    add_order_note,
    cancel_order,
    change_order_status,
    change_shipment_status,
    undo_last_shipment_move,
)
from shop.signals import shipment_status_changed
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_shop_order():
    """An order of 3 units from shop A and 2 from shop B, each offer with 7 left on the shelf."""
    order = OrderFactory()
    a = OrderItemFactory(order=order, offer=OfferFactory(quantity=7), quantity=3)
    b = OrderItemFactory(order=order, offer=OfferFactory(quantity=7), quantity=2)
    return order, a.shipment, b.shipment


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status


def test_a_shipment_move_is_recorded_and_the_order_follows(two_shop_order):
    order, a, b = two_shop_order
    manager = UserFactory(is_staff=True)
    for step in ("confirmed", "assembled", "sent"):
        change_shipment_status(shipment_id=a.pk, to_status=step, changed_by=manager, note=f"{step}!")
    assert status_of(a) == "sent" and status_of(b) == "new"
    assert status_of(order) == OrderStatus.PARTLY_SENT
    moves = list(ShipmentStatusChange.objects.filter(shipment=a).values_list("from_status", "to_status", "note"))
    assert moves == [
        ("new", "confirmed", "confirmed!"),
        ("confirmed", "assembled", "assembled!"),
        ("assembled", "sent", "sent!"),
    ]
    assert list(OrderStatusChange.objects.filter(order=order).values_list("from_status", "to_status")) == [
        ("new", "partly_sent")
    ]


def test_an_invalid_move_changes_nothing(two_shop_order):
    order, a, _b = two_shop_order
    with pytest.raises(InvalidOrderStatus):
        change_shipment_status(shipment_id=a.pk, to_status="delivered")
    assert status_of(a) == "new" and status_of(order) == "new"
    assert not ShipmentStatusChange.objects.exists()


def test_cancelling_a_shipment_returns_only_its_stock(two_shop_order):
    order, a, b = two_shop_order
    change_shipment_status(shipment_id=a.pk, to_status="canceled")
    offers = {item.shipment_id: Offer.objects.get(pk=item.offer_id).quantity for item in order.items.all()}
    assert offers == {a.pk: 10, b.pk: 7}
    assert status_of(order) == OrderStatus.NEW  # the other shop still delivers


def test_cancelling_the_order_cancels_every_shipment_not_yet_sent(two_shop_order):
    order, a, b = two_shop_order
    for step in ("confirmed", "assembled", "sent"):
        change_shipment_status(shipment_id=a.pk, to_status=step)
    change_order_status(order_id=order.pk, to_status="canceled")
    assert status_of(a) == "sent" and status_of(b) == "canceled"
    assert status_of(order) == OrderStatus.SENT
    assert Offer.objects.get(pk=b.items.get().offer_id).quantity == 9
    assert Offer.objects.get(pk=a.items.get().offer_id).quantity == 7
    with pytest.raises(InvalidOrderStatus):  # nothing left that can be cancelled
        change_order_status(order_id=order.pk, to_status="canceled")


def test_the_customer_cancels_while_no_shop_has_assembled(two_shop_order):
    order, a, b = two_shop_order
    change_shipment_status(shipment_id=a.pk, to_status="confirmed")
    with pytest.raises(NotFoundError):
        cancel_order(user=UserFactory(), order_id=order.pk)
    cancel_order(user=order.user, order_id=order.pk)
    assert (status_of(a), status_of(b), status_of(order)) == ("canceled", "canceled", "canceled")


def test_the_customer_cannot_cancel_once_a_shop_assembled(two_shop_order):
    order, a, _b = two_shop_order
    change_order_status(order_id=order.pk, to_status="confirmed")
    change_shipment_status(shipment_id=a.pk, to_status="assembled")
    assert status_of(order) == "confirmed"
    change_shipment_status(shipment_id=a.pk, to_status="sent")
    with pytest.raises(InvalidOrderStatus):
        cancel_order(user=order.user, order_id=order.pk)


def test_a_supplier_cannot_move_another_shops_shipment(two_shop_order):
    _order, a, b = two_shop_order
    with pytest.raises(NotFoundError):
        change_shipment_status(shipment_id=b.pk, to_status="confirmed", shop=a.shop)
    assert status_of(b) == "new"


def test_the_tracking_number_is_kept(two_shop_order):
    _order, a, _b = two_shop_order
    change_shipment_status(shipment_id=a.pk, to_status="confirmed")
    change_shipment_status(shipment_id=a.pk, to_status="assembled")
    change_shipment_status(shipment_id=a.pk, to_status="sent", tracking_number="RU123")
    a.refresh_from_db()
    assert a.tracking_number == "RU123"


def test_receivers_hear_of_each_move_after_commit(two_shop_order, django_capture_on_commit_callbacks):
    order, a, b = two_shop_order
    heard = []

    def receiver(sender, shipment, from_status, to_status, **kwargs):
        heard.append((shipment.pk, from_status, to_status))

    shipment_status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            change_order_status(order_id=order.pk, to_status="confirmed")
    finally:
        shipment_status_changed.disconnect(receiver)
    assert sorted(heard) == [(a.pk, "new", "confirmed"), (b.pk, "new", "confirmed")]


def test_the_customer_is_emailed_each_shipment_step_with_its_items_and_a_link(
    two_shop_order, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.FRONTEND_URL = "https://shop.example"
    order, a, _b = two_shop_order
    with django_capture_on_commit_callbacks(execute=True):
        change_shipment_status(shipment_id=a.pk, to_status="confirmed")
    [message] = mailoutbox
    assert message.to == [order.user.email]
    assert message.subject == f"Order #{order.pk}: the parcel from {a.shop.name} is now “Confirmed”"
    item = a.items.get()
    assert item.offer_name in message.body and f"https://shop.example/orders/{order.pk}" in message.body
    other = order.items.exclude(shipment=a).get()
    assert other.offer_name not in message.body
    delivery = f"Delivery to: {order.delivery_name}, {order.delivery_address}, {order.delivery_phone}"
    assert order.delivery_city in order.delivery_address and order.delivery_phone
    assert delivery in message.body
    assert delivery in message.alternatives[0][0]


def test_the_same_person_undoes_the_last_move_within_the_window(two_shop_order):
    _order, a, _b = two_shop_order
    manager, other = UserFactory(is_staff=True), UserFactory(is_staff=True)
    change_shipment_status(shipment_id=a.pk, to_status="canceled", changed_by=manager)
    offer_id = a.items.get().offer_id
    assert Offer.objects.get(pk=offer_id).quantity == 10
    with pytest.raises(UndoNotAllowed):
        undo_last_shipment_move(shipment_id=a.pk, user=other)
    undo_last_shipment_move(shipment_id=a.pk, user=manager)
    assert status_of(a) == "new" and Offer.objects.get(pk=offer_id).quantity == 7
    undo = ShipmentStatusChange.objects.filter(shipment=a).last()
    assert (undo.from_status, undo.to_status, undo.undoes.to_status) == ("canceled", "new", "canceled")
    with pytest.raises(UndoNotAllowed):  # an undo is not undone
        undo_last_shipment_move(shipment_id=a.pk, user=manager)


def test_undo_is_refused_after_the_window(two_shop_order, settings):
    settings.SHIPMENT_UNDO_SECONDS = 60
    _order, a, _b = two_shop_order
    manager = UserFactory(is_staff=True)
    change_shipment_status(shipment_id=a.pk, to_status="confirmed", changed_by=manager)
    ShipmentStatusChange.objects.update(changed_at=timezone.now() - timedelta(seconds=61))
    with pytest.raises(UndoNotAllowed):
        undo_last_shipment_move(shipment_id=a.pk, user=manager)
    assert status_of(a) == "confirmed"


def test_undoing_a_cancel_needs_the_stock_back(two_shop_order):
    _order, a, _b = two_shop_order
    manager = UserFactory(is_staff=True)
    change_shipment_status(shipment_id=a.pk, to_status="canceled", changed_by=manager)
    Offer.objects.filter(pk=a.items.get().offer_id).update(quantity=1)
    with pytest.raises(InsufficientStock):
        undo_last_shipment_move(shipment_id=a.pk, user=manager)
    assert status_of(a) == "canceled"


def test_notes_are_kept_on_the_order(two_shop_order):
    order, _a, _b = two_shop_order
    author = UserFactory(is_staff=True)
    note = add_order_note(order_id=order.pk, author=author, text="  Call before delivery \n")
    assert (note.order, note.author, note.text) == (order, author, "Call before delivery")
    with pytest.raises(NotFoundError):
        add_order_note(order_id=order.pk + 100, author=author, text="x")


def test_shipments_are_one_per_shop():
    item = OrderItemFactory()
    assert Shipment.objects.filter(order=item.order).count() == 1
    assert item.shipment.status == ShipmentStatus.NEW


def test_an_undone_step_the_customer_was_told_is_corrected_not_announced(
    two_shop_order, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.FRONTEND_URL = "https://shop.example"
    order, a, _b = two_shop_order
    manager = UserFactory(is_staff=True)
    change_shipment_status(shipment_id=a.pk, to_status="confirmed", changed_by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        change_shipment_status(shipment_id=a.pk, to_status="assembled", changed_by=manager)
    assert [message.subject for message in mailoutbox] == [
        f"Order #{order.pk}: the parcel from {a.shop.name} is now “Assembled”"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        undo_last_shipment_move(shipment_id=a.pk, user=manager)
    assert len(mailoutbox) == 2
    correction = mailoutbox[1]
    assert correction.subject == f"Correction to order #{order.pk}: the parcel from {a.shop.name} is “Confirmed”"
    assert "is not “Assembled”; it is still “Confirmed”" in correction.body
    assert f"https://shop.example/orders/{order.pk}" in correction.body
    assert "now “Confirmed”" not in correction.body  # not worded as a new step


def test_an_undone_step_not_yet_e_mailed_is_withdrawn_and_never_sent(
    two_shop_order, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    """The broker was down when the step was announced: its e-mail waits in the outbox. The undo withdraws it,
    so the relay never sends the customer a step that did not happen, and no correction is needed."""
    _order, a, _b = two_shop_order
    manager = UserFactory(is_staff=True)
    monkeypatch.setattr(notification_services, "push_to_broker", lambda message_id: None)
    with django_capture_on_commit_callbacks(execute=True):
        change_shipment_status(shipment_id=a.pk, to_status="canceled", changed_by=manager)
    assert OutboxMessage.objects.filter(key="order_status_changed", status="pending").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        undo_last_shipment_move(shipment_id=a.pk, user=manager)
    assert not OutboxMessage.objects.exists()
    assert relay_due_messages() == 0
    assert mailoutbox == []
