import pytest
from rest_framework.throttling import ScopedRateThrottle


@pytest.fixture(autouse=True)
def _lenient_auth_throttle(monkeypatch):
    """Flows log in and out several times; the throttle tests set their own tight rate."""
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "1000/min")
