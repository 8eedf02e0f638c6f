"""The listing summary of products (Product.listed … lowest_available_price), kept exact by every write.

Each product carries what the catalogue list filters, sorts and counts by, taken over its visible offers
(active, from a shop accepting orders): whether it has one, the lowest price and its shop, how many shops
offer it, whether any has stock and the lowest price among those that do. One set-based UPDATE recomputes
the summaries of the given products from their offers; every path that changes offers calls it inside its
own transaction, so the list never disagrees with the offers it summarises:

- model saves and deletes (back office, admin, a supplier's order switch): shop/receivers.py, through
  shop.services.products.refresh_products with the search documents;
- stock moves of checkout and cancel: shop/services/stock.py, for the order's products only;
- import apply: shop.services.products — products it creates are inserted with their summaries, those its
  writes changed are refreshed with their documents; rollback: refresh_shop_products() there, for every
  product the shop offered before or after.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Offer, Product


def listing_summary(visible_offers: QuerySet) -> dict:
    """The summary columns as correlated subqueries over `visible_offers` of each product (portable SQL);
    the migration that adds the columns passes its historical offers."""
    visible = visible_offers.filter(product=OuterRef("pk"))
    cheapest = visible.order_by("price", "id")
    in_stock = visible.filter(quantity__gt=0)
    shops = visible.order_by().values("product").annotate(count=Count("shop_id", distinct=True)).values("count")
    return {
        "listed": Exists(visible),
        "lowest_price": Subquery(cheapest.values("price")[:1]),
        "lowest_price_shop_id": Subquery(cheapest.values("shop_id")[:1]),
        "shops_offering": Coalesce(Subquery(shops), 0),
        "available": Exists(in_stock),
        "lowest_available_price": Subquery(in_stock.order_by("price").values("price")[:1]),
    }


# PostgreSQL: one grouped pass over the products' visible offers (the portable correlated subqueries of
# listing_summary() took 9.6 s for the 50,000 products of a 100,000-offer import). The same rules as
# listing_summary(): the cheapest offer by (price, id). `products` is a subquery of the product ids.
SUMMARY_SQL = """
summary AS (
    SELECT o.product_id,
        min(o.price) AS lowest_price,
        (array_agg(o.shop_id ORDER BY o.price, o.id))[1] AS lowest_price_shop_id,
        count(DISTINCT o.shop_id) AS shops_offering,
        bool_or(o.quantity > 0) AS available,
        min(o.price) FILTER (WHERE o.quantity > 0) AS lowest_available_price
    FROM shop_offer o JOIN shop_shop s ON s.id = o.shop_id
    WHERE o.is_active AND s.accepts_orders AND o.product_id IN ({products})
    GROUP BY o.product_id
)"""

# The summary columns of a product from its `summary` row, which it lacks when nothing of it is visible.
SUMMARY_VALUES = """
    summary.product_id IS NOT NULL AS listed, summary.lowest_price, summary.lowest_price_shop_id,
    coalesce(summary.shops_offering, 0) AS shops_offering, coalesce(summary.available, false) AS available,
    summary.lowest_available_price"""

# The columns of the summary, in SUMMARY_VALUES order.
SUMMARY_COLUMNS = (
    "listed",
    "lowest_price",
    "lowest_price_shop_id",
    "shops_offering",
    "available",
    "lowest_available_price",
)


def rewrite_changed_sql(columns: tuple[str, ...]) -> str:
    """`UPDATE shop_product p … FROM fresh` of `columns` from a `fresh` row per product, skipping the rows whose
    values are already those: an unchanged row is not rewritten (no new row version, no index entries).
    `columns` are names from this module, never data."""
    assignments = ", ".join(f"{column} = fresh.{column}" for column in columns)
    stored, computed = (", ".join(f"{row}.{column}" for column in columns) for row in ("p", "fresh"))
    return (
        f"UPDATE shop_product p SET {assignments} FROM fresh "  # noqa: S608
        f"WHERE p.id = fresh.id AND ({stored}) IS DISTINCT FROM ({computed})"
    )


REFRESH_SQL = f"""
WITH {SUMMARY_SQL.format(products="SELECT id FROM shop_product p WHERE {condition}")},
fresh AS (
    SELECT p.id, {SUMMARY_VALUES}
    FROM shop_product p LEFT JOIN summary ON summary.product_id = p.id
    WHERE {{condition}}
)
{rewrite_changed_sql(SUMMARY_COLUMNS)}
"""  # noqa: S608 (built from constants; ids are parameters)


def refresh_listings(product_ids: Iterable[int] | None = None) -> None:
    """Recompute the summaries of `product_ids` (every product when None).

    The products are locked in primary-key order first, in a statement of their own: the recomputing
    statement that follows then sees every change committed by a writer that held them before, so two
    checkouts of different offers of one product cannot leave a summary missing either's stock move."""
    ids = None if product_ids is None else sorted(set(product_ids))
    if ids == []:
        return
    if connection.vendor != "postgresql":
        products = Product.objects.all() if ids is None else Product.objects.filter(pk__in=ids)
        products.update(**listing_summary(Offer.objects.visible()))
        return
    condition, parameters = ("TRUE", []) if ids is None else ("p.id = ANY(%s)", [ids])
    if ids is not None:
        lock_products(ids)
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL.format(condition=condition), parameters * 2)


def lock_products(ids: list[int]) -> None:
    """Lock the products' rows in primary-key order, so concurrent refreshes queue instead of deadlocking."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM shop_product WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [ids])
