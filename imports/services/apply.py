"""Applying a price list to a shop's catalogue: one transaction of set-based statements.

The number of statements grows with rows ÷ batch size (10,000 offers), never with rows: categories,
products and parameters are created in bulk, offers are streamed in with COPY (ids reserved in one
statement) or rewritten through a staging table and one `UPDATE … FROM` (see .bulk), withdrawals are one
UPDATE per batch, parameters one DELETE and one COPY. The before-image rollback needs is written
alongside, in JSON chunks of 10,000 offers.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta
from decimal import Decimal
from itertools import chain
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import postgres
from core.store_settings import imports_withdraw_missing
from shop.catalogue_cache import bump_catalogue_generation
from shop.models import Category, Offer, OfferParameter, Parameter, Product, Shop
from shop.selectors import stock_and_sales_since, units_sold_since
from shop.services.catalogue import bump_catalogue_version, set_stock_counted_at
from shop.services.products import refresh_products

from ..diff import CurrentOffer, PriceListDiff, diff_from_plan, diff_pricelist
from ..exceptions import (
    ImportAlreadyHandled,
    ImportConflict,
    ImportOutdated,
    PriceListInvalid,
    errors_to_store,
)
from ..models import ImportPriceList, ImportRun, ImportSnapshotChunk, ImportStatus, SnapshotKind
from ..pricelist import PriceList, PriceListOffer
from ..progress import ProgressRecorder
from ..selectors import load_pricelist
from . import bulk
from .bulk import batched
from .guards import check_guards
from .preview import same_changes, store_preview, write_changes

logger = logging.getLogger(__name__)

OFFER_BATCH = bulk.BATCH
SNAPSHOT_CHUNK = OFFER_BATCH
# From this many written offers on, the planner's statistics of the tables written are refreshed (see
# bulk.analyze).
ANALYZE_AFTER = OFFER_BATCH
# The changes of an offer that its product's search document reflects (shop.services.search: product and
# category names, the active offers' names and parameter values).
SEARCHED_CHANGES = frozenset({"category", "product", "name", "is_active", "parameters"})
# The changes of an offer that its product's listing summary reflects (shop.services.listing: which products
# have visible offers, their lowest prices, shops and stock).
LISTED_CHANGES = frozenset({"category", "product", "price", "quantity", "is_active"})
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


def _refuse_unless_previewed(run: ImportRun) -> None:
    if run.status != ImportStatus.PREVIEWED:
        raise ImportConflict(
            _("Only a previewed import can be applied; this one is %(status)s.") % {"status": run.get_status_display()}
        )
    busy = ImportRun.objects.filter(shop_id=run.shop_id, status=ImportStatus.APPLYING).exclude(pk=run.pk)
    if busy.exists():
        raise ImportConflict(_("Another import of this shop is being applied; try again when it has finished."))


def _record_confirmations(run: ImportRun, *, confirm_withdrawals: bool, confirm_shop_name: bool) -> None:
    run.withdrawals_confirmed = run.withdrawals_confirmed or confirm_withdrawals
    run.shop_name_confirmed = run.shop_name_confirmed or confirm_shop_name


def begin_apply(
    *, run_id: int, task_id: str = "", confirm_withdrawals: bool = False, confirm_shop_name: bool = False
) -> ImportRun:
    """Move a previewed run to `applying`, queued for a worker (atomically, under a row lock on the run).

    Refused with ImportConflict unless the run is previewed and no other run of the same shop is being
    applied (a second apply of a run never touches it), and with ImportNeedsConfirmation while one of its
    guards (see .guards) is not confirmed. The lease is left free for the worker to take (claim_apply).
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("shop").get(pk=run_id)
        _refuse_unless_previewed(run)
        _record_confirmations(run, confirm_withdrawals=confirm_withdrawals, confirm_shop_name=confirm_shop_name)
        if run.catalogue_version is not None:
            check_guards(run)
        run.status = ImportStatus.APPLYING
        run.failure = ""
        run.heartbeat_at = timezone.now()
        run.lease_token = ""
        if task_id:
            run.task_id = task_id
        run.save(
            update_fields=[
                "status",
                "failure",
                "task_id",
                "heartbeat_at",
                "lease_token",
                "withdrawals_confirmed",
                "shop_name_confirmed",
            ]
        )
    return run


