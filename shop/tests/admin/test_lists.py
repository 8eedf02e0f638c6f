"""The Catalogue and Sales lists: search, filters, sorting, exports, and a page size that costs no extra queries."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from core.search_limits import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from shop.models import Offer, OfferParameter, Product, SearchSynonym
from shop.tests.factories import (
    CategoryFactory,
    ContactFactory,
    OfferFactory,
    OfferParameterFactory,
    OrderItemFactory,
    ParameterFactory,
    ProductFactory,
    ShopFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/snippets/shop/shop/",
    "/admin/snippets/shop/category/",
    "/admin/snippets/shop/product/",
    "/admin/snippets/shop/offer/",
    "/admin/snippets/shop/parameter/",
    "/admin/snippets/shop/searchsynonym/",
    "/admin/snippets/shop/order/",
    "/admin/snippets/shop/contact/",
]


@pytest.fixture
def catalogue():
    OrderItemFactory(offer=OfferFactory(name="Red phone", quantity=0))
    OfferParameterFactory(offer=OfferFactory(name="Blue phone"), value="Blue")
    ContactFactory()
    SearchSynonym.objects.create(term="мобильник", expansions="phone")


@pytest.mark.parametrize("url", LISTS)
def test_every_list_renders_and_exports(admin_client, catalogue, url):
    assert admin_client.get(url).status_code == 200
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) >= 2  # headings and at least one row
    response = admin_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert workbook.active.max_row >= 2


def test_offer_list_searches_filters_and_sorts(admin_client):
    shop = ShopFactory(name="North")
    OfferFactory(name="Red phone", shop=shop, quantity=0, price=50)
    OfferFactory(name="Blue phone", shop=shop, quantity=5, price=10)
    OfferFactory(name="Green kettle", quantity=5, price=200, price_rrc=100)
    url = "/admin/snippets/shop/offer/"

    def names(params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return [offer.name for offer in response.context["object_list"]]

    assert names({"q": "phone"}) == ["Red phone", "Blue phone"]
    assert names({"in_stock": "true", "shop": shop.pk}) == ["Blue phone"]
    assert names({"above_rrc": "true"}) == ["Green kettle"]
    assert names({"ordering": "price"}) == ["Blue phone", "Red phone", "Green kettle"]
    assert names({"ordering": "-quantity", "shop": shop.pk})[0] == "Blue phone"


def test_offer_list_sorts_by_category(admin_client):
    OfferFactory(name="In B", product=ProductFactory(category=CategoryFactory(name="B")))
    OfferFactory(name="In A", product=ProductFactory(category=CategoryFactory(name="A")))
    response = admin_client.get("/admin/snippets/shop/offer/", {"ordering": "product__category__name"})
    assert [offer.name for offer in response.context["object_list"]] == ["In A", "In B"]


def test_offer_list_costs_the_same_queries_for_5_and_50_offers(admin_client):
    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get("/admin/snippets/shop/offer/", {"ordering": "-price"})
        assert response.status_code == 200
        return len(captured)

    OfferFactory.create_batch(5)
    admin_client.get("/admin/snippets/shop/offer/")  # warm per-process caches (content types, settings)
    with_5 = queries_for_a_page()
    OfferFactory.create_batch(45)
    with_50 = queries_for_a_page()
    assert Offer.objects.count() == 50
    assert with_5 == with_50


def test_order_list_costs_the_same_queries_for_few_and_many_orders(admin_client):
    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/snippets/shop/order/").status_code == 200
        return len(captured)

    OrderItemFactory.create_batch(2)
    admin_client.get("/admin/snippets/shop/order/")
    few = queries_for_a_page()
    OrderItemFactory.create_batch(30)
    assert queries_for_a_page() == few


def test_order_list_filters_by_status_shop_and_date(admin_client):
    first = OrderItemFactory().order
    second = OrderItemFactory().order
    second.status = "confirmed"
    second.save()
    url = "/admin/snippets/shop/order/"
    assert list(admin_client.get(url, {"status": "confirmed"}).context["object_list"]) == [second]
    assert list(admin_client.get(url, {"shop": first.items.get().shop_id}).context["object_list"]) == [first]
    assert admin_client.get(url, {"created_at_after": "2000-01-01"}).context["object_list"].count() == 2
    assert admin_client.get(url, {"created_at_before": "2000-01-01"}).context["object_list"].count() == 0


def test_offer_is_edited_with_its_parameters_inline(admin_client):
    offer = OfferFactory()
    colour = ParameterFactory(name="Colour")
    response = admin_client.get(f"/admin/snippets/shop/offer/edit/{offer.pk}/")
    assert response.status_code == 200
    assert b"offer_parameters-TOTAL_FORMS" in response.content
    data = {
        "shop": offer.shop_id,
        "product": offer.product_id,
        "name": "Renamed",
        "external_id": offer.external_id,
        "description": "",
        "price": "99.00",
        "price_rrc": "120.00",
        "quantity": "3",
        "is_active": "on",
        "offer_parameters-TOTAL_FORMS": "1",
        "offer_parameters-INITIAL_FORMS": "0",
        "offer_parameters-MIN_NUM_FORMS": "0",
        "offer_parameters-MAX_NUM_FORMS": "1000",
        "offer_parameters-0-parameter": colour.pk,
        "offer_parameters-0-value": "Black",
        "offer_parameters-0-id": "",
        "offer_parameters-0-ORDER": "1",
        "offer_parameters-0-DELETE": "",
    }
    response = admin_client.post(f"/admin/snippets/shop/offer/edit/{offer.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    offer.refresh_from_db()
    assert offer.name == "Renamed"
    assert OfferParameter.objects.get(offer=offer).value == "Black"


def test_forms_use_choosers_not_selects_of_every_row(admin_client):
    """With 100,000 offers and 20,000 products a <select> of every row would not load; choosers do."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.images.widgets import AdminImageChooser

    product_form = Product.snippet_viewset.get_form_class()
    offer_form = Offer.snippet_viewset.get_form_class()
    assert isinstance(product_form.base_fields["image"].widget, AdminImageChooser)
    assert isinstance(offer_form.base_fields["product"].widget, BaseChooser)
    assert isinstance(offer_form.base_fields["shop"].widget, BaseChooser)
    assert isinstance(offer_form.formsets["offer_parameters"].form.base_fields["parameter"].widget, BaseChooser)
    product = ProductFactory(category=CategoryFactory())
    assert admin_client.get(f"/admin/snippets/shop/product/edit/{product.pk}/").status_code == 200


