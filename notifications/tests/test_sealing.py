"""Secret context values are stored encrypted, opened only to render the e-mail being sent, and erased once sent."""

import smtplib

import pytest
from django.core import mail

from notifications import delivery
from notifications.delivery import deliver_message
from notifications.models import OutboxMessage
from notifications.sealing import UnsealableContext, seal, unseal
from notifications.services import queue_notification

pytestmark = pytest.mark.django_db

LINK = "https://shop.example.com/reset-password/s3cr3t-t0ken"


def refuse(self, fail_silently=False):
    raise smtplib.SMTPServerDisconnected("gone")


@pytest.fixture
def link_template(template_dir):
    (template_dir / "greeting.txt").write_text("Dear {{ name }}, open {{ link }}")
    return template_dir


def test_a_secret_is_stored_encrypted_sent_in_the_e_mail_and_then_forgotten(link_template):
    message = queue_notification(
        key="greeting", to=["a@example.com"], context={"name": "Anna"}, secret_context={"link": LINK}
    )
    assert "s3cr3t-t0ken" not in str(OutboxMessage.objects.filter(pk=message.pk).values().get())
    assert deliver_message(message_id=message.pk)
    assert mail.outbox[0].body == f"Dear Anna, open {LINK}"
    message.refresh_from_db()
    assert (message.status, message.sealed_context, message.context) == ("sent", "", {"name": "Anna"})


def test_a_failed_message_keeps_its_secret_for_a_resend(link_template, monkeypatch):
    message = queue_notification(key="greeting", to=["a@example.com"], context={}, secret_context={"link": LINK})
    monkeypatch.setattr(delivery.EmailMultiAlternatives, "send", refuse)
    assert not deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert unseal(message.sealed_context) == {"link": LINK}


def test_a_rotated_secret_key_still_opens_what_the_old_one_sealed(settings):
    sealed = seal({"link": LINK})
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" * 5, [settings.SECRET_KEY]
    assert unseal(sealed) == {"link": LINK}
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(UnsealableContext):
        unseal(sealed)
