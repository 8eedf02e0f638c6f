"""Russian: the admin strings and the e-mails we own are translated; the language comes from settings or the user."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.users.models import UserProfile

from notifications.rendering import render_notification
from shop.tests.factories import OrderItemFactory

pytestmark = pytest.mark.django_db
LOCALE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


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


def po_entries() -> dict[str, str]:
    """msgid → first msgstr of locale/ru/LC_MESSAGES/django.po (continuation lines joined)."""
    entries, key, current = {}, None, {}
    for line in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if current.get("msgid"):
                entries[current["msgid"]] = current.get("msgstr", current.get("msgstr[0]", ""))
            current, key = {}, None
            continue
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    return entries


def test_every_string_is_translated_and_the_compiled_catalogue_is_current():
    entries = po_entries()
    assert len(entries) > 200
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    compiled_strings = catalogue._catalog
    stale = [
        msgid
        for msgid, msgstr in entries.items()
        if compiled_strings.get(msgid, compiled_strings.get((msgid, 0))) != msgstr
    ]
    assert stale == [], "run: manage.py compilemessages -l ru"
