"""Order status changes: the one place where the pipeline of DESIGN.md is enforced."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..exceptions import InvalidOrderStatus, NotFoundError
from ..models import Offer, Order, OrderStatusChange
from ..order_status import OrderStatus, can_transition
from ..signals import order_status_changed
from .stock import adjust_stock

logger = logging.getLogger(__name__)


@transaction.atomic
def change_order_status(*, order_id: int, to_status: str, changed_by=None) -> Order:
    """Move an order to `to_status` if the pipeline allows it, and record who did it.

    The order row is locked so two managers cannot both move it; cancelling returns every line's
    quantity to its offer with an F() update. Receivers of `order_status_changed` (e-mails) run
    only after the commit, so a failing notification never undoes the change.
    """
    order = Order.objects.select_for_update().get(pk=order_id)
    from_status = order.status
    if not can_transition(from_status, to_status):
        raise InvalidOrderStatus(
            f"An order in status “{OrderStatus(from_status).label}” cannot become “{OrderStatus(to_status).label}”."
        )
    if to_status == OrderStatus.CANCELED:
        return_stock(order)
    order.status = to_status
    order.save(update_fields=["status", "updated_at"])
    OrderStatusChange.objects.create(order=order, from_status=from_status, to_status=to_status, changed_by=changed_by)
    logger.info("order %s: %s -> %s by %s", order.pk, from_status, to_status, getattr(changed_by, "pk", None))
    transaction.on_commit(
        lambda: order_status_changed.send(
            sender=Order, order=order, from_status=from_status, to_status=to_status, changed_by=changed_by
        )
    )
    return order


def return_stock(order: Order) -> None:
    """Put an order's quantities back on its offers' shelves (inside the caller's transaction)."""
    returned = dict(order.items.values_list("offer_id", "quantity"))
    # Lock in primary-key order, as checkout does, so the two never deadlock.
    list(Offer.objects.filter(pk__in=returned).order_by("pk").select_for_update())
    adjust_stock(returned)


def cancel_order(*, user: User, order_id: int) -> Order:
    """The customer cancels their own order (others' are NotFoundError); see change_order_status for the rest.

    Allowed while the order is new or confirmed, and the stock goes back; otherwise InvalidOrderStatus (409).
    """
    if not Order.objects.filter(user=user, pk=order_id).exists():
        raise NotFoundError(_("No such order."))
    return change_order_status(order_id=order_id, to_status=OrderStatus.CANCELED, changed_by=user)