def is_stale(run: ImportRun) -> bool:
    """An `applying` run whose worker gave no sign of life for IMPORT_RUN_LEASE_SECONDS."""
    return run.status == ImportStatus.APPLYING and (run.heartbeat_at is None or run.heartbeat_at < lease_expiry())


def lease_expiry():
    return timezone.now() - timedelta(seconds=settings.IMPORT_RUN_LEASE_SECONDS)


def claim_apply(
    *, run_id: int, token: str, confirm_withdrawals: bool = False, confirm_shop_name: bool = False
) -> ImportRun:
    """Take the lease of applying a run: a previewed one (checked as begin_apply does), one queued by
    begin_apply, or one whose last worker died (stale lease). Anything else raises ImportAlreadyHandled and
    is left exactly as it is: a second delivery of the task while the first runs, or a finished run."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("shop").get(pk=run_id)
        if run.status == ImportStatus.APPLYING and run.lease_token and not is_stale(run):
            raise ImportAlreadyHandled(_("This import is already being applied."))
        if run.status != ImportStatus.APPLYING:
            if run.status != ImportStatus.PREVIEWED:
                raise ImportAlreadyHandled(
                    _("Only a previewed import can be applied; this one is %(status)s.")
                    % {"status": run.get_status_display()}
                )
            _refuse_unless_previewed(run)
        _record_confirmations(run, confirm_withdrawals=confirm_withdrawals, confirm_shop_name=confirm_shop_name)
        run.status = ImportStatus.APPLYING
        run.failure = ""
        run.lease_token = token
        run.heartbeat_at = timezone.now()
        run.save(
            update_fields=[
                "status",
                "failure",
                "lease_token",
                "heartbeat_at",
                "withdrawals_confirmed",
                "shop_name_confirmed",
            ]
        )
    return run


def apply_import(
    *,
    run_id: int,
    pricelist: PriceList | None = None,
    progress_callback=None,
    confirm_withdrawals: bool = False,
    confirm_shop_name: bool = False,
) -> ImportRun:
    """Apply a previewed run to its shop's catalogue, all or nothing.

    Guarantees: one transaction (a failure anywhere leaves the catalogue untouched and marks the run
    `failed` with the reason); the run is applied by one execution at a time (a lease, see claim_apply);
    the preview's diff is reused while the shop's catalogue version is the one it was made against,
    otherwise the diff is recomputed under the shop's import lock and applied only if it is identical
    (else ImportOutdated, and the preview is made again); unconfirmed guards refuse it
    (ImportNeedsConfirmation); a second apply or rollback of the same shop at the same time is refused with
    ImportConflict. Refused runs go back to `previewed`. The before-image and the state right after the
    import are stored for rollback; the catalogue cache generation is bumped after commit.
    """
    token = uuid.uuid4().hex
    run = claim_apply(
        run_id=run_id, token=token, confirm_withdrawals=confirm_withdrawals, confirm_shop_name=confirm_shop_name
    )
    mine = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.APPLYING, lease_token=token)
    if pricelist is None:
        try:
            pricelist = load_pricelist(run)
        except PriceListInvalid as exc:
            _mark_failed(mine, failure=str(exc), errors=errors_to_store(exc.errors))
            raise
    try:
        with transaction.atomic():
            lock_shop_for_import(run.shop_id)
            postgres.tune_bulk_transaction()
            if not mine.exists():
                raise ImportAlreadyHandled(_("This import is no longer waiting to be applied."))
            diff, store_changes = _diff_to_apply(run, pricelist)
            check_guards(run)
            descriptions = pricelist.category_descriptions
            changed_products = write_diff(
                run=run,
                diff=diff,
                descriptions=descriptions,
                progress_callback=progress_callback,
                store_changes=store_changes,
            )
            # an unchanged price list wrote nothing: no preview goes out of date, no cached page is stale
            # the file states the shop's stock as the preview saw it (see _update_offers)
            set_stock_counted_at(shop_id=run.shop_id, counted_at=run.previewed_at)
            if diff.change_count:
                bump_catalogue_version(shop_ids=[run.shop_id])
                refresh_products(searched=changed_products.searched, listed=changed_products.listed)
                transaction.on_commit(bump_catalogue_generation)
    except ImportAlreadyHandled:
        raise
    except ImportOutdated:
        mine.update(status=ImportStatus.PREVIEWED, lease_token="")
        store_preview(run=run, pricelist=pricelist)
        raise
    except ImportConflict as exc:
        mine.update(status=ImportStatus.PREVIEWED, lease_token="", failure=exc.detail)
        raise
    except Exception as exc:
        logger.exception("import %s of shop %s failed while applying", run.pk, run.shop_id)
        _mark_failed(mine, failure=f"{type(exc).__name__}: {exc}")
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


def _diff_to_apply(run: ImportRun, pricelist: PriceList) -> tuple[PriceListDiff, bool]:
    """The diff to write, and whether its change pages must be stored (a run applied without a preview).

    Unchanged catalogue (version) and withdrawal setting since the preview: the preview's diff, rebuilt from
    its plan without reading the whole catalogue. Changed: the diff recomputed now, accepted only if identical
    to the preview's.
    The run's counts are brought up to date for the guards.
    """
    version = Shop.objects.filter(pk=run.shop_id).values_list("catalogue_version", flat=True).get()
    plan = ImportPriceList.objects.filter(run=run).values_list("diff_plan", flat=True).first()
    withdraw_missing = imports_withdraw_missing()
    sold = units_sold_since(shop_id=run.shop_id, since=run.previewed_at)
    if plan is not None and run.catalogue_version == version:
        diff = diff_from_plan(shop_id=run.shop_id, pricelist=pricelist, plan=bytes(plan), sold=sold)
        if diff.withdraw_missing == withdraw_missing:
            diff.warnings, diff.warnings_total = run.warnings, len(run.warnings)
            return diff, False
    diff = diff_pricelist(shop_id=run.shop_id, pricelist=pricelist, withdraw_missing=withdraw_missing, sold=sold)
    if run.catalogue_version is None:
        describe_diff(run, diff, pricelist)
        return diff, True
    if not same_changes(run.pk, diff):
        raise ImportOutdated(
            _(
                "The shop's offers changed since this preview (another import, a rollback or a manual edit) and "
                "the changes would differ: the preview was made again; check it and apply again."
            ),
            code="preview_outdated",
        )
    return diff, False


def describe_diff(run: ImportRun, diff: PriceListDiff, pricelist: PriceList) -> None:
    """Set the run's counts and guard inputs (in memory) from a diff of its price list."""
    for name, value in diff.run_summary().items():
        setattr(run, name, value)
    run.file_shop_name = pricelist.shop_name[:200]
    run.active_offer_count = Offer.objects.filter(shop_id=run.shop_id, is_active=True).count()


