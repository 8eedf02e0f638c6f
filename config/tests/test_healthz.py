import logging

import pytest
from django.db import OperationalError

from config import health
from config.celery import app

from .conftest import DEAD_REDIS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    previous = app.conf.broker_url
    app.conf.broker_url = DEAD_REDIS_URL
    yield
    app.conf.broker_url = previous


@pytest.fixture
def dead_database(monkeypatch):
    def unreachable():
        raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed: refused')

    monkeypatch.setitem(health.LIVENESS_CHECKS, "database", unreachable)
    monkeypatch.setitem(health.READINESS_CHECKS, "database", unreachable)


def test_liveness_is_the_process_and_its_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": {"ok": True}}}


def test_liveness_ignores_the_cache_and_the_broker(client, dead_redis_cache, dead_broker):
    assert client.get("/healthz").status_code == 200


def test_liveness_fails_without_the_database_and_keeps_the_reason_in_the_log(client, dead_database, caplog):
    with caplog.at_level(logging.WARNING, logger="config.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": {"ok": False}}}
    assert "db.internal" not in response.content.decode()
    assert "db.internal" in caplog.text


def test_ready_service_reports_every_part(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": {"ok": True}, "cache": {"ok": True}, "broker": {"ok": True}}


def test_readiness_fails_when_the_cache_is_down(client, dead_redis_cache):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": True}, "cache": {"ok": False}, "broker": {"ok": True}}


def test_readiness_fails_when_the_broker_is_down(client, dead_broker):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False}
    assert "127.0.0.1:1" not in response.content.decode()


def test_readiness_fails_when_the_database_is_down(client, dead_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False}
    assert "db.internal" not in response.content.decode()
