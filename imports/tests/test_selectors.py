from datetime import timedelta

import pytest
from django.utils import timezone

from imports.models import ImportStatus
from imports.selectors import latest_applied_run_id
from shop.tests.factories import ShopFactory

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