ROW_FACTORIES = {
    "/admin/snippets/shop/shop/": lambda: ShopFactory(owner=UserFactory()),
    "/admin/snippets/shop/category/": lambda: ProductFactory().category,
    "/admin/snippets/shop/product/": lambda: OfferFactory().product,
    "/admin/snippets/shop/parameter/": lambda: OfferParameterFactory().parameter,
    "/admin/snippets/shop/contact/": ContactFactory,
}


@pytest.mark.parametrize("url", ROW_FACTORIES)
def test_list_queries_do_not_grow_with_rows(admin_client, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    make_row = ROW_FACTORIES[url]
    make_row()
    admin_client.get(url)
    one = queries()
    for _ in range(12):
        make_row()
    assert queries() == one


def test_the_sales_menu_groups_orders_customers_and_contacts(admin_client):
    html = admin_client.get("/admin/").content.decode()
    sales_menu = html[html.index('"name": "sales"') :]
    assert re.findall(r'"url": "(/admin/[^"]+)"', sales_menu)[:3] == [
        "/admin/snippets/shop/order/",
        "/admin/customers/",
        "/admin/snippets/shop/contact/",
    ]


def test_product_and_offer_search_use_the_storefront_search(admin_client):
    SearchSynonym.objects.create(term="айфон", expansions="iphone")
    iphone = OfferFactory(name="128 GB", product=ProductFactory(name="Apple iPhone 15"), external_id="SKU9Q")
    OfferFactory(name="Kettle", product=ProductFactory(name="Kettle"))

    def names(url, query):
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200
        return [str(row) for row in response.context["object_list"]]

    assert names("/admin/snippets/shop/product/", "айфон") == ["Apple iPhone 15"]
    assert names("/admin/snippets/shop/offer/", "айфон") == [str(iphone)]
    assert names("/admin/snippets/shop/offer/", "sku9q") == [str(iphone)]


def test_merchandisers_edit_search_synonyms(staff_client):
    client = staff_client("Merchandisers")
    response = client.post("/admin/snippets/shop/searchsynonym/add/", {"term": "Ноут", "expansions": "Ноутбук, laptop"})
    assert response.status_code == 302, response.content
    assert SearchSynonym.objects.get().expansion_list == ["ноутбук", "laptop"]


@pytest.mark.parametrize("url", [*LISTS, "/admin/customers/", "/admin/images/", "/admin/documents/", "/admin/users/"])
@pytest.mark.parametrize(
    "query, kept",
    [
        (" ".join(["a"] * 1300), " ".join(["a"] * SEARCH_MAX_WORDS)),  # 1.4 KB that kept PostgreSQL busy for 69 s
        ("phone " + "x" * 1000, ("phone " + "x" * 1000)[:SEARCH_MAX_LENGTH]),
    ],
    ids=["1300-words", "one-long-word"],
)
def test_an_admin_search_over_the_limits_is_shortened_and_the_page_says_so(admin_client, catalogue, url, query, kept):
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    assert response.context["search_form"]["q"].value() == kept
    assert "The search was too long and has been shortened." in response.content.decode()


def test_an_admin_search_within_the_limits_is_left_alone(admin_client, catalogue):
    query = " ".join(["phone"] * SEARCH_MAX_WORDS)
    response = admin_client.get("/admin/snippets/shop/offer/", {"q": query})
    assert response.context["search_form"]["q"].value() == query
    assert "has been shortened" not in response.content.decode()
