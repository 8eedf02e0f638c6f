"""The e-mail templates staff edit in the back office, and the outbox of e-mails waiting to be sent."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.template import TemplateSyntaxError, engines
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin

from .templating import RenderedEmail, render_source, sample_context


class EmailTemplate(PreviewableMixin, models.Model):
    """An edited version of a notification's e-mail; when present it replaces the file template.

    Subject and bodies are Django templates: placeholders are written `{{ order_id }}`.
    """

    key = models.CharField(_("notification"), max_length=100, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True, help_text=_("Optional; leave empty for text-only."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        # The model moved here from the back office; its table kept the old name (notifications/migrations/0001).
        db_table = "backoffice_emailtemplate"
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "text_body", "html_body"):
            try:
                engines["django"].from_string(getattr(self, field))
            except TemplateSyntaxError as error:
                errors[field] = _("Template error: %(error)s") % {"error": error}
        if errors:
            raise ValidationError(errors)

    def render(self, context: dict) -> RenderedEmail:
        return render_source(subject=self.subject, text=self.text_body, html=self.html_body, context=context)

    def get_preview_template(self, request, mode_name, **kwargs) -> str:
        return "notifications/email_preview.html"

    def get_preview_context(self, request, mode_name, **kwargs) -> dict:
        context = super().get_preview_context(request, mode_name, **kwargs)
        context["email"] = self.render(sample_context(self.subject, self.text_body, self.html_body))
        return context


class OutboxMessage(models.Model):
    """One e-mail to send, written in the transaction of the change that causes it (a transactional outbox).

    Delivery locks the row, re-checks its status, sends and marks it sent in one transaction, so a message
    is sent once however often its task runs; failures are retried with backoff until `failed`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("notification"), max_length=100)
    recipients = models.JSONField(_("recipients"))
    context = models.JSONField(_("context"), default=dict)
    # The links with a live secret (password reset, confirmations), encrypted by notifications.sealing: only
    # delivery opens them, and a sent message forgets them. Never shown in the back office.
    sealed_context = models.TextField(_("sealed context"), blank=True, editable=False)
    # The recipient's language (User.language); empty means the site's LANGUAGE_CODE.
    language = models.CharField(_("language"), max_length=10, blank=True)
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The relay's question, "which pending messages are due?", stays cheap however many were sent.
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status="pending"), name="notifications_outbox_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {', '.join(self.recipients)}"
