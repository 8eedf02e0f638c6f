"""What the rest of the service reads from the store settings edited in the back office."""

from django.conf import settings

from .models import StoreSettings


def sender_address() -> str:
    """The From address of e-mails: the store setting, else DEFAULT_FROM_EMAIL."""
    return StoreSettings.load().sender_address or settings.DEFAULT_FROM_EMAIL


def staff_notification_recipients() -> list[str]:
    """Who gets staff copies (new orders): the store setting, else STAFF_NOTIFICATION_EMAILS."""
    return StoreSettings.load().recipient_list() or list(settings.STAFF_NOTIFICATION_EMAILS)


def imports_withdraw_missing() -> bool:
    """Whether an import makes the offers its price list no longer lists inactive."""
    return StoreSettings.load().imports_withdraw_missing


def imports_max_withdrawn_share() -> float:
    """The share (0–1) of a shop's active offers an import may withdraw without an explicit confirmation."""
    return StoreSettings.load().imports_max_withdrawn_percent / 100


def low_stock_threshold(request=None) -> int:
    """Active offers with this many units or fewer count as low on stock."""
    return StoreSettings.load(request_or_site=request).low_stock_threshold
