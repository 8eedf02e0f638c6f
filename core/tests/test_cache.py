import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache

from core.cache import FallbackCache

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
PRIMARY_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}


def fallback_cache(location: str, primary_backend: str) -> FallbackCache:
    return FallbackCache(
        location,
        {"OPTIONS": {"PRIMARY_BACKEND": primary_backend, "PRIMARY_OPTIONS": PRIMARY_OPTIONS}, "KEY_PREFIX": "t"},
    )


def test_a_reachable_primary_holds_the_values():
    cache = fallback_cache("primary-up", "django.core.cache.backends.locmem.LocMemCache")
    cache.set("hits", [1, 2], 60)
    assert isinstance(cache.primary, LocMemCache)
    assert cache.primary.get("hits") == [1, 2]
    assert cache.fallback.get("hits") is None


def test_an_unreachable_primary_falls_back_to_the_process_and_logs_once(caplog):
    cache = fallback_cache(DEAD_REDIS_URL, "django_redis.cache.RedisCache")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("hits", [1, 2], 60)
        assert cache.get("hits") == [1, 2]
        assert cache.add("counter", 1) is True
        assert cache.incr("counter") == 2
        assert cache.delete("hits") is True
        assert cache.get("hits", "gone") == "gone"
    assert cache.degraded is True
    assert caplog.text.count("unreachable") == 1


def test_it_returns_to_the_primary_when_it_answers_again(monkeypatch):
    cache = fallback_cache(DEAD_REDIS_URL, "django_redis.cache.RedisCache")
    cache.set("hits", [1], 60)
    working = LocMemCache("primary-back", {})
    monkeypatch.setattr(cache, "primary", working)
    cache.set("hits", [2], 60)
    assert (cache.degraded, working.get("hits")) == (False, [2])


@pytest.mark.parametrize("method", ["get", "set"])
def test_other_errors_are_not_hidden(monkeypatch, method):
    cache = fallback_cache("primary-broken", "django.core.cache.backends.locmem.LocMemCache")

    def broken(*args, **kwargs):
        raise TypeError("cannot pickle")

    monkeypatch.setattr(cache.primary, method, broken)
    with pytest.raises(TypeError):
        getattr(cache, method)("key", *(["value"] if method == "set" else []))
