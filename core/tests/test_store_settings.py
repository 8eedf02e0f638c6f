"""What the rest of the service reads from the store settings, with the environment as the fallback."""

import pytest
from django.core.exceptions import ValidationError

from core import store_settings
from core.models import StoreSettings, validate_sender_address

pytestmark = pytest.mark.django_db


def test_the_readers_fall_back_on_the_environment_until_the_settings_are_edited(settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["env@example.com"]
    assert store_settings.staff_notification_recipients() == ["env@example.com"]
    assert store_settings.sender_address() == settings.DEFAULT_FROM_EMAIL
    assert store_settings.imports_withdraw_missing() is True
    assert store_settings.low_stock_threshold() == 5
    StoreSettings.objects.update_or_create(
        defaults={
            "notification_recipients": "a@example.com, b@example.com",
            "sender_address": "Shop <shop@example.com>",
            "imports_withdraw_missing": False,
            "low_stock_threshold": 9,
        }
    )
    assert store_settings.staff_notification_recipients() == ["a@example.com", "b@example.com"]
    assert store_settings.imports_withdraw_missing() is False
    assert store_settings.low_stock_threshold() == 9
    assert store_settings.sender_address() == "Shop <shop@example.com>"


@pytest.mark.parametrize("value", ["noreply@example.com", "Order Service <noreply@example.com>"])
def test_a_sender_address_may_carry_a_display_name(value):
    validate_sender_address(value)


@pytest.mark.parametrize("value", ["", "Shop <nowhere>", "not an address"])
def test_a_sender_address_without_an_e_mail_address_is_refused(value):
    with pytest.raises(ValidationError):
        validate_sender_address(value)


def test_the_settings_keep_their_table_from_before_the_move():
    assert StoreSettings._meta.db_table == "backoffice_storesettings"
