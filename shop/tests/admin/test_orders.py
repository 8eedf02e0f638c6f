"""The order page, its transition buttons and the bulk status change, through the real admin URLs."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import OrderStatusChange
from shop.order_status import OrderStatus
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    order = OrderFactory()
    OrderItemFactory(order=order, offer=OfferFactory(quantity=5, price=100), quantity=2, price=100)
    OrderItemFactory(order=order, offer=OfferFactory(quantity=1, price=50), quantity=3, price=50)
    return order


def inspect_url(order) -> str:
    return f"/admin/snippets/shop/order/inspect/{order.pk}/"


def transition(client, order, to_status):
    return client.post(f"/admin/snippets/shop/order/transition/{order.pk}/", {"to_status": to_status})


def test_order_page_shows_items_totals_contact_and_only_valid_transitions(admin_client, order):
    response = admin_client.get(inspect_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    for item in order.items.all():
        assert item.product_name in html
    assert response.context["total_price"] == 350
    assert order.contact.phone in html and order.contact.street in html
    assert [status.value for status in response.context["transitions"]] == ["confirmed", "canceled"]
    assert 'data-transition="confirmed"' in html and 'data-transition="canceled"' in html
    assert 'data-transition="sent"' not in html


def test_the_order_page_loads_its_stylesheet(admin_client, order):
    assert "shop/admin.css" in admin_client.get(inspect_url(order)).content.decode()


def test_the_list_opens_the_order_page(admin_client, order):
    html = admin_client.get("/admin/snippets/shop/order/").content.decode()
    assert inspect_url(order) in html
    assert f"/admin/snippets/shop/order/edit/{order.pk}/" not in html


def test_transition_moves_the_order_records_history_and_emails_the_customer(
    admin_client, admin_user, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = transition(admin_client, order, "confirmed")
    assert response.status_code == 302 and response.url == inspect_url(order)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    change = OrderStatusChange.objects.get(order=order)
    assert (change.from_status, change.to_status, change.changed_by) == ("new", "confirmed", admin_user)
    assert [message.to for message in mail.outbox] == [[order.user.email]]

    page = admin_client.get(inspect_url(order))
    html = page.content.decode()
    assert admin_user.email in html and "Confirmed" in html
    assert [status.value for status in page.context["transitions"]] == ["assembled", "canceled"]


def test_cancel_returns_stock(admin_client, order):
    offers = [item.offer for item in order.items.order_by("id")]
    transition(admin_client, order, "canceled")
    assert [offer.__class__.objects.get(pk=offer.pk).quantity for offer in offers] == [7, 4]


def test_an_invalid_transition_changes_nothing_and_says_why(admin_client, order):
    response = transition(admin_client, order, "delivered")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.NEW
    assert not OrderStatusChange.objects.exists()
    assert "cannot move" in str(next(iter(get_messages(response.wsgi_request))))
    assert transition(admin_client, order, "bogus").status_code == 302
    assert admin_client.get(f"/admin/snippets/shop/order/transition/{order.pk}/").status_code == 405


def test_bulk_action_moves_valid_orders_and_skips_the_rest(admin_client, django_capture_on_commit_callbacks):
    movable = [OrderItemFactory().order for _ in range(2)]
    stuck = OrderItemFactory().order
    stuck.status = OrderStatus.DELIVERED
    stuck.save()
    ids = "&".join(f"id={order.pk}" for order in [*movable, stuck])
    url = f"/admin/bulk/shop/order/move_status/?{ids}&next=/admin/snippets/shop/order/"

    page = admin_client.get(url)
    assert page.status_code == 200 and b'name="to_status"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"to_status": "confirmed"})
    assert response.status_code == 302
    assert [o.__class__.objects.get(pk=o.pk).status for o in [*movable, stuck]] == [
        "confirmed",
        "confirmed",
        "delivered",
    ]
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("1 order skipped" in message for message in messages)
    assert any("2 orders moved" in message for message in messages)
    assert len(mail.outbox) == 2


def test_order_manager_moves_orders_but_cannot_add_or_delete_them(staff_client, order):
    client = staff_client("Order managers")
    assert client.get(inspect_url(order)).status_code == 200
    assert transition(client, order, "confirmed").status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert client.get("/admin/snippets/shop/order/add/").status_code == 302  # redirected: no permission
    assert client.get(f"/admin/snippets/shop/order/delete/{order.pk}/").status_code == 302


def test_merchandiser_cannot_move_orders(staff_client, order):
    client = staff_client("Merchandisers")
    assert transition(client, order, "confirmed").status_code in (302, 403)
    order.refresh_from_db()
    assert order.status == OrderStatus.NEW
    assert client.get(inspect_url(order)).status_code in (302, 403)


def test_the_orders_list_offers_the_bulk_status_change(admin_client, order):
    html = admin_client.get("/admin/snippets/shop/order/").content.decode()
    assert "/admin/bulk/shop/order/move_status/" in html


def test_anonymous_users_are_sent_to_the_login_page(client, order):
    response = transition(client, order, "confirmed")
    assert response.status_code == 302 and "/admin/login/" in response.url
    order.refresh_from_db()
    assert order.status == OrderStatus.NEW


def test_order_page_queries_do_not_grow_with_items_or_history(admin_client):
    def queries(order) -> int:
        admin_client.get(inspect_url(order))
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(inspect_url(order)).status_code == 200
        return len(captured)

    small = OrderItemFactory().order
    big = OrderFactory()
    OrderItemFactory.create_batch(15, order=big)
    for status in ("confirmed", "assembled", "sent"):
        transition(admin_client, big, status)
    assert queries(small) == queries(big)
