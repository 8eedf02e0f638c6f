"""Celery tasks of the outbox: thin wrappers around notifications.delivery. Both are safe to run twice, so they
are acknowledged late and given back to the broker when a worker dies mid-task."""

from celery import shared_task

from .delivery import deliver_message, relay_due_messages


@shared_task(name="notifications.deliver_message", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def deliver_message_task(message_id: int) -> bool:
    """Send one outbox message now; pushed after the commit that wrote it, or when staff resend it."""
    return deliver_message(message_id=message_id)


@shared_task(name="notifications.relay_outbox", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def relay_outbox_task() -> int:
    """Celery beat's periodic sweep: send what the push missed (broker down, SMTP down, a lost task)."""
    return relay_due_messages()
