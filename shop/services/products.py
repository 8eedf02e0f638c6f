"""Creating many products at once, each row written whole (PostgreSQL).

An import writes its offers first, pointing at ids reserved for the products it creates (foreign keys are
checked at commit), then inserts those products with their search documents and listing summaries computed
from those offers in the same statement. A product row written once instead of inserted and then rewritten
by both refreshes saves two new versions of the row and their entries in each of the table's indexes,
the search documents' GIN index among them: two thirds of a first import's product writes.
"""

from collections.abc import Sequence

from django.db import connection

from core import postgres

from ..models import Product
from .listing import SUMMARY_SQL, SUMMARY_VALUES
from .search import DOCUMENT, DOCUMENT_TEXTS_SQL, LEXICON_SQL

# Built from constants only; {staging} holds the rows (COPY: as array parameters they took 0.9 s to parse).
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
