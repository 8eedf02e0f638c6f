"""Store-wide settings, edited by superusers in the back office and read by every app (see .store_settings)."""

from email.utils import parseaddr

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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

    imports_max_withdrawn_percent = models.PositiveSmallIntegerField(
        _("imports may withdraw at most (%)"),
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "An import that would withdraw a larger share of a shop's active offers (or lists no offer at all) "
            "is refused unless the person applying it confirms the withdrawals."
        ),
    )

    class Meta:
        # The model moved here from the back office; its table kept the old name (core/migrations/0001).
        db_table = "backoffice_storesettings"
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
