"""The order page: shipments with their valid moves, confirmation, undo, notes, packing slip; the list's
search, money and bulk bar; through the real admin URLs."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import Offer, OrderNote, OrderStatusChange, Shipment, ShipmentStatusChange
from shop.order_status import OrderStatus
from shop.services.orders import cancel_order, change_shipment_status
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db
ORDERS = "/admin/snippets/shop/order/"


@pytest.fixture
def order():
    """Two shops: 2 × 100 from the first (5 left), 3 × 50 from the second (1 left)."""
    order = OrderFactory()
    OrderItemFactory(order=order, offer=OfferFactory(quantity=5, price=100, name="iPhone 15 128GB Black"), quantity=2)
    OrderItemFactory(order=order, offer=OfferFactory(quantity=1, price=50), quantity=3)
    return order


def inspect_url(order) -> str:
    return f"{ORDERS}inspect/{order.pk}/"


def shipments_of(order) -> list[Shipment]:
    return list(order.shipments.order_by("id"))


def move(client, shipment, to_status, note="", **fields):
    if to_status == "sent":
        fields.setdefault("tracking_number", "RA123456789RU")
    return client.post(f"{ORDERS}shipment/{shipment.pk}/move/", {"to_status": to_status, "note": note, **fields})


def order_move(client, order, to_status):
    return client.post(f"{ORDERS}transition/{order.pk}/", {"to_status": to_status})


def test_order_page_groups_items_by_shop_with_valid_moves_only(admin_client, order):
    response = admin_client.get(inspect_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    assert "iPhone 15 128GB Black" in html
    for item in order.items.all():
        assert item.product_name in html and item.external_id in html
    assert response.context["total_price"] == 350
    assert "350.00\xa0₽" in html and "200.00\xa0₽" in html  # order and shipment totals with the currency
    assert order.delivery_phone in html and order.delivery_street in html
    groups = response.context["groups"]
    assert [group["shipment"] for group in groups] == shipments_of(order)
    assert [[status.value for status in group["transitions"]] for group in groups] == [["confirmed", "canceled"]] * 2
    assert 'data-transition="sent"' not in html and 'data-transition="order-canceled"' in html


def test_the_page_shows_the_address_copied_at_checkout(admin_client, order):
    order.contact.street = "Elsewhere"
    order.contact.save()
    html = admin_client.get(inspect_url(order)).content.decode()
    assert "Tverskaya" in html and "Elsewhere" not in html


def test_a_move_asks_for_confirmation_first(admin_client, order):
    first = shipments_of(order)[0]
    page = admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=confirmed")
    assert page.status_code == 200
    assert b'name="note"' in page.content and b'data-confirm-move="confirmed"' in page.content
    first.refresh_from_db()
    assert first.status == "new"  # a GET moves nothing
    assert admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=bogus").status_code == 302
    assert admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=new").status_code == 200


def test_a_confirmed_move_records_the_note_and_emails_the_customer(
    admin_client, admin_user, order, django_capture_on_commit_callbacks
):
    first, _second = shipments_of(order)
    with django_capture_on_commit_callbacks(execute=True):
        response = move(admin_client, first, "confirmed", note="Called the customer")
    assert response.status_code == 302 and response.url == inspect_url(order)
    first.refresh_from_db()
    assert first.status == "confirmed"
    change = ShipmentStatusChange.objects.filter(shipment=first).last()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "new",
        "confirmed",
        admin_user,
        "Called the customer",
    )
    assert [message.to for message in mail.outbox] == [[order.user.email]]
    page = admin_client.get(inspect_url(order))
    assert "Called the customer" in page.content.decode()
    groups = page.context["groups"]
    assert [status.value for status in groups[0]["transitions"]] == ["assembled", "canceled"]
    assert groups[0]["undo"] == "Undo the last move: Confirmed → New" and groups[1]["undo"] is None


def test_cancelling_a_shipment_returns_its_stock(admin_client, order):
    first, _second = shipments_of(order)
    move(admin_client, first, "canceled")
    assert [Offer.objects.get(pk=item.offer_id).quantity for item in order.items.order_by("id")] == [7, 1]


def test_cancelling_the_order_cancels_every_shipment_not_yet_sent(admin_client, order):
    first, _second = shipments_of(order)
    for step in ("confirmed", "assembled", "sent"):
        change_shipment_status(shipment_id=first.pk, to_status=step)
    order_move(admin_client, order, "canceled")
    assert [shipment.status for shipment in shipments_of(order)] == ["sent", "canceled"]
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT


def test_an_invalid_move_changes_nothing_and_says_why(admin_client, order):
    first, _second = shipments_of(order)
    response = move(admin_client, first, "delivered")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "new" and not OrderStatusChange.objects.filter(order=order).exists()
    assert "cannot become" in str(next(iter(get_messages(response.wsgi_request))))
    assert move(admin_client, first, "bogus").status_code == 302
    assert admin_client.put(f"{ORDERS}shipment/{first.pk}/move/").status_code == 405


def test_the_same_person_undoes_the_last_move(admin_client, admin_user, order, client, django_user_model):
    first, _second = shipments_of(order)
    move(admin_client, first, "canceled")
    response = admin_client.post(f"{ORDERS}shipment/{first.pk}/undo/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "new"
    assert Offer.objects.get(pk=first.items.get().offer_id).quantity == 5
    assert not admin_client.get(inspect_url(order)).context["groups"][0]["undo"]  # an undo is final

    move(admin_client, first, "confirmed")
    other = django_user_model.objects.create_superuser(email="other@example.com", password="x")
    client.force_login(other)
    assert not client.get(inspect_url(order)).context["groups"][0]["undo"]
    response = client.post(f"{ORDERS}shipment/{first.pk}/undo/")
    assert "cannot be undone" in str(next(iter(get_messages(response.wsgi_request))))
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_shipment_buttons_name_the_action_not_the_status(admin_client, order):
    first, _second = shipments_of(order)
    html = admin_client.get(inspect_url(order)).content.decode()
    assert 'data-transition="confirmed">Confirm</a>' in html
    assert 'data-transition="canceled">Cancel shipment</a>' in html
    for step, action in (("confirmed", "Assemble"), ("assembled", "Send"), ("sent", "Mark as delivered")):
        move(admin_client, first, step)
        html = admin_client.get(inspect_url(order)).content.decode()
        assert f">{action}</a>" in html


def test_russian_buttons_say_what_the_manager_does(admin_client, order, settings):
    settings.LANGUAGE_CODE = "ru"
    first, _second = shipments_of(order)
    html = admin_client.get(inspect_url(order)).content.decode()
    assert ">Подтвердить</a>" in html and ">Отменить отправление</a>" in html
    move(admin_client, first, "confirmed")
    html = admin_client.get(inspect_url(order)).content.decode()
    assert ">Собрать</a>" in html and "Отменить последнее действие: Подтверждён → Новый" in html
    move(admin_client, first, "assembled")
    assert ">Отправить</a>" in admin_client.get(inspect_url(order)).content.decode()
    page = admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=sent")
    assert "Трек-номер" in page.content.decode() and b'data-confirm-move="sent">\xd0\x9e' in page.content


def test_sending_asks_for_the_tracking_number_first(admin_client, order, django_capture_on_commit_callbacks):
    first, _second = shipments_of(order)
    for step in ("confirmed", "assembled"):
        move(admin_client, first, step)
    page = admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=sent")
    assert page.status_code == 200
    assert b'name="tracking_number"' in page.content and b'data-confirm-move="sent">Send</button>' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = move(admin_client, first, "sent", tracking_number="  ")
    assert response.status_code == 400 and b'name="tracking_number"' in response.content
    assert "This field is required." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "assembled" and first.tracking_number == "" and not mail.outbox
    response = move(admin_client, first, "sent", tracking_number=" RA123456789RU ", note="Courier at 5")
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.tracking_number, first.carrier) == ("sent", "RA123456789RU", "")
    assert move(admin_client, first, "sent", tracking_number="x" * 101).status_code == 400


def test_sending_records_the_carrier_chosen(admin_client, order):
    first, _second = shipments_of(order)
    for step in ("confirmed", "assembled"):
        move(admin_client, first, step)
    page = admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=sent")
    assert b'name="carrier"' in page.content and b'value="cdek"' in page.content
    assert move(admin_client, first, "sent", carrier="pigeon").status_code == 400
    first.refresh_from_db()
    assert first.status == "assembled"
    assert move(admin_client, first, "sent", tracking_number="1234567890", carrier="cdek").status_code == 302
    first.refresh_from_db()
    assert (first.status, first.tracking_number, first.carrier) == ("sent", "1234567890", "cdek")


def test_other_moves_ask_for_no_tracking_number(admin_client, order):
    first, _second = shipments_of(order)
    page = admin_client.get(f"{ORDERS}shipment/{first.pk}/move/?to_status=confirmed")
    assert b'name="tracking_number"' not in page.content
    assert b'data-confirm-move="confirmed">Confirm</button>' in page.content


def test_undo_is_worded_as_undo(admin_client, order):
    first, _second = shipments_of(order)
    for step in ("confirmed", "assembled"):
        move(admin_client, first, step)
    move(admin_client, first, "sent")
    page = admin_client.get(inspect_url(order))
    assert page.context["groups"][0]["undo"] == "Undo the last move: Sent → Assembled"
    response = admin_client.post(f"{ORDERS}shipment/{first.pk}/undo/")
    message = str(next(iter(get_messages(response.wsgi_request)))).strip()
    assert message == f"The last move is undone: Shipment #{first.pk} of order #{order.pk} is back in “Assembled”."
    history = admin_client.get(inspect_url(order)).context["timeline"]
    assert [entry.text for entry in history if entry.kind == "shipment"][
        -1
    ] == "Undo of the last move: Sent → Assembled"


def test_notes_join_the_timeline(admin_client, admin_user, order):
    move(admin_client, shipments_of(order)[0], "confirmed")
    response = admin_client.post(f"{ORDERS}note/{order.pk}/", {"text": "Customer asked for an evening delivery"})
    assert response.status_code == 302
    note = OrderNote.objects.get(order=order)
    assert (note.author, note.text) == (admin_user, "Customer asked for an evening delivery")
    page = admin_client.get(inspect_url(order))
    kinds = [entry.kind for entry in page.context["timeline"]]
    assert kinds == ["shipment", "note"]
    assert "evening delivery" in page.content.decode()
    admin_client.post(f"{ORDERS}note/{order.pk}/", {"text": "  "})
    assert OrderNote.objects.count() == 1


def test_the_packing_slip_is_printable_and_holds_one_shipments_items(admin_client, order):
    first, second = shipments_of(order)
    response = admin_client.get(f"{ORDERS}shipment/{first.pk}/packing-slip/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "@media print" in html and "iPhone 15 128GB Black" in html and order.delivery_street in html
    assert second.items.get().offer_name not in html


def test_order_manager_moves_shipments_but_cannot_add_or_delete_orders(staff_client, order):
    client = staff_client("Order managers")
    assert client.get(inspect_url(order)).status_code == 200
    assert move(client, shipments_of(order)[0], "confirmed").status_code == 302
    assert shipments_of(order)[0].status == "confirmed"
    assert client.get(f"{ORDERS}add/").status_code == 302  # redirected: no permission
    assert client.get(f"{ORDERS}delete/{order.pk}/").status_code == 302


def test_nobody_adds_or_deletes_orders_in_the_admin(admin_client, order):
    assert admin_client.get(f"{ORDERS}add/").status_code in (302, 403)
    assert admin_client.post(f"{ORDERS}delete/{order.pk}/").status_code in (302, 403)
    bulk = f"/admin/bulk/shop/order/delete/?id={order.pk}&next={ORDERS}"
    admin_client.post(bulk)
    assert order.__class__.objects.filter(pk=order.pk).exists()
    html = admin_client.get(ORDERS).content.decode()
    assert "/admin/bulk/shop/order/move_status/" in html
    assert "/admin/bulk/shop/order/delete/" not in html
    assert f"{ORDERS}add/" not in html


def test_merchandiser_cannot_move_orders(staff_client, order):
    client = staff_client("Merchandisers")
    first = shipments_of(order)[0]
    assert move(client, first, "confirmed").status_code in (302, 403)
    assert client.post(f"{ORDERS}note/{order.pk}/", {"text": "x"}).status_code in (302, 403)
    first.refresh_from_db()
    assert first.status == "new" and not OrderNote.objects.exists()
    assert client.get(inspect_url(order)).status_code in (302, 403)


def test_anonymous_users_are_sent_to_the_login_page(client, order):
    response = move(client, shipments_of(order)[0], "confirmed")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_bulk_action_moves_valid_orders_and_skips_the_rest(admin_client, django_capture_on_commit_callbacks):
    movable = [OrderItemFactory().order for _ in range(2)]
    stuck = OrderItemFactory().order
    Shipment.objects.filter(order=stuck).update(status="delivered")
    stuck.__class__.objects.filter(pk=stuck.pk).update(status="delivered")
    ids = "&".join(f"id={order.pk}" for order in [*movable, stuck])
    url = f"/admin/bulk/shop/order/move_status/?{ids}&next={ORDERS}"

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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("#{pk}", "first"),
        ("{pk}", "first"),
        ("№{pk}", "first"),
        ("№ {pk}", "first"),
        ("# {pk}", "first"),
        ("N{pk}", "first"),
        ("n {pk}", "first"),
        ("No. {pk}", "first"),
        ("Anna Smirnova", "first"),
        ("anna@", "first"),
        ("79990001122", "first"),
        ("SKU-777", "second"),
    ],
)
def test_orders_are_found_by_number_name_email_phone_and_sku(admin_client, query, expected):
    first = OrderFactory(
        user__email="anna@example.com",
        contact__first_name="Anna",
        contact__last_name="Smirnova",
        contact__phone="+79990001122",
    )
    OrderItemFactory(order=first)
    second = OrderItemFactory(offer=OfferFactory(external_id="SKU-777")).order
    orders = {"first": first, "second": second}
    response = admin_client.get(ORDERS, {"q": query.format(pk=first.pk)})
    assert [order.pk for order in response.context["object_list"]] == [orders[expected].pk]


def test_the_list_shows_money_with_the_currency_and_opens_the_order_page(admin_client, order):
    html = admin_client.get(ORDERS).content.decode()
    assert "350.00\xa0₽" in html
    assert inspect_url(order) in html and f"{ORDERS}edit/{order.pk}/" not in html


def test_the_export_lists_each_orders_variants(admin_client, order):
    response = admin_client.get(ORDERS, {"export": "csv"})
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "iPhone 15 128GB Black × 2" in body and order.delivery_phone in body


def queries_of(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, site, permissions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_order_page_queries_do_not_grow_with_items_shipments_or_history(admin_client, django_assert_num_queries):
    small = OrderItemFactory().order
    one_line = queries_of(admin_client, inspect_url(small))
    big = OrderFactory()
    OrderItemFactory.create_batch(15, order=big)
    for shipment in big.shipments.all()[:5]:
        for status in ("confirmed", "assembled", "sent"):
            move(admin_client, shipment, status, note="n")
    admin_client.post(f"{ORDERS}note/{big.pk}/", {"text": "a note"})
    with django_assert_num_queries(one_line):
        admin_client.get(inspect_url(big))


def test_orders_list_queries_do_not_grow_with_rows(admin_client, django_assert_num_queries):
    OrderItemFactory(price=Decimal("1"))
    one_row = queries_of(admin_client, ORDERS)
    for _ in range(12):
        OrderItemFactory.create_batch(3, order=OrderFactory())
    with django_assert_num_queries(one_row):
        admin_client.get(ORDERS)


@pytest.mark.parametrize("sign", ["#", "№", "№ ", "N"])
def test_a_number_after_a_number_sign_is_an_order_number_not_a_phone(admin_client, sign):
    OrderFactory(contact__phone="+79990001122")
    response = admin_client.get(ORDERS, {"q": f"{sign}79990001122"})
    assert response.status_code == 200 and list(response.context["object_list"]) == []


def test_a_number_too_big_for_an_id_finds_nothing_instead_of_failing(admin_client, order):
    response = admin_client.get(ORDERS, {"q": "#" + "9" * 30})
    assert response.status_code == 200 and list(response.context["object_list"]) == []


@pytest.mark.parametrize("query", ["²", "#²", "¹²³⁴⁵⁶⁷", "#٣"])
def test_digits_int_refuses_are_searched_as_text_not_a_500(admin_client, order, query):
    response = admin_client.get(ORDERS, {"q": query})
    assert response.status_code == 200


def test_the_bulk_bar_offers_shipment_statuses_only(admin_client, order):
    page = admin_client.get(f"/admin/bulk/shop/order/move_status/?id={order.pk}&next={ORDERS}")
    choices = [value for value, _label in page.context["form"].fields["to_status"].choices]
    assert choices == ["confirmed", "assembled", "sent", "delivered", "canceled"]


def test_staff_read_the_customers_cancel_reason_on_the_order_page(admin_client, order):
    cancel_order(user=order.user, order_id=order.pk, reason="Found it cheaper elsewhere")
    page = admin_client.get(inspect_url(order)).content.decode()
    assert page.count("Found it cheaper elsewhere") == 2  # one move per shipment
