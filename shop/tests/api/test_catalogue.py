from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalogue_cache import bump_catalogue_generation
from shop.models import Offer
from shop.services.catalogue import set_product_image
from shop.tests.factories import (
    CategoryFactory,
    OfferFactory,
    OfferParameterFactory,
    ParameterFactory,
    ProductFactory,
    ShopFactory,
)

from ..conftest import png_upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/product-infos/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_shape_of_an_offer(api_client):
    offer = OfferFactory(price=Decimal("75000"), price_rrc=Decimal("80000"), quantity=5)
    OfferParameterFactory(offer=offer, parameter=ParameterFactory(name="Colour"), value="Black")
    body = api_client.get(URL).json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "id": offer.pk,
            "name": offer.name,
            "product_id": offer.product_id,
            "product_name": offer.product.name,
            "product_category_name": offer.product.category.name,
            "product_description": "",
            "shop_id": offer.shop_id,
            "shop_name": offer.shop.name,
            "product_parameters": [{"parameter_name": "Colour", "value": "Black"}],
            "price": "75000.00",
            "price_rrc": "80000.00",
            "quantity": 5,
            "image": None,
        }
    ]


def test_only_active_offers_of_open_shops_are_listed(api_client):
    visible = OfferFactory()
    OfferFactory(is_active=False)
    OfferFactory(shop=ShopFactory(accepts_orders=False))
    assert ids(api_client.get(URL)) == [visible.pk]


@pytest.fixture
def catalogue():
    phones, laptops = CategoryFactory(name="Smartphones"), CategoryFactory(name="Laptops")
    shop_a, shop_b = ShopFactory(name="Svyaznoy"), ShopFactory(name="Eldorado")
    iphone = OfferFactory(
        shop=shop_a, product=ProductFactory(name="iPhone 15", category=phones), price=Decimal("900"), quantity=3
    )
    galaxy = OfferFactory(
        shop=shop_b,
        product=ProductFactory(name="Galaxy S24", category=phones),
        name="Galaxy S24 Titan",
        price=Decimal("700"),
        quantity=30,
    )
    thinkpad = OfferFactory(
        shop=shop_b, product=ProductFactory(name="ThinkPad", category=laptops), price=Decimal("1500"), quantity=1
    )
    colour, memory = ParameterFactory(name="Colour"), ParameterFactory(name="Memory")
    OfferParameterFactory(offer=iphone, parameter=colour, value="Black")
    OfferParameterFactory(offer=iphone, parameter=memory, value="128")
    OfferParameterFactory(offer=galaxy, parameter=colour, value="Grey")
    OfferParameterFactory(offer=galaxy, parameter=memory, value="Black")  # a value matching another name's
    return {"iphone": iphone, "galaxy": galaxy, "thinkpad": thinkpad, "phones": phones, "shop_b": shop_b}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("product_name=iphone", ["iphone"]),
        ("category_name=smart", ["iphone", "galaxy"]),
        ("shop_name=eldo", ["galaxy", "thinkpad"]),
        ("price_min=800", ["iphone", "thinkpad"]),
        ("price_max=900", ["iphone", "galaxy"]),
        ("price_min=800&price_max=1000", ["iphone"]),
        ("quantity_min=3&quantity_max=30", ["iphone", "galaxy"]),
        ("quantity_max=2", ["thinkpad"]),
        ("parameter_name=memory", ["iphone", "galaxy"]),
        ("parameter_value=black", ["iphone", "galaxy"]),
        ("parameter_name=colour&parameter_value=black", ["iphone"]),
        ("search=titan", ["galaxy"]),
        ("search=laptop", ["thinkpad"]),
        ("search=galaxy", ["galaxy"]),
        ("ordering=price", ["galaxy", "iphone", "thinkpad"]),
        ("ordering=-price", ["thinkpad", "iphone", "galaxy"]),
        ("ordering=-quantity", ["galaxy", "iphone", "thinkpad"]),
        ("ordering=product_name", ["galaxy", "iphone", "thinkpad"]),
        ("ordering=-product_name", ["thinkpad", "iphone", "galaxy"]),
    ],
)
def test_filters_search_and_ordering(api_client, catalogue, query, expected):
    result = ids(api_client.get(f"{URL}?{query}"))
    wanted = [catalogue[name].pk for name in expected]
    assert result == wanted if "ordering" in query else sorted(result) == sorted(wanted)


def test_filters_by_ids(api_client, catalogue):
    assert sorted(ids(api_client.get(f"{URL}?category_id={catalogue['phones'].pk}"))) == sorted(
        [catalogue["iphone"].pk, catalogue["galaxy"].pk]
    )
    assert sorted(ids(api_client.get(f"{URL}?shop_id={catalogue['shop_b'].pk}"))) == sorted(
        [catalogue["galaxy"].pk, catalogue["thinkpad"].pk]
    )


