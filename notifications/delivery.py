"""Delivering the outbox: the only code that sends e-mail.

A message is sent inside a transaction that holds its row lock and re-reads its status, and is marked sent
in the same transaction; a second delivery of the same message (a duplicate task, the relay racing the
after-commit push) finds it locked or sent and does nothing. Failures are recorded on the row and retried
with exponential backoff until MAX_ATTEMPTS, after which the message is `failed` until staff resend it.
"""

import logging
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from core.store_settings import sender_address

from .models import OutboxMessage
from .rendering import in_language, render_notification
from .sealing import unseal

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY_DELAY = timedelta(seconds=30)
LONGEST_RETRY_DELAY = timedelta(hours=1)
RELAY_BATCH_SIZE = 100


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, at most an hour apart."""
    return min(FIRST_RETRY_DELAY * 2 ** (attempts - 1), LONGEST_RETRY_DELAY)


def deliver_message(*, message_id: int) -> bool:
    """Send one pending message unless another process holds it or it is no longer pending; True when sent now."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        return message is not None and _attempt(message)


def relay_due_messages(*, limit: int = RELAY_BATCH_SIZE) -> int:
    """Try each pending message whose time has come, oldest due first, at most `limit`; returns how many were sent.

    Each message is taken in its own transaction under a skip-locked row lock, so several relays (and the
    delivery tasks) can run at once without sending anything twice.
    """
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if message is None:
                break
            sent += _attempt(message)
    return sent


def _attempt(message: OutboxMessage) -> bool:
    """Send a locked pending message and record the outcome on its row."""
    now = timezone.now()
    message.attempts += 1
    try:
        _send(message)
    except Exception as error:  # whatever stops this e-mail is recorded on its row, and retried
        logger.warning(
            "outbox message %s (%s), attempt %s failed: %r", message.pk, message.key, message.attempts, error
        )
        _record_failure(message, error=error, now=now)
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = now
    message.last_error = ""
    # The links it carried have done their job; a sent message is never sent again, so they are not kept.
    message.sealed_context = ""
    message.save(update_fields=["status", "sent_at", "attempts", "last_error", "sealed_context"])
    logger.info("outbox message %s (%s) sent to %s recipient(s)", message.pk, message.key, len(message.recipients))
    return True


def _record_failure(message: OutboxMessage, *, error: Exception, now: datetime) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.FAILED
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])


@sensitive_variables()  # an error report must show neither the opened links nor the rendered e-mail
def _send(message: OutboxMessage) -> None:
    context = {**message.context, **unseal(message.sealed_context)}
    with in_language(message.language):
        email = render_notification(message.key, context)
    sender = sender_address()
    # The Message-ID comes from the idempotency key: were a message ever sent twice (a crash after the SMTP
    # server took it but before the row was marked), mail systems see the same message, not a new one.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    outgoing = EmailMultiAlternatives(
        email.subject,
        email.text,
        sender,
        message.recipients,
        headers={"Message-ID": f"<{message.idempotency_key}@{domain}>"},
    )
    if email.html:
        outgoing.attach_alternative(email.html, "text/html")
    outgoing.send()
