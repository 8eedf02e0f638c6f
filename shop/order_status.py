"""Order statuses and the one map of allowed transitions between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    ASSEMBLED = "assembled", _("Assembled")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    CANCELED = "canceled", _("Canceled")


ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.NEW: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.ASSEMBLED, OrderStatus.CANCELED}),
    OrderStatus.ASSEMBLED: frozenset({OrderStatus.SENT}),
    OrderStatus.SENT: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELED: frozenset(),
}


def allowed_next_statuses(status: str) -> list[OrderStatus]:
    """The statuses an order in `status` may move to, in pipeline order."""
    targets = ALLOWED_TRANSITIONS.get(status, frozenset())
    return [choice for choice in OrderStatus if choice in targets]


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())
