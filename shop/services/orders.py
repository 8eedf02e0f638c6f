"""The order pipeline: the one place where shipments move and an order's status is recomputed.

Locks, always in this order so no two writers deadlock: the order row, then its shipments in primary-key
order, then (returning stock) the offers in primary-key order — the order checkout locks offers in.
Every write here recomputes `Order.status` from the shipments under the same locks
(`order_status.derive_order_status`), so the stored status never disagrees with them.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..exceptions import InsufficientStock, InvalidOrderStatus, NotFoundError, UndoNotAllowed
from ..models import Offer, Order, OrderItem, OrderNote, OrderStatusChange, Shipment, ShipmentStatusChange, Shop
from ..order_status import (
    OrderStatus,
    ShipmentStatus,
    can_transition,
    customer_may_cancel,
    derive_order_status,
)
from ..signals import shipment_status_changed
from .stock import adjust_stock

logger = logging.getLogger(__name__)


def _lock(order_id: int) -> tuple[Order, list[Shipment]]:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotFoundError(_("No such order."))
    shipments = list(Shipment.objects.select_for_update().filter(order=order).select_related("shop").order_by("pk"))
    return order, shipments


def _refuse(shipment: Shipment, to_status: str) -> InvalidOrderStatus:
    return InvalidOrderStatus(
        _("A shipment in status “%(from)s” cannot become “%(to)s”.")
        % {"from": ShipmentStatus(shipment.status).label, "to": ShipmentStatus(to_status).label}
    )


def _move_stock(order: Order, shipments: list[Shipment], sign: int) -> None:
    """Return (sign=+1) or take again (sign=-1) the stock of the shipments' lines, under pk-ordered offer locks.

    A shipment of a shop whose stock a price list stated after the order was placed moves nothing: that
    count already took the order's units away, so returning them would add them on top of the supplier's
    figure (see Shop.stock_counted_at)."""
    shipments = [
        shipment
        for shipment in shipments
        if shipment.shop.stock_counted_at is None or order.created_at >= shipment.shop.stock_counted_at
    ]
    deltas: dict[int, int] = defaultdict(int)
    for offer_id, quantity in OrderItem.objects.filter(shipment__in=shipments).values_list("offer_id", "quantity"):
        deltas[offer_id] += sign * quantity
    offers = list(Offer.objects.filter(pk__in=deltas).order_by("pk").select_for_update())
    if sign < 0:
        short = [
            {"product_info_id": offer.pk, "requested": -deltas[offer.pk], "available": offer.quantity}
            for offer in offers
            if offer.quantity < -deltas[offer.pk]
        ]
        if short:
            raise InsufficientStock(_("Not enough stock for some items."), items=short)
    adjust_stock(deltas)


def _record_moves(
    moves: list[tuple[Shipment, str]], *, changed_by: User | None, note: str, undoes: ShipmentStatusChange | None = None
) -> None:
    """Save the shipments' new statuses (already set) and one history row each; tell receivers after commit."""
    changes = ShipmentStatusChange.objects.bulk_create(
        ShipmentStatusChange(
            shipment=shipment,
            from_status=from_status,
            to_status=shipment.status,
            note=note,
            changed_by=changed_by,
            undoes=undoes,
        )
        for shipment, from_status in moves
    )
    for (shipment, from_status), change in zip(moves, changes, strict=True):
        shipment.save(update_fields=["status", "tracking_number", "carrier", "updated_at"])
        logger.info(
            "shipment %s of order %s: %s -> %s by %s",
            shipment.pk,
            shipment.order_id,
            from_status,
            shipment.status,
            getattr(changed_by, "pk", None),
        )
        transaction.on_commit(
            lambda shipment=shipment, from_status=from_status, change=change: shipment_status_changed.send(
                sender=Shipment,
                shipment=shipment,
                from_status=from_status,
                to_status=shipment.status,
                changed_by=changed_by,
                change=change,
            )
        )


def _sync_order_status(order: Order, shipments: list[Shipment], *, changed_by: User | None) -> Order:
    """Recompute the order's status from its (locked) shipments; a change is saved and recorded."""
    derived = derive_order_status(shipment.status for shipment in shipments)
    if derived != order.status:
        OrderStatusChange.objects.create(
            order=order, from_status=order.status, to_status=derived, changed_by=changed_by
        )
        order.status = derived
    order.save(update_fields=["status", "updated_at"])
    return order


def _apply(
    order: Order,
    shipments: list[Shipment],
    moving: list[Shipment],
    to_status: str,
    *,
    changed_by: User | None,
    note: str,
    tracking_number: str = "",
    carrier: str = "",
) -> Order:
    moves = []
    for shipment in moving:
        if not can_transition(shipment.status, to_status):
            raise _refuse(shipment, to_status)
        moves.append((shipment, shipment.status))
        shipment.status = to_status
        if tracking_number:
            shipment.tracking_number = tracking_number
        if carrier:
            shipment.carrier = carrier
    if to_status == ShipmentStatus.CANCELED:
        _move_stock(order, moving, +1)
    _record_moves(moves, changed_by=changed_by, note=note)
    return _sync_order_status(order, shipments, changed_by=changed_by)


