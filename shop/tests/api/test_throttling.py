import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from core.tests.processes import subprocess_database_environment
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


COUNT_REQUESTS = """
import sys

import django

django.setup()
from django.test import Client

client = Client()
print(" ".join(str(client.get("/api/v1/categories/").status_code) for _ in range(int(sys.argv[1]))))
"""


def requests_from_another_process(var_dir: Path, count: int) -> list[int]:
    """`count` catalogue requests from a fresh process of the embedded mode (as each gunicorn worker of
    `make run` is) over this test's database, with a 3/min catalogue limit."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(subprocess_database_environment(var_dir))
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", "THROTTLE_CATALOGUE": "3/min"})
    answer = subprocess.run(
        [sys.executable, "-c", COUNT_REQUESTS, str(count)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [int(status) for status in answer.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_the_embedded_modes_processes_share_their_limits(tmp_path):
    var_dir = tmp_path / "var"
    assert requests_from_another_process(var_dir, 2) == [200, 200]
    assert requests_from_another_process(var_dir, 2) == [200, 429]
