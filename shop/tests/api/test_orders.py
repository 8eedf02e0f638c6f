import socket
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from accounts.models import User
from accounts.tests.factories import SupplierFactory, UserFactory
from core.models import StoreSettings
from notifications.models import OutboxMessage
from shop.catalogue_cache import catalogue_generation
from shop.models import (
    CartItem,
    Offer,
    OfferParameter,
    Order,
    OrderStatusChange,
    Shipment,
    ShipmentStatusChange,
    Shop,
)
from shop.order_status import OrderStatus
from shop.services import checkout
from shop.services.cart import add_to_cart
from shop.services.orders import change_shipment_status, undo_last_shipment_move
from shop.tests.factories import (
    ContactFactory,
    OfferFactory,
    OfferParameterFactory,
    OrderFactory,
    OrderItemFactory,
    ShopFactory,
    cart_total,
)

pytestmark = pytest.mark.django_db

# Contact, cart lock, lines, offer locks, parameters, the writes, the e-mails (with their recipients'
# languages) and the answer; PostgreSQL also locks the products whose listing summary it refreshes.
CHECKOUT_STATEMENTS = {"sqlite": 37, "postgresql": 38}


@pytest.fixture
def contact(customer):
    return ContactFactory(user=customer)


@pytest.fixture
def two_shops(customer):
    """A cart with lines from two supplier shops."""
    phone = OfferFactory(shop=ShopFactory(owner=SupplierFactory(email="a@shop.example")), price=Decimal("10.50"))
    case = OfferFactory(shop=ShopFactory(owner=SupplierFactory(email="b@shop.example")), price=Decimal("3"))
    add_to_cart(user=customer, offer_id=phone.pk, quantity=2)
    add_to_cart(user=customer, offer_id=case.pk, quantity=1)
    return phone, case


def confirm(api, contact, **headers):
    return api.post(
        "/api/v1/confirm-order/", {"contact_id": contact.pk, "expected_total": cart_total(contact.user)}, **headers
    )


def test_checkout_places_the_order(api, customer, contact, two_shops, django_capture_on_commit_callbacks, settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["staff@example.com"]
    phone, case = two_shops
    generation = catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(api, contact)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "new" and body["status_display"] == "New"
    assert body["total_price"] == "24.00" and body["contact"]["id"] == contact.pk
    assert [(line["product_info_id"], line["price"], line["quantity"]) for line in body["items"]] == [
        (phone.pk, "10.50", 2),
        (case.pk, "3.00", 1),
    ]
    assert body["items"][0]["product_name"] == phone.product.name
    assert Offer.objects.get(pk=phone.pk).quantity == 8 and Offer.objects.get(pk=case.pk).quantity == 9
    assert not CartItem.objects.filter(cart__user=customer).exists()
    [history] = OrderStatusChange.objects.filter(order_id=body["id"])
    assert (history.from_status, history.to_status, history.changed_by) == ("", "new", customer)
    # Order traffic does not flush the catalogue cache; cached stock expires within its bound instead.
    assert catalogue_generation() == generation

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(customer.email,), ("staff@example.com",), ("a@shop.example",), ("b@shop.example",)}
    assert phone.product.name in by_recipient[(customer.email,)].body
    assert "2 × 10.50\xa0₽ = 21.00\xa0₽" in by_recipient[(customer.email,)].body
    assert "Total: 24.00\xa0₽" in by_recipient[(customer.email,)].body
    supplier_a = by_recipient[("a@shop.example",)].body
    assert phone.product.name in supplier_a and case.product.name not in supplier_a
    staff = by_recipient[("staff@example.com",)].body
    assert phone.product.name in staff and case.product.name in staff


def test_prices_are_copied(api, contact, two_shops):
    phone, _case = two_shops
    order_id = confirm(api, contact).json()["id"]
    Offer.objects.filter(pk=phone.pk).update(price=Decimal("99"))
    assert api.get(f"/api/v1/orders/{order_id}/").json()["items"][0]["price"] == "10.50"


