"""Every CSV export of the admin and the price-list exporter write formula-looking text as text."""

import csv
import io

import pytest

from accounts.tests.factories import UserFactory
from imports.exporters import export_pricelist
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
