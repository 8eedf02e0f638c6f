"""Queueing e-mail notifications through the outbox: a row written in the caller's transaction, pushed to
the broker after commit, and sent by notifications.delivery."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.views.decorators.debug import sensitive_variables

from .models import OutboxMessage
from .rendering import in_language
from .sealing import seal
from .tasks import deliver_message_task

logger = logging.getLogger(__name__)


def _resolved(value):
    """Lazy translations (status labels and the like) become text in the active language; JSON keeps text."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_resolved(item) for item in value]
    return value


@sensitive_variables("secret_context")
def queue_notification(
    *, key: str, to: list[str], context: dict, secret_context: dict | None = None, language: str = ""
) -> OutboxMessage | None:
    """Write `key` for `to` into the outbox in the current transaction and push it to the broker after commit.

    A rolled-back write e-mails nobody; a committed one is sent even when the broker or the SMTP server is
    down at the time (the relay retries). `context` is stored as JSON, readable in the back office: pass ids
    and plain values. Whatever would let its reader act as the recipient (a reset or confirmation link) goes
    in `secret_context`: it is stored encrypted, joins the context only when the e-mail is rendered for
    sending, and is erased once the e-mail is sent.
    `language` is the recipient's (e.g. User.language); without one the site's default is used. The whole
    e-mail is in it: lazy translations in `context` (pass `TextChoices(...).label`, not its str()) are resolved
    here in that language, and the e-mail is rendered in it (amounts and dates are formatted then).
    Returns the outbox row, or None when there is no recipient.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    with in_language(language):
        context = _resolved(context)
    message = OutboxMessage.objects.create(
        key=key,
        recipients=recipients,
        context=context,
        sealed_context=seal(secret_context or {}),
        language=language or "",
    )
    transaction.on_commit(lambda: push_to_broker(message.pk))
    return message


@transaction.atomic
def withdraw_unsent(*, key: str, reference: dict) -> bool:
    """Withdraw (delete) the messages of `key` whose context holds every item of `reference` and that have not
    been sent: what they said stopped being true before it reached anyone. Returns True when one of them was
    sent already, so its reader needs a correction.

    The rows are locked, so a delivery in progress finishes first and counts as sent; a delivery that comes
    later finds no row and sends nothing.
    """
    lookups = {f"context__{name}": value for name, value in reference.items()}
    messages = list(OutboxMessage.objects.select_for_update().filter(key=key, **lookups))
    unsent = [message.pk for message in messages if message.status != OutboxMessage.Status.SENT]
    OutboxMessage.objects.filter(pk__in=unsent).delete()
    if unsent:
        logger.info("withdrew unsent %s messages %s", key, unsent)
    return len(unsent) < len(messages)


def push_to_broker(message_id: int) -> None:
    """Ask a worker to send the message now; when the broker is unreachable the relay sends it later."""
    try:
        deliver_message_task.delay(message_id)
    except Exception:  # a broker outage must neither lose the message (it is in the outbox) nor fail the request
        logger.warning("outbox message %s not pushed to the broker; the relay will send it", message_id, exc_info=True)


@transaction.atomic
def resend_messages(*, message_ids: list[int]) -> int:
    """Give failed (or waiting) messages a fresh set of attempts, due now; sent ones are left alone.

    Returns how many were re-queued; each is pushed to the broker after commit.
    """
    ids = list(
        OutboxMessage.objects.select_for_update()
        .filter(pk__in=message_ids)
        .exclude(status=OutboxMessage.Status.SENT)
        .values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    for message_id in ids:
        transaction.on_commit(lambda message_id=message_id: push_to_broker(message_id))
    return len(ids)
