"""Reads of the shop app, shaped for the API: each list costs a constant number of queries."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from .exceptions import NotFoundError
from .images import PRODUCT_IMAGE_FILTERS
from .models import Cart, CartItem, Category, Offer, OfferParameter, Order, OrderItem, Product, Shop

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


def product_cards(products: QuerySet[Product], offers: QuerySet[Offer]) -> QuerySet[Product]:
    """`products` with what a catalogue card shows, taken over their `offers` (already filtered, visible):
    the lowest price and its shop, the number of shops and whether any is in stock. One query per page
    (plus the renditions), whatever the page size: the figures are correlated subqueries, not joins."""
    own = offers.filter(product=OuterRef("pk"))
    cheapest = own.order_by("price", "id")
    shops = own.order_by().values("product").annotate(count=Count("shop_id", distinct=True)).values("count")
    return (
        products.select_related("category", "image")
        .prefetch_related(_renditions_prefetch("image"))
        .annotate(
            min_price=Subquery(cheapest.values("price")[:1]),
            min_price_shop_id=Subquery(cheapest.values("shop_id")[:1]),
            min_price_shop_name=Subquery(cheapest.values("shop__name")[:1]),
            shop_count=Subquery(shops),
            in_stock=Exists(own.filter(quantity__gt=0)),
        )
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
    return Prefetch("items", queryset=items.select_related("shop").order_by("id"))


def order_list(*, user) -> QuerySet[Order]:
    """The customer's own orders, newest first, with contact and lines."""
    return (
        Order.objects.filter(user=user)
        .select_related("contact")
        .prefetch_related(_order_items_prefetch(OrderItem.objects.all()))
        .order_by("-created_at", "-id")
    )


def supplier_order_list(*, shop: Shop) -> QuerySet[Order]:
    """Orders with at least one line of `shop`, each carrying only that shop's lines."""
    return (
        Order.objects.filter(pk__in=OrderItem.objects.filter(shop=shop).values("order_id"))
        .select_related("contact")
        .prefetch_related(_order_items_prefetch(OrderItem.objects.filter(shop=shop)))
        .order_by("-created_at", "-id")
    )


def supplier_shop(user) -> Shop:
    """The shop a supplier owns; NotFoundError (404) when it owns none."""
    shop = Shop.objects.filter(owner=user).first()
    if shop is None:
        raise NotFoundError(_("Your account does not own a shop."))
    return shop