def test_empty_cart_is_400(api, contact):
    response = confirm(api, contact)
    assert response.status_code == 400 and response.json()["detail"]
    assert not Order.objects.exists()


def test_short_stock_is_409_per_item_and_changes_nothing(api, customer, contact, two_shops):
    phone, case = two_shops
    Offer.objects.filter(pk=phone.pk).update(quantity=1)
    response = confirm(api, contact)
    assert response.status_code == 409
    assert response.json()["items"] == [{"product_info_id": phone.pk, "requested": 2, "available": 1}]
    assert not Order.objects.exists()
    assert Offer.objects.get(pk=phone.pk).quantity == 1 and Offer.objects.get(pk=case.pk).quantity == 10
    assert CartItem.objects.filter(cart__user=customer).count() == 2


def test_a_price_changed_since_the_cart_was_shown_is_409_and_changes_nothing(api, customer, contact, two_shops):
    phone, case = two_shops
    shown = {"product_info_id": phone.pk, "price": "10.50"}, {"product_info_id": case.pk, "price": "3.00"}
    Offer.objects.filter(pk=phone.pk).update(price=Decimal("21.00"))
    response = api.post(
        "/api/v1/confirm-order/",
        {"contact_id": contact.pk, "expected_total": "24.00", "expected_prices": shown},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["expected_total"], body["total"]) == ("total_changed", "24.00", "45.00")
    assert body["lines"] == [
        {
            "product_info_id": phone.pk,
            "product_name": phone.product.name,
            "offer_name": phone.name,
            "shop_name": phone.shop.name,
            "quantity": 2,
            "old_price": "10.50",
            "price": "21.00",
        }
    ]
    assert not Order.objects.exists()
    assert Offer.objects.get(pk=phone.pk).quantity == 10 and Offer.objects.get(pk=case.pk).quantity == 10
    assert CartItem.objects.filter(cart__user=customer).count() == 2

    confirmed = api.post("/api/v1/confirm-order/", {"contact_id": contact.pk, "expected_total": body["total"]})
    assert confirmed.status_code == 201 and confirmed.json()["total_price"] == "45.00"


def test_without_shown_prices_every_line_is_listed_without_an_old_price(api, contact, two_shops):
    phone, case = two_shops
    Offer.objects.filter(pk=case.pk).update(price=Decimal("2.50"))
    response = api.post("/api/v1/confirm-order/", {"contact_id": contact.pk, "expected_total": "24.00"})
    assert response.status_code == 409 and response.json()["total"] == "23.50"
    lines = response.json()["lines"]
    assert [(line["product_info_id"], line["old_price"], line["price"]) for line in lines] == [
        (phone.pk, None, "10.50"),
        (case.pk, None, "2.50"),
    ]


def test_the_expected_total_is_a_required_decimal(api, contact, two_shops):
    for payload, message in (
        ({"contact_id": contact.pk}, "This field is required."),
        ({"contact_id": contact.pk, "expected_total": "lots"}, "A valid number is required."),
        ({"contact_id": contact.pk, "expected_total": "1e1000000"}, None),
    ):
        response = api.post("/api/v1/confirm-order/", payload)
        assert response.status_code == 400 and "expected_total" in response.json(), payload
        assert message is None or response.json()["expected_total"] == [message]
    too_many = [{"product_info_id": 1, "price": "1"}] * 1001
    response = api.post(
        "/api/v1/confirm-order/",
        {"contact_id": contact.pk, "expected_total": "24.00", "expected_prices": too_many},
        format="json",
    )
    assert response.status_code == 400 and "expected_prices" in response.json()
    assert not Order.objects.exists()


def test_checkout_statement_count(api, contact, two_shops, django_assert_num_queries):
    """The total is checked on the rows already locked for the stock check: no statement of its own."""
    payload = {"contact_id": contact.pk, "expected_total": "24.00"}
    with django_assert_num_queries(CHECKOUT_STATEMENTS[connection.vendor]):
        assert api.post("/api/v1/confirm-order/", payload).status_code == 201


