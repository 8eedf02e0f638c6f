"""Checkout: a cart becomes an order without ever selling a unit that is not on the shelf."""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.store_settings import staff_notification_recipients
from notifications.services import queue_notification

from ..catalogue_cache import bump_catalogue_generation
from ..exceptions import EmptyCart, InsufficientStock, NotFoundError, ShopClosed
from ..models import Cart, Contact, Offer, Order, OrderItem, OrderStatusChange, lines_total
from ..order_status import OrderStatus
from .stock import adjust_stock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    created: bool  # False when an earlier request with the same Idempotency-Key made it


def _order_for_key(user: User, idempotency_key: str | None) -> Order | None:
    if not idempotency_key:
        return None
    return Order.objects.filter(user=user, idempotency_key=idempotency_key).first()


def place_order(
    *, user: User, contact_id: int, cart_id: int | None = None, idempotency_key: str | None = None
) -> PlacedOrder:
    """Turn the user's cart into an order, all or nothing.

    Guarantees:
    - one transaction: the order, its lines (prices and product names copied), the stock decrement,
      the emptied cart and the first status-history row are written together or not at all;
    - the cart row and then the cart's offers are locked (`SELECT … FOR UPDATE`), the offers in
      primary-key order, so two checkouts sharing offers wait for each other instead of deadlocking,
      and stock is checked and decremented (with F()) under those locks: no overselling;
    - a closed shop (ShopClosed) or short stock (InsufficientStock, with per-line `items`) changes
      nothing; an empty cart is EmptyCart; someone else's contact or cart is NotFoundError;
    - `idempotency_key`: a repeated key returns the order it made (created=False). Requests racing
      with one key are settled by the unique (user, idempotency_key) constraint, not by the pre-check;
    - e-mails (customer, staff, each supplier) and the catalogue-cache bump happen after commit only.
    """
    existing = _order_for_key(user, idempotency_key)
    if existing is not None:
        return PlacedOrder(order=existing, created=False)
    try:
        return _place(user=user, contact_id=contact_id, cart_id=cart_id, idempotency_key=idempotency_key)
    except IntegrityError:
        # Another request with this key committed first: its order is the answer.
        if not idempotency_key:
            raise
        existing = Order.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        logger.info("order %s: idempotency key reused concurrently by user %s", existing.pk, user.pk)
        return PlacedOrder(order=existing, created=False)


@transaction.atomic
def _place(*, user: User, contact_id: int, cart_id: int | None, idempotency_key: str | None) -> PlacedOrder:
    contact = Contact.objects.filter(user=user, pk=contact_id).first()
    if contact is None:
        raise NotFoundError(_("No such contact."))
    carts = Cart.objects.select_for_update().filter(user=user)
    if cart_id is not None:
        carts = carts.filter(pk=cart_id)
    cart = carts.first()
    if cart is None:
        if cart_id is not None:
            raise NotFoundError(_("No such cart."))
        raise EmptyCart(_("The cart is empty."))
    # Under the cart lock a request that waited for a twin with the same key now sees its order.
    existing = _order_for_key(user, idempotency_key)
    if existing is not None:
        return PlacedOrder(order=existing, created=False)

    wanted = dict(cart.items.order_by("offer_id").values_list("offer_id", "quantity"))
    if not wanted:
        raise EmptyCart(_("The cart is empty."))
    # Primary-key order: every checkout takes its row locks in the same order, so none deadlock.
    offers = list(
        Offer.objects.select_for_update(of=("self",))
        .select_related("shop", "product")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    _check_offers(offers, wanted)

    order = Order.objects.create(user=user, contact=contact, idempotency_key=idempotency_key or None)
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            offer=offer,
            shop=offer.shop,
            product_name=offer.product.name,
            quantity=wanted[offer.pk],
            price=offer.price,
        )
        for offer in offers
    )
    adjust_stock({offer_id: -quantity for offer_id, quantity in wanted.items()})
    cart.items.all().delete()
    cart.save(update_fields=["updated_at"])
    OrderStatusChange.objects.create(order=order, from_status="", to_status=OrderStatus.NEW, changed_by=user)
    transaction.on_commit(bump_catalogue_generation)
    _notify_order_placed(order)
    logger.info("order %s placed by user %s: %s line(s)", order.pk, user.pk, len(offers))
    return PlacedOrder(order=order, created=True)


def _check_offers(offers: list[Offer], wanted: dict[int, int]) -> None:
    """Refuse the checkout when a shop is closed or a line asks for more than is in stock."""
    closed = sorted({offer.shop.name for offer in offers if not offer.shop.accepts_orders})
    if closed:
        raise ShopClosed(
            _("These shops do not accept orders at the moment: %(shops)s.") % {"shops": ", ".join(closed)},
            shops=closed,
        )
    available = {offer.pk: offer.quantity if offer.is_active else 0 for offer in offers}
    short = [
        {"product_info_id": offer_id, "requested": requested, "available": available.get(offer_id, 0)}
        for offer_id, requested in wanted.items()
        if requested > available.get(offer_id, 0)
    ]
    if short:
        raise InsufficientStock(_("Not enough stock for some items."), items=short)


def order_lines_context(items: list[OrderItem]) -> dict:
    """The lines and total of an order as e-mail templates take them (plain values: they travel through the broker)."""
    return {
        "items": [
            {
                "product_name": item.product_name,
                "shop_name": item.shop.name,
                "quantity": item.quantity,
                "price": str(item.price),
                "total_price": str(item.total_price),
            }
            for item in items
        ],
        "total_price": str(lines_total(items)),
    }


def _notify_order_placed(order: Order) -> None:
    """Queue (after commit) the customer's "order placed" e-mail and the staff's and suppliers' "new order".

    Each supplier sees only its own shop's lines; the staff see the whole order.
    """
    items = list(order.items.select_related("shop__owner").order_by("id"))
    common = {
        "order_id": order.pk,
        "customer_name": order.user.get_full_name() or order.user.email,
        "customer_email": order.user.email,
        "contact": str(order.contact),
        "phone": order.contact.phone,
    }
    queue_notification(
        key="order_placed",
        to=[order.user.email],
        context={**common, **order_lines_context(items)},
        language=order.user.language,
    )
    queue_notification(
        key="new_order", to=staff_notification_recipients(), context={**common, **order_lines_context(items)}
    )
    by_shop: dict = defaultdict(list)
    for item in items:
        by_shop[item.shop].append(item)
    for shop, shop_items in by_shop.items():
        if shop.owner is not None:
            queue_notification(
                key="new_order",
                to=[shop.owner.email],
                context={**common, "shop_name": shop.name, **order_lines_context(shop_items)},
            )
