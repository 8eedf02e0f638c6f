"""Applying a price list to a shop's catalogue: one transaction of set-based statements.

The number of statements grows with rows ÷ batch size (10,000 offers), never with rows: categories,
products and parameters are created in bulk, offers are streamed in with COPY (ids reserved in one
statement) or rewritten through a staging table and one `UPDATE … FROM` (see .bulk), withdrawals are one
UPDATE per batch, parameters one DELETE and one COPY. The before-image rollback needs is written
alongside, in JSON chunks of 10,000 offers.
"""

import logging
from collections.abc import Iterable
from itertools import chain

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.store_settings import imports_withdraw_missing
from shop.catalogue_cache import bump_catalogue_generation
from shop.models import Category, Parameter, Product, Shop
from shop.services.search import refresh_shop_search_documents

from ..diff import CurrentOffer, PriceListDiff, diff_pricelist
from ..exceptions import ImportConflict, PriceListInvalid, errors_to_store
from ..models import ChangeKind, ImportChangeChunk, ImportRun, ImportSnapshotChunk, ImportStatus, SnapshotKind
from ..pricelist import PriceList, PriceListOffer
from ..progress import ProgressRecorder
from ..selectors import load_pricelist
from . import bulk
from .bulk import batched, raw_delete

logger = logging.getLogger(__name__)

OFFER_BATCH = bulk.BATCH
SNAPSHOT_CHUNK = OFFER_BATCH
CHANGES_PER_CHUNK = 100
# pg_try_advisory_xact_lock key space of shop imports: (namespace << 32) | shop id.
IMPORT_LOCK_NAMESPACE = 0x1A9_0001


def lock_shop_for_import(shop_id: int) -> None:
    """Take the shop's import lock for the current transaction, or refuse at once (never wait).

    PostgreSQL: a transaction-level advisory lock, so other shop row locks (checkout, intake switch)
    are not disturbed. Elsewhere a NOWAIT row lock where supported; SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [(IMPORT_LOCK_NAMESPACE << 32) | shop_id])
            locked = cursor.fetchone()[0]
        if not locked:
            raise ImportConflict(_("Another import of this shop is being applied or rolled back; try again later."))
    else:
        Shop.objects.select_for_update(nowait=connection.features.has_select_for_update_nowait).get(pk=shop_id)


def begin_apply(*, run_id: int, task_id: str = "") -> ImportRun:
    """Move a previewed run to `applying` (atomically, under a row lock on the run).

    Refused with ImportConflict unless the run is previewed (or already marked applying) and no other
    run of the same shop is being applied.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.status not in (ImportStatus.PREVIEWED, ImportStatus.APPLYING):
            raise ImportConflict(
                _("Only a previewed import can be applied; this one is %(status)s.")
                % {"status": run.get_status_display()}
            )
        busy = ImportRun.objects.filter(shop_id=run.shop_id, status=ImportStatus.APPLYING).exclude(pk=run.pk)
        if busy.exists():
            raise ImportConflict(_("Another import of this shop is being applied; try again when it has finished."))
        run.status = ImportStatus.APPLYING
        run.failure = ""
        if task_id:
            run.task_id = task_id
        run.save(update_fields=["status", "failure", "task_id"])
    return run


def apply_import(*, run_id: int, pricelist: PriceList | None = None, progress_callback=None) -> ImportRun:
    """Apply a previewed run to its shop's catalogue, all or nothing.

    Guarantees: one transaction (a failure anywhere leaves the catalogue untouched and marks the run
    `failed` with the reason); the diff is recomputed under the shop's import lock, so what is applied
    matches the catalogue at that moment; a second apply or rollback of the same shop at the same time
    is refused with ImportConflict (the refused run stays `previewed`); the before-image is stored for
    rollback; the catalogue cache generation is bumped after commit.
    """
    run = begin_apply(run_id=run_id)
    if pricelist is None:
        try:
            pricelist = load_pricelist(run)
        except PriceListInvalid as exc:
            _mark_failed(run.pk, failure=str(exc), errors=errors_to_store(exc.errors))
            raise
    try:
        with transaction.atomic():
            lock_shop_for_import(run.shop_id)
            if not ImportRun.objects.filter(pk=run.pk, status=ImportStatus.APPLYING).exists():
                raise ImportConflict(_("This import is no longer waiting to be applied."))
            diff = diff_pricelist(shop_id=run.shop_id, pricelist=pricelist, withdraw_missing=imports_withdraw_missing())
            descriptions = pricelist.category_descriptions
            pricelist = None  # the unchanged offers need not stay in memory while the rest is written
            write_diff(run=run, diff=diff, descriptions=descriptions, progress_callback=progress_callback)
            refresh_shop_search_documents(run.shop_id)
            transaction.on_commit(bump_catalogue_generation)
    except ImportConflict:
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.APPLYING).update(status=ImportStatus.PREVIEWED)
        raise
    except Exception as exc:
        logger.exception("import %s of shop %s failed while applying", run.pk, run.shop_id)
        _mark_failed(run.pk, failure=f"{type(exc).__name__}: {exc}")
        raise
    logger.info(
        "import %s of shop %s applied: %s created, %s updated, %s unchanged, %s withdrawn",
        run.pk,
        run.shop_id,
        len(diff.created),
        len(diff.updated),
        diff.unchanged,
        len(diff.withdrawn),
    )
    run.refresh_from_db()
    return run


