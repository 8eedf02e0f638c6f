import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from accounts.services.tokens import issue_token_pair


@pytest.fixture(autouse=True)
def _lenient_auth_throttle(monkeypatch):
    """Flows log in and out several times; the throttle tests set their own tight rate."""
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "1000/min")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def login_client():
    """Builds an APIClient carrying a fresh access token of the given user."""

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user=user).access}")
        return client

    return make
