"""A notification is rendered in the language it is queued with, whatever the request's language was."""

import pytest
from django.core import mail
from django.utils import translation

from notifications.services import queue_notification

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Olga", "reset_url": "https://shop.example.com/reset-password/t", "valid_minutes": 60}


@pytest.mark.parametrize(
    ("language", "subject"), [("ru", "Сбросьте пароль"), ("en", "Reset your password"), (None, "Reset your password")]
)
def test_renders_in_the_recipients_language(django_capture_on_commit_callbacks, language, subject):
    with translation.override("ru" if language != "ru" else "en"), django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="password_reset", to=["olga@example.com"], context=CONTEXT, language=language)
    [message] = mail.outbox
    assert message.subject == subject
