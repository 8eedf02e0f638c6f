"""Reads of the shop app, shaped for the API: each list costs a constant number of queries."""

import re
from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from accounts.models import AccountInvitation

from .exceptions import NotFoundError
from .images import PRODUCT_IMAGE_FILTERS
from .models import (
    Cart,
    CartItem,
    Category,
    ListingCount,
    Offer,
    OfferParameter,
    Order,
    OrderItem,
    OrderNote,
    OrderStatusChange,
    Product,
    Shipment,
    ShipmentStatusChange,
    Shop,
    ShopMember,
    lines_total,
)
from .order_status import ShipmentStatus

FACET_LIMIT = 50


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


def _card_queryset(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.select_related("category", "image").prefetch_related(_renditions_prefetch("image"))


def listed_product_cards(products: QuerySet[Product]) -> QuerySet[Product]:
    """`products` with what a catalogue card shows, read from their stored listing summary: no offer is read,
    so filters, sorts and the page count run on the product table and its partial indexes."""
    return _card_queryset(products).annotate(
        min_price=F("lowest_price"),
        min_price_shop_id=F("lowest_price_shop_id"),
        min_price_shop_name=F("lowest_price_shop__name"),
        shop_count=F("shops_offering"),
        in_stock=F("available"),
    )


def listing_count(*, category_id: int | None, in_stock: bool) -> int | None:
    """The number of listed (or in-stock) products, in a category or all, read from the counters the
    product table's triggers keep (PostgreSQL); None on other databases, whose callers COUNT instead."""
    if connection.vendor != "postgresql":
        return None
    counts = ListingCount.objects.all() if category_id is None else ListingCount.objects.filter(pk=category_id)
    return counts.aggregate(total=Coalesce(Sum("available" if in_stock else "listed"), 0))["total"]


def product_cards(
    products: QuerySet[Product], offers: QuerySet[Offer], *, min_price: F | None = None
) -> QuerySet[Product]:
    """`products` with what a catalogue card shows, taken over their `offers` (already filtered, visible):
    the lowest price and its shop, the number of shops and whether any is in stock. One query per page
    (plus the renditions), whatever the page size: the figures are correlated subqueries, not joins.
    `min_price`: a stored column equal to the lowest price over `offers`, to sort by without reading them."""
    own = offers.filter(product=OuterRef("pk"))
    cheapest = own.order_by("price", "id")
    shops = own.order_by().values("product").annotate(count=Count("shop_id", distinct=True)).values("count")
    return _card_queryset(products).annotate(
        min_price=min_price if min_price is not None else Subquery(cheapest.values("price")[:1]),
        min_price_shop_id=Subquery(cheapest.values("shop_id")[:1]),
        min_price_shop_name=Subquery(cheapest.values("shop__name")[:1]),
        shop_count=Subquery(shops),
        in_stock=Exists(own.filter(quantity__gt=0)),
    )


def catalogue_facets(
    products: QuerySet[Product], offers: QuerySet[Offer], *, top_parameters: int = 5, top_values: int = 10
) -> dict:
    """Counts of the products a query selects per category, shop and parameter value, and its price range.

    Set-based: one GROUP BY per facet over the products (and their offers meeting the offer conditions).
    """
    selected = products.order_by().values("pk")
    matching = offers.filter(product__in=selected)
    categories = (
        products.order_by()
        .values("category_id", "category__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "category__name")[:FACET_LIMIT]
    )
    shops = (
        matching.order_by()
        .values("shop_id", "shop__name")
        .annotate(count=Count("product_id", distinct=True))
        .order_by("-count", "shop__name")[:FACET_LIMIT]
    )
    values = OfferParameter.objects.filter(offer__in=matching.values("pk")).order_by()
    common = list(
        values.values("parameter_id")
        .annotate(count=Count("offer__product_id", distinct=True))
        .order_by("-count")[:top_parameters]
    )
    ranked = (
        values.filter(parameter_id__in=[row["parameter_id"] for row in common])
        .values("parameter_id", "parameter__name", "value")
        .annotate(count=Count("offer__product_id", distinct=True))
        .order_by("-count", "value")
    )
    parameters: dict[int, dict] = {row["parameter_id"]: {"values": []} for row in common}
    for row in ranked:
        entry = parameters[row["parameter_id"]]
        entry["name"] = row["parameter__name"]
        if len(entry["values"]) < top_values:
            entry["values"].append({"value": row["value"], "count": row["count"]})
    price = matching.aggregate(min=Min("price"), max=Max("price"))
    return {
        "categories": [
            {"id": row["category_id"], "name": row["category__name"], "count": row["count"]} for row in categories
        ],
        "shops": [{"id": row["shop_id"], "name": row["shop__name"], "count": row["count"]} for row in shops],
        "parameters": [
            {"id": parameter_id, "name": entry["name"], "values": entry["values"]}
            for parameter_id, entry in parameters.items()
            if entry["values"]
        ],
        "price": {"min": price["min"], "max": price["max"]},
    }


def product_detail_queryset() -> QuerySet[Product]:
    """Listed products (with at least one visible offer: one left with none is not found) with their
    category, picture renditions and visible offers (with parameters)."""
    offers = Offer.objects.visible().select_related("shop").prefetch_related(_parameters_prefetch()).order_by("price")
    return (
        Product.objects.filter(listed=True)
        .select_related("category", "image")
        .prefetch_related(Prefetch("offers", queryset=offers, to_attr="visible_offers"), _renditions_prefetch("image"))
    )


def offer_stock(*, offer_ids: Iterable[int]) -> dict[int, int]:
    """Each offer's stock now, read past the catalogue cache (one primary-key lookup): checkout and cancel
    move stock without bumping the catalogue generation."""
    return dict(Offer.objects.filter(pk__in=list(offer_ids)).values_list("pk", "quantity"))


def category_list() -> QuerySet[Category]:
    return Category.objects.order_by("name", "id")


def shop_list() -> QuerySet[Shop]:
    """Shops whose offers a customer can buy now."""
    return Shop.objects.filter(accepts_orders=True).order_by("name", "id")


def cart_detail(*, cart: Cart) -> Cart:
    """The cart with its lines, their offers, products, pictures and shops loaded in one go."""
    items = CartItem.objects.select_related("offer__product__image", "offer__shop").order_by("id")
    return Cart.objects.prefetch_related(
        Prefetch("items", queryset=items), _renditions_prefetch("items__offer__product__image")
    ).get(pk=cart.pk)


def _order_items_prefetch(items: QuerySet[OrderItem]) -> Prefetch:
    return Prefetch("items", queryset=items.order_by("id"))


def _shipments_prefetch(shipments: QuerySet[Shipment]) -> Prefetch:
    """Shipments with their shop, lines and moves (the steps the customer sees): three queries per page."""
    return Prefetch(
        "shipments",
        queryset=shipments.select_related("shop")
        .prefetch_related(
            _order_items_prefetch(OrderItem.objects.all()),
            Prefetch("status_changes", queryset=ShipmentStatusChange.objects.order_by("changed_at", "id")),
        )
        .order_by("id"),
    )


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


def admin_order_detail() -> QuerySet[Order]:
    """Orders with all the order page shows: shipments with their lines and moves, the order's own status
    history and the staff's notes, each with its author: a constant number of queries per page."""
    shipments = Shipment.objects.select_related("shop").prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("id")),
        Prefetch(
            "status_changes",
            queryset=ShipmentStatusChange.objects.select_related("changed_by").order_by("changed_at", "id"),
        ),
    )
    return Order.objects.select_related("user", "contact").prefetch_related(
        Prefetch("shipments", queryset=shipments.order_by("id")),
        Prefetch("status_changes", queryset=OrderStatusChange.objects.select_related("changed_by")),
        Prefetch("notes", queryset=OrderNote.objects.select_related("author")),
    )


