"""Probes. `GET /healthz` (liveness): the process answers and reaches its database. `GET /readyz` (readiness):
the database, the cache and the Celery broker. `GET /healthz/workers`: whether each Celery queue has a live
worker. Each answers 503 when a check fails; the body states only which part is down, the reason goes to the
log (it may name hosts, users or paths).

Dead workers do not make `/readyz` fail: a web process without workers still takes orders (their e-mails wait
in the outbox, imports wait as runs), and an orchestrator that restarted or unrouted web processes for it would
turn a back-office delay into an outage. `/healthz/workers` is for the alert, and for restarting workers."""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app
from .worker_heartbeat import served_queues

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    # The cache ignores its own errors (a miss), so a value that does not come back is how a dead one shows.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


LIVENESS_CHECKS: dict[str, Callable[[], None]] = {"database": check_database}
READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def _report(probe: str, checks: dict[str, Callable[[], None]]) -> JsonResponse:
    states = {}
    for name, check in checks.items():
        try:
            check()
        except Exception:  # a probe reports every failure instead of raising
            logger.warning("%s: %s is down", probe, name, exc_info=True)
            states[name] = {"ok": False}
        else:
            states[name] = {"ok": True}
    healthy = all(state["ok"] for state in states.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": states}, status=200 if healthy else 503
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return _report("healthz", LIVENESS_CHECKS)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    return _report("readyz", READINESS_CHECKS)


@never_cache
@require_GET
def workers(request: HttpRequest) -> JsonResponse:
    queues = served_queues(celery_app.conf.broker_url)
    healthy = all(queues.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "queues": {kind: {"ok": ok} for kind, ok in queues.items()}},
        status=200 if healthy else 503,
    )
