"""No statement of a web request runs past WEB_STATEMENT_TIMEOUT_SECONDS on PostgreSQL; the cancelled query is a
503 with Retry-After, not a 500; work outside requests (workers, imports, migrations) keeps no limit."""

import threading

import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.urls("config.tests.sql_sleep_urls")]


def test_a_request_is_held_to_the_default_timeout_and_work_outside_requests_is_not(client, db):
    assert client.get("/api/v1/statement-timeout/").json() == {"statement_timeout": "10s"}

    outside = {}

    def worker():  # a thread has its own connection, as a Celery worker or a management command does
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT current_setting('statement_timeout')")
                outside["setting"] = cursor.fetchone()[0]
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert outside["setting"] == "0"


@pytest.mark.parametrize("path", ["/api/v1/sql-sleep/3/", "/api/v1/drf-sql-sleep/3/", "/admin/sql-sleep/3/"])
def test_a_statement_running_past_the_timeout_is_cancelled_and_answers_503(client, transactional_db, settings, path):
    """Requests run in autocommit as in production (a test transaction would stay aborted after the cancel)."""
    settings.WEB_STATEMENT_TIMEOUT_SECONDS = 0.2
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 503 and response["Retry-After"]
    detail = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert "слишком долго" in detail
    # The connection is fine afterwards: the next request on it is answered.
    settings.WEB_STATEMENT_TIMEOUT_SECONDS = 5
    assert client.get("/api/v1/sql-sleep/0/").status_code == 200


def test_the_503_says_what_happened_in_english(client, db, settings):
    settings.WEB_STATEMENT_TIMEOUT_SECONDS = 0.2
    response = client.get("/api/v1/sql-sleep/3/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The request took too long and was stopped. Please narrow it down or try again later.",
        "code": "statement_timeout",
    }


def test_a_timeout_of_zero_sets_no_limit(client, db, settings):
    settings.WEB_STATEMENT_TIMEOUT_SECONDS = 0
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    assert client.get("/api/v1/statement-timeout/").json() == {"statement_timeout": "0"}