def _mark_failed(run_id: int, *, failure: str, errors: list | None = None) -> None:
    fields = {"status": ImportStatus.FAILED, "failure": failure[:5000]}
    if errors is not None:
        fields["errors"] = errors
    ImportRun.objects.filter(pk=run_id).update(**fields)


def write_diff(*, run: ImportRun, diff: PriceListDiff, descriptions: dict[str, str], progress_callback=None) -> None:
    """The writes of one apply; the caller holds the transaction and the shop's import lock, and computed
    the diff under that lock."""
    progress = ProgressRecorder(run.pk, total=diff.change_count, callback=progress_callback)
    try:
        snapshot = SnapshotWriter(run.pk)
        touched = diff.created + [update.item for update in diff.updated]
        category_ids = _ensure_categories(run.shop_id, touched, descriptions, snapshot)
        product_ids = _ensure_products(touched, category_ids, snapshot)
        parameter_ids = _ensure_parameters(touched, diff.parameter_ids, snapshot)
        snapshot.write_offers(
            [update.current for update in diff.updated] + diff.withdrawn, diff.parameter_ids, run.shop_id
        )
        created_ids = _create_offers(run.shop_id, diff.created, product_ids, progress)
        snapshot.write_ids(SnapshotKind.CREATED_OFFERS, created_ids)
        _update_offers(run.shop_id, diff, product_ids, progress)
        _withdraw_offers(diff.withdrawn, progress)

        changed = [u for u in diff.updated if "parameters" in u.changes]
        bulk.delete_parameters([u.current.id for u in changed])
        bulk.insert_parameters(
            (offer_id, parameter_ids[name], value)
            for offer_id, item in chain(
                zip(created_ids, diff.created, strict=True), ((u.current.id, u.item) for u in changed)
            )
            for name, value in item.parameters.items()
        )
        write_changes(run.pk, diff)
    finally:
        progress.close()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.APPLIED,
        applied_at=timezone.now(),
        **diff.run_summary(),
        progress_done=progress.total,
        progress_total=progress.total,
    )


class SnapshotWriter:
    """Writes the before-image of one run in JSON chunks, a few statements per 100,000 offers."""

    def __init__(self, run_id: int):
        self.run_id = run_id

    def write_ids(self, kind: str, ids: list[int]) -> None:
        self._write(kind, batched(ids, OFFER_BATCH))

    def write_offers(self, offers: list[CurrentOffer], parameter_ids: dict[str, int], shop_id: int) -> None:
        def row(offer: CurrentOffer) -> list:
            parameters = [[parameter_ids[name], value] for name, value in offer.parameters.items()]
            return [
                offer.id,
                offer.product_id,
                offer.name,
                offer.external_id,
                offer.description,
                str(offer.price),
                str(offer.price_rrc),
                offer.quantity,
                offer.is_active,
                parameters,
            ]

        self._write(SnapshotKind.OFFERS, ([row(offer) for offer in batch] for batch in batched(offers, SNAPSHOT_CHUNK)))

    def _write(self, kind: str, chunks: Iterable[list]) -> None:
        bulk.insert_json_chunks(
            ImportSnapshotChunk, ((self.run_id, kind, index, rows) for index, rows in enumerate(chunks))
        )


def _ensure_categories(
    shop_id: int, items: list[PriceListOffer], descriptions: dict[str, str], snapshot: SnapshotWriter
) -> dict[str, int]:
    names = {item.category for item in items}
    if not names:
        return {}
    existing = dict(Category.objects.filter(name__in=names).values_list("name", "id"))
    missing = names - existing.keys()
    if missing:
        Category.objects.bulk_create(
            [Category(name=name, description=descriptions.get(name, "")) for name in sorted(missing)],
            ignore_conflicts=True,
        )
        created = dict(Category.objects.filter(name__in=missing).values_list("name", "id"))
        snapshot.write_ids(SnapshotKind.CREATED_CATEGORIES, sorted(created.values()))
        existing.update(created)
    Link = Category.shops.through
    linked = set(
        Link.objects.filter(shop_id=shop_id, category_id__in=existing.values()).values_list("category_id", flat=True)
    )
    new_links = sorted(set(existing.values()) - linked)
    if new_links:
        Link.objects.bulk_create([Link(category_id=pk, shop_id=shop_id) for pk in new_links], ignore_conflicts=True)
        snapshot.write_ids(SnapshotKind.CREATED_SHOP_CATEGORIES, new_links)
    return existing