def test_a_closed_shop_is_409(api, contact, two_shops):
    phone, _case = two_shops
    phone.shop.accepts_orders = False
    phone.shop.save()
    response = confirm(api, contact)
    assert response.status_code == 409 and response.json()["shops"] == [phone.shop.name]
    assert not Order.objects.exists()


def test_the_same_idempotency_key_returns_the_same_order(api, customer, contact, two_shops):
    first = confirm(api, contact, HTTP_IDEMPOTENCY_KEY="key-1")
    assert first.status_code == 201
    add_to_cart(user=customer, offer_id=two_shops[0].pk, quantity=1)
    second = confirm(api, contact, HTTP_IDEMPOTENCY_KEY="key-1")
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1
    assert CartItem.objects.filter(cart__user=customer).count() == 1  # the new line waits for a new order
    assert confirm(api, contact, HTTP_IDEMPOTENCY_KEY="key-2").status_code == 201


def test_a_key_race_is_settled_by_the_unique_constraint(customer, contact, two_shops, monkeypatch):
    """If two requests both pass the look-ups, the database constraint still yields one order."""
    placed = checkout.place_order(
        user=customer, contact_id=contact.pk, expected_total=Decimal("24.00"), idempotency_key="k"
    )
    add_to_cart(user=customer, offer_id=two_shops[1].pk, quantity=1)
    monkeypatch.setattr(checkout, "_order_for_key", lambda user, key: None)  # as if the twin had not committed yet
    again = checkout.place_order(
        user=customer, contact_id=contact.pk, expected_total=Decimal("3.00"), idempotency_key="k"
    )
    assert again.order.pk == placed.order.pk and not again.created
    assert Order.objects.count() == 1 and Offer.objects.get(pk=two_shops[1].pk).quantity == 9


