"""Catalogue cache invalidation by generation number.

Every cached catalogue answer is stored under a key containing the current generation; a catalogue
edit or import bumps the generation, so stale entries are never read again and simply expire. No KEYS/SCAN.
Stock moves of checkout and cancel do not bump it (order traffic would flush the cache continuously);
answers showing stock expire within CATALOGUE_AVAILABILITY_MAX_AGE instead (a product's page overlays the
current stock on its cached answer), and checkout re-checks stock under row locks, so a stale "in stock"
never sells more than there is.

The cache ignores its errors (django-redis IGNORE_EXCEPTIONS): with Redis down a read is a miss and the
answer comes from the database; a bump lost then leaves answers cached before the outage readable for at
most CATALOGUE_CACHE_TIMEOUT.
"""

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "catalogue:generation"


def catalogue_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() is atomic: if two processes race here, both then read the same value.
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def bump_catalogue_generation() -> int | None:
    """Make every cached catalogue answer stale. Atomic on Redis (INCR); None when the cache is unreachable."""
    try:
        return cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 1, timeout=None)
        return cache.incr(GENERATION_KEY)


def catalogue_cache_key(name: str, *parts: object) -> str:
    return ":".join(["catalogue", f"g{catalogue_generation()}", name, *map(str, parts)])


def catalogue_cache_timeout(*, shows_stock: bool) -> int:
    """Answers showing stock or availability live at most CATALOGUE_AVAILABILITY_MAX_AGE seconds: stock
    moves (checkout, cancel) do not bump the generation, so this bounds how stale availability can be."""
    if shows_stock:
        return min(settings.CATALOGUE_CACHE_TIMEOUT, settings.CATALOGUE_AVAILABILITY_MAX_AGE)
    return settings.CATALOGUE_CACHE_TIMEOUT
