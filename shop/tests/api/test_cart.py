import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import CartItem, Offer, Shop
from shop.services.catalogue import set_product_image
from shop.tests.factories import OfferFactory, ShopFactory

from ..conftest import png_upload

pytestmark = pytest.mark.django_db


def add(api, offer, quantity=1):
    return api.post("/api/v1/cart/add/", {"product_info_id": offer.pk, "quantity": quantity})


def test_an_empty_cart(api):
    body = api.get("/api/v1/cart/").json()
    assert body["items"] == [] and body["total_price"] == "0.00" and body["id"] and body["updated_at"]


def test_add_creates_a_line_then_adds_to_it(api):
    offer = OfferFactory(quantity=5)
    first = add(api, offer, 2)
    assert first.status_code == 201
    [line] = first.json()["items"]
    assert line == {
        "id": line["id"],
        "product_info_id": offer.pk,
        "product_id": offer.product_id,
        "product_name": offer.product.name,
        "offer_name": offer.name,
        "image": None,
        "shop_name": offer.shop.name,
        "price": "100.00",
        "available": 5,
        "withdrawn": False,
        "quantity": 2,
        "total_price": "200.00",
    }
    second = add(api, offer, 3)
    assert second.status_code == 200
    assert second.json()["items"][0]["quantity"] == 5 and second.json()["total_price"] == "500.00"


@pytest.mark.parametrize("leaves", ["withdrawn", "shop_closed"])
def test_a_line_whose_offer_left_the_catalogue_shows_as_withdrawn_outside_the_total(api, leaves):
    """Issue 21: an import withdrew the offer (or its shop closed) after it was put in the cart."""
    kept, gone = OfferFactory(quantity=5, price=10), OfferFactory(quantity=5, price=100)
    add(api, kept, 1)
    add(api, gone, 2)
    if leaves == "withdrawn":
        gone.is_active = False
        gone.save()
    else:
        gone.shop.accepts_orders = False
        gone.shop.save()
    body = api.get("/api/v1/cart/").json()
    lines = {line["product_info_id"]: line for line in body["items"]}
    assert (lines[gone.pk]["withdrawn"], lines[gone.pk]["available"]) == (True, 0)
    assert (lines[kept.pk]["withdrawn"], lines[kept.pk]["available"]) == (False, 5)
    assert body["total_price"] == "10.00"


def test_more_than_in_stock_is_a_409_with_what_is_available(api):
    offer = OfferFactory(quantity=3)
    add(api, offer, 2)
    response = add(api, offer, 2)
    assert response.status_code == 409
    assert response.json()["available"] == 3 and response.json()["detail"]
    assert CartItem.objects.get().quantity == 2


@pytest.mark.parametrize("kind", ["unknown", "inactive", "closed_shop"])
def test_unknown_or_invisible_offers_are_404(api, kind):
    offer = {
        "unknown": lambda: OfferFactory.build(pk=999999),
        "inactive": lambda: OfferFactory(is_active=False),
        "closed_shop": lambda: OfferFactory(shop=ShopFactory(accepts_orders=False)),
    }[kind]()
    assert add(api, offer).status_code == 404


@pytest.mark.parametrize("body", [{"product_info_id": 1, "quantity": 0}, {"quantity": 1}, {"product_info_id": "x"}])
def test_bad_input_is_a_400(api, body):
    response = api.post("/api/v1/cart/add/", body)
    assert response.status_code == 400


def test_a_line_shows_what_can_be_bought_now(api):
    withdrawn, closed, sold = OfferFactory(), OfferFactory(), OfferFactory(quantity=2)
    for offer in (withdrawn, closed, sold):
        add(api, offer)
    Offer.objects.filter(pk=withdrawn.pk).update(is_active=False)
    Shop.objects.filter(pk=closed.shop_id).update(accepts_orders=False)
    Offer.objects.filter(pk=sold.pk).update(quantity=0)  # as a checkout takes the units: no catalogue bump
    lines = api.get("/api/v1/cart/").json()["items"]
    assert [(line["product_info_id"], line["available"]) for line in lines] == [
        (withdrawn.pk, 0),
        (closed.pk, 0),
        (sold.pk, 0),
    ]


