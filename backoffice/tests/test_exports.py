"""Every spreadsheet the admin exports — each list and report with an export, found in the URLconf, ours and
Wagtail's own — writes a hostile name as text, whatever object carries it (CSV injection)."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from accounts.tests.factories import SupplierFactory, UserFactory
from core.spreadsheets import FORMULA_TRIGGERS, is_phone_number
from shop.models import Shop, ShopMember
from shop.tests.factories import (
    CategoryFactory,
    ContactFactory,
    OfferFactory,
    OfferParameterFactory,
    OrderItemFactory,
    ProductFactory,
    ShopFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = [f"{trigger}cmd|' /C calc'!A0" for trigger in FORMULA_TRIGGERS]


def exporting_admin_paths(patterns=None, prefix="/") -> list[str]:
    """The paths of every list view that offers a spreadsheet export and needs no argument."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += exporting_admin_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and not route.endswith("results/"):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, SpreadsheetExportMixin):
                paths.append(route)
    return paths


def exported_cells(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(body), read_only=True).active.values)
    return [cell for row in rows[1:] for cell in row]


@pytest.fixture
def hostile_catalogue(admin_user):
    """Every object an export shows by name, each hostile way: shops, categories, products, offers, parameters,
    customers, their contacts and orders, the low-stock and above-RRC reports' offers, the site history."""
    for name in HOSTILE:
        customer = UserFactory(first_name=name, last_name=name)
        offer = OfferFactory(
            shop=ShopFactory(name=name),
            product=ProductFactory(name=name, category=CategoryFactory(name=name, description=name)),
            name=name,
            external_id=name,
            quantity=0,
            price=200,
            price_rrc=100,
        )
        OfferParameterFactory(offer=offer, parameter__name=name, value=name)
        OrderItemFactory(
            offer=offer, order__user=customer, order__contact=ContactFactory(user=customer, first_name=name, city=name)
        )
        log(instance=offer.product, action="wagtail.edit", user=admin_user)


OUR_EXPORTS = {
    "/admin/snippets/shop/shop/",
    "/admin/snippets/shop/category/",
    "/admin/snippets/shop/product/",
    "/admin/snippets/shop/offer/",
    "/admin/snippets/shop/parameter/",
    "/admin/snippets/shop/order/",
    "/admin/customers/",
    "/admin/snippets/shop/contact/",
    "/admin/shop-reports/low-stock/",
    "/admin/shop-reports/above-rrc/",
}


WORKSPACE = "/admin/my-shop/"
WORKSPACE_EXPORTS = {"/admin/my-shop/offers/", "/admin/my-shop/shipments/"}


@pytest.fixture
def supplier_client(hostile_catalogue):
    """A supplier of one hostile shop: the workspace's exports are the supplier's, not the staff's."""
    client = Client()
    user = SupplierFactory()
    ShopMember.objects.create(shop=Shop.objects.get(name=HOSTILE[0]), user=user)
    client.force_login(user)
    return client


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_no_exported_cell_starts_a_formula(admin_client, supplier_client, hostile_catalogue, export_format):
    neutralised = tuple("'" + name for name in HOSTILE)
    showing_the_names = set()
    for path in exporting_admin_paths():
        client = supplier_client if path.startswith(WORKSPACE) else admin_client
        response = client.get(path, {"export": export_format})
        assert response.status_code == 200, path
        texts = [cell for cell in exported_cells(response) if isinstance(cell, str)]
        # A phone number keeps its "+": it runs nothing (core.spreadsheets.is_phone_number).
        assert [cell for cell in texts if cell.startswith(FORMULA_TRIGGERS) and not is_phone_number(cell)] == [], path
        if any(cell.startswith(neutralised) for cell in texts):
            showing_the_names.add(path)
    assert showing_the_names >= {*OUR_EXPORTS, *WORKSPACE_EXPORTS, "/admin/reports/site-history/"}
