import pytest
from rest_framework.test import APIClient

from accounts.services import issue_token_pair


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
