import pytest
from django.core import mail

from accounts.tests.factories import SupplierFactory
from shop.models import Shop, ShopMember
from shop.services.orders import change_shipment_status
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(supplier):
    return ShopFactory(owner=supplier)


def test_accepts_orders_read_and_switched(
    supplier, shop, api_client, django_capture_on_commit_callbacks, api_client_for
):
    api = api_client_for(supplier)
    OfferFactory(shop=shop)
    assert api.get("/api/v1/partner/state/").json() == {"state": True}
    assert api_client.get("/api/v1/product-infos/").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/partner/state/", {"state": False})
    assert response.status_code == 200 and response.json() == {"state": False}
    assert not Shop.objects.get(pk=shop.pk).accepts_orders
    assert api_client.get("/api/v1/product-infos/").json()["count"] == 0  # off the catalogue at once
    assert api.post("/api/v1/partner/state/", {"state": "maybe"}).status_code == 400
    assert api.post("/api/v1/partner/state/", {}).status_code == 400


def test_clients_are_403_and_anonymous_401(api, api_client):
    for path in ("/api/v1/partner/state/", "/api/v1/partner/orders/"):
        assert api.get(path).status_code == 403
        assert api_client.get(path).status_code == 401
    assert api.post("/api/v1/partner/state/", {"state": False}).status_code == 403


def test_a_supplier_without_a_shop_is_404(api_client_for):
    api = api_client_for(SupplierFactory())
    assert api.get("/api/v1/partner/state/").status_code == 404
    assert api.get("/api/v1/partner/orders/").status_code == 404


def test_a_supplier_acts_only_on_its_own_shop(supplier, shop, api_client_for):
    other_shop = ShopFactory(owner=SupplierFactory())
    api_client_for(supplier).post("/api/v1/partner/state/", {"state": False})
    assert Shop.objects.get(pk=other_shop.pk).accepts_orders


def test_orders_show_only_the_suppliers_lines(supplier, shop, api_client_for):
    mixed = OrderFactory()
    own_line = OrderItemFactory(order=mixed, offer=OfferFactory(shop=shop), quantity=3)
    OrderItemFactory(order=mixed)  # another shop's line in the same order
    OrderItemFactory()  # an order without this shop
    body = api_client_for(supplier).get("/api/v1/partner/orders/").json()
    assert body["count"] == 1
    [order] = body["results"]
    assert order["id"] == mixed.pk
    assert [line["id"] for line in order["items"]] == [own_line.pk]
    assert order["total_price"] == "300.00"


@pytest.fixture
def shipments(shop):
    """A mixed order with a line of `shop` and a line of another shop, and an order of `shop` alone, confirmed."""
    mixed = OrderFactory()
    own = OrderItemFactory(order=mixed, offer=OfferFactory(shop=shop, name="iPhone 15 128GB Black"), quantity=2)
    foreign = OrderItemFactory(order=mixed)
    later = OrderItemFactory(offer=OfferFactory(shop=shop))
    change_shipment_status(shipment_id=later.shipment_id, to_status="confirmed")
    return own.shipment, foreign.shipment, later.shipment


def test_a_supplier_lists_its_own_shipments(supplier, shipments, api_client_for, django_assert_max_num_queries):
    own, _foreign, later = shipments
    api = api_client_for(supplier)
    body = api.get("/api/v1/partner/shipments/").json()
    assert [shipment["id"] for shipment in body["results"]] == [later.pk, own.pk]
    first = body["results"][1]
    assert first["order_id"] == own.order_id and first["status"] == "new"
    assert [line["offer_name"] for line in first["items"]] == ["iPhone 15 128GB Black"]
    assert first["delivery"]["city"] == own.order.delivery_city and first["total_price"] == "200.00"
    assert [s["id"] for s in api.get("/api/v1/partner/shipments/?status=confirmed").json()["results"]] == [later.pk]
    assert api.get("/api/v1/partner/shipments/?status=bogus").status_code == 400
    for _ in range(5):
        OrderItemFactory(offer=OfferFactory(shop=own.shop))
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/partner/shipments/").json()["count"] == 7


def test_a_supplier_moves_its_own_shipment(supplier, shipments, api_client_for, django_capture_on_commit_callbacks):
    own, _foreign, later = shipments
    api = api_client_for(supplier)
    url = f"/api/v1/partner/shipments/{later.pk}/status/"
    assert api.post(url, {"status": "sent"}).status_code == 409  # confirmed → assembled first
    assert api.post(url, {"status": "assembled"}).json()["status"] == "assembled"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"status": "sent", "tracking_number": "RU123456"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["tracking_number"]) == ("sent", "RU123456")
    later.refresh_from_db()
    assert later.order.status == "sent" and later.status_changes.last().changed_by == supplier
    [message] = mail.outbox
    assert message.to == [later.order.user.email] and "RU123456" in message.body
    own_url = f"/api/v1/partner/shipments/{own.pk}/status/"
    assert api.post(own_url, {"status": "delivered"}).status_code == 400
    assert api.post(own_url, {"status": "canceled"}).status_code == 400


def test_another_shops_shipment_is_404(supplier, shipments, api_client_for, api):
    _own, foreign, _later = shipments
    response = api_client_for(supplier).post(f"/api/v1/partner/shipments/{foreign.pk}/status/", {"status": "assembled"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "new"
    assert api.get("/api/v1/partner/shipments/").status_code == 403
    assert api.post(f"/api/v1/partner/shipments/{foreign.pk}/status/", {"status": "assembled"}).status_code == 403


def test_a_member_of_the_shop_works_for_it_like_its_owner(shop, api_client_for):
    """A colleague invited beside the owner sees the same shop (and only it) through the partner API."""
    colleague = SupplierFactory()
    ShopMember.objects.create(shop=shop, user=colleague)
    ShopFactory(owner=SupplierFactory())

    api = api_client_for(colleague)

    assert api.get("/api/v1/partner/state/").json() == {"state": True}
    assert api.post("/api/v1/partner/state/", {"state": False}).status_code == 200
    assert not Shop.objects.get(pk=shop.pk).accepts_orders
