import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from core.store_settings import sender_address

from .rendering import render_notification

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.send_notification",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def send_notification(key: str, to: list[str], context: dict, language: str | None = None) -> int:
    """Render (in `language`) and send one notification; SMTP trouble is retried with backoff, never raised."""
    with translation.override(language or settings.LANGUAGE_CODE):
        email = render_notification(key, context)
    message = EmailMultiAlternatives(email.subject, email.text, sender_address(), to)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    sent = message.send()
    logger.info("notification %s sent to %s recipient(s)", key, len(to))
    return sent
