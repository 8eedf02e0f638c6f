import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from accounts.tests.factories import SupplierFactory, UserFactory


@pytest.fixture
def customer(db):
    return UserFactory()


@pytest.fixture
def api(customer, api_client_for) -> APIClient:
    return api_client_for(customer)


@pytest.fixture
def stranger_api(db, api_client_for) -> APIClient:
    return api_client_for(UserFactory())


@pytest.fixture
def supplier(db):
    return SupplierFactory()


def png_upload(size=(40, 30), name="pic.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
