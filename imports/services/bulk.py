"""Bulk writes of the import engine, set-based whatever the size.

PostgreSQL: COPY streams rows in (offers get ids reserved from their sequence in one statement), updates
go through a temporary table and one `UPDATE … FROM`, and id lists travel as one array parameter.
Elsewhere (the embedded SQLite mode) the ORM's bulk operations do the same job in batches.
Every function runs inside the caller's transaction.
"""

import json
from collections.abc import Iterable
from datetime import datetime
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from core import postgres
from shop.models import Offer, OfferParameter, Product
from shop.services.listing import refresh_listings
from shop.services.products import create_products

BATCH = 10_000
PARAMETER_BATCH = 30_000

OFFER_COLUMNS = ("product_id", "name", "external_id", "description", "price", "price_rrc", "quantity", "is_active")


def batched(items: Iterable, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def raw_delete(queryset) -> int:
    """One DELETE statement, without Django's collector: no per-row fetch and no per-row signals.

    The catalogue receivers would otherwise queue one cache bump per deleted row; imports bump the
    generation once after commit. Callers delete dependent rows first (they are all known here).
    """
    return queryset._raw_delete(queryset.db)


def insert_offers(*, shop_id: int, rows: list[tuple], now: datetime) -> list[int]:
    """Insert offers (tuples in OFFER_COLUMNS order) and return their ids in the same order."""
    if not rows:
        return []
    if on_postgres():
        table = Offer._meta.db_table
        ids = postgres.reserve_ids(table, len(rows))
        postgres.copy_rows(
            table,
            ("id", "shop_id", *OFFER_COLUMNS, "created_at", "updated_at"),
            ((pk, shop_id, *row, now, now) for pk, row in zip(ids, rows, strict=True)),
        )
        return ids
    ids: list[int] = []
    for batch in batched(rows, BATCH):
        created = Offer.objects.bulk_create(
            [Offer(shop_id=shop_id, **dict(zip(OFFER_COLUMNS, row, strict=True))) for row in batch]
        )
        ids.extend(offer.pk for offer in created)
    return ids


def update_offers(*, shop_id: int, rows: list[tuple], now: datetime) -> dict[int, int]:
    """Rewrite existing offers by id: rows are (id, *OFFER_COLUMNS), external_id kept as given, except that
    `quantity` is a change: added to the offer's quantity as it is when the row is written (never below 0).

    On PostgreSQL the UPDATE adds it to the row version it locks, so a checkout that commits while the
    import runs keeps its sale. Returns {offer id: quantity written}.
    """
    if not rows:
        return {}
    if on_postgres():
        table = Offer._meta.db_table
        columns = ("id", *OFFER_COLUMNS)
        staging = postgres.staging_table(table, columns)
        postgres.copy_rows(staging, columns, rows)
        quote = connection.ops.quote_name
        assignments = ", ".join(
            f"{quote(c)} = GREATEST(o.{quote(c)} + s.{quote(c)}, 0)"
            if c == "quantity"
            else f"{quote(c)} = s.{quote(c)}"
            for c in OFFER_COLUMNS
            if c != "external_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} AS o SET {assignments}, updated_at = %s "  # noqa: S608 (names, not data)
                f"FROM {quote(staging)} AS s WHERE o.id = s.id RETURNING o.id, o.quantity",
                [now],
            )
            return dict(cursor.fetchall())
    fields = [column.removesuffix("_id") if column == "product_id" else column for column in OFFER_COLUMNS]
    update_fields = [field for field in fields if field != "external_id"] + ["updated_at"]
    quantity = OFFER_COLUMNS.index("quantity") + 1
    written: dict[int, int] = {}
    for batch in batched(rows, BATCH):
        # SQLite: the import's transaction is the only writer, so what it reads stays true until it writes
        now_quantities = dict(Offer.objects.filter(pk__in=[row[0] for row in batch]).values_list("pk", "quantity"))
        batch = [
            (*row[:quantity], max(now_quantities[row[0]] + row[quantity], 0), *row[quantity + 1 :])
            for row in batch
            if row[0] in now_quantities
        ]
        Offer.objects.bulk_create(
            [Offer(id=row[0], shop_id=shop_id, **dict(zip(OFFER_COLUMNS, row[1:], strict=True))) for row in batch],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=update_fields,
        )
        written.update((row[0], row[quantity]) for row in batch)
    return written


def deactivate_offers(ids: list[int], *, now: datetime) -> None:
    if on_postgres() and ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(Offer._meta.db_table)} "  # noqa: S608 (names, not data)
                "SET is_active = false, updated_at = %s WHERE id = ANY(%s)",
                [now, ids],
            )
        return
    for batch in batched(ids, BATCH):
        Offer.objects.filter(pk__in=batch).update(is_active=False, updated_at=now)