def test_a_bad_idempotency_key_is_400(api, contact, two_shops):
    response = confirm(api, contact, HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()


def test_someone_elses_contact_or_cart_is_404(api, stranger_api, customer, contact, two_shops):
    assert confirm(stranger_api, contact).status_code == 404
    other_contact = ContactFactory()
    assert confirm(api, other_contact).status_code == 404
    stranger = ContactFactory().user
    foreign_cart = add_to_cart(user=stranger, offer_id=two_shops[0].pk, quantity=1)[0].cart
    response = api.post(
        "/api/v1/confirm-order/", {"contact_id": contact.pk, "cart_id": foreign_cart.pk, "expected_total": "10.50"}
    )
    assert response.status_code == 404
    assert not Order.objects.exists()
    assert api.post("/api/v1/confirm-order/", {"contact_id": "x", "expected_total": "1"}).status_code == 400


def test_an_smtp_failure_loses_no_order(api, contact, two_shops, settings, django_capture_on_commit_callbacks):
    """The SMTP server refuses connections: the order stands and its e-mails wait in the outbox for a retry."""
    with socket.socket() as probe:  # a local port with nobody listening
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 1
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(api, contact)
    assert response.status_code == 201
    assert Order.objects.filter(pk=response.json()["id"]).exists()
    assert Offer.objects.get(pk=two_shops[0].pk).quantity == 8
    placed = OutboxMessage.objects.get(key="order_placed")
    assert (placed.status, placed.attempts) == (OutboxMessage.Status.PENDING, 1)  # it was tried, and it failed
    assert "ConnectionRefusedError" in placed.last_error


def test_orders_list_and_detail_are_ones_own(api, stranger_api, customer):
    mine = OrderItemFactory(order=OrderFactory(user=customer), quantity=2).order
    OrderItemFactory(order=mine)
    newer = OrderItemFactory(order=OrderFactory(user=customer)).order
    OrderItemFactory()  # someone else's
    body = api.get("/api/v1/orders/").json()
    assert [row["id"] for row in body["results"]] == [newer.pk, mine.pk]
    assert body["results"][1]["total_price"] == "300.00"
    assert api.get(f"/api/v1/orders/{mine.pk}/").status_code == 200
    assert stranger_api.get(f"/api/v1/orders/{mine.pk}/").status_code == 404
    assert stranger_api.post(f"/api/v1/orders/{mine.pk}/cancel/").status_code == 404
    assert Order.objects.get(pk=mine.pk).status == OrderStatus.NEW


def test_orders_list_query_count_is_constant(api, customer, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OrderItemFactory(order=OrderFactory(user=customer))
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/orders/")
    one_count = len(one.captured_queries)
    for _ in range(6):
        OrderItemFactory.create_batch(2, order=OrderFactory(user=customer))
    with django_assert_max_num_queries(one_count):
        assert api.get("/api/v1/orders/").json()["count"] == 7


@pytest.mark.parametrize("status", [OrderStatus.NEW, OrderStatus.CONFIRMED])
def test_cancel_returns_the_stock(api, customer, contact, two_shops, status, django_capture_on_commit_callbacks):
    phone, _case = two_shops
    order_id = confirm(api, contact).json()["id"]
    Order.objects.filter(pk=order_id).update(status=status)
    generation = catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/orders/{order_id}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "canceled"
    assert Offer.objects.get(pk=phone.pk).quantity == 10
    assert catalogue_generation() == generation  # a stock move, not a catalogue edit
    assert any("canceled" in message.subject.lower() or "Canceled" in message.body for message in mail.outbox)


@pytest.mark.parametrize("status", [OrderStatus.ASSEMBLED, OrderStatus.SENT, OrderStatus.DELIVERED, "canceled"])
def test_cancel_too_late_is_409(api, customer, status):
    order = OrderItemFactory(order=OrderFactory(user=customer, status=status)).order
    Shipment.objects.filter(order=order).update(status=status)
    quantity = order.items.get().offer.quantity
    response = api.post(f"/api/v1/orders/{order.pk}/cancel/")
    assert response.status_code == 409
    assert Order.objects.get(pk=order.pk).status == status
    assert Offer.objects.get(pk=order.items.get().offer_id).quantity == quantity


@pytest.mark.parametrize("ahead", ["assembled", "sent"])
def test_cancel_is_409_once_one_shop_is_past_confirmed_though_the_order_reads_confirmed(api, customer, ahead):
    """The order's status is its least advanced shipment's: one shop's parcel may be assembled (or even sent,
    "partly sent") while the order reads "confirmed". The customer's cancel looks at every shipment."""
    order = OrderFactory(user=customer)
    slow, fast = (OrderItemFactory(order=order, quantity=2) for _ in range(2))
    for step in ("confirmed", "assembled", "sent")[: 2 if ahead == "assembled" else 3]:
        change_shipment_status(shipment_id=fast.shipment_id, to_status=step)
    change_shipment_status(shipment_id=slow.shipment_id, to_status="confirmed")
    order.refresh_from_db()
    before = (order.status, sorted(Shipment.objects.filter(order=order).values_list("status", flat=True)))
    offers = Offer.objects.filter(pk__in=[slow.offer_id, fast.offer_id]).order_by("pk")
    stock = list(offers.values_list("quantity", flat=True))
    response = api.post(f"/api/v1/orders/{order.pk}/cancel/")
    assert response.status_code == 409 and response.json()["code"] == "invalid_order_status"
    order.refresh_from_db()
    assert (order.status, sorted(Shipment.objects.filter(order=order).values_list("status", flat=True))) == before
    assert list(offers.values_list("quantity", flat=True)) == stock


def test_cached_stock_is_never_older_than_its_bound_and_checkout_stays_the_authority(
    api, api_client, contact, two_shops, django_capture_on_commit_callbacks, settings
):
    settings.CATALOGUE_AVAILABILITY_MAX_AGE = 1
    phone, _case = two_shops
    url = f"/api/v1/product-infos/?shop_id={phone.shop_id}"
    assert api_client.get(url).json()["results"][0]["quantity"] == 10  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        order_id = confirm(api, contact).json()["id"]
    assert api_client.get(url).json()["results"][0]["quantity"] == 10  # the cached page survives the order
    time.sleep(1.1)
    assert api_client.get(url).json()["results"][0]["quantity"] == 8  # … for at most the bound
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/v1/orders/{order_id}/cancel/")
    time.sleep(1.1)
    assert api_client.get(url).json()["results"][0]["quantity"] == 10


def test_new_order_e_mails_go_to_the_recipients_of_the_store_settings(
    api, contact, two_shops, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFICATION_EMAILS = ["env@example.com"]
    store = StoreSettings.load()
    store.notification_recipients = "desk@example.com"
    store.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(api, contact).status_code == 201
    recipients = {address for message in mail.outbox for address in message.to}
    assert "desk@example.com" in recipients and "env@example.com" not in recipients


def test_new_order_e_mails_are_in_each_recipients_language_not_the_customers(
    api, customer, contact, two_shops, django_capture_on_commit_callbacks, settings
):
    """Staff addresses with an account get its language, the others the store's default; a shop's, its owner's."""
    settings.LANGUAGE_CODE = "en"
    customer.language = "ru"
    customer.save()
    UserFactory(email="Manager@example.com", language="ru", is_staff=True)
    store = StoreSettings.load()
    store.notification_recipients = "desk@example.com, manager@example.com"
    store.save()
    phone, case = two_shops
    User.objects.filter(pk=phone.shop.owner_id).update(language="ru")
    User.objects.filter(pk=case.shop.owner_id).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(api, contact, HTTP_ACCEPT_LANGUAGE="ru").status_code == 201
    russian = "Дата заказа"
    by_recipient = {address: russian in message.body for message in mail.outbox for address in message.to}
    assert by_recipient == {
        customer.email: True,
        "manager@example.com": True,
        "desk@example.com": False,
        "a@shop.example": True,
        "b@shop.example": False,
    }


def test_order_e_mails_print_the_whole_delivery_address_once(
    api, customer, contact, two_shops, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = Order.objects.get(pk=confirm(api, contact).json()["id"])
    delivery = f"Delivery to: {order.delivery_name}, {order.delivery_address}, {contact.phone}"
    assert mail.outbox and contact.city in order.delivery_address
    for message in mail.outbox:  # the customer's confirmation and each shop's new order
        assert message.body.count(delivery) == 1 and message.body.count(contact.phone) == 1
        assert message.alternatives[0][0].count(delivery) == 1


def test_checkout_copies_the_variant_sku_parameters_rrc_shop_and_address(api, customer, contact, two_shops):
    phone, _case = two_shops
    OfferParameterFactory(offer=phone, parameter__name="Colour", value="Black")
    body = confirm(api, contact).json()
    Offer.objects.filter(pk=phone.pk).update(name="Renamed", external_id="other", price_rrc=Decimal("1"))
    OfferParameter.objects.filter(offer=phone).update(value="White")
    Shop.objects.filter(pk=phone.shop_id).update(name="Renamed shop")
    api.patch(f"/api/v1/contacts/{contact.pk}/", {"city": "Kazan", "street": "Baumana"}, format="json")

    again = api.get(f"/api/v1/orders/{body['id']}/").json()
    line = again["items"][0]
    assert line["offer_name"] == phone.name and line["external_id"] == phone.external_id
    assert line["parameters"] == {"Colour": "Black"} and line["price_rrc"] == "120.00"
    assert line["shop_name"] == phone.shop.name
    assert again["contact"]["city"] == "Moscow" and again["contact"]["street"] == "Tverskaya"
    assert again["contact"]["id"] == contact.pk
    order = Order.objects.get(pk=body["id"])
    assert (order.delivery_city, order.delivery_phone) == ("Moscow", contact.phone)


def test_the_order_lists_one_shipment_per_shop(api, contact, two_shops):
    phone, case = two_shops
    body = confirm(api, contact).json()
    shipments = {shipment["shop_name"]: shipment for shipment in body["shipments"]}
    assert set(shipments) == {phone.shop.name, case.shop.name}
    assert {shipment["status"] for shipment in body["shipments"]} == {"new"}
    by_offer = {line["product_info_id"]: line["shipment_id"] for line in body["items"]}
    assert by_offer[phone.pk] == shipments[phone.shop.name]["id"]
    assert by_offer[case.pk] == shipments[case.shop.name]["id"]


def test_a_partly_sent_order_shows_it(api, customer, contact, two_shops):
    phone, _case = two_shops
    body = confirm(api, contact).json()
    shipment_id = next(s["id"] for s in body["shipments"] if s["shop_id"] == phone.shop_id)
    for step in ("confirmed", "assembled", "sent"):
        change_shipment_status(shipment_id=shipment_id, to_status=step)
    again = api.get(f"/api/v1/orders/{body['id']}/").json()
    assert (again["status"], again["status_display"]) == ("partly_sent", "Partly sent")
    assert api.post(f"/api/v1/orders/{body['id']}/cancel/").status_code == 409


def test_suppliers_are_told_at_the_shops_order_address(api, contact, two_shops, django_capture_on_commit_callbacks):
    phone, case = two_shops
    Shop.objects.filter(pk=phone.shop_id).update(email="orders@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        confirm(api, contact)
    recipients = {message.to[0] for message in mail.outbox}
    assert "orders@a.example" in recipients and "a@shop.example" not in recipients
    assert "b@shop.example" in recipients  # no order address: the owner's
    [to_a] = [message for message in mail.outbox if message.to == ["orders@a.example"]]
    assert phone.name in to_a.body and case.name not in to_a.body
    assert f"Your shipment: #{Shipment.objects.get(shop=phone.shop).pk}" in to_a.body


def test_each_parcel_shows_its_shop_lines_steps_and_tracking(api, contact, two_shops):
    """One shop sent its part, the other only confirmed: each parcel says so, with its own dates and lines."""
    phone, case = two_shops
    body = confirm(api, contact).json()
    by_shop = {shipment["shop_id"]: shipment["id"] for shipment in body["shipments"]}
    for step in ("confirmed", "assembled", "sent"):
        change_shipment_status(
            shipment_id=by_shop[phone.shop_id], to_status=step, tracking_number="RA 123/45", carrier="russian_post"
        )
    change_shipment_status(shipment_id=by_shop[case.shop_id], to_status="confirmed", tracking_number="X1")
    again = api.get(f"/api/v1/orders/{body['id']}/").json()
    sent, confirmed = sorted(again["shipments"], key=lambda shipment: shipment["shop_id"] != phone.shop_id)
    assert (sent["shop_name"], sent["status"], sent["carrier"]) == (phone.shop.name, "sent", "russian_post")
    assert [step["status"] for step in sent["steps"]] == ["new", "confirmed", "assembled", "sent"]
    assert sent["status_reached_at"] == sent["steps"][-1]["reached_at"]
    assert sent["tracking_url"] == "https://www.pochta.ru/tracking?barcode=RA%20123%2F45"
    assert [line["product_info_id"] for line in sent["items"]] == [phone.pk]
    assert (confirmed["status"], [step["status"] for step in confirmed["steps"]]) == ("confirmed", ["new", "confirmed"])
    assert [line["product_info_id"] for line in confirmed["items"]] == [case.pk]
    # a number without a known carrier is only text
    assert (confirmed["tracking_number"], confirmed["carrier"], confirmed["tracking_url"]) == ("X1", "", "")


def test_an_undone_step_leaves_the_parcels_steps(api, customer, contact, two_shops):
    staff_user = UserFactory(is_staff=True)
    phone, _case = two_shops
    body = confirm(api, contact).json()
    shipment_id = next(s["id"] for s in body["shipments"] if s["shop_id"] == phone.shop_id)
    change_shipment_status(shipment_id=shipment_id, to_status="confirmed", changed_by=staff_user)
    confirmed_at = ShipmentStatusChange.objects.get(shipment_id=shipment_id, to_status="confirmed").changed_at
    change_shipment_status(shipment_id=shipment_id, to_status="assembled", changed_by=staff_user)
    undo_last_shipment_move(shipment_id=shipment_id, user=staff_user)
    parcel = next(s for s in api.get(f"/api/v1/orders/{body['id']}/").json()["shipments"] if s["id"] == shipment_id)
    assert [step["status"] for step in parcel["steps"]] == ["new", "confirmed"]
    assert parcel["status_reached_at"] == serializers.DateTimeField().to_representation(confirmed_at)


def test_orders_list_with_parcels_costs_the_same_queries_whatever_the_page_size(
    api, customer, django_assert_num_queries
):
    def order_with_two_moved_parcels():
        order = OrderFactory(user=customer)
        for _ in range(2):
            line = OrderItemFactory(order=order)
            change_shipment_status(shipment_id=line.shipment_id, to_status="confirmed", tracking_number="T1")

    order_with_two_moved_parcels()
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/orders/")
    for _ in range(5):
        order_with_two_moved_parcels()
    with django_assert_num_queries(len(one.captured_queries)):
        body = api.get("/api/v1/orders/").json()
    assert body["count"] == 6 and all(len(order["shipments"]) == 2 for order in body["results"])
    assert all(len(shipment["steps"]) == 2 for order in body["results"] for shipment in order["shipments"])


def test_the_customers_cancel_reason_is_kept_for_the_staff(api, customer, contact, two_shops):
    order_id = confirm(api, contact).json()["id"]
    response = api.post(f"/api/v1/orders/{order_id}/cancel/", {"reason": "  Found it cheaper "}, format="json")
    assert response.status_code == 200
    notes = ShipmentStatusChange.objects.filter(shipment__order_id=order_id, to_status="canceled")
    assert list(notes.values_list("note", flat=True)) == ["Found it cheaper", "Found it cheaper"]


def test_a_too_long_cancel_reason_is_400_and_cancels_nothing(api, customer, contact, two_shops):
    order_id = confirm(api, contact).json()["id"]
    response = api.post(f"/api/v1/orders/{order_id}/cancel/", {"reason": "x" * 501}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert Order.objects.get(pk=order_id).status == OrderStatus.NEW


def test_the_order_placed_e_mail_links_to_the_order(
    api, customer, contact, two_shops, settings, django_capture_on_commit_callbacks
):
    settings.FRONTEND_URL = "https://shop.example"
    with django_capture_on_commit_callbacks(execute=True):
        order_id = confirm(api, contact).json()["id"]
    [placed] = [message for message in mail.outbox if message.to == [customer.email]]
    link = f"https://shop.example/orders/{order_id}"
    assert link in placed.body and f'href="{link}"' in placed.alternatives[0][0]


def test_the_product_page_shows_the_stock_a_purchase_left_at_once(api, api_client, customer, contact):
    last = OfferFactory(quantity=1, price=Decimal("5"))
    other = OfferFactory(product=last.product, quantity=3)
    page = f"/api/v1/products/{last.product_id}/"

    def stock() -> dict[int, int]:
        return {offer["id"]: offer["quantity"] for offer in api_client.get(page).json()["product_infos"]}

    assert stock() == {last.pk: 1, other.pk: 3}  # now cached, and a purchase does not bump the generation
    add_to_cart(user=customer, offer_id=last.pk, quantity=1)
    assert confirm(api, contact).status_code == 201
    assert stock() == {last.pk: 0, other.pk: 3}
    assert api.get("/api/v1/cart/").json()["items"] == []


def test_a_cached_product_page_reads_only_the_stock(api_client, django_assert_num_queries):
    offer = OfferFactory()
    page = f"/api/v1/products/{offer.product_id}/"
    api_client.get(page)
    with django_assert_num_queries(1):
        assert api_client.get(page).json()["product_infos"][0]["quantity"] == 10
