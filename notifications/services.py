"""Queueing e-mail notifications: sent by Celery only once the caller's transaction has committed."""

import logging

from django.db import transaction

from .tasks import send_notification

logger = logging.getLogger(__name__)


def queue_notification(*, key: str, to: list[str], context: dict, language: str | None = None) -> None:
    """Send `key` to `to` after commit, so a rolled-back write e-mails nobody and a failed e-mail undoes nothing.

    `context` must be JSON-serialisable (it travels through the broker): pass ids and plain values.
    `language` is the recipient's (e.g. User.language); without one the site's default is used.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return

    def enqueue() -> None:
        try:
            send_notification.delay(key, recipients, context, language)
        except Exception:  # the broker being down must not turn a committed order into an error
            logger.exception("could not queue notification %s for %s", key, recipients)

    transaction.on_commit(enqueue)
