import pytest
from rest_framework.throttling import SimpleRateThrottle

from shop.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(monkeypatch):
    """Set throttle rates for one test (DRF reads them once, at import)."""

    def set_rates(**scopes):
        for scope, rate in scopes.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def test_the_catalogue_has_its_own_anonymous_scope(api_client, rates):
    rates(catalogue="3/min", anon="1/min")
    statuses = [api_client.get("/api/v1/categories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = api_client.get("/api/v1/shops/")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    # Other anonymous requests count against the stricter default scope.
    assert api_client.get("/api/v1/confirm-contact/8a4b1c52-8f3e-4e7e-9a0f-3c1d2b3a4f5e/").status_code == 404
    assert api_client.get("/api/v1/confirm-contact/8a4b1c52-8f3e-4e7e-9a0f-3c1d2b3a4f5e/").status_code == 429


def test_logged_in_users_have_the_user_scope(api, rates):
    rates(user="2/min")
    assert [api.get("/api/v1/cart/").status_code for _ in range(3)] == [200, 200, 429]


def test_confirmation_sends_use_the_strict_auth_scope(api, customer, rates):
    rates(auth="1/min", user="100/min")
    contact = ContactFactory(user=customer)
    assert api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk}).status_code == 202
    throttled = api.post("/api/v1/send-contact-confirmation/", {"contact_id": contact.pk})
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert api.get("/api/v1/cart/").status_code == 200


def test_the_default_rates_are_as_configured():
    scopes = ("anon", "user", "catalogue", "auth")
    assert {scope: SimpleRateThrottle.THROTTLE_RATES[scope] for scope in scopes} == {
        "anon": "10/min",
        "user": "100/min",
        "catalogue": "60/min",
        "auth": "5/min",
    }
