"""The orders list's CSV and XLSX as an order manager opens them in Excel: headings and statuses in the manager's
language, dates on the manager's clock as dates, phones as they were typed, Cyrillic readable (a UTF-8 BOM)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from shop.models import Order
from shop.tests.factories import OrderFactory, OrderItemFactory

pytestmark = pytest.mark.django_db
ORDERS = "/admin/snippets/shop/order/"
PHONE = "+7 999 123-45-67"
CREATED = datetime.datetime(2026, 3, 1, 21, 30, 15, 123456, tzinfo=datetime.UTC)
# 21:30:15 UTC on Vladivostok's clock (UTC+10): the next morning.
CREATED_IN_VLADIVOSTOK = datetime.datetime(2026, 3, 2, 7, 30, 15)


@pytest.fixture
def order():
    order = OrderFactory(contact__phone=PHONE, contact__first_name="Анна")
    OrderItemFactory(order=order)
    Order.objects.filter(pk=order.pk).update(created_at=CREATED)
    return order


def set_profile(user, **preferences) -> None:
    profile = UserProfile.get_for_user(user)
    for name, value in preferences.items():
        setattr(profile, name, value)
    profile.save()


def csv_export(client, **headers) -> tuple[bytes, list[dict[str, str]]]:
    response = client.get(ORDERS, {"export": "csv"}, **headers)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    return body, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_export(client) -> list[dict]:
    response = client.get(ORDERS, {"export": "xlsx"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headings, *rows = load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


def test_csv_speaks_the_managers_wagtail_language_on_their_clock(admin_client, admin_user, order, settings):
    settings.LANGUAGE_CODE = "en"
    set_profile(admin_user, preferred_language="ru", current_time_zone="Asia/Vladivostok")
    body, [row] = csv_export(admin_client)
    assert body.startswith(b"\xef\xbb\xbf") and "Анна".encode() in body
    assert row["Номер заказа"] == str(order.pk)
    assert row["Статус"] == "Новый"
    assert row["Телефон"] == PHONE
    assert row["Создано"] == "2026-03-02 07:30:15"


def test_csv_follows_the_browsers_language_without_a_preference(admin_client, order, settings):
    settings.LANGUAGE_CODE = "en"
    _body, [row] = csv_export(admin_client, HTTP_ACCEPT_LANGUAGE="ru")
    assert row["Статус"] == "Новый" and row["Телефон"] == PHONE
    _body, [row] = csv_export(admin_client, HTTP_ACCEPT_LANGUAGE="en")
    assert row["Order number"] == str(order.pk) and row["Status"] == "New" and row["Phone"] == PHONE
    assert row["Created"] == "2026-03-01 21:30:15"


def test_xlsx_has_translated_headings_real_dates_and_phones_as_text(admin_client, admin_user, order):
    set_profile(admin_user, preferred_language="ru", current_time_zone="Asia/Vladivostok")
    [row] = xlsx_export(admin_client)
    assert row["Номер заказа"] == order.pk
    assert row["Статус"] == "Новый"
    assert row["Телефон"] == PHONE
    assert row["Создано"] == CREATED_IN_VLADIVOSTOK
    set_profile(admin_user, preferred_language="en")
    [row] = xlsx_export(admin_client)
    assert row["Status"] == "New" and row["Phone"] == PHONE


def test_a_formula_in_a_phone_field_is_still_written_as_text(admin_client, order):
    Order.objects.filter(pk=order.pk).update(delivery_phone="+7 999+SUM(A1)")
    _body, [row] = csv_export(admin_client, HTTP_ACCEPT_LANGUAGE="en")
    assert row["Phone"] == "'+7 999+SUM(A1)"
