"""The customer's cart: one per user, one line per offer, never more than the offer has in stock."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..exceptions import InsufficientStock, NotFoundError
from ..models import Cart, CartItem, Offer

logger = logging.getLogger(__name__)


def get_or_create_cart(*, user: User) -> Cart:
    """The user's cart, created empty on first use (the one-to-one constraint settles a race)."""
    cart, _created = Cart.objects.get_or_create(user=user)
    return cart


def _locked_cart(user: User) -> Cart:
    """The user's cart row, locked so that concurrent edits of one cart apply one after another."""
    get_or_create_cart(user=user)
    return Cart.objects.select_for_update().get(user=user)


def _check_stock(offer: Offer, quantity: int) -> None:
    if quantity > offer.quantity:
        raise InsufficientStock(
            _("Only %(available)s of “%(name)s” in stock.") % {"available": offer.quantity, "name": offer.name},
            available=offer.quantity,
        )


def _touch(cart: Cart) -> None:
    cart.save(update_fields=["updated_at"])


@transaction.atomic
def add_to_cart(*, user: User, offer_id: int, quantity: int) -> tuple[CartItem, bool]:
    """Add `quantity` units of a visible offer to the user's cart; returns (line, created).

    Adding an offer already in the cart increases that line. The line's total may not exceed the
    stock (InsufficientStock, 409, with `available`); an unknown or invisible offer is NotFoundError.
    Stock is not reserved here: checkout checks it again under row locks.
    """
    cart = _locked_cart(user)
    offer = Offer.objects.visible().filter(pk=offer_id).first()
    if offer is None:
        raise NotFoundError(_("No such offer."))
    item = CartItem.objects.filter(cart=cart, offer=offer).first()
    new_quantity = quantity + (item.quantity if item else 0)
    _check_stock(offer, new_quantity)
    if item is None:
        item = CartItem.objects.create(cart=cart, offer=offer, quantity=quantity)
        created = True
    else:
        item.quantity = new_quantity
        item.save(update_fields=["quantity"])
        created = False
    _touch(cart)
    logger.info("cart %s: offer %s now %s", cart.pk, offer.pk, item.quantity)
    return item, created


@transaction.atomic
def update_cart_item(*, user: User, item_id: int, quantity: int) -> CartItem:
    """Set a line of the user's own cart to `quantity` (≤ stock, else InsufficientStock).

    Lines of someone else's cart are NotFoundError.
    """
    cart = _locked_cart(user)
    item = CartItem.objects.select_related("offer").filter(cart=cart, pk=item_id).first()
    if item is None:
        raise NotFoundError(_("No such cart item."))
    _check_stock(item.offer, quantity)
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    _touch(cart)
    return item


@transaction.atomic
def remove_cart_item(*, user: User, item_id: int) -> None:
    """Delete a line of the user's own cart; others' lines are NotFoundError."""
    cart = _locked_cart(user)
    deleted, _detail = CartItem.objects.filter(cart=cart, pk=item_id).delete()
    if not deleted:
        raise NotFoundError(_("No such cart item."))
    _touch(cart)


@transaction.atomic
def clear_cart(*, user: User) -> None:
    """Remove every line of the user's cart."""
    cart = _locked_cart(user)
    cart.items.all().delete()
    _touch(cart)


@transaction.atomic
def merge_into_cart(*, user: User, lines: list[tuple[int, int]]) -> None:
    """Add a guest cart's (offer id, quantity) lines to the user's cart, all in one transaction.

    Quantities go onto existing lines; each line is capped at its offer's stock rather than refused, since
    the guest could not be told about the stock while shopping. Unknown, hidden or sold-out offers are skipped.
    """
    cart = _locked_cart(user)
    wanted: dict[int, int] = {}
    for offer_id, quantity in lines:
        wanted[offer_id] = wanted.get(offer_id, 0) + quantity
    offers = Offer.objects.visible().filter(pk__in=wanted, quantity__gt=0).in_bulk()
    existing = {item.offer_id: item for item in CartItem.objects.filter(cart=cart, offer_id__in=offers)}
    created, updated = [], []
    for offer_id, offer in offers.items():
        item = existing.get(offer_id)
        quantity = min(offer.quantity, wanted[offer_id] + (item.quantity if item else 0))
        if item is None:
            created.append(CartItem(cart=cart, offer=offer, quantity=quantity))
        elif quantity != item.quantity:
            item.quantity = quantity
            updated.append(item)
    CartItem.objects.bulk_create(created)
    CartItem.objects.bulk_update(updated, ["quantity"])
    _touch(cart)
    logger.info("cart %s: merged %s guest line(s)", cart.pk, len(created) + len(updated))
