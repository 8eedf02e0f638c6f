"""Fault test: the SMTP server is down. The message stays in the outbox with its attempts and error, and goes
out once when an SMTP server comes up; nothing is sent twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.delivery import relay_due_messages
from notifications.models import OutboxMessage
from notifications.services import queue_notification

from .servers import SmtpSink, free_port

pytestmark = pytest.mark.django_db


def test_smtp_down_then_up_delivers_each_message_once(template_dir, settings, django_capture_on_commit_callbacks):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Anna", "Boris"):
            queue_notification(key="greeting", to=[f"{name.lower()}@example.com"], context={"name": name})
    messages = list(OutboxMessage.objects.order_by("pk"))
    assert [(m.status, m.attempts) for m in messages] == [(OutboxMessage.Status.PENDING, 1)] * 2
    assert all("ConnectionRefusedError" in m.last_error for m in messages)
    assert all(m.next_attempt_at > timezone.now() for m in messages)
    assert relay_due_messages() == 0  # still backing off

    sink = SmtpSink(port)
    sink.start()
    try:
        # The backoff delay has passed.
        OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert relay_due_messages() == 2
        assert relay_due_messages() == 0
    finally:
        sink.stop()
    assert sorted(sink.message_ids()) == sorted(f"<{m.idempotency_key}@orderservice.local>" for m in messages)
    assert sorted(m["To"] for m in sink.messages) == ["anna@example.com", "boris@example.com"]
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {(OutboxMessage.Status.SENT, 2)}