def delete_parameters(offer_ids: list[int]) -> None:
    if on_postgres() and offer_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(OfferParameter._meta.db_table)} WHERE offer_id = ANY(%s)",  # noqa: S608
                [offer_ids],
            )
        return
    for batch in batched(offer_ids, BATCH):
        raw_delete(OfferParameter.objects.filter(offer_id__in=batch))


def insert_parameters(rows: Iterable[tuple[int, int, str]]) -> None:
    """Insert (offer id, parameter id, value) rows."""
    if on_postgres():
        postgres.copy_rows(OfferParameter._meta.db_table, ("offer_id", "parameter_id", "value"), rows)
        return
    for batch in batched(rows, PARAMETER_BATCH):
        OfferParameter.objects.bulk_create(
            [OfferParameter(offer_id=offer, parameter_id=parameter, value=value) for offer, parameter, value in batch]
        )


def plan_products(keys: list[tuple[int, str]]) -> list[int]:
    """Ids for products the import creates, (category id, name) in, ids out in the same order.

    PostgreSQL: reserved from the sequence only. The import's offers point at them, and
    create_planned_products() writes the rows once those offers exist, each whole. Elsewhere (SQLite, one
    writer at a time) the products are created now, and create_planned_products() summarises them.
    """
    if not keys:
        return []
    if on_postgres():
        return postgres.reserve_ids(Product._meta.db_table, len(keys))
    for batch in batched(keys, BATCH):
        Product.objects.bulk_create(
            [Product(category_id=category_id, name=name) for category_id, name in batch], ignore_conflicts=True
        )
    ids = product_ids(category_id for category_id, _ in keys)
    return [ids[key] for key in keys]


def product_ids(category_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    """{(category id, name): id} of every product of those categories, streamed."""
    rows = Product.objects.filter(category_id__in=set(category_ids)).order_by()
    values = rows.values_list("category_id", "name", "id").iterator(chunk_size=BATCH)
    return {(category_id, name): pk for category_id, name, pk in values}


def create_planned_products(planned: dict[tuple[int, str], int]) -> tuple[set[int], dict[int, int]]:
    """Write the products of plan_products() once the import's offers point at them.

    Returns the ids of the products created, each with its listing summary and (PostgreSQL) search document,
    and {planned id: existing id} for those a concurrent import created first (PostgreSQL), whose offers are
    moved to the existing product here; those products still need their summaries and documents refreshed.
    """
    if not on_postgres():
        created = set(planned.values())
        refresh_listings(created)
        return created, {}
    created = create_products([(pk, category_id, name) for (category_id, name), pk in planned.items()])
    lost = {key: pk for key, pk in planned.items() if pk not in created}
    if not lost:
        return created, {}
    existing = product_ids(category_id for category_id, _ in lost)
    taken = {pk: existing[key] for key, pk in lost.items()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(Offer._meta.db_table)} AS o SET product_id = moved.existing "  # noqa: S608
            "FROM unnest(%s::bigint[], %s::bigint[]) AS moved(planned, existing) WHERE o.product_id = moved.planned",
            [list(taken), list(taken.values())],
        )
    return created, taken


def analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of tables an import fills, inside its transaction (ANALYZE counts the
    transaction's own rows). Autovacuum only analyses after commit and a while later: statements planned for
    tables their statistics call near-empty run for minutes instead of seconds (a first import's product
    documents as a correlated scan of every offer per product; the next preview's diff as a scan of every
    product per offer, 170 s for 100,000 offers). ANALYZE keeps the tables' SHARE UPDATE EXCLUSIVE lock to
    commit: reads and writes go on, a second large import's ANALYZE waits for this one."""
    if on_postgres():
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
            cursor.execute(f"ANALYZE {tables}")


def insert_json_chunks(model, rows: Iterable[tuple[int, str, int, object]]) -> None:
    """Insert (run id, kind, position, rows) into a chunk table (ImportChangeChunk, ImportSnapshotChunk)."""
    if on_postgres():
        postgres.copy_rows(
            model._meta.db_table,
            ("run_id", "kind", "position", "rows"),
            (
                (run_id, kind, position, json.dumps(data, cls=DjangoJSONEncoder))
                for run_id, kind, position, data in rows
            ),
        )
        return
    for batch in batched(rows, 500):
        model.objects.bulk_create(
            [model(run_id=run_id, kind=kind, position=position, rows=data) for run_id, kind, position, data in batch]
        )
