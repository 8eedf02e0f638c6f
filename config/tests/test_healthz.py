import logging
import shutil
import signal

import pytest
from django.db import OperationalError

from config import health
from config.celery import app
from notifications.tests.servers import wait_until

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


ALL_QUEUES = {"default", "imports", "notifications", "images"}


def worker_states(client) -> tuple[int, dict[str, bool]]:
    response = client.get("/healthz/workers")
    return response.status_code, {kind: state["ok"] for kind, state in response.json()["queues"].items()}


def test_the_embedded_mode_serves_every_queue_in_process(client):
    assert worker_states(client) == (200, dict.fromkeys(ALL_QUEUES, True))


@pytest.mark.celery_worker
def test_a_running_worker_serves_every_queue(client, settings):
    """The worker `.ci/run` starts consumes every queue."""
    assert worker_states(client) == (200, dict.fromkeys(ALL_QUEUES, True))


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program")
@pytest.mark.django_db(transaction=True)
def test_a_queue_without_a_live_worker_is_reported_and_readiness_is_untouched(client, settings, start_celery_worker):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.WORKER_HEARTBEAT_SECONDS = 1
    assert worker_states(client) == (503, dict.fromkeys(ALL_QUEUES, False))
    assert client.get("/readyz").status_code == 200

    worker = start_celery_worker("heart", queues=("imports",), environment={"WORKER_HEARTBEAT_SECONDS": "1"})
    assert wait_until(lambda: worker_states(client)[1]["imports"], timeout=60, interval=0.5)
    assert worker_states(client) == (503, {**dict.fromkeys(ALL_QUEUES, False), "imports": True})

    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    assert wait_until(lambda: not worker_states(client)[1]["imports"], timeout=10, interval=0.5)
    assert client.get("/readyz").status_code == 200
