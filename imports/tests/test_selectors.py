from datetime import timedelta

import pytest
from django.utils import timezone

from imports.models import ImportStatus, ImportUpload
from imports.selectors import latest_applied_run_id, upload_content
from shop.tests.factories import ShopFactory

from .conftest import upload
from .factories import ImportRunFactory

pytestmark = pytest.mark.django_db


def test_the_latest_applied_run_is_the_last_applied_of_that_shop():
    shop, now = ShopFactory(), timezone.now()
    assert latest_applied_run_id(shop.pk) is None
    ImportRunFactory(shop=shop, applied_at=now - timedelta(days=2))
    latest = ImportRunFactory(shop=shop, applied_at=now - timedelta(days=1))
    ImportRunFactory(shop=shop, applied_at=now - timedelta(days=3))
    ImportRunFactory(shop=shop, status=ImportStatus.ROLLED_BACK, applied_at=now)
    ImportRunFactory(shop=shop, status=ImportStatus.PREVIEWED)
    ImportRunFactory(applied_at=now)

    assert latest_applied_run_id(shop.pk) == latest.pk


def test_an_uploaded_file_is_stored_and_read_back_byte_for_byte():
    # every byte value, a NUL, a broken UTF-8 sequence and a BOM: the upload is bytes, not text
    content = b"\xef\xbb\xbfname: x\n\x00\xff\xfe" + bytes(range(256)) * 4000
    run = upload(ShopFactory(), content)

    assert ImportUpload.objects.get(run=run).filename == "pricelist.yaml"
    assert upload_content(run.pk) == content
    assert upload_content(ImportRunFactory().pk) is None
