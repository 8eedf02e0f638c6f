import pytest

from shop.exceptions import InvalidOrderStatus
from shop.models import Offer
from shop.order_status import OrderStatus, allowed_next_statuses
from shop.services.orders import change_order_status
from shop.signals import order_status_changed

from .factories import OrderItemFactory

pytestmark = pytest.mark.django_db


def test_the_pipeline_of_the_design():
    assert allowed_next_statuses(OrderStatus.NEW) == [OrderStatus.CONFIRMED, OrderStatus.CANCELED]
    assert allowed_next_statuses(OrderStatus.ASSEMBLED) == [OrderStatus.SENT]
    assert allowed_next_statuses(OrderStatus.DELIVERED) == []


def test_a_valid_transition_is_recorded_with_who_made_it(django_user_model):
    item = OrderItemFactory()
    manager = django_user_model.objects.create_user(email="m@example.com", password="x", is_staff=True)
    order = change_order_status(order_id=item.order_id, to_status=OrderStatus.CONFIRMED, changed_by=manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    change = order.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("new", "confirmed", manager)


def test_an_invalid_transition_is_refused_and_changes_nothing():
    item = OrderItemFactory()
    with pytest.raises(InvalidOrderStatus):
        change_order_status(order_id=item.order_id, to_status=OrderStatus.DELIVERED)
    item.order.refresh_from_db()
    assert item.order.status == OrderStatus.NEW
    assert not item.order.status_changes.exists()


def test_cancelling_returns_the_stock():
    item = OrderItemFactory(quantity=3, offer__quantity=7)
    change_order_status(order_id=item.order_id, to_status=OrderStatus.CANCELED)
    assert Offer.objects.get(pk=item.offer_id).quantity == 10


def test_receivers_hear_of_the_change_after_commit(django_capture_on_commit_callbacks):
    item = OrderItemFactory()
    heard = []

    def receiver(sender, order, from_status, to_status, **kwargs):
        heard.append((order.pk, from_status, to_status))

    order_status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            change_order_status(order_id=item.order_id, to_status=OrderStatus.CONFIRMED)
    finally:
        order_status_changed.disconnect(receiver)
    assert heard == [(item.order_id, "new", "confirmed")]


def test_the_customer_is_emailed_at_each_step(django_capture_on_commit_callbacks, mailoutbox):
    item = OrderItemFactory(order__user__email="buyer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        change_order_status(order_id=item.order_id, to_status=OrderStatus.CONFIRMED)
    [message] = mailoutbox
    assert message.to == ["buyer@example.com"]
    assert message.subject == f"Order #{item.order_id} is now “Confirmed”"
    assert "from “New” to “Confirmed”" in message.body


def test_the_status_email_is_in_the_customers_language_with_items_address_money_and_a_link(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.FRONTEND_URL = "https://shop.example.com"
    item = OrderItemFactory(order__user__language="ru", quantity=2, offer__price="79990.00", price="79990.00")
    with django_capture_on_commit_callbacks(execute=True):
        change_order_status(order_id=item.order_id, to_status=OrderStatus.CONFIRMED)
    [message] = mailoutbox
    assert "Здравствуйте" in message.body
    assert f"{item.product_name} ({item.shop.name}): 2 × 79\xa0990,00\xa0₽ = 159\xa0980,00\xa0₽" in message.body
    assert "Moscow, Tverskaya" in message.body
    assert f"https://shop.example.com/orders/{item.order_id}" in message.body
