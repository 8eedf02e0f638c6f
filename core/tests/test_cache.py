import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache

from core import cache as cache_module
from core.cache import FallbackCache, OutageReport

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
PRIMARY_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """A fresh outage report for the test, on a clock the test moves."""
    clock = Clock()
    monkeypatch.setattr(cache_module, "CACHE_OUTAGES", OutageReport(clock=clock))
    return clock


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


def test_an_unreachable_primary_falls_back_to_the_process_and_logs_once(caplog, clock):
    cache = fallback_cache(DEAD_REDIS_URL, "django_redis.cache.RedisCache")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("hits", [1, 2], 60)
        assert cache.get("hits") == [1, 2]
        assert cache.add("counter", 1) is True
        assert cache.incr("counter") == 2
        assert cache.delete("hits") is True
        assert cache.get("hits", "gone") == "gone"
    assert len(caplog.records) == 1 and caplog.records[0].exc_info is None
    assert caplog.records[0].getMessage().startswith("cache unavailable: ")


def test_it_returns_to_the_primary_when_it_answers_again(monkeypatch, caplog, clock):
    cache = fallback_cache(DEAD_REDIS_URL, "django_redis.cache.RedisCache")
    cache.set("hits", [1], 60)
    cache.get("hits")
    working = LocMemCache("primary-back", {})
    monkeypatch.setattr(cache, "primary", working)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("hits", [2], 60)
        cache.set("hits", [3], 60)
    assert working.get("hits") == [3]
    assert [record.getMessage() for record in caplog.records] == ["cache answers again (1 more operations had failed)"]


def test_an_outage_is_reported_once_per_interval_with_its_count(caplog, clock):
    report = cache_module.CACHE_OUTAGES
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        report.failed("Connection refused")
        for _ in range(1233):
            clock.now += 0.04
            report.failed("Connection refused")
        assert len(caplog.records) == 1
        clock.now = 1060.0
        report.failed("Timeout")
        report.failed("Timeout")
    assert [record.getMessage() for record in caplog.records] == [
        "cache unavailable: Connection refused",
        "cache unavailable: 1,234 operations failed in the last 60 s (last error: Timeout)",
    ]


@pytest.mark.parametrize("method", ["get", "set"])
def test_other_errors_are_not_hidden(monkeypatch, method):
    cache = fallback_cache("primary-broken", "django.core.cache.backends.locmem.LocMemCache")

    def broken(*args, **kwargs):
        raise TypeError("cannot pickle")

    monkeypatch.setattr(cache.primary, method, broken)
    with pytest.raises(TypeError):
        getattr(cache, method)("key", *(["value"] if method == "set" else []))
