"""The listing summary stays exact on every path that changes offers: back-office edits of offers, products
and shops, a supplier closing its shop, checkout and cancel (imports: imports/tests/services)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import SupplierFactory
from shop.models import Offer, Product
from shop.services.cart import add_to_cart
from shop.services.checkout import place_order
from shop.services.listing import refresh_listings
from shop.services.orders import cancel_order
from shop.tests.factories import ContactFactory, OfferFactory, ProductFactory, ShopFactory

from .listing import stale_listings

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone():
    """A product in two shops: the cheaper one out of stock."""
    product = ProductFactory(name="Phone")
    cheap = OfferFactory(
        product=product, shop=ShopFactory(name="Cheap", owner=SupplierFactory()), price=Decimal("90"), quantity=0
    )
    dear = OfferFactory(product=product, shop=ShopFactory(name="Dear"), price=Decimal("100"), quantity=2)
    return product, cheap, dear


def summary(product: Product) -> tuple:
    product.refresh_from_db()
    return (
        product.listed,
        product.lowest_price,
        product.lowest_price_shop_id,
        product.shops_offering,
        product.available,
        product.lowest_available_price,
    )


def test_offer_saves_keep_the_summary(phone):
    product, cheap, dear = phone
    assert summary(product) == (True, Decimal("90.00"), cheap.shop_id, 2, True, Decimal("100.00"))
    cheap.is_active = False
    cheap.save()
    assert summary(product) == (True, Decimal("100.00"), dear.shop_id, 1, True, Decimal("100.00"))
    dear.delete()
    assert summary(product) == (False, None, None, 0, False, None)
    assert stale_listings() == []


def test_an_offer_moved_to_another_product_leaves_the_old_one_unlisted(phone):
    product, cheap, dear = phone
    other = ProductFactory(name="Other")
    for offer in (cheap, dear):
        offer.product = other
        offer.save()
    assert summary(product)[0] is False and summary(other)[:4] == (True, Decimal("90.00"), cheap.shop_id, 2)
    assert stale_listings() == []


def test_a_product_saved_with_the_summary_it_read_gets_it_recomputed(phone):
    product, cheap, _dear = phone
    stale = Product.objects.get(pk=product.pk)
    Offer.objects.filter(pk=cheap.pk).update(price=Decimal("10"))  # behind the stale copy's back
    refresh_listings([product.pk])
    stale.name = "Phone 2"
    stale.save()  # writes the lowest price it read (90) …
    assert summary(product)[1] == Decimal("10.00")  # … and the receiver recomputes it in the same transaction
    assert stale_listings() == []


def test_a_back_office_offer_edit_keeps_the_summary(admin_client, phone):
    product, cheap, _dear = phone
    data = {
        "shop": cheap.shop_id,
        "product": product.pk,
        "name": cheap.name,
        "external_id": cheap.external_id,
        "description": "",
        "price": "120.00",
        "price_rrc": "130.00",
        "quantity": "5",
        "is_active": "on",
        "offer_parameters-TOTAL_FORMS": "0",
        "offer_parameters-INITIAL_FORMS": "0",
        "offer_parameters-MIN_NUM_FORMS": "0",
        "offer_parameters-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/snippets/shop/offer/edit/{cheap.pk}/", data)
    assert response.status_code == 302
    assert summary(product)[1:3] == (Decimal("100.00"), phone[2].shop_id)
    assert stale_listings() == []


def test_a_supplier_closing_its_shop_takes_its_offers_out_of_the_summaries(api_client_for, phone):
    product, cheap, dear = phone
    owner = cheap.shop.owner
    response = api_client_for(owner).post("/api/v1/partner/state/", {"state": False})
    assert response.status_code == 200
    assert summary(product)[1:4] == (Decimal("100.00"), dear.shop_id, 1)
    api_client_for(owner).post("/api/v1/partner/state/", {"state": True})
    assert summary(product)[1:4] == (Decimal("90.00"), cheap.shop_id, 2)
    assert stale_listings() == []


def test_checkout_and_cancel_move_availability(customer, phone):
    product, _cheap, dear = phone
    add_to_cart(user=customer, offer_id=dear.pk, quantity=2)
    placed = place_order(user=customer, contact_id=ContactFactory(user=customer).pk, expected_total=dear.price * 2)
    assert summary(product)[4:] == (False, None)  # the last two units sold
    assert stale_listings() == []
    cancel_order(user=customer, order_id=placed.order.pk)
    assert summary(product)[4:] == (True, Decimal("100.00"))
    assert stale_listings() == []


@pytest.mark.postgres
def test_the_list_count_comes_from_the_counters_without_counting_products(api_client, phone):
    product, _cheap, _dear = phone
    ProductFactory(name="Nobody sells me", category=product.category)
    OfferFactory(product=ProductFactory(name="Case", category=product.category), quantity=0)
    for params, expected in (({}, 2), ({"category_id": product.category_id, "in_stock": "true"}, 1)):
        with CaptureQueriesContext(connection) as captured:
            body = api_client.get("/api/v1/products/", params).json()
        assert body["count"] == len(body["results"]) == expected
        assert not [query for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")]
    searched = api_client.get("/api/v1/products/", {"search": "phone"}).json()  # counted: not a plain listing
    assert searched["count"] == 1
    assert stale_listings() == []