def _mark_failed(queryset, *, failure: str, errors: list | None = None) -> None:
    fields = {"status": ImportStatus.FAILED, "failure": failure[:5000], "lease_token": ""}
    if errors is not None:
        fields["errors"] = errors
    queryset.update(**fields)


class ChangedProducts(NamedTuple):
    searched: set[int]  # whose search documents the writes changed
    listed: set[int]  # whose listing summaries they changed


def write_diff(
    *,
    run: ImportRun,
    diff: PriceListDiff,
    descriptions: dict[str, str],
    progress_callback=None,
    store_changes: bool = True,
) -> ChangedProducts:
    """The writes of one apply; the caller holds the transaction and the shop's import lock, and computed
    the diff under that lock. Returns the products whose search documents and listing summaries it changed."""
    progress = ProgressRecorder(run.pk, total=diff.change_count, callback=progress_callback)
    try:
        snapshot = SnapshotWriter(run.pk)
        touched = diff.created + [update.item for update in diff.updated]
        category_ids = _ensure_categories(run.shop_id, touched, descriptions, snapshot)
        product_ids, new_products = _plan_products(touched, category_ids)
        parameter_ids = _ensure_parameters(touched, diff.parameter_ids, snapshot)
        snapshot.write_offers(
            [update.current for update in diff.updated] + diff.withdrawn, diff.parameter_ids, run.shop_id
        )
        created_ids = _create_offers(run.shop_id, diff.created, product_ids, progress)
        snapshot.write_ids(SnapshotKind.CREATED_OFFERS, created_ids)
        quantities = _update_offers(run, diff, product_ids, progress)
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
        analyze = diff.change_count >= ANALYZE_AFTER
        if analyze:
            bulk.analyze(Offer, OfferParameter)  # before the products' documents are computed from them
        created_products = _create_products(new_products, product_ids, snapshot)
        if analyze and new_products:
            bulk.analyze(Product)
        snapshot.write_after_image(_after_image(diff, created_ids, product_ids, parameter_ids, quantities))
        if store_changes:
            write_changes(run.pk, diff)
    finally:
        progress.close()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.APPLIED,
        applied_at=timezone.now(),
        **diff.run_summary(),
        progress_done=progress.total,
        progress_total=progress.total,
        heartbeat_at=timezone.now(),
        lease_token="",
        active_offer_count=run.active_offer_count,
        file_shop_name=run.file_shop_name,
    )
    # the products it created were written with their documents and summaries
    return ChangedProducts(
        searched=_products_changed(diff, product_ids, SEARCHED_CHANGES) - created_products,
        listed=_products_changed(diff, product_ids, LISTED_CHANGES) - created_products,
    )


