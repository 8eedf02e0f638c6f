"""Store settings in the admin: edited by superusers only, bad addresses refused with a field message."""

import pytest

from core.models import StoreSettings

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/core/storesettings/"


def settings_form(**overrides) -> dict:
    return {
        "notification_recipients": "",
        "sender_address": "",
        "low_stock_threshold": "5",
        "imports_withdraw_missing": "on",
        "imports_max_withdrawn_percent": "30",
        **overrides,
    }


def test_store_settings_are_edited_in_the_admin(admin_client):
    response = admin_client.post(
        admin_client.get(SETTINGS_URL).url,
        settings_form(
            notification_recipients="boss@example.com\nsales@example.com",
            sender_address="Shop <shop@example.com>",
            low_stock_threshold="12",
            imports_withdraw_missing="",
        ),
    )
    assert response.status_code == 302
    settings = StoreSettings.load()
    assert settings.recipient_list() == ["boss@example.com", "sales@example.com"]
    assert settings.sender_address == "Shop <shop@example.com>"
    assert settings.low_stock_threshold == 12
    assert settings.imports_withdraw_missing is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("notification_recipients", "boss@example.com\nnot an address"), ("sender_address", "Shop <nowhere>")],
)
def test_bad_addresses_are_refused_with_a_field_message(admin_client, field, value):
    response = admin_client.post(admin_client.get(SETTINGS_URL).url, settings_form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert StoreSettings.load().low_stock_threshold == 5


def test_only_superusers_edit_store_settings(staff_client):
    assert staff_client("Merchandisers").get(SETTINGS_URL).status_code in (302, 403)


def test_the_settings_menu_lists_the_store_settings_and_the_e_mail_templates(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert SETTINGS_URL in page and "/admin/snippets/notifications/emailtemplate/" in page