@pytest.mark.parametrize(
    "query",
    [
        "price_min=cheap",
        "price_min=1e400",
        "price_max=NaN",
        "category_id=-2.5e%2B162",
        "shop_id=1.5",
        "quantity_min=1e30",
        "product_name=%00",
    ],
)
def test_a_malformed_filter_is_a_400(api_client, query):
    OfferFactory()
    response = api_client.get(f"{URL}?{query}")
    assert response.status_code == 400 and query.split("=")[0] in response.json()


def test_pagination_with_page_size_capped_at_100(api_client):
    OfferFactory.create_batch(105)
    first = api_client.get(f"{URL}?page_size=5").json()
    assert first["count"] == 105 and len(first["results"]) == 5 and "page=2" in first["next"]
    assert len(api_client.get(f"{URL}?page_size=500").json()["results"]) == 100
    assert len(api_client.get(URL).json()["results"]) == 20
    second = api_client.get(f"{URL}?page_size=5&page=2").json()
    assert {row["id"] for row in first["results"]}.isdisjoint(row["id"] for row in second["results"])
    assert api_client.get(f"{URL}?page=99").status_code == 404


def test_query_count_does_not_grow_with_the_page_size(
    api_client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for index in range(110):
        offer = OfferFactory()
        OfferParameterFactory(offer=offer, parameter=ParameterFactory(name=f"P{index % 3}"), value="v")
        if index % 4 == 0:
            with django_capture_on_commit_callbacks(execute=True):  # the renditions task runs
                set_product_image(product_id=offer.product_id, upload=png_upload(), uploaded_by=None)
    with CaptureQueriesContext(connection) as small:
        first = api_client.get(f"{URL}?page_size=5").json()["results"]
    assert first[0]["image"]["thumbnail"].endswith(".png")
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(api_client.get(f"{URL}?page_size=100").json()["results"]) == 100


def test_answers_are_cached_under_the_catalogue_generation(api_client, django_assert_num_queries):
    OfferFactory()
    api_client.get(URL)
    with django_assert_num_queries(0):
        assert api_client.get(URL).json()["count"] == 1
    bump_catalogue_generation()  # what every catalogue write does
    with CaptureQueriesContext(connection) as after_bump:
        assert api_client.get(URL).json()["count"] == 1
    assert len(after_bump.captured_queries) > 0


def test_a_change_is_visible_on_the_next_request(api_client, django_capture_on_commit_callbacks):
    offer = OfferFactory(price=Decimal("10"))
    assert api_client.get(URL).json()["results"][0]["price"] == "10.00"
    with django_capture_on_commit_callbacks(execute=True):
        offer.price = Decimal("12")
        offer.save()
    assert api_client.get(URL).json()["results"][0]["price"] == "12.00"
    with django_capture_on_commit_callbacks(execute=True):
        offer.shop.accepts_orders = False
        offer.shop.save()
    assert api_client.get(URL).json()["count"] == 0


@pytest.mark.parametrize("leaves", ["withdrawn", "shop_closed"])
def test_a_product_left_with_no_offer_on_sale_is_not_found(api_client, leaves, django_capture_on_commit_callbacks):
    """Issue 21: an import that withdraws a product's last offer leaves no empty product page behind."""
    offer = OfferFactory()
    url = f"/api/v1/products/{offer.product_id}/"
    assert api_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the catalogue cache is bumped after commit
        if leaves == "withdrawn":
            offer.is_active = False
            offer.save()
        else:
            offer.shop.accepts_orders = False
            offer.shop.save()
    assert api_client.get(url).status_code == 404


def test_product_detail(api_client):
    offer = OfferFactory(description="Fast delivery")
    OfferFactory(product=offer.product, is_active=False)
    OfferParameterFactory(offer=offer, parameter=ParameterFactory(name="Colour"), value="Red")
    body = api_client.get(f"/api/v1/products/{offer.product_id}/").json()
    assert body == {
        "id": offer.product_id,
        "name": offer.product.name,
        "category_name": offer.product.category.name,
        "image": None,
        "product_infos": [
            {
                "id": offer.pk,
                "name": offer.name,
                "shop_name": offer.shop.name,
                "price": "100.00",
                "price_rrc": "120.00",
                "quantity": 10,
                "description": "Fast delivery",
                "product_parameters": [{"parameter_name": "Colour", "value": "Red"}],
            }
        ],
    }
    assert api_client.get("/api/v1/products/999999/").status_code == 404


def test_categories_and_shops(api_client):
    category = CategoryFactory(name="Phones", description="Mobile")
    open_shop = ShopFactory(name="Open")
    ShopFactory(name="Closed", accepts_orders=False)
    assert api_client.get("/api/v1/categories/").json()["results"] == [
        {"id": category.pk, "name": "Phones", "description": "Mobile"}
    ]
    assert api_client.get("/api/v1/shops/").json()["results"] == [
        {"id": open_shop.pk, "name": "Open", "slug": open_shop.slug}
    ]


def test_visible_offers_queryset_is_what_the_catalogue_lists(api_client):
    OfferFactory.create_batch(3)
    OfferFactory(is_active=False)
    assert api_client.get(URL).json()["count"] == Offer.objects.visible().count()
