import pytest

from config.settings import redis_caches

# Nothing listens on port 1: a connection there is refused at once, as with a Redis that is stopped.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_redis_cache(settings):
    """Both cache aliases pointed at a Redis that is down."""
    settings.CACHES = redis_caches(DEAD_REDIS_URL)