@transaction.atomic
def change_shipment_status(
    *,
    shipment_id: int,
    to_status: str,
    changed_by: User | None = None,
    note: str = "",
    tracking_number: str = "",
    carrier: str = "",
    shop: Shop | None = None,
) -> Shipment:
    """Move one shipment along the pipeline (InvalidOrderStatus, 409, if the map forbids it); a tracking
    number or carrier given is stored with the move (`carrier`: a shop.carriers.Carrier value).

    `shop`: the supplier's own shop; a shipment of another shop is NotFoundError (404), as if it did not
    exist. Cancelling returns the shipment's stock. The order's status is recomputed.
    """
    shipments_in_scope = Shipment.objects.filter(pk=shipment_id)
    if shop is not None:
        shipments_in_scope = shipments_in_scope.filter(shop=shop)
    order_id = shipments_in_scope.values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFoundError(_("No such shipment."))
    order, shipments = _lock(order_id)
    [shipment] = [candidate for candidate in shipments if candidate.pk == shipment_id]
    _apply(
        order,
        shipments,
        [shipment],
        to_status,
        changed_by=changed_by,
        note=note,
        tracking_number=tracking_number,
        carrier=carrier,
    )
    return shipment


@transaction.atomic
def change_order_status(*, order_id: int, to_status: str, changed_by: User | None = None, note: str = "") -> Order:
    """Move every shipment of the order that may go to `to_status` there; the others stay where they are.

    Cancelling the order therefore cancels every shipment not yet sent and returns their stock. When no
    shipment can make the move, nothing changes: InvalidOrderStatus (409).
    """
    order, shipments = _lock(order_id)
    moving = [shipment for shipment in shipments if can_transition(shipment.status, to_status)]
    if not moving:
        raise InvalidOrderStatus(
            _("An order in status “%(from)s” cannot become “%(to)s”.")
            % {"from": OrderStatus(order.status).label, "to": ShipmentStatus(to_status).label}
        )
    return _apply(order, shipments, moving, to_status, changed_by=changed_by, note=note)


@transaction.atomic
def cancel_order(*, user: User, order_id: int, reason: str = "") -> Order:
    """The customer cancels their own order (others' are NotFoundError): every shipment, stock returned.
    `reason`, optional, is stored as the note of each shipment's move, where the staff read it.

    Allowed while every shipment not cancelled is new or confirmed, judged on the locked shipments (the
    order's own status is the least advanced one's, so it reads "confirmed" while one shop has assembled);
    otherwise InvalidOrderStatus (409).
    """
    if not Order.objects.filter(user=user, pk=order_id).exists():
        raise NotFoundError(_("No such order."))
    order, shipments = _lock(order_id)
    if not customer_may_cancel(shipment.status for shipment in shipments):
        raise InvalidOrderStatus(
            _(
                "This order can no longer be cancelled: it is cancelled already, or a shop has assembled or sent "
                "its part."
            )
        )
    moving = [shipment for shipment in shipments if shipment.status != ShipmentStatus.CANCELED]
    return _apply(order, shipments, moving, ShipmentStatus.CANCELED, changed_by=user, note=reason.strip())


def undoable_move(*, user: User, moves: list[ShipmentStatusChange]) -> ShipmentStatusChange | None:
    """A shipment's last move if `user` may still undo it: theirs, within SHIPMENT_UNDO_SECONDS, not itself
    an undo and not the shipment's creation. `moves` are the shipment's history rows, oldest first."""
    if not moves:
        return None
    last = moves[-1]
    window = timedelta(seconds=settings.SHIPMENT_UNDO_SECONDS)
    if (
        not last.from_status
        or last.undoes_id is not None
        or last.changed_by_id != user.pk
        or timezone.now() - last.changed_at > window
    ):
        return None
    return last


@transaction.atomic
def undo_last_shipment_move(*, shipment_id: int, user: User) -> Shipment:
    """Put the shipment back where it was before `user`'s last move (UndoNotAllowed, 409, otherwise).

    An undone cancel takes the stock again (InsufficientStock, 409, if it has been sold meanwhile).
    The undo is recorded as a move of its own that points at the one it undid.
    """
    order_id = Shipment.objects.filter(pk=shipment_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFoundError(_("No such shipment."))
    order, shipments = _lock(order_id)
    [shipment] = [candidate for candidate in shipments if candidate.pk == shipment_id]
    last = undoable_move(user=user, moves=list(shipment.status_changes.order_by("changed_at", "id")))
    if last is None or last.to_status != shipment.status:
        raise UndoNotAllowed(_("The last move of this shipment cannot be undone by you any more."))
    if last.to_status == ShipmentStatus.CANCELED:
        _move_stock(order, [shipment], -1)
    from_status = shipment.status
    shipment.status = last.from_status
    _record_moves([(shipment, from_status)], changed_by=user, note="", undoes=last)
    _sync_order_status(order, shipments, changed_by=user)
    return shipment


def add_order_note(*, order_id: int, author: User, text: str) -> OrderNote:
    """An internal note of the staff on the order's timeline."""
    if not Order.objects.filter(pk=order_id).exists():
        raise NotFoundError(_("No such order."))
    return OrderNote.objects.create(order_id=order_id, author=author, text=text.strip())
