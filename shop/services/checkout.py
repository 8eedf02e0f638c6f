"""Checkout: a cart becomes an order without ever selling a unit that is not on the shelf."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import languages_by_address
from core.store_settings import staff_notification_recipients
from notifications.services import queue_notification

from ..emails import lines_context, order_context, shop_recipients_by_language
from ..exceptions import EmptyCart, InsufficientStock, NotFoundError, ShopClosed, TotalChanged
from ..models import (
    Cart,
    Contact,
    Offer,
    OfferParameter,
    Order,
    OrderItem,
    OrderStatusChange,
    Shipment,
    ShipmentStatusChange,
)
from ..order_status import OrderStatus, ShipmentStatus
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
    *,
    user: User,
    contact_id: int,
    expected_total: Decimal,
    expected_prices: dict[int, Decimal] | None = None,
    cart_id: int | None = None,
    idempotency_key: str | None = None,
) -> PlacedOrder:
    """Turn the user's cart into an order, all or nothing.

    Guarantees:
    - one transaction: the order with a copy of the contact's delivery address, one shipment per shop,
      the lines (product and offer names, SKU, shop name, parameters, price and RRC copied), the stock
      decrement, the emptied cart and the first history rows are written together or not at all;
    - the cart row and then the cart's offers are locked (`SELECT … FOR UPDATE`), the offers in
      primary-key order, so two checkouts sharing offers wait for each other instead of deadlocking,
      and stock is checked and decremented (with F()) under those locks: no overselling;
    - a closed shop (ShopClosed) or short stock (InsufficientStock, with per-line `items`) changes
      nothing; an empty cart is EmptyCart; someone else's contact or cart is NotFoundError;
    - the customer is charged only the total they were shown: `expected_total` is compared with the cart's
      total at the prices read under the offers' locks, so a price change racing the checkout cannot slip
      through; a difference is TotalChanged (the current total and the changed lines, each with the price
      the client showed when it sent `expected_prices`) and changes nothing;
    - `idempotency_key`: a repeated key returns the order it made (created=False). Requests racing
      with one key are settled by the unique (user, idempotency_key) constraint, not by the pre-check;
    - e-mails (customer, staff, each supplier) happen after commit only; the stock move does not flush the
      catalogue cache (cached availability in lists expires within CATALOGUE_AVAILABILITY_MAX_AGE; a
      product's page reads the current stock past the cache).
    """
    existing = _order_for_key(user, idempotency_key)
    if existing is not None:
        return PlacedOrder(order=existing, created=False)
    try:
        return _place(
            user=user,
            contact_id=contact_id,
            expected_total=expected_total,
            expected_prices=expected_prices or {},
            cart_id=cart_id,
            idempotency_key=idempotency_key,
        )
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
def _place(
    *,
    user: User,
    contact_id: int,
    expected_total: Decimal,
    expected_prices: dict[int, Decimal],
    cart_id: int | None,
    idempotency_key: str | None,
) -> PlacedOrder:
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
        .prefetch_related(Prefetch("offer_parameters", queryset=OfferParameter.objects.select_related("parameter")))
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    _check_offers(offers, wanted)
    _check_total(offers, wanted, expected_total=expected_total, expected_prices=expected_prices)

    order = Order(user=user, contact=contact, idempotency_key=idempotency_key or None)
    order.copy_delivery_address(contact)
    order.save()
    shops = {offer.shop_id: offer.shop for offer in offers}
    shipments = Shipment.objects.bulk_create(Shipment(order=order, shop=shop) for shop in shops.values())
    shipment_of = {shipment.shop_id: shipment for shipment in shipments}
    OrderItem.objects.bulk_create(_line(order, shipment_of[offer.shop_id], offer, wanted[offer.pk]) for offer in offers)
    adjust_stock({offer_id: -quantity for offer_id, quantity in wanted.items()})
    cart.items.all().delete()
    cart.save(update_fields=["updated_at"])
    OrderStatusChange.objects.create(order=order, from_status="", to_status=OrderStatus.NEW, changed_by=user)
    ShipmentStatusChange.objects.bulk_create(
        ShipmentStatusChange(shipment=shipment, from_status="", to_status=ShipmentStatus.NEW, changed_by=user)
        for shipment in shipments
    )
    _notify_order_placed(order)
    logger.info("order %s placed by user %s: %s line(s)", order.pk, user.pk, len(offers))
    return PlacedOrder(order=order, created=True)


def _line(order: Order, shipment: Shipment, offer: Offer, quantity: int) -> OrderItem:
    """An order line with everything later readers need copied from the offer as it is now."""
    return OrderItem(
        order=order,
        shipment=shipment,
        offer=offer,
        shop=offer.shop,
        shop_name=offer.shop.name,
        product_name=offer.product.name,
        offer_name=offer.name,
        external_id=offer.external_id or "",
        parameters={row.parameter.name: row.value for row in offer.offer_parameters.all()},
        quantity=quantity,
        price=offer.price,
        price_rrc=offer.price_rrc,
    )


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


def _check_total(
    offers: list[Offer], wanted: dict[int, int], *, expected_total: Decimal, expected_prices: dict[int, Decimal]
) -> None:
    """Refuse the checkout when the cart now costs other than the total the customer was shown.

    A changed line is one whose price differs from the one the client showed, or every line when the client
    sent no prices (it cannot be told which moved); its `old_price` is null when the client did not show it.
    """
    total = sum((offer.price * wanted[offer.pk] for offer in offers), Decimal("0"))
    if total == expected_total:
        return
    changed = [
        {
            "product_info_id": offer.pk,
            "product_name": offer.product.name,
            "offer_name": offer.name,
            "shop_name": offer.shop.name,
            "quantity": wanted[offer.pk],
            "old_price": _money(expected_prices.get(offer.pk)),
            "price": _money(offer.price),
        }
        for offer in offers
        if expected_prices.get(offer.pk) != offer.price
    ]
    raise TotalChanged(
        _("The total has changed since you saw the cart: %(total)s instead of %(expected)s. Please confirm it.")
        % {"total": _money(total), "expected": _money(expected_total)},
        expected_total=_money(expected_total),
        total=_money(total),
        lines=changed,
    )


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _notify_order_placed(order: Order) -> None:
    """Queue (after commit) the customer's "order placed" e-mail, the staff's "new order", and to each
    shop (its order address, else its owner's) a "new order" for its own shipment with only its lines.

    Each is in its recipient's language: the customer's; a staff or shop address that belongs to an account,
    that account's; another shop address, its owner's; the store's default otherwise."""
    items = list(order.items.select_related("shipment__shop__owner").order_by("id"))
    common = order_context(order)
    queue_notification(
        key="order_placed",
        to=[order.user.email],
        context={**common, **lines_context(items)},
        language=order.user.language,
    )
    staff = languages_by_address(addresses=staff_notification_recipients(), default=settings.LANGUAGE_CODE)
    for language, addresses in staff.items():
        queue_notification(key="new_order", to=addresses, language=language, context={**common, **lines_context(items)})
    by_shipment: dict = defaultdict(list)
    for item in items:
        by_shipment[item.shipment].append(item)
    for shipment, shipment_items in by_shipment.items():
        shop_context = {
            **common,
            "shop_name": shipment.shop.name,
            "shipment_id": shipment.pk,
            **lines_context(shipment_items),
        }
        for language, addresses in shop_recipients_by_language(shipment.shop).items():
            queue_notification(key="new_order", to=addresses, language=language, context=shop_context)
