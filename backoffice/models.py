"""Store-wide settings and the e-mail templates staff edit in the back office."""

from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import PreviewableMixin


def validate_sender_address(value: str) -> None:
    """Accept `noreply@example.com` or `Shop name <noreply@example.com>`."""
    _name, address = parseaddr(value)
    validate_email(address)


@register_setting(icon="cog")
class StoreSettings(BaseGenericSetting):
    notification_recipients = models.TextField(
        _("notification recipients"),
        blank=True,
        help_text=_("Staff e-mail addresses that receive a copy of every new order, one per line."),
    )
    sender_address = models.CharField(
        _("sender address"),
        max_length=254,
        blank=True,
        validators=[validate_sender_address],
        help_text=_("The From address of e-mails, e.g. “Order Service <noreply@example.com>”. Empty: the default."),
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"),
        default=5,
        help_text=_("Active offers with this many units or fewer count as low on stock."),
    )
    imports_withdraw_missing = models.BooleanField(
        _("imports withdraw missing offers"),
        default=True,
        help_text=_("When a price list no longer lists an offer, the import makes that offer inactive."),
    )

    class Meta:
        verbose_name = _("store settings")
        verbose_name_plural = _("store settings")

    def clean(self) -> None:
        for address in self.recipient_list():
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    {"notification_recipients": _("“%(address)s” is not an e-mail address.") % {"address": address}}
                ) from None

    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.notification_recipients.replace(",", "\n").splitlines() if line.strip()]


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

    def get_preview_template(self, request, mode_name, **kwargs) -> str:
        return "backoffice/email_preview.html"

    def get_preview_context(self, request, mode_name, **kwargs) -> dict:
        from notifications.rendering import render_email_template, sample_context

        context = super().get_preview_context(request, mode_name, **kwargs)
        context["email"] = render_email_template(self, sample_context(self))
        return context
