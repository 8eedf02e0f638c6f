"""Delivering outbox rows: once per message however often the task runs, failures recorded and retried with
backoff, the relay taking only what is due."""

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from notifications import delivery
from notifications.delivery import MAX_ATTEMPTS, deliver_message, relay_due_messages, retry_delay
from notifications.models import OutboxMessage
from notifications.tasks import deliver_message_task, relay_outbox_task

pytestmark = pytest.mark.django_db


def pending(name: str = "Anna", **fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        key="greeting", recipients=[f"{name.lower()}@example.com"], context={"name": name}, **fields
    )


@pytest.fixture
def smtp_failing(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(delivery.EmailMultiAlternatives, "send", refuse)


def test_the_task_run_twice_sends_the_message_once(template_dir):
    message = pending()
    assert deliver_message_task.apply(args=[message.pk]).get() is True
    assert deliver_message_task.apply(args=[message.pk]).get() is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)


def test_the_message_id_header_carries_the_idempotency_key(template_dir, settings):
    settings.DEFAULT_FROM_EMAIL = "Shop <orders@shop.example>"
    message = pending()
    deliver_message(message_id=message.pk)
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{message.idempotency_key}@shop.example>"


def test_a_failure_is_recorded_and_retried_later_with_growing_delays(template_dir, smtp_failing):
    message = pending()
    before = timezone.now()
    assert deliver_message(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
    assert message.last_error == "SMTPServerDisconnected: gone"
    assert message.next_attempt_at >= before + timedelta(seconds=30)
    assert relay_due_messages() == 0  # not due yet: the relay leaves it alone
    assert OutboxMessage.objects.get().attempts == 1
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_after_the_last_attempt_the_message_is_failed(template_dir, smtp_failing):
    message = pending(attempts=MAX_ATTEMPTS - 1)
    deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, MAX_ATTEMPTS)
    assert deliver_message(message_id=message.pk) is False  # failed ones wait for staff to resend them
    assert OutboxMessage.objects.get().attempts == MAX_ATTEMPTS


def test_a_template_error_is_a_failure_too():
    message = OutboxMessage.objects.create(key="no_such_notification", recipients=["a@example.com"])
    deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and "TemplateDoesNotExist" in message.last_error


def test_the_relay_sends_what_is_due_oldest_first_within_its_limit(template_dir):
    now = timezone.now()
    later = pending("Later", next_attempt_at=now + timedelta(minutes=5))
    second = pending("Second", next_attempt_at=now - timedelta(seconds=10))
    first = pending("First", next_attempt_at=now - timedelta(minutes=1))
    third = pending("Third", next_attempt_at=now - timedelta(seconds=5))
    pending("Done", status=OutboxMessage.Status.SENT)
    pending("Given up", status=OutboxMessage.Status.FAILED)
    assert relay_due_messages(limit=2) == 2
    assert [m.to for m in mail.outbox] == [first.recipients, second.recipients]
    assert relay_outbox_task.apply().get() == 1
    assert mail.outbox[-1].to == third.recipients
    assert set(OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)) == {later}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_message_locked_by_another_sender_is_skipped_not_sent_twice(template_dir):
    message = pending()
    locked, release = threading.Event(), threading.Event()

    def other_sender():
        with transaction.atomic():
            OutboxMessage.objects.select_for_update().get(pk=message.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(10)
        assert deliver_message(message_id=message.pk) is False
        assert relay_due_messages() == 0
    finally:
        release.set()
        thread.join(10)
    assert mail.outbox == []
    assert relay_due_messages() == 1 and len(mail.outbox) == 1
