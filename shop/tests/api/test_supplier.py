import pytest

from accounts.tests.factories import SupplierFactory
from shop.models import Shop
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
