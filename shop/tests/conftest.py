import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import SupplierFactory, UserFactory


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:
    """An API client sending a real access JWT of `user`, as the SPA does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def api(customer) -> APIClient:
    return client_for(customer)


@pytest.fixture
def stranger_api(db) -> APIClient:
    return client_for(UserFactory())


@pytest.fixture
def supplier(db):
    return SupplierFactory()


def png_upload(size=(40, 30), name="pic.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
