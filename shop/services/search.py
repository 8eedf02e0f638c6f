"""The stored search documents of products (PostgreSQL; the embedded SQLite mode needs none).

A document is computed set-based from the product's active offers, category, shops and parameter values,
and the same statement adds its words to the lexicon (SearchWord) that misspelt query words are corrected
against. shop.services.products writes documents together with the listing summaries, for catalogue edits
(shop/receivers.py), import apply and rollback, inside their transactions, so a document never disagrees
with the data; refresh_search_documents() rewrites documents alone (a full rebuild, the migration).
"""

from django.db import connection

# Weights: product name A, offer (variant) names B, category and shop names C, parameter values D. Each
# text is indexed by both the Russian and the English stemmer, so "телефоны" and "phones" both match.
DOCUMENT = " || ".join(
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

# Lexicon words: what the 'simple' parser splits the texts into (lower-cased, any alphabet), at least three
# letters and no digits (model numbers are not misspelt into other model numbers).
LEXICON_WORD = "length(w.word) BETWEEN 3 AND 100 AND w.word !~ '[[:digit:]]'"

# The texts of each product of a `target` CTE (id, name, category_name), gathered by grouping their active
# offers once: a subquery per product and text took twice as long.
DOCUMENT_TEXTS_SQL = """
active AS MATERIALIZED (
    SELECT o.id, o.product_id, o.name, o.shop_id
    FROM shop_offer o JOIN target ON target.id = o.product_id
    WHERE o.is_active
), offer_texts AS (
    SELECT a.product_id, string_agg(DISTINCT a.name, ' ') AS offer_names, string_agg(DISTINCT s.name, ' ') AS shop_names
    FROM active a JOIN shop_shop s ON s.id = a.shop_id
    GROUP BY a.product_id
), parameter_texts AS (
    SELECT a.product_id, string_agg(DISTINCT op.value, ' ') AS parameter_values
    FROM active a JOIN shop_offerparameter op ON op.offer_id = a.id
    GROUP BY a.product_id
), docs AS MATERIALIZED (
    SELECT target.id, target.name, target.category_name, ot.offer_names, ot.shop_names, pt.parameter_values
    FROM target
    LEFT JOIN offer_texts ot ON ot.product_id = target.id
    LEFT JOIN parameter_texts pt ON pt.product_id = target.id
)"""

# The words of the `docs` texts into the lexicon, each distinct text split once (category and shop names
# repeat on every product of theirs).
LEXICON_SQL = f"""
INSERT INTO shop_searchword (word)
SELECT DISTINCT w.word
FROM (
    SELECT DISTINCT t.text
    FROM docs, unnest(ARRAY[docs.name, docs.offer_names, docs.category_name, docs.shop_names, docs.parameter_values])
        AS t(text)
) texts, unnest(tsvector_to_array(to_tsvector('simple', texts.text))) AS w(word)
WHERE {LEXICON_WORD}
ON CONFLICT (word) DO NOTHING"""  # noqa: S608

# One statement: every document and the lexicon. Built from constants only.
REFRESH_SQL = f"""
WITH target AS (
    SELECT p.id, p.name, c.name AS category_name
    FROM shop_product p JOIN shop_category c ON c.id = p.category_id
), {DOCUMENT_TEXTS_SQL}, documents AS (
    UPDATE shop_product p
    SET search_document = {DOCUMENT}
    FROM docs
    WHERE docs.id = p.id
)
{LEXICON_SQL}
"""  # noqa: S608


def refresh_search_documents() -> None:
    """Rewrite every product's search document and rebuild the lexicon from them, dropping words no product
    uses any more (a full rebuild; everyday writes go through shop.services.products)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM shop_searchword")
        cursor.execute(REFRESH_SQL)
