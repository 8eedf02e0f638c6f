"""A cache that stays up when Redis does not: the primary cache while it answers, a per-process one when it errors.

For state that must keep working through a Redis outage and may live in one process meanwhile: request
throttles (a login stays limited, per process, while Redis is down). The catalogue cache does not use it:
there a Redis error is a miss (django-redis IGNORE_EXCEPTIONS) and the answer comes from the database,
because per-process copies of catalogue answers could not be invalidated across processes.
"""

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache server that is down, restarting or unreachable raises.
CACHE_SERVER_ERRORS = (RedisError, OSError)


class FallbackCache(BaseCache):
    """OPTIONS: PRIMARY_BACKEND (a backend that raises on errors) and PRIMARY_OPTIONS; LOCATION is the primary's."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        primary_params = {**params, "OPTIONS": options.get("PRIMARY_OPTIONS", {})}
        self.primary: BaseCache = import_string(options["PRIMARY_BACKEND"])(location, primary_params)
        self.fallback = LocMemCache(f"fallback:{location}", {**params, "OPTIONS": {}})
        self.degraded = False

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            result = getattr(self.primary, method)(*args, **kwargs)
        except CACHE_SERVER_ERRORS as exc:
            if not self.degraded:
                logger.warning("cache %s is unreachable, using a per-process cache: %s", self.primary, exc)
                self.degraded = True
            return getattr(self.fallback, method)(*args, **kwargs)
        if self.degraded:
            logger.warning("cache %s answers again", self.primary)
            self.degraded = False
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
