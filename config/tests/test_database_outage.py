"""PostgreSQL going away under a running gunicorn: requests meanwhile answer 503, and it recovers by itself.

The outage is made on the shared server without stopping it: the test database stops accepting
connections (ALLOW_CONNECTIONS false) and every backend serving it is terminated, as a restart would
drop them; then connections are allowed again. The gunicorn workers are never restarted.
"""

import psycopg
import pytest
import requests
from django.db import connection

from shop.tests.factories import OfferFactory

pytestmark = [pytest.mark.postgres, pytest.mark.server]


def set_outage(down: bool) -> None:
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own_pid,) = cursor.fetchone()
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres", autocommit=True
    ) as admin:
        name = psycopg.sql.Identifier(db["NAME"])
        admin.execute(psycopg.sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(name, not down))
        if down:
            # The test's own connection stays: it is not the service's, and pytest needs it to clean up.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [db["NAME"], own_pid],
            )


@pytest.fixture
def outage():
    yield set_outage
    set_outage(False)


def test_requests_during_the_outage_get_503_and_the_service_recovers(gunicorn_server, outage):
    offer = OfferFactory()
    # One thread: every request reuses the one persistent connection, the one the restart breaks.
    base_url = gunicorn_server(WEB_CONCURRENCY="1", GUNICORN_THREADS="1", DB_CONN_MAX_AGE="600")
    product_url = f"{base_url}/api/v1/products/{offer.product_id}/"
    assert requests.get(product_url, timeout=10).status_code == 200

    # A restart between two requests is not seen: the health check replaces the dropped connection.
    outage(True)
    outage(False)
    assert requests.get(f"{base_url}/api/v1/product-infos/?search=restart", timeout=10).status_code == 200

    outage(True)
    # A different query each time: a cached answer would not need the database.
    during = requests.get(f"{base_url}/api/v1/product-infos/?search=during", timeout=10)
    assert during.status_code == 503
    assert during.json() == {
        "detail": "The service is briefly unavailable. Please try again in a few seconds.",
        "code": "service_unavailable",
    }
    assert int(during.headers["Retry-After"]) > 0
    assert requests.get(f"{base_url}/admin/login/", timeout=10).status_code == 503
    assert requests.get(f"{base_url}/healthz", timeout=10).status_code == 503

    outage(False)
    after = requests.get(f"{base_url}/api/v1/product-infos/?search=after", timeout=10)
    assert after.status_code == 200, after.text
    assert requests.get(f"{base_url}/healthz", timeout=10).status_code == 200
