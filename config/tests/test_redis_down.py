"""Redis down, the shop keeps selling: every call answers from the database, log-ins stay limited, no 500."""

import logging

import pytest
from rest_framework.throttling import SimpleRateThrottle

from accounts.tests.factories import UserFactory
from core import cache as cache_module
from core.cache import OutageReport
from shop.models import Order
from shop.tests.factories import ContactFactory, OfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dead_redis_cache")]


@pytest.fixture
def offer():
    return OfferFactory(quantity=5)


def test_the_catalogue_is_read_from_the_database(api_client, offer):
    listing = api_client.get("/api/v1/product-infos/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [offer.pk]
    product = api_client.get(f"/api/v1/products/{offer.product_id}/")
    assert product.status_code == 200 and product.json()["name"] == offer.product.name
    # Nothing is cached: a change is visible at once, with no generation bump reaching the cache.
    offer.product.name = "Renamed while Redis is down"
    offer.product.save()
    assert api_client.get(f"/api/v1/products/{offer.product_id}/").json()["name"] == "Renamed while Redis is down"


def test_login_answers_and_stays_limited_per_process(api_client, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "3/min")
    UserFactory(email="olga@example.com")
    credentials = {"email": "olga@example.com", "password": "correct-horse-battery"}
    statuses = [api_client.post("/api/v1/login/", credentials).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_cart_and_checkout_work(api_client_for, offer):
    customer = UserFactory()
    api = api_client_for(customer)
    contact = ContactFactory(user=customer)
    added = api.post("/api/v1/cart/add/", {"product_info_id": offer.pk, "quantity": 2})
    assert added.status_code in (200, 201), added.content
    assert api.get("/api/v1/cart/").json()["items"][0]["quantity"] == 2
    placed = api.post(
        "/api/v1/confirm-order/",
        {"contact_id": contact.pk, "expected_total": offer.price * 2},
        HTTP_IDEMPOTENCY_KEY="redis-down-1",
    )
    assert placed.status_code == 201, placed.content
    repeated = api.post(
        "/api/v1/confirm-order/",
        {"contact_id": contact.pk, "expected_total": offer.price * 2},
        HTTP_IDEMPOTENCY_KEY="redis-down-1",
    )
    assert repeated.status_code == 200 and repeated.json()["id"] == placed.json()["id"]
    assert Order.objects.filter(user=customer).count() == 1
    offer.refresh_from_db()
    assert offer.quantity == 3


def test_a_cache_outage_is_logged_once_per_interval_not_once_per_request(api_client, offer, caplog, monkeypatch):
    monkeypatch.setattr(cache_module, "CACHE_OUTAGES", OutageReport())
    with caplog.at_level(logging.INFO):
        for _ in range(20):
            assert api_client.get(f"/api/v1/products/{offer.product_id}/").status_code == 200
    # 20 requests, each with several cache reads and writes that fail: one line, no traceback
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage().split(":")[0] for record in warnings] == ["cache unavailable"]
    assert warnings[0].exc_info is None
