"""Media on S3-compatible storage: uploads land in the bucket, their URLs point there, renditions work.

Against moto's S3 server on a free port, with the settings the AWS_* variables produce.
"""

import io
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer
from PIL import Image

from accounts.tests.factories import UserFactory, image_upload
from shop.models import Product
from shop.tests.api.test_product_image import merchandiser
from shop.tests.factories import OfferFactory

from .conftest import BASE_DIR, free_port

pytestmark = pytest.mark.django_db

BUCKET = "order-service-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "file_overwrite": False,
            },
        },
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client) -> set[str]:
    return {stored["Key"] for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_the_environment_switches_media_to_s3(tmp_path):
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['default'], s.SERVE_MEDIA]))"
    )
    environment = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": "http://minio:9000",
        "AWS_S3_CUSTOM_DOMAIN": "media.example.com",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert '"storages.backends.s3.S3Storage"' in result.stdout
    assert (
        '"endpoint_url": "http://minio:9000"' in result.stdout
        and '"custom_domain": "media.example.com"' in result.stdout
    )
    assert result.stdout.strip().endswith("false]")  # Django no longer serves /media/


def test_an_avatar_lands_in_the_bucket_with_its_thumbnail(
    bucket, s3_endpoint, api_client_for, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client = api_client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch("/api/v1/profile/", {"avatar": image_upload(size=(400, 240))}, format="multipart")
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert {user.avatar.name, user.avatar_thumbnail.name} <= stored_keys(bucket)
    avatar = client.get("/api/v1/users/me/").json()["avatar"]
    assert avatar["original"].startswith(f"{s3_endpoint}/{BUCKET}/avatars/")
    assert avatar["thumbnail"].startswith(f"{s3_endpoint}/{BUCKET}/avatars/thumbnails/")
    thumbnail = bucket.get_object(Bucket=BUCKET, Key=user.avatar_thumbnail.name)["Body"].read()
    with Image.open(io.BytesIO(thumbnail)) as picture:
        assert picture.size == (150, 150)


def test_a_product_picture_and_its_renditions_land_in_the_bucket(
    bucket, s3_endpoint, api_client, api_client_for, django_capture_on_commit_callbacks
):
    product = OfferFactory().product  # on sale: a product without offers answers 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(merchandiser()).put(
            f"/api/v1/products/{product.pk}/image-upload/",
            {"original_image": image_upload(size=(1600, 900))},
            format="multipart",
        )
    assert response.status_code == 202, response.content
    image = Product.objects.select_related("image").get(pk=product.pk).image
    keys = stored_keys(bucket)
    assert image.file.name in keys
    assert {rendition.file.name for rendition in image.renditions.all()} <= keys
    urls = api_client.get(f"/api/v1/products/{product.pk}/").json()["image"]
    assert urls["thumbnail"].startswith(f"{s3_endpoint}/{BUCKET}/images/")
    assert default_storage.exists(image.renditions.get(filter_spec="fill-300x300").file.name)