def test_change_and_remove_a_line(api):
    offer = OfferFactory(quantity=4)
    item_id = add(api, offer).json()["items"][0]["id"]
    assert api.put(f"/api/v1/cart/item/{item_id}/", {"quantity": 4}).json()["items"][0]["quantity"] == 4
    assert api.patch(f"/api/v1/cart/item/{item_id}/", {"quantity": 3}).json()["items"][0]["quantity"] == 3
    over = api.patch(f"/api/v1/cart/item/{item_id}/", {"quantity": 5})
    assert over.status_code == 409 and over.json()["available"] == 4
    assert api.patch(f"/api/v1/cart/item/{item_id}/", {"quantity": 0}).status_code == 400
    assert api.delete(f"/api/v1/cart/item/{item_id}/").status_code == 204
    assert api.get("/api/v1/cart/").json()["items"] == []


def test_someone_elses_line_is_404(api, stranger_api):
    item_id = add(api, OfferFactory()).json()["items"][0]["id"]
    assert stranger_api.put(f"/api/v1/cart/item/{item_id}/", {"quantity": 1}).status_code == 404
    assert stranger_api.patch(f"/api/v1/cart/item/{item_id}/", {"quantity": 1}).status_code == 404
    assert stranger_api.delete(f"/api/v1/cart/item/{item_id}/").status_code == 404
    assert CartItem.objects.filter(pk=item_id, quantity=1).exists()


def test_delete_empties_the_cart(api):
    add(api, OfferFactory())
    add(api, OfferFactory())
    assert api.delete("/api/v1/cart/").status_code == 204
    assert api.get("/api/v1/cart/").json()["items"] == []


def test_the_cart_needs_a_login(api_client):
    assert api_client.get("/api/v1/cart/").status_code == 401
    assert api_client.post("/api/v1/cart/add/", {"product_info_id": 1, "quantity": 1}).status_code == 401


def test_cart_query_count_is_constant_with_line_pictures(
    api, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    def add_with_picture():
        offer = OfferFactory()
        with django_capture_on_commit_callbacks(execute=True):  # the renditions task runs
            set_product_image(product_id=offer.product_id, upload=png_upload(), uploaded_by=None)
        add(api, offer)

    add_with_picture()
    cache.clear()  # Wagtail also finds renditions in the cache: only the prefetch may spare the queries
    with CaptureQueriesContext(connection) as one_line:
        [line] = api.get("/api/v1/cart/").json()["items"]
    one_line_count = len(one_line.captured_queries)  # read now: the next request resets the log
    assert line["image"]["thumbnail"].endswith(".png")
    for _ in range(5):
        add_with_picture()
    cache.clear()
    with django_assert_max_num_queries(one_line_count):
        items = api.get("/api/v1/cart/").json()["items"]
    assert len(items) == 6 and all(item["image"]["thumbnail"].endswith(".png") for item in items)


def merge(api, lines):
    return api.post("/api/v1/cart/merge/", {"items": lines}, format="json")


def test_merge_adds_a_guest_cart_onto_the_lines_capped_at_the_stock(api):
    in_cart, new, scarce, sold_out, hidden = (
        OfferFactory(quantity=10),
        OfferFactory(quantity=10),
        OfferFactory(quantity=2),
        OfferFactory(quantity=0),
        OfferFactory(is_active=False),
    )
    add(api, in_cart, 3)

    response = merge(
        api,
        [
            {"product_info_id": in_cart.pk, "quantity": 4},
            {"product_info_id": new.pk, "quantity": 1},
            {"product_info_id": new.pk, "quantity": 1},
            {"product_info_id": scarce.pk, "quantity": 5},
            {"product_info_id": sold_out.pk, "quantity": 1},
            {"product_info_id": hidden.pk, "quantity": 1},
            {"product_info_id": 999999, "quantity": 1},
        ],
    )

    assert response.status_code == 200
    quantities = {line["product_info_id"]: line["quantity"] for line in response.json()["items"]}
    assert quantities == {in_cart.pk: 7, new.pk: 2, scarce.pk: 2}


def test_merge_refuses_bad_lines_whole(api):
    offer = OfferFactory()
    response = merge(api, [{"product_info_id": offer.pk, "quantity": 1}, {"product_info_id": offer.pk, "quantity": 0}])
    assert response.status_code == 400
    assert not CartItem.objects.exists()


def test_merge_needs_a_login(api_client):
    assert api_client.post("/api/v1/cart/merge/", {"items": []}, format="json").status_code == 401
