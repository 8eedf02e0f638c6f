"""A cache that stays up when Redis does not: the primary cache while it answers, a per-process one when it errors.

For state that must keep working through a Redis outage and may live in one process meanwhile: request
throttles (a login stays limited, per process, while Redis is down). The catalogue cache does not use it:
there a Redis error is a miss (django-redis IGNORE_EXCEPTIONS) and the answer comes from the database,
because per-process copies of catalogue answers could not be invalidated across processes.

Either way an outage is logged once per interval with a count (`CACHE_OUTAGES`), not once per failed
operation: under load a 30 s outage would otherwise write tens of thousands of tracebacks.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache server that is down, restarting or unreachable raises.
CACHE_SERVER_ERRORS = (RedisError, OSError)
OUTAGE_REPORT_SECONDS = 60


class OutageReport:
    """Failures of the cache server, counted and logged at most once per interval in each process.

    The first failure after a quiet period is logged at once; the ones that follow are counted and logged
    together when the interval has passed ("cache unavailable: 1,234 operations failed in the last 60 s");
    a success after failures logs how many were still uncounted.
    """

    def __init__(self, *, interval: float = OUTAGE_REPORT_SECONDS, clock=time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._failed = 0
        self._reported_at: float | None = None

    def failed(self, error: object) -> None:
        with self._lock:
            now = self.clock()
            if self._reported_at is None:
                self._reported_at = now
                logger.warning("cache unavailable: %s", error)
                return
            self._failed += 1
            elapsed = now - self._reported_at
            if elapsed < self.interval:
                return
            failed, self._failed, self._reported_at = self._failed, 0, now
        logger.warning(
            "cache unavailable: %s operations failed in the last %d s (last error: %s)", f"{failed:,}", elapsed, error
        )

    def answered(self) -> None:
        if self._reported_at is None:
            return
        with self._lock:
            failed, self._failed, self._reported_at = self._failed, 0, None
        logger.warning("cache answers again (%s more operations had failed)", f"{failed:,}")


CACHE_OUTAGES = OutageReport()


class CountCacheOutages(logging.Filter):
    """On django-redis's logger (`DJANGO_REDIS_LOGGER`): each error it ignores as a miss is counted in
    CACHE_OUTAGES instead of being logged with its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        CACHE_OUTAGES.failed(record.exc_info[1] if record.exc_info else record.getMessage())
        return False


class FallbackCache(BaseCache):
    """OPTIONS: PRIMARY_BACKEND (a backend that raises on errors) and PRIMARY_OPTIONS; LOCATION is the primary's."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        primary_params = {**params, "OPTIONS": options.get("PRIMARY_OPTIONS", {})}
        self.primary: BaseCache = import_string(options["PRIMARY_BACKEND"])(location, primary_params)
        self.fallback = LocMemCache(f"fallback:{location}", {**params, "OPTIONS": {}})

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            result = getattr(self.primary, method)(*args, **kwargs)
        except CACHE_SERVER_ERRORS as exc:
            CACHE_OUTAGES.failed(f"{exc} (a per-process store keeps the limits meanwhile)")
            return getattr(self.fallback, method)(*args, **kwargs)
        CACHE_OUTAGES.answered()
        return result

    def add(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default=default, version=version)

    def set(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key: str, version: int | None = None) -> bool:
        return self._call("delete", key, version=version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return self._call("incr", key, delta=delta, version=version)

    def clear(self) -> None:
        self.fallback.clear()
        self._call("clear")
