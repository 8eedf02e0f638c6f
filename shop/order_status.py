"""Shipment and order statuses: the one map of allowed shipment moves, and how an order's status follows
from its shipments.

An order is split into one shipment per shop. Shipments move along the pipeline; an order never moves
by itself: its status is derived from its shipments by `derive_order_status`, the only definition.
"""

from collections.abc import Iterable
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    ASSEMBLED = "assembled", _("Assembled")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    CANCELED = "canceled", _("Canceled")


class OrderStatus(models.TextChoices):
    """The shipment statuses, plus the two an order is in while its shipments are at different stages."""

    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    ASSEMBLED = "assembled", _("Assembled")
    PARTLY_SENT = "partly_sent", _("Partly sent")
    SENT = "sent", _("Sent")
    PARTLY_DELIVERED = "partly_delivered", _("Partly delivered")
    DELIVERED = "delivered", _("Delivered")
    CANCELED = "canceled", _("Canceled")


# Pipeline order of the statuses a shipment passes on its way to the customer.
PIPELINE = (
    ShipmentStatus.NEW,
    ShipmentStatus.CONFIRMED,
    ShipmentStatus.ASSEMBLED,
    ShipmentStatus.SENT,
    ShipmentStatus.DELIVERED,
)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ShipmentStatus.NEW: frozenset({ShipmentStatus.CONFIRMED, ShipmentStatus.CANCELED}),
    ShipmentStatus.CONFIRMED: frozenset({ShipmentStatus.ASSEMBLED, ShipmentStatus.CANCELED}),
    # Until the parcel leaves the shop it can still be stopped.
    ShipmentStatus.ASSEMBLED: frozenset({ShipmentStatus.SENT, ShipmentStatus.CANCELED}),
    ShipmentStatus.SENT: frozenset({ShipmentStatus.DELIVERED}),
    ShipmentStatus.DELIVERED: frozenset(),
    ShipmentStatus.CANCELED: frozenset(),
}

# What a supplier may do to its own shipment through the partner API.
SUPPLIER_TARGETS = (ShipmentStatus.ASSEMBLED, ShipmentStatus.SENT)

# The customer may cancel an order only while no shop has started assembling its part. Checked on every
# shipment, not on the order's status: that is the least advanced shipment's, so an order one shop has
# assembled still reads "confirmed" while another shop has not caught up.
CUSTOMER_CANCELLABLE_SHIPMENTS = frozenset({ShipmentStatus.NEW, ShipmentStatus.CONFIRMED})

T = TypeVar("T")

# The customer's reason for cancelling, kept on the moves' note: a sentence or two, not a letter.
CANCEL_REASON_MAX_LENGTH = 500

_SENT_OR_LATER = frozenset({ShipmentStatus.SENT, ShipmentStatus.DELIVERED})


def allowed_next_statuses(status: str) -> list[ShipmentStatus]:
    """The statuses a shipment in `status` may move to, in pipeline order (cancelling last)."""
    targets = ALLOWED_TRANSITIONS.get(status, frozenset())
    return [choice for choice in ShipmentStatus if choice in targets]


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def customer_may_cancel(shipment_statuses: Iterable[str]) -> bool:
    """Whether the customer may still cancel an order whose shipments are in these statuses: at least one is
    not cancelled, and none has gone beyond `confirmed`."""
    active = [status for status in shipment_statuses if status != ShipmentStatus.CANCELED]
    return bool(active) and all(status in CUSTOMER_CANCELLABLE_SHIPMENTS for status in active)


def derive_order_status(shipment_statuses: Iterable[str]) -> OrderStatus:
    """The order's status from its shipments' statuses.

    - every shipment canceled (or none at all) → canceled; canceled shipments are otherwise ignored;
    - every remaining shipment at one status → that status;
    - all remaining sent or delivered, not all delivered → partly delivered;
    - some sent or delivered, some not yet → partly sent;
    - otherwise (all before sending, at different stages) → the least advanced stage, since the order as a
      whole is only as far as its slowest shop.
    """
    active = {status for status in shipment_statuses if status != ShipmentStatus.CANCELED}
    if not active:
        return OrderStatus.CANCELED
    if len(active) == 1:
        return OrderStatus(next(iter(active)))
    if active <= _SENT_OR_LATER:
        return OrderStatus.PARTLY_DELIVERED
    if active & _SENT_OR_LATER:
        return OrderStatus.PARTLY_SENT
    return OrderStatus(min(active, key=PIPELINE.index))


def reached_steps(moves: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
    """The steps a shipment stands on now, each with when it first reached it, from its moves (to_status, when)
    oldest first. A move back to a step it had reached (an undo) drops the steps after it and keeps that step's
    first date; so an undone "assembled" is no longer shown, and "confirmed" keeps the day it was confirmed."""
    steps: list[tuple[str, T]] = []
    for to_status, when in moves:
        reached = [status for status, _when in steps]
        if to_status in reached:
            del steps[reached.index(to_status) + 1 :]
        else:
            steps.append((to_status, when))
    return steps
