import csv
import io

import pytest

from core.models import StoreSettings
from shop.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def exported_names(response) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [row["name"] if "name" in row else row["Name"] for row in rows]


def test_low_stock_report_uses_the_threshold_from_store_settings(admin_client):
    OfferFactory(name="Empty", quantity=0)
    OfferFactory(name="Few", quantity=4)
    OfferFactory(name="Plenty", quantity=40)
    OfferFactory(name="Withdrawn", quantity=0, is_active=False)
    settings = StoreSettings.load()
    settings.low_stock_threshold = 5
    settings.save()

    response = admin_client.get("/admin/shop-reports/low-stock/")
    assert response.status_code == 200
    assert [offer.name for offer in response.context["object_list"]] == ["Empty", "Few"]
    assert exported_names(admin_client.get("/admin/shop-reports/low-stock/", {"export": "csv"})) == ["Empty", "Few"]
    xlsx = admin_client.get("/admin/shop-reports/low-stock/", {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]

    settings.low_stock_threshold = 0
    settings.save()
    assert [o.name for o in admin_client.get("/admin/shop-reports/low-stock/").context["object_list"]] == ["Empty"]


def test_above_rrc_report_lists_offers_priced_over_their_rrc(admin_client):
    OfferFactory(name="Fair", price=90, price_rrc=100)
    OfferFactory(name="Greedy", price=150, price_rrc=100)
    OfferFactory(name="Greedier", price=400, price_rrc=100)
    response = admin_client.get("/admin/shop-reports/above-rrc/")
    assert [offer.name for offer in response.context["object_list"]] == ["Greedier", "Greedy"]
    assert "400.00\xa0₽" in response.content.decode()
    assert exported_names(admin_client.get("/admin/shop-reports/above-rrc/", {"export": "csv"})) == [
        "Greedier",
        "Greedy",
    ]


def test_reports_need_offer_permissions(staff_client):
    assert staff_client("Import managers").get("/admin/shop-reports/low-stock/").status_code in (302, 403)
    assert staff_client("Order managers").get("/admin/shop-reports/above-rrc/").status_code == 200