def packing_slip_shipment() -> QuerySet[Shipment]:
    return Shipment.objects.select_related("order", "shop").prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("id"))
    )


PACKING_SLIP_TEMPLATE = "shop/admin/packing_slip.html"


def packing_slip(shipment: Shipment) -> dict:
    """What the packing slip (PACKING_SLIP_TEMPLATE) shows of a shipment with its lines prefetched: the staff's
    and the supplier's alike."""
    items = list(shipment.items.all())
    return {
        "shipment": shipment,
        "order": shipment.order,
        "items": items,
        "total_quantity": sum(item.quantity for item in items),
        "total_price": lines_total(items),
    }


MAX_ORDER_ID = 2**63 - 1
# How people write "order number 3": "#3", "№3", "№ 3", "N3", "No. 3". Such a prefix means a number, never a phone.
ORDER_NUMBER_SIGN = re.compile(r"(?:#|№|N(?:o\.?)?)\s*(?=\d)", re.IGNORECASE)
MIN_PHONE_DIGITS = 5
ORDER_NAME_FIELDS = (
    "user__email",
    "user__first_name",
    "user__last_name",
    "delivery_first_name",
    "delivery_last_name",
    "delivery_email",
    "delivery_phone",
)


def search_orders(orders: QuerySet[Order], text: str) -> QuerySet[Order]:
    """Orders matching `text`: its number ("3", "#3", "№3", "№ 3", "N3"), a SKU of one of its lines, or every word
    of it in the customer's or the delivery contact's name, e-mail or phone. A number sign and short numbers mean
    an order number (or a SKU) only, or "3" would also find every phone with a 3 in it."""
    text = text.strip()
    words = text.split()
    if not words:
        return orders
    found = Q(pk__in=OrderItem.objects.filter(external_id__iexact=text).values("order_id"))
    sign = ORDER_NUMBER_SIGN.match(text)
    number = text[sign.end() :] if sign else text
    if number.isdecimal() and int(number) <= MAX_ORDER_ID:  # isdigit() would take "²", which int() refuses
        found |= Q(pk=int(number))
        if sign or len(number) < MIN_PHONE_DIGITS:
            return orders.filter(found)
    every_word = Q()
    for word in words:
        any_field = Q()
        for field in ORDER_NAME_FIELDS:
            any_field |= Q(**{f"{field}__icontains": word})
        every_word &= any_field
    return orders.filter(found | every_word)


