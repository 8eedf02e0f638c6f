"""The product catalogue (`products/`), its facets, suggestions, and the normalised catalogue cache key."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import Offer, Product, SearchSynonym
from shop.tests.factories import (
    CategoryFactory,
    OfferFactory,
    OfferParameterFactory,
    ParameterFactory,
    ProductFactory,
    ShopFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"
FACETS = "/api/v1/products/facets/"


@pytest.fixture
def phone():
    """One product offered by three shops (one closed), plus a hidden inactive offer."""
    product = ProductFactory(name="Apple iPhone 15", category=CategoryFactory(name="Phones"))
    cheap = OfferFactory(product=product, shop=ShopFactory(name="Cheap"), price=Decimal("900"), quantity=0)
    dear = OfferFactory(product=product, shop=ShopFactory(name="Dear"), price=Decimal("1000"), quantity=3)
    OfferFactory(product=product, shop=ShopFactory(name="Closed", accepts_orders=False), price=Decimal("1"))
    OfferFactory(product=product, shop=dear.shop, name="old", price=Decimal("2"), is_active=False)
    colour = ParameterFactory(name="Colour")
    OfferParameterFactory(offer=cheap, parameter=colour, value="Black")
    OfferParameterFactory(offer=dear, parameter=colour, value="White")
    return product, cheap, dear


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_one_card_per_product_with_its_lowest_visible_price(api_client, phone):
    product, cheap, _dear = phone
    assert results(api_client.get(URL)) == [
        {
            "id": product.pk,
            "name": "Apple iPhone 15",
            "image": None,
            "category": {"id": product.category_id, "name": "Phones"},
            "min_price": "900.00",
            "min_price_shop": {"id": cheap.shop_id, "name": "Cheap"},
            "shop_count": 2,
            "in_stock": True,
        }
    ]


def test_products_without_a_visible_offer_are_not_listed(api_client, phone):
    ProductFactory(name="Nobody sells me")
    OfferFactory(product=ProductFactory(name="Withdrawn"), is_active=False)
    assert [card["name"] for card in results(api_client.get(URL))] == ["Apple iPhone 15"]


def test_offer_filters_shape_the_card(api_client, phone):
    _product, _cheap, dear = phone
    [card] = results(api_client.get(URL, {"in_stock": "true"}))
    assert (card["min_price"], card["min_price_shop"]["name"], card["shop_count"]) == ("1000.00", "Dear", 1)
    [card] = results(api_client.get(URL, {"parameter_name": "colour", "parameter_value": "white"}))
    assert card["min_price_shop"]["id"] == dear.shop_id
    assert results(api_client.get(URL, {"price_min": "950", "price_max": "999"})) == []
    assert len(results(api_client.get(URL, {"shop_id": dear.shop_id}))) == 1


def test_sorts_by_price_and_name(api_client):
    for name, price in (("b", "30"), ("A", "20"), ("c", "10")):
        OfferFactory(product=ProductFactory(name=name), price=Decimal(price))
    assert [card["name"] for card in results(api_client.get(URL))] == ["A", "b", "c"]
    assert [card["name"] for card in results(api_client.get(URL, {"ordering": "price"}))] == ["c", "A", "b"]
    assert [card["name"] for card in results(api_client.get(URL, {"ordering": "-name"}))] == ["c", "b", "A"]


def test_bad_parameters_are_400_per_field(api_client):
    response = api_client.get(URL, {"ordering": "quantity", "price_min": "x", "category_id": "0"})
    assert response.status_code == 400
    assert set(response.json()) == {"ordering", "price_min", "category_id"}


def test_search_with_a_synonym(api_client, phone):
    OfferFactory(product=ProductFactory(name="Nokia"))
    SearchSynonym.objects.create(term="айфон", expansions="iphone")
    assert [card["name"] for card in results(api_client.get(URL, {"search": "айфон"}))] == ["Apple iPhone 15"]


@pytest.mark.parametrize(
    "params",
    [{"search": "product"}, {}, {"in_stock": "true", "ordering": "price"}, {"price_max": "500"}],
    ids=["search", "summary", "in-stock", "offer-filter"],
)
def test_a_page_costs_the_same_queries_whatever_its_size(api_client, params):
    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(results(api_client.get(URL, {"page_size": page_size, **params}))) == page_size
        return len(captured)

    for number in range(12):
        OfferFactory(product=ProductFactory(name=f"Product {number}"), shop=ShopFactory(), quantity=1)
    queries(1)  # reads the synonyms into the cache
    assert queries(2) == queries(10) <= 3  # (PostgreSQL, searching: the full-text probe), the count, the page


def test_cards_from_the_summary_match_cards_from_the_offers(api_client, phone):
    """The listing summary (no offer filter) and the offers read per card (a filter every offer meets) agree."""
    product, _cheap, _dear = phone
    OfferFactory(product=ProductFactory(name="Case", category=product.category), price=Decimal("5"), quantity=0)
    from_summary = results(api_client.get(URL, {"ordering": "-price"}))
    from_offers = results(api_client.get(URL, {"ordering": "-price", "price_min": "0"}))
    assert from_summary == from_offers and [card["name"] for card in from_summary] == ["Apple iPhone 15", "Case"]
    in_stock = results(api_client.get(URL, {"in_stock": "true"}))
    assert [(card["name"], card["min_price"], card["shop_count"]) for card in in_stock] == [
        ("Apple iPhone 15", "1000.00", 1)
    ]


def test_facets_count_products_of_the_current_query(api_client, phone):
    product, cheap, dear = phone
    other = OfferFactory(product=ProductFactory(name="Case", category=product.category), shop=cheap.shop)
    OfferParameterFactory(offer=other, parameter=ParameterFactory(name="Colour"), value="Black")
    response = api_client.get(FACETS)
    assert response.status_code == 200, response.content
    facets = response.json()
    assert facets["categories"] == [{"id": product.category_id, "name": "Phones", "count": 2}]
    assert facets["shops"] == [
        {"id": cheap.shop_id, "name": "Cheap", "count": 2},
        {"id": dear.shop_id, "name": "Dear", "count": 1},
    ]
    assert facets["parameters"] == [
        {
            "id": other.offer_parameters.get().parameter_id,
            "name": "Colour",
            "values": [{"value": "Black", "count": 2}, {"value": "White", "count": 1}],
        }
    ]
    assert facets["price"] == {"min": "100.00", "max": "1000.00"}
    narrowed = api_client.get(FACETS, {"shop_id": dear.shop_id}).json()
    assert narrowed["categories"][0]["count"] == 1 and narrowed["price"] == {"min": "1000.00", "max": "1000.00"}
    assert api_client.get(FACETS, {"price_min": "abc"}).status_code == 400


def test_suggestions(api_client, phone):
    response = api_client.get("/api/v1/suggestions/", {"q": "Phon"})
    assert response.status_code == 200, response.content
    assert response.json()["categories"] == [{"id": phone[0].category_id, "name": "Phones"}]
    assert api_client.get("/api/v1/suggestions/", {"q": "x", "limit": 50}).status_code == 400


def test_the_cache_key_ignores_unknown_and_default_parameters(api_client, phone):
    product = phone[0]
    first = results(api_client.get(URL, {"junk": "1"}))
    # A write that bumps nothing: only a cache hit can still show the old name.
    Product.objects.filter(pk=product.pk).update(name="Renamed")
    for params in ({"junk": "2"}, {"page": "1"}, {"page_size": "20", "other": "x"}, {"search": ""}):
        assert results(api_client.get(URL, params)) == first
    assert results(api_client.get(URL, {"page_size": "5"}))[0]["name"] == "Renamed"


def test_page_links_carry_only_the_documented_parameters(api_client):
    for number in range(3):
        OfferFactory(product=ProductFactory(name=f"P{number}"))
    body = api_client.get(URL, {"page_size": 1, "junk": "<script>", "category_name": ""}).json()
    assert body["next"] == "http://testserver/api/v1/products/?page=2&page_size=1"
    body = api_client.get(body["next"]).json()
    assert body["previous"] == "http://testserver/api/v1/products/?page_size=1"


def test_an_edit_shows_at_once_but_a_stock_move_waits_for_the_bound(
    api_client, phone, django_capture_on_commit_callbacks
):
    _product, cheap, _dear = phone
    assert results(api_client.get(URL))[0]["min_price"] == "900.00"
    Offer.objects.filter(pk=cheap.pk).update(quantity=5)  # a stock move, as checkout makes it: no bump
    assert results(api_client.get(URL))[0]["min_price"] == "900.00"
    with django_capture_on_commit_callbacks(execute=True):
        cheap.refresh_from_db()
        cheap.price = Decimal("800")
        cheap.save()  # a catalogue edit bumps the generation after commit
    assert results(api_client.get(URL))[0]["min_price"] == "800.00"
