"""Reads of the shop app, shaped for the API: each list costs a constant number of queries."""

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from .exceptions import NotFoundError
from .images import PRODUCT_IMAGE_FILTERS
from .models import Cart, CartItem, Category, Offer, OfferParameter, Order, OrderItem, Product, Shipment, Shop


def _renditions_prefetch(lookup: str) -> Prefetch:
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=PRODUCT_IMAGE_FILTERS.values())
    return Prefetch(f"{lookup}__renditions", queryset=renditions)


def _parameters_prefetch() -> Prefetch:
    return Prefetch("offer_parameters", queryset=OfferParameter.objects.select_related("parameter"))


def offer_list() -> QuerySet[Offer]:
    """Visible offers (active, shop accepting orders) with everything the catalogue list shows."""
    return (
        Offer.objects.visible()
        .select_related("shop", "product__category", "product__image")
        .prefetch_related(_parameters_prefetch(), _renditions_prefetch("product__image"))
        # Case-insensitive, so SQLite and PostgreSQL sort names alike; the answer shows product.name.
        .annotate(product_name=Lower("product__name"))
        .order_by("id")
    )


def product_detail_queryset() -> QuerySet[Product]:
    """Products with their category, picture renditions and visible offers (with parameters)."""
    offers = Offer.objects.visible().select_related("shop").prefetch_related(_parameters_prefetch()).order_by("price")
    return Product.objects.select_related("category", "image").prefetch_related(
        Prefetch("offers", queryset=offers, to_attr="visible_offers"), _renditions_prefetch("image")
    )


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("name", "id")


def shop_list() -> QuerySet[Shop]:
    """Shops whose offers a customer can buy now."""
    return Shop.objects.filter(accepts_orders=True).order_by("name", "id")


def cart_detail(*, cart: Cart) -> Cart:
    """The cart with its lines, their offers, products and shops loaded in one go."""
    return Cart.objects.prefetch_related(
        Prefetch("items", queryset=CartItem.objects.select_related("offer__product", "offer__shop").order_by("id"))
    ).get(pk=cart.pk)


def _order_items_prefetch(items: QuerySet[OrderItem]) -> Prefetch:
    return Prefetch("items", queryset=items.order_by("id"))


def _shipments_prefetch(shipments: QuerySet[Shipment]) -> Prefetch:
    return Prefetch("shipments", queryset=shipments.select_related("shop").order_by("id"))


def order_list(*, user) -> QuerySet[Order]:
    """The customer's own orders, newest first, with contact, lines and shipments."""
    return (
        Order.objects.filter(user=user)
        .select_related("contact")
        .prefetch_related(_order_items_prefetch(OrderItem.objects.all()), _shipments_prefetch(Shipment.objects.all()))
        .order_by("-created_at", "-id")
    )


def supplier_order_list(*, shop: Shop) -> QuerySet[Order]:
    """Orders with a shipment of `shop`, each carrying only that shop's lines and shipment."""
    return (
        Order.objects.filter(pk__in=Shipment.objects.filter(shop=shop).values("order_id"))
        .select_related("contact")
        .prefetch_related(
            _order_items_prefetch(OrderItem.objects.filter(shop=shop)),
            _shipments_prefetch(Shipment.objects.filter(shop=shop)),
        )
        .order_by("-created_at", "-id")
    )


def supplier_shipment_list(*, shop: Shop, status: str | None = None) -> QuerySet[Shipment]:
    """The shop's shipments, newest first, with their order's delivery address and their lines."""
    shipments = Shipment.objects.filter(shop=shop)
    if status:
        shipments = shipments.filter(status=status)
    return (
        shipments.select_related("order")
        .prefetch_related(_order_items_prefetch(OrderItem.objects.all()))
        .order_by("-created_at", "-id")
    )


def supplier_shop(user) -> Shop:
    """The shop a supplier owns; NotFoundError (404) when it owns none."""
    shop = Shop.objects.filter(owner=user).first()
    if shop is None:
        raise NotFoundError(_("Your account does not own a shop."))
    return shop