def supplier_shops(user) -> QuerySet[Shop]:
    """The shop a supplier account works for, as its owner or a member (a queryset of at most one)."""
    if not getattr(user, "is_supplier", False):
        return Shop.objects.none()
    return Shop.objects.filter(Q(owner=user) | Q(members__user=user)).distinct()


def supplier_shop(user) -> Shop:
    """The shop a supplier works for; NotFoundError (404) when it has none."""
    shop = supplier_shops(user).first()
    if shop is None:
        raise NotFoundError(_("Your account does not own a shop."))
    return shop


def shop_members(shop: Shop) -> QuerySet[ShopMember]:
    """The shop's supplier users with their latest invitation (sent, expires, accepted, revoked) and whether
    they ever accepted one: one query."""
    latest = AccountInvitation.objects.filter(user=OuterRef("user_id")).order_by("-created_at", "-id")
    return (
        ShopMember.objects.filter(shop=shop)
        .select_related("user", "invited_by")
        .annotate(
            invited_at=Subquery(latest.values("created_at")[:1]),
            invitation_expires_at=Subquery(latest.values("expires_at")[:1]),
            invitation_revoked_at=Subquery(latest.values("revoked_at")[:1]),
            invitation_accepted_at=Subquery(latest.values("accepted_at")[:1]),
            accepted_at=Subquery(
                AccountInvitation.objects.filter(user=OuterRef("user_id"), accepted_at__isnull=False)
                .order_by("-accepted_at")
                .values("accepted_at")[:1]
            ),
        )
        .order_by("created_at", "id")
    )


def _units_sold_since(since: datetime) -> QuerySet[OrderItem]:
    """Order lines placed at or after `since` whose shipment is not cancelled: stock taken since then."""
    return OrderItem.objects.filter(order__created_at__gte=since).exclude(shipment__status=ShipmentStatus.CANCELED)


def units_sold_since(*, shop_id: int, since: datetime | None) -> dict[int, int]:
    """{offer id: units} of the shop's offers in orders placed at or after `since` and not cancelled; {} when
    `since` is None. One grouped query over the orders since then."""
    if since is None:
        return {}
    rows = _units_sold_since(since).filter(shop_id=shop_id).values("offer_id").annotate(units=Sum("quantity"))
    return {row["offer_id"]: row["units"] for row in rows}


def stock_and_sales_since(*, offer_ids: list[int], since: datetime | None) -> dict[int, tuple[int, int]]:
    """{offer id: (quantity, units sold since `since`)} of the offers, both read by one statement, so from
    one snapshot: a checkout that commits meanwhile is in both or in neither."""
    offers = Offer.objects.filter(pk__in=offer_ids)
    if since is None:
        return {pk: (quantity, 0) for pk, quantity in offers.values_list("pk", "quantity")}
    sold = (
        _units_sold_since(since)
        .filter(offer_id=OuterRef("pk"))
        .values("offer_id")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    rows = offers.annotate(sold=Coalesce(Subquery(sold), 0)).values_list("pk", "quantity", "sold")
    return {pk: (quantity, units) for pk, quantity, units in rows}