def _ensure_products(
    items: list[PriceListOffer], category_ids: dict[str, int], snapshot: SnapshotWriter
) -> dict[tuple[str, str], int]:
    wanted = {(item.category, item.product) for item in items}
    if not wanted:
        return {}
    by_id = {pk: name for name, pk in category_ids.items()}

    def load() -> dict[tuple[str, str], int]:
        rows = Product.objects.filter(category_id__in=by_id).order_by().values_list("category_id", "name", "id")
        return {(by_id[category_id], name): pk for category_id, name, pk in rows.iterator(chunk_size=OFFER_BATCH)}

    existing = load()
    missing = sorted(wanted - existing.keys())
    if missing:
        bulk.insert_products([(category_ids[category], name) for category, name in missing])
        known = set(existing.values())
        existing = load()
        snapshot.write_ids(SnapshotKind.CREATED_PRODUCTS, sorted(set(existing.values()) - known))
    return existing


def _ensure_parameters(items: list[PriceListOffer], known: dict[str, int], snapshot: SnapshotWriter) -> dict[str, int]:
    names = {name for item in items for name in item.parameters}
    if not names:
        return dict(known)
    existing = dict(Parameter.objects.filter(name__in=names).values_list("name", "id"))
    missing = names - existing.keys()
    if missing:
        Parameter.objects.bulk_create([Parameter(name=name) for name in sorted(missing)], ignore_conflicts=True)
        created = dict(Parameter.objects.filter(name__in=missing).values_list("name", "id"))
        snapshot.write_ids(SnapshotKind.CREATED_PARAMETERS, sorted(created.values()))
        existing.update(created)
    return {**known, **existing}


def _create_offers(
    shop_id: int, items: list[PriceListOffer], product_ids: dict, progress: ProgressRecorder
) -> list[int]:
    ids: list[int] = []
    now = timezone.now()
    for batch in batched(items, OFFER_BATCH):
        rows = [
            (
                product_ids[(item.category, item.product)],
                item.name,
                item.external_id,
                item.description,
                item.price,
                item.price_rrc,
                item.quantity,
                True,
            )
            for item in batch
        ]
        ids.extend(bulk.insert_offers(shop_id=shop_id, rows=rows, now=now))
        progress.advance(len(batch))
    return ids


def _update_offers(shop_id: int, diff: PriceListDiff, product_ids: dict, progress: ProgressRecorder) -> None:
    now = timezone.now()
    for batch in batched(diff.updated, OFFER_BATCH):
        rows = [
            (
                update.current.id,
                product_ids[(update.item.category, update.item.product)],
                update.item.name,
                update.current.external_id,
                update.item.description,
                update.item.price,
                update.item.price_rrc,
                update.item.quantity,
                True,
            )
            for update in batch
        ]
        bulk.update_offers(shop_id=shop_id, rows=rows, now=now)
        progress.advance(len(batch))


def _withdraw_offers(offers: list[CurrentOffer], progress: ProgressRecorder) -> None:
    now = timezone.now()
    for batch in batched([offer.id for offer in offers], OFFER_BATCH):
        bulk.deactivate_offers(batch, now=now)
        progress.advance(len(batch))


def replace_parameters(pairs: list[tuple[int, dict[int, str]]]) -> None:
    """Make each offer's parameters exactly the given {parameter id: value}, set-based."""
    bulk.delete_parameters([offer_id for offer_id, _ in pairs])
    bulk.insert_parameters(
        (offer_id, parameter_id, value) for offer_id, parameters in pairs for parameter_id, value in parameters.items()
    )


def write_changes(run_id: int, diff: PriceListDiff) -> None:
    """Store the diff as pages of CHANGES_PER_CHUNK rows for the preview table and the history."""
    raw_delete(ImportChangeChunk.objects.filter(run_id=run_id))
    created = (
        {
            "line": item.line,
            "external_id": item.external_id,
            "category": item.category,
            "product": item.product,
            "name": item.name,
            "price": str(item.price),
            "price_rrc": str(item.price_rrc),
            "quantity": item.quantity,
            "parameters": item.parameters,
        }
        for item in diff.created
    )
    updated = (
        {
            "line": update.item.line,
            "offer_id": update.current.id,
            "external_id": update.current.external_id,
            "name": update.item.name,
            "changes": update.changes,
        }
        for update in diff.updated
    )
    withdrawn = (
        {"offer_id": offer.id, "external_id": offer.external_id, "name": offer.name, "product": offer.product}
        for offer in diff.withdrawn
    )
    chunks = (
        (run_id, kind, position, rows)
        for kind, changes in (
            (ChangeKind.CREATED, created),
            (ChangeKind.UPDATED, updated),
            (ChangeKind.WITHDRAWN, withdrawn),
        )
        for position, rows in enumerate(batched(changes, CHANGES_PER_CHUNK))
    )
    bulk.insert_json_chunks(ImportChangeChunk, chunks)
