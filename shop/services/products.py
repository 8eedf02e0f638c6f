"""Products' derived columns — search document and listing summary — written with one row write each.

Every write of a product row adds a new version of it and its entries to each of the table's indexes, the
search documents' GIN index among them, so many products at once are written once, never once per column:

- create_products: an import writes its offers first, pointing at ids reserved for the products it creates
  (foreign keys are checked at commit), then inserts those products with their documents and summaries
  computed from those offers in the same statement (PostgreSQL);
- refresh_products: recomputes both for existing products in one UPDATE, rewriting only rows that change.
"""

from collections.abc import Iterable, Sequence

from django.db import connection

from core import postgres

from ..models import Offer, Product
from .listing import SUMMARY_COLUMNS, SUMMARY_SQL, SUMMARY_VALUES, lock_products, refresh_listings, rewrite_changed_sql
from .search import DOCUMENT, DOCUMENT_TEXTS_SQL, LEXICON_SQL

# Built from constants only; {staging} holds the rows, copied in and analysed so the planner knows how many.
CREATE_SQL = f"""
WITH target AS (
    SELECT new.id, new.category_id, new.name, c.name AS category_name
    FROM {{staging}} new JOIN shop_category c ON c.id = new.category_id
), {DOCUMENT_TEXTS_SQL}, {SUMMARY_SQL.format(products="SELECT id FROM target")}, created AS (
    INSERT INTO shop_product (id, category_id, name, description, search_document, listed, lowest_price,
        lowest_price_shop_id, shops_offering, available, lowest_available_price)
    SELECT target.id, target.category_id, target.name, '', {DOCUMENT}, {SUMMARY_VALUES}
    FROM target
    JOIN docs ON docs.id = target.id
    LEFT JOIN summary ON summary.product_id = target.id
    -- in one order for every import: two creating the same products queue here instead of deadlocking
    ORDER BY target.category_id, target.name
    ON CONFLICT (category_id, name) DO NOTHING
    RETURNING id
), words AS ({LEXICON_SQL})
SELECT id FROM created
"""  # noqa: S608


def create_products(rows: Sequence[tuple[int, int, str]]) -> set[int]:
    """Insert products (id, category id, name) under ids reserved from the table's sequence, each with the
    search document and listing summary of the offers already pointing at it, adding its words to the lexicon.

    A product another transaction has created meanwhile (same category and name) is left alone: the ids
    returned are those inserted, and offers pointing at a missing id fail the foreign key check at commit
    unless the caller moves them to the existing product.
    """
    if not rows:
        return set()
    columns = ("id", "category_id", "name")
    staging = postgres.staging_table(Product._meta.db_table, columns)
    postgres.copy_rows(staging, columns, rows)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(staging)}")
        cursor.execute(CREATE_SQL.format(staging=connection.ops.quote_name(staging)))
        return {row[0] for row in cursor.fetchall()}


# Documents for the `searched` products, summaries for all of `products` (a summary is cheap, and exact for any
# product). Built from constants only; the ids are parameters.
REFRESH_SQL = f"""
WITH target AS (
    SELECT p.id, p.name, c.name AS category_name
    FROM shop_product p JOIN shop_category c ON c.id = p.category_id
    WHERE p.id = ANY(%(searched)s)
), {DOCUMENT_TEXTS_SQL}, {SUMMARY_SQL.format(products="SELECT unnest(%(products)s::bigint[])")}, fresh AS (
    SELECT p.id, {SUMMARY_VALUES},
        CASE WHEN docs.id IS NULL THEN p.search_document ELSE {DOCUMENT} END AS search_document
    FROM shop_product p
    LEFT JOIN summary ON summary.product_id = p.id
    LEFT JOIN docs ON docs.id = p.id
    WHERE p.id = ANY(%(products)s)
), rewritten AS (
    {rewrite_changed_sql((*SUMMARY_COLUMNS, "search_document"))}
)
{LEXICON_SQL}
"""  # noqa: S608


def refresh_products(*, searched: Iterable[int] = (), listed: Iterable[int] = ()) -> None:
    """Recompute the search documents of `searched` and the listing summaries of `listed` (both kinds of
    change of one product in one row write), adding the documents' words to the lexicon.

    The `listed` products are locked first, as refresh_listings does (see there). SQLite keeps no search documents:
    there the summaries alone are refreshed.
    """
    searched, listed = sorted(set(searched)), set(listed)
    if connection.vendor != "postgresql":
        refresh_listings(listed)
        return
    products = sorted(listed.union(searched))
    if not products:
        return
    if listed:
        lock_products(sorted(listed))
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, {"searched": searched, "products": products})


def refresh_shop_products(shop_id: int, product_ids: Iterable[int] = ()) -> None:
    """After an import's rollback, inside its transaction: the search documents and listing summaries of
    every product the shop offers (withdrawn offers included), plus `product_ids` it may no longer offer."""
    affected = set(Offer.objects.filter(shop_id=shop_id).values_list("product_id", flat=True).distinct())
    affected.update(product_ids)
    refresh_products(searched=affected, listed=affected)
