"""queue_notification and resend_messages: the outbox row is part of the caller's transaction, and the push to
the broker after commit is a shortcut whose failure loses nothing."""

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from notifications import services
from notifications.models import OutboxMessage
from notifications.services import queue_notification, resend_messages

pytestmark = pytest.mark.django_db


def test_sent_after_commit_with_text_and_html(template_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="greeting", to=["a@example.com", "", "a@example.com"], context={"name": "Anna"})
        assert mail.outbox == []
    [message] = mail.outbox
    assert (message.subject, message.to, message.body) == ("Hello Anna", ["a@example.com"], "Dear Anna, welcome.")
    assert message.alternatives[0][1] == "text/html"
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts, row.recipients) == (OutboxMessage.Status.SENT, 1, ["a@example.com"])
    assert row.sent_at is not None


def test_no_recipient_no_message():
    assert queue_notification(key="greeting", to=["", ""], context={}) is None
    assert not OutboxMessage.objects.exists()


def test_a_rolled_back_transaction_leaves_no_message(template_dir, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_notification(key="greeting", to=["a@example.com"], context={"name": "Anna"})
        raise RuntimeError("the change failed")
    assert callbacks == [] and mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_a_broker_outage_keeps_the_message_pending_for_the_relay(
    template_dir, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(services.deliver_message_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(key="greeting", to=["a@example.com"], context={"name": "Anna"})
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxMessage.Status.PENDING, 0)
    assert mail.outbox == []
    assert f"outbox message {row.pk} not pushed to the broker" in caplog.text


def test_resend_gives_failed_messages_fresh_attempts_and_skips_sent_ones(
    template_dir, django_capture_on_commit_callbacks
):
    failed = OutboxMessage.objects.create(
        key="greeting",
        recipients=["f@example.com"],
        context={"name": "F"},
        status=OutboxMessage.Status.FAILED,
        attempts=10,
        last_error="SMTPServerDisconnected: gone",
    )
    sent = OutboxMessage.objects.create(
        key="greeting", recipients=["s@example.com"], context={"name": "S"}, status=OutboxMessage.Status.SENT
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_messages(message_ids=[failed.pk, sent.pk]) == 1
    [message] = mail.outbox
    assert message.to == ["f@example.com"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (OutboxMessage.Status.SENT, 1, "")
