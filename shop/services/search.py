"""Keeping the stored search documents of products current (PostgreSQL; the embedded SQLite mode needs none).

One set-based UPDATE rewrites the documents of the given products (or of all) from their active offers,
category, shops and parameter values. Catalogue edits call it through shop/receivers.py after commit;
imports and their rollbacks call it inside their transaction, so a document never disagrees with the data.
"""

from collections.abc import Iterable

from django.db import connection

# Weights: product name A, offer (variant) names B, category and shop names C, parameter values D. Each
# text is indexed by both the Russian and the English stemmer, so "телефоны" and "phones" both match.
_DOCUMENT = " || ".join(
    f"setweight(to_tsvector('{config}', coalesce({column}, '')), '{weight}')"
    for column, weight in (
        ("docs.name", "A"),
        ("docs.offer_names", "B"),
        ("docs.category_name", "C"),
        ("docs.shop_names", "C"),
        ("docs.parameter_values", "D"),
    )
    for config in ("russian", "english")
)

# Built from constants only; ids are passed as parameters.
REFRESH_SQL = f"""
WITH docs AS (
    SELECT p.id, p.name, c.name AS category_name,
        (SELECT string_agg(DISTINCT o.name, ' ') FROM shop_offer o
          WHERE o.product_id = p.id AND o.is_active) AS offer_names,
        (SELECT string_agg(DISTINCT s.name, ' ') FROM shop_offer o JOIN shop_shop s ON s.id = o.shop_id
          WHERE o.product_id = p.id AND o.is_active) AS shop_names,
        (SELECT string_agg(DISTINCT op.value, ' ') FROM shop_offer o
           JOIN shop_offerparameter op ON op.offer_id = o.id
          WHERE o.product_id = p.id AND o.is_active) AS parameter_values
    FROM shop_product p JOIN shop_category c ON c.id = p.category_id
    WHERE {{condition}}
)
UPDATE shop_product p
SET search_document = {_DOCUMENT},
    search_names = lower(concat_ws(' ', docs.name, docs.category_name, docs.shop_names))
FROM docs
WHERE docs.id = p.id
"""  # noqa: S608


def refresh_search_documents(product_ids: Iterable[int] | None = None) -> None:
    """Rewrite the search documents of `product_ids` (all products when None) in one statement."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if product_ids is None:
            cursor.execute(REFRESH_SQL.format(condition="TRUE"))
            return
        ids = sorted(set(product_ids))
        if ids:
            cursor.execute(REFRESH_SQL.format(condition="p.id = ANY(%s)"), [ids])


def refresh_shop_search_documents(shop_id: int) -> None:
    """After an import or its rollback: every product the shop offers (withdrawn offers included)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            REFRESH_SQL.format(condition="p.id IN (SELECT product_id FROM shop_offer WHERE shop_id = %s)"), [shop_id]
        )
