"""The price-list exporter writes formula-looking text as text, and the parser reads it back exactly (the
admin's exports: backoffice/tests/test_exports.py)."""

import csv
import io

import pytest

from accounts.tests.factories import UserFactory
from imports.exporters import export_pricelist
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist
from shop.tests.factories import OfferFactory, ShopFactory

pytestmark = pytest.mark.django_db


def test_the_customers_export_neutralises_names(admin_client):
    UserFactory(email="evil@example.com", first_name="=cmd|' /C calc'!A0", last_name="@SUM(1+1)")

    response = admin_client.get("/admin/customers/", {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    evil = next(row for row in rows if row[0] == "evil@example.com")
    assert evil[1] == "'=cmd|' /C calc'!A0" and evil[2] == "'@SUM(1+1)"


def test_the_offers_export_neutralises_names(admin_client):
    OfferFactory(name="=1+1")
    response = admin_client.get("/admin/snippets/shop/offer/", {"export": "csv"})
    assert "'=1+1" in b"".join(response.streaming_content).decode()


def test_the_price_list_export_neutralises_text_cells():
    offer = OfferFactory(shop=ShopFactory(), name="-2+3", description="@evil")

    exported = export_pricelist(shop_id=offer.shop_id).decode()

    assert "'-2+3" in exported and "'@evil" in exported


@pytest.mark.parametrize("export_format", [ImportFormat.CSV, ImportFormat.XLSX])
def test_formula_looking_and_quoted_text_round_trips_through_the_price_list(export_format):
    # Leading whitespace (a tab, a line break) is trimmed by the import itself: core/tests/test_spreadsheets.py.
    texts = [*(trigger + "1+1" for trigger in "=+-@"), "'=quoted", "''@twice", "'plain", "it's"]
    shop = ShopFactory()
    for number, text in enumerate(texts):
        OfferFactory(shop=shop, product__name=f"Product {number}", name=f"Offer {number}", description=text)

    content = export_pricelist(shop_id=shop.pk, export_format=export_format)

    parsed = parse_pricelist(content, import_format=export_format)
    assert [offer.description for offer in sorted(parsed.offers, key=lambda offer: offer.name)] == texts
