import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from core import postgres
from shop.models import Offer, Product, SearchWord
from shop.services.products import create_products, refresh_products
from shop.tests.factories import CategoryFactory, OfferFactory, ProductFactory, ShopFactory
from shop.tests.listing import stale_listings
from shop.tests.search_documents import stale_search_documents

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="products are written whole on PostgreSQL only"),
]


def test_products_are_created_with_the_summary_and_document_of_the_offers_pointing_at_them():
    category = CategoryFactory(name="Phones")
    phone_id, cable_id = postgres.reserve_ids(Product._meta.db_table, 2)
    placeholder = ProductFactory(category=category)
    offers = [
        OfferFactory(product=placeholder, shop=ShopFactory(name="North"), name="Phone Z Aquamarine", price=90),
        OfferFactory(product=placeholder, shop=ShopFactory(name="South"), name="Phone Z", price=80, quantity=0),
    ]
    Offer.objects.filter(pk__in=[offer.pk for offer in offers]).update(product_id=phone_id)

    created = create_products([(phone_id, category.pk, "Phone Z"), (cable_id, category.pk, "Cable")])

    assert created == {phone_id, cable_id}
    phone = Product.objects.get(pk=phone_id)
    assert (phone.listed, phone.lowest_price, phone.shops_offering, phone.available) == (True, 80, 2, True)
    assert phone.lowest_available_price == 90 and phone.lowest_price_shop_id == offers[1].shop_id
    assert "'aquamarin'" in str(phone.search_document) and "'south'" in str(phone.search_document)
    assert Product.objects.get(pk=cable_id).listed is False
    assert SearchWord.objects.filter(word="aquamarine").exists()
    placeholder.delete()
    assert stale_listings() == [] and stale_search_documents() == []


def test_a_product_that_exists_by_now_is_left_alone():
    existing = ProductFactory(name="Phone Z")
    (reserved,) = postgres.reserve_ids(Product._meta.db_table, 1)
    assert create_products([(reserved, existing.category_id, "Phone Z")]) == set()
    assert list(Product.objects.filter(name="Phone Z").values_list("pk", flat=True)) == [existing.pk]


def test_a_refresh_recomputes_the_documents_of_searched_and_the_summaries_of_listed_products():
    offer = OfferFactory(product=ProductFactory(name="Phone Z"), name="Phone Z Aquamarine", price=90)
    product = offer.product
    Product.objects.filter(pk=product.pk).update(
        search_document=SearchVector(Value("marker")), listed=False, lowest_price=None
    )
    refresh_products(listed=[product.pk])
    product.refresh_from_db()
    assert (product.listed, product.lowest_price, str(product.search_document)) == (True, 90, "'marker':1")
    refresh_products(searched=[product.pk])
    product.refresh_from_db()
    assert "'aquamarin'" in str(product.search_document)
    assert stale_listings() == [] and stale_search_documents() == []