def _products_changed(diff: PriceListDiff, product_ids: dict, changes: frozenset[str]) -> set[int]:
    """The products of created and withdrawn offers, and both the old and the new product of an update that
    changes one of `changes` (a new description alone, say, leaves every search document and summary as it was)."""
    updated = [update for update in diff.updated if changes.intersection(update.changes)]
    return (
        {product_ids[(item.category, item.product)] for item in diff.created}
        | {product_ids[(update.item.category, update.item.product)] for update in updated}
        | {offer.product_id for offer in chain((update.current for update in updated), diff.withdrawn)}
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

    def write_after_image(self, rows: Iterable[list]) -> None:
        """Each touched offer as the import left it, [id, quantity, fingerprint] (see _after_image)."""
        self._write(SnapshotKind.AFTER, batched(rows, SNAPSHOT_CHUNK))

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


def _plan_products(
    items: list[PriceListOffer], category_ids: dict[str, int]
) -> tuple[dict[tuple[str, str], int], dict[tuple[int, str], int]]:
    """The id of every product the items name, {(category, product): id}, and the products to create,
    {(category id, name): planned id}, written by _create_products once their offers exist."""
    wanted = {(item.category, item.product) for item in items}
    if not wanted:
        return {}, {}
    by_id = {pk: name for name, pk in category_ids.items()}
    existing = {(by_id[category_id], name): pk for (category_id, name), pk in bulk.product_ids(by_id).items()}
    missing = sorted(wanted - existing.keys())
    keys = [(category_ids[category], name) for category, name in missing]
    new_products = dict(zip(keys, bulk.plan_products(keys), strict=True))
    return {**existing, **{(by_id[key[0]], key[1]): pk for key, pk in new_products.items()}}, new_products


def _create_products(
    new_products: dict[tuple[int, str], int], product_ids: dict[tuple[str, str], int], snapshot: SnapshotWriter
) -> set[int]:
    """Write the planned products (see bulk.create_planned_products); a product a concurrent import created
    first takes its place in `product_ids`. Returns the ids of the products created."""
    created, taken = bulk.create_planned_products(new_products)
    if taken:
        for key, pk in product_ids.items():
            product_ids[key] = taken.get(pk, pk)
    snapshot.write_ids(SnapshotKind.CREATED_PRODUCTS, sorted(created))
    return created


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


def _update_offers(
    run: ImportRun, diff: PriceListDiff, product_ids: dict, progress: ProgressRecorder
) -> dict[int, int]:
    """Rewrite the updated offers; returns {offer id: quantity written}.

    The file states the supplier's stock when it was made, taken to be when the preview read the shop: an
    offer gets the file's quantity minus the units sold since the preview (never below 0). Each row carries
    that as a change of the quantity read in the same statement as those sales (see
    bulk.update_offers), so a checkout committing at any moment of the import keeps its sale.
    """
    now = timezone.now()
    written: dict[int, int] = {}
    for batch in batched(diff.updated, OFFER_BATCH):
        stock = stock_and_sales_since(offer_ids=[update.current.id for update in batch], since=run.previewed_at)
        rows = [
            (
                update.current.id,
                product_ids[(update.item.category, update.item.product)],
                update.item.name,
                update.current.external_id,
                update.item.description,
                update.item.price,
                update.item.price_rrc,
                update.item.quantity - sum(stock[update.current.id]),
                True,
            )
            for update in batch
            if update.current.id in stock
        ]
        written.update(bulk.update_offers(shop_id=run.shop_id, rows=rows, now=now))
        progress.advance(len(batch))
    return written


def _withdraw_offers(offers: list[CurrentOffer], progress: ProgressRecorder) -> None:
    now = timezone.now()
    for batch in batched([offer.id for offer in offers], OFFER_BATCH):
        bulk.deactivate_offers(batch, now=now)
        progress.advance(len(batch))


def _after_image(
    diff: PriceListDiff,
    created_ids: list[int],
    product_ids: dict,
    parameter_ids: dict[str, int],
    quantities: dict[int, int],
) -> Iterator[list]:
    """[offer id, quantity, fingerprint] of every offer the import writes, from the values it writes: what
    offer_fingerprints would read back after the writes, without reading 100,000 offers again, so rollback
    can tell sales from manual edits.

    Created and updated offers get every column from the price list (an update keeps the external id, and
    the quantity the update wrote);
    withdrawn ones keep what the diff read under the import lock, inactive. That read also fed the
    before-image, so before and after agree even if a sale moved a quantity in between.
    """

    def written(offer_id: int, item: PriceListOffer, external_id: str | None) -> list:
        state = (product_ids[(item.category, item.product)], item.name, external_id, item.description)
        return [
            offer_id,
            quantities.get(offer_id, item.quantity),
            fingerprint(*state, item.price, item.price_rrc, True, _parameter_pairs(item.parameters, parameter_ids)),
        ]

    for offer_id, item in zip(created_ids, diff.created, strict=True):
        yield written(offer_id, item, item.external_id)
    for update in diff.updated:
        yield written(update.current.id, update.item, update.current.external_id)
    for offer in diff.withdrawn:
        state = (offer.product_id, offer.name, offer.external_id, offer.description, offer.price, offer.price_rrc)
        yield [offer.id, offer.quantity, fingerprint(*state, False, _parameter_pairs(offer.parameters, parameter_ids))]


def _parameter_pairs(parameters: dict[str, str], parameter_ids: dict[str, int]) -> list[list]:
    return sorted([parameter_ids[name], value] for name, value in parameters.items())


def fingerprint(
    product_id: int,
    name: str,
    external_id: str | None,
    description: str,
    price: Decimal,
    price_rrc: Decimal,
    is_active: bool,
    parameters: list[list],
) -> str:
    """A digest of what staff may edit by hand on an offer; `parameters` are [parameter id, value] pairs
    ordered by parameter id. The quantity is left out: sales and cancellations move it."""
    state = [product_id, name, external_id, description, _cents(price), _cents(price_rrc), is_active]
    return hashlib.blake2b(json.dumps([state, parameters]).encode(), digest_size=12).hexdigest()


def _cents(amount: Decimal) -> str:
    # A price list may write "-0"; the database keeps a zero without its sign.
    return f"{amount:.2f}" if amount else "0.00"


def offer_fingerprints(offer_ids: list[int]) -> dict[int, tuple[int, str]]:
    """{offer id: (quantity, fingerprint)} of those offers that exist, read from the database (see
    fingerprint). Two queries per batch."""
    result: dict[int, tuple[int, str]] = {}
    for batch in batched(offer_ids, OFFER_BATCH):
        parameters: dict[int, list] = {}
        rows = OfferParameter.objects.filter(offer_id__in=batch).order_by("offer_id", "parameter_id")
        for offer_id, parameter_id, value in rows.values_list("offer_id", "parameter_id", "value"):
            parameters.setdefault(offer_id, []).append([parameter_id, value])
        offers = Offer.objects.filter(pk__in=batch).values_list(
            "pk", "product_id", "name", "external_id", "description", "price", "price_rrc", "is_active", "quantity"
        )
        for pk, *state, quantity in offers:
            result[pk] = (quantity, fingerprint(*state, parameters.get(pk, [])))
    return result


def replace_parameters(pairs: list[tuple[int, dict[int, str]]]) -> None:
    """Make each offer's parameters exactly the given {parameter id: value}, set-based."""
    bulk.delete_parameters([offer_id for offer_id, _ in pairs])
    bulk.insert_parameters(
        (offer_id, parameter_id, value) for offer_id, parameters in pairs for parameter_id, value in parameters.items()
    )
