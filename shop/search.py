"""Catalogue search (reads): full-text with Russian and English stemming, typo correction against the
lexicon, synonyms, prefix suggestions. PostgreSQL uses the stored documents of shop/services/search.py, their
GIN index and the trigram index of the lexicon; the embedded SQLite mode falls back to `icontains` over the
same fields (docs/ARCHITECTURE.md).
"""

import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from core.search_limits import SEARCH_MAX_WORDS

from .models import Category, Offer, OfferParameter, Product, SearchSynonym, SearchWord

SEARCH_CONFIGS = ("russian", "english")
SYNONYMS_CACHE_KEY = "search:synonyms"
SYNONYMS_CACHE_TIMEOUT = 300
MAX_WORDS = SEARCH_MAX_WORDS
SUGGESTION_CANDIDATES = 50
MAX_WORD_LENGTH = 40
# The SQLite fallback has no stemmer: a long word also matches by its stem-ish head ("телефоны" → "телефо").
FALLBACK_STEM_MIN_LENGTH = 6
WORD = re.compile(r"[^\W_]+")


def query_words(text: str) -> list[str]:
    """The lower-cased words of a query, at most MAX_WORDS of at most MAX_WORD_LENGTH letters each."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(text.lower())[:MAX_WORDS]]


def synonyms() -> dict[str, list[str]]:
    """term → expansions, read from the cache; saving or deleting a synonym drops the cached copy."""
    table = cache.get(SYNONYMS_CACHE_KEY)
    if table is None:
        table = {synonym.term: synonym.expansion_list for synonym in SearchSynonym.objects.all()}
        cache.set(SYNONYMS_CACHE_KEY, table, SYNONYMS_CACHE_TIMEOUT)
    return table


def forget_synonyms() -> None:
    cache.delete(SYNONYMS_CACHE_KEY)


def _alternatives(words: list[str]) -> list[list[str]]:
    table = synonyms()
    return [[word, *table.get(word, [])] for word in words]


def _full_text_query(words: list[str]) -> SearchQuery:
    """Every word (or one of its synonyms) must match, stemmed by either language."""
    per_word = [
        reduce(or_, (SearchQuery(alternative, config=config) for alternative in options for config in SEARCH_CONFIGS))
        for options in _alternatives(words)
    ]
    return reduce(and_, per_word)


def search_products(products: QuerySet[Product], text: str) -> QuerySet[Product]:
    """`products` matching `text`, annotated with `relevance` (higher is better). No words → unchanged, relevance 0."""
    words = query_words(text)
    if not words:
        return products.annotate(relevance=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(products, words)
    return _search_fallback(products, words)


def _search_postgresql(products: QuerySet[Product], words: list[str]) -> QuerySet[Product]:
    """Full-text through its GIN index, ranked. Words the lexicon lacks are first corrected to their nearest
    lexicon words ("samsng" → "samsung"); the corrected query is used only if the words as typed find
    nothing (an inflected "телефоны" is not in the lexicon, yet found by stemming). When every word is known
    nothing is probed."""
    corrected = corrected_words(words)
    if corrected != words and not _finds_any(products.filter(search_document=_full_text_query(words))):
        words = corrected
    query = _full_text_query(words)
    return products.filter(search_document=query).annotate(relevance=SearchRank(F("search_document"), query))


def _finds_any(matches: QuerySet[Product]) -> bool:
    """Whether `matches` has a row, planned as if all were wanted (so through the GIN index) but read lazily.

    `.exists()` adds LIMIT 1, and the planner, which guesses an unknown word matches 1 % of the products,
    then prefers a sequential scan expecting an early hit: for a word nothing matches it reads the whole
    table. A materialized CTE is planned without the limit and still stops at the first row."""
    sql, params = matches.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # The SQL is the ORM's own compilation; every value in it is a parameter.
        cursor.execute(f"WITH matches AS MATERIALIZED ({sql}) SELECT EXISTS (SELECT 1 FROM matches)", params)  # noqa: S608
        return cursor.fetchone()[0]


# One statement for every word: a word the lexicon holds, or one with digits, stays; any other becomes the
# most similar lexicon word (pg_trgm `%`: similarity at least SEARCH_TYPO_THRESHOLD, through the trigram
# index), if there is one.
CORRECTION_SQL = f"""
SELECT coalesce(
    CASE WHEN q.word ~ '[[:digit:]]' OR EXISTS (SELECT 1 FROM {SearchWord._meta.db_table} k WHERE k.word = q.word)
         THEN q.word END,
    (SELECT w.word FROM {SearchWord._meta.db_table} w WHERE w.word %% q.word
      ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT 1),
    q.word)
FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, position)
ORDER BY q.position
"""  # noqa: S608 (the table name is a constant)


def corrected_words(words: list[str]) -> list[str]:
    """`words` with each misspelt one replaced by the nearest lexicon word (PostgreSQL); words that have
    synonyms are the merchandisers' own and stay as typed."""
    table = synonyms()
    with connection.cursor() as cursor:
        cursor.execute(CORRECTION_SQL, [words])
        corrected = [row[0] for row in cursor.fetchall()]
    return [word if word in table else fixed for word, fixed in zip(words, corrected, strict=True)]


def _fallback_patterns(options: list[str]) -> list[str]:
    patterns = []
    for option in options:
        patterns.append(option)
        if " " not in option and len(option) >= FALLBACK_STEM_MIN_LENGTH:
            patterns.append(option[:-2])
    return patterns


def _search_fallback(products: QuerySet[Product], words: list[str]) -> QuerySet[Product]:
    """icontains over the product, offer, category, shop names and parameter values, with synonyms."""
    conditions, name_hits = [], []
    for options in _alternatives(words):
        patterns = _fallback_patterns(options)
        in_name = reduce(or_, (Q(name__icontains=pattern) for pattern in patterns))
        in_offers = reduce(
            or_,
            (Q(name__icontains=pattern) | Q(shop__name__icontains=pattern) for pattern in patterns),
        )
        in_parameters = reduce(or_, (Q(value__icontains=pattern) for pattern in patterns))
        offers = Offer.objects.filter(product=OuterRef("pk"), is_active=True)
        conditions.append(
            in_name
            | reduce(or_, (Q(category__name__icontains=pattern) for pattern in patterns))
            | Exists(offers.filter(in_offers))
            | Exists(
                OfferParameter.objects.filter(offer__product=OuterRef("pk"), offer__is_active=True).filter(
                    in_parameters
                )
            )
        )
        name_hits.append(Case(When(in_name, then=Value(1.0)), default=Value(0.0), output_field=FloatField()))
    return products.filter(reduce(and_, conditions)).annotate(relevance=reduce(lambda a, b: a + b, name_hits))


def suggest(text: str, *, limit: int) -> dict[str, list]:
    """Products and categories for what has been typed so far: every word, the last one as a prefix."""
    words = query_words(text)
    if not words:
        return {"products": [], "categories": []}
    products = Product.objects.filter(listed=True)
    last = words[-1]
    if connection.vendor == "postgresql":
        raw = " & ".join([*words[:-1], f"{last}:*"])
        query = reduce(or_, (SearchQuery(raw, config=config, search_type="raw") for config in SEARCH_CONFIGS))
        # Ranked among the first SUGGESTION_CANDIDATES matches only: a prefix like "sa" matches a tenth of the
        # catalogue, and ranking (or sorting) all of it costs more than an answer as-you-type may.
        candidates = products.filter(search_document=query).order_by().values("pk")[:SUGGESTION_CANDIDATES]
        products = (
            Product.objects.filter(pk__in=candidates)
            .annotate(relevance=SearchRank(F("search_document"), query))
            .order_by("-relevance", Lower("name"), "id")
        )
    else:
        products = products.filter(reduce(and_, (Q(name__icontains=word) for word in words))).order_by(
            Lower("name"), "id"
        )
    categories = (
        Category.objects.filter(name__icontains=last)
        .annotate(starts=Case(When(name__istartswith=last, then=Value(0)), default=Value(1)))
        .order_by("starts", Lower("name"), "id")
    )
    return {
        "products": list(products.values("id", "name")[:limit]),
        "categories": list(categories.values("id", "name")[:limit]),
    }
