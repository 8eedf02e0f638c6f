"""`GET /healthz`: the state of the database, the cache and the Celery broker."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # a health probe reports every failure instead of raising
            logger.warning("healthz: %s is down: %s", name, exc)
            states[name] = {"ok": False, "error": str(exc)[:200]}
        else:
            states[name] = {"ok": True}
    healthy = all(state["ok"] for state in states.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": states}, status=200 if healthy else 503
    )
