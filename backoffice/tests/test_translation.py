"""Russian: the admin strings and the e-mails we own are translated; the language comes from settings or the user."""

import pytest
from django.utils import translation
from wagtail.users.models import UserProfile

from notifications.rendering import render_notification
from shop.tests.factories import OrderItemFactory

pytestmark = pytest.mark.django_db


def test_admin_speaks_russian_when_settings_say_so(admin_client, settings):
    settings.LANGUAGE_CODE = "ru"
    order = OrderItemFactory().order
    html = admin_client.get(f"/admin/snippets/shop/order/inspect/{order.pk}/").content.decode()
    assert "История статусов" in html and "Контакт для доставки" in html and "Новый" in html
    assert "Status history" not in html
    dashboard = admin_client.get("/admin/").content.decode()
    assert "Продажи" in dashboard and "Заказы и выручка по дням за последние 30 дней" in dashboard


def test_a_users_wagtail_language_preference_wins(admin_client, admin_user, settings):
    settings.LANGUAGE_CODE = "en"
    UserProfile.get_for_user(admin_user).__class__.objects.filter(user=admin_user).update(preferred_language="ru")
    html = admin_client.get("/admin/shop-reports/low-stock/").content.decode()
    assert "Заканчивающиеся товары" in html


def test_emails_are_translated():
    context = {"order_id": 5, "customer_name": "Анна", "from_status": "Новый", "to_status": "Подтверждён"}
    with translation.override("ru"):
        email = render_notification("order_status_changed", context)
    assert email.subject == "Заказ №5: статус «Подтверждён»"
    assert email.text.startswith("Здравствуйте, Анна!")
    assert "Спасибо за покупку!" in email.html
