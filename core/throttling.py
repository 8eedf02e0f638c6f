"""DRF's throttles on the `throttle` cache alias, which falls back to a per-process cache when Redis is down
(core.cache.FallbackCache): requests keep being limited instead of failing or going unlimited."""

from django.core.cache import BaseCache, caches
from rest_framework import throttling

THROTTLE_CACHE_ALIAS = "throttle"


class ThrottleCacheMixin:
    @property
    def cache(self) -> BaseCache:
        return caches[THROTTLE_CACHE_ALIAS]


class AnonRateThrottle(ThrottleCacheMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ThrottleCacheMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(ThrottleCacheMixin, throttling.ScopedRateThrottle):
    pass
