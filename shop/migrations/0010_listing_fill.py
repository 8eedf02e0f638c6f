"""The listing counters' triggers, the lexicon's index, the first listing summaries, documents and lexicon.

Apart from 0009: its deferred DDL (the new foreign key's index) cannot run after this data has fired
deferred constraint triggers in the same transaction.
"""

from django.db import migrations

from shop.services.listing import listing_summary
from shop.services.search import refresh_search_documents

# PostgreSQL only: misspelt query words are corrected against the lexicon through this index.
LEXICON_INDEX = "CREATE INDEX IF NOT EXISTS shop_searchword_trgm ON shop_searchword USING gin (word gin_trgm_ops)"

# PostgreSQL only: shop_listingcount follows every statement on shop_product. Each statement adds, per
# category, its changes of `listed` and `available` (from the transition tables, so an import's UPDATE of
# 20,000 products is one upsert of a few rows); rows are upserted in category order, so concurrent
# statements lock counters in the same order and cannot deadlock on them.
COUNT_FUNCTION = """
CREATE OR REPLACE FUNCTION shop_listing_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO shop_listingcount (category_id, listed, available)
        SELECT category_id, sum(listed::int), sum(available::int) FROM new_rows WHERE listed OR available
        GROUP BY category_id ORDER BY category_id
        ON CONFLICT (category_id) DO UPDATE SET listed = shop_listingcount.listed + EXCLUDED.listed,
            available = shop_listingcount.available + EXCLUDED.available;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO shop_listingcount (category_id, listed, available)
        SELECT category_id, -sum(listed::int), -sum(available::int) FROM old_rows WHERE listed OR available
        GROUP BY category_id ORDER BY category_id
        ON CONFLICT (category_id) DO UPDATE SET listed = shop_listingcount.listed + EXCLUDED.listed,
            available = shop_listingcount.available + EXCLUDED.available;
    ELSE
        INSERT INTO shop_listingcount (category_id, listed, available)
        SELECT category_id, sum(listed), sum(available)
        FROM (
            SELECT category_id, listed::int AS listed, available::int AS available FROM new_rows
            UNION ALL
            SELECT category_id, -listed::int, -available::int FROM old_rows
        ) AS changes
        GROUP BY category_id HAVING sum(listed) <> 0 OR sum(available) <> 0 ORDER BY category_id
        ON CONFLICT (category_id) DO UPDATE SET listed = shop_listingcount.listed + EXCLUDED.listed,
            available = shop_listingcount.available + EXCLUDED.available;
    END IF;
    RETURN NULL;
END
$$;
"""
COUNT_TRIGGERS = [
    COUNT_FUNCTION,
    "CREATE TRIGGER shop_product_count_insert AFTER INSERT ON shop_product REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION shop_listing_count()",
    "CREATE TRIGGER shop_product_count_update AFTER UPDATE ON shop_product "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shop_listing_count()",
    "CREATE TRIGGER shop_product_count_delete AFTER DELETE ON shop_product REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION shop_listing_count()",
]
DROP_COUNT_TRIGGERS = [
    "DROP TRIGGER IF EXISTS shop_product_count_insert ON shop_product",
    "DROP TRIGGER IF EXISTS shop_product_count_update ON shop_product",
    "DROP TRIGGER IF EXISTS shop_product_count_delete ON shop_product",
    "DROP FUNCTION IF EXISTS shop_listing_count()",
]


def fill(apps, schema_editor) -> None:
    """The counting triggers and the lexicon index (PostgreSQL), the first summaries (counted as they are
    written), then the documents and the lexicon (PostgreSQL)."""
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        for statement in [LEXICON_INDEX, *COUNT_TRIGGERS]:
            schema_editor.execute(statement)
    Offer = apps.get_model("shop", "Offer")
    Product = apps.get_model("shop", "Product")
    Product.objects.update(**listing_summary(Offer.objects.filter(is_active=True, shop__accepts_orders=True)))
    if postgresql:
        refresh_search_documents()


def unfill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in [*DROP_COUNT_TRIGGERS, "DROP INDEX IF EXISTS shop_searchword_trgm"]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("shop", "0009_listing_summary")]

    operations = [migrations.RunPython(fill, unfill)]
