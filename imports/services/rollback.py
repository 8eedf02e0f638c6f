"""Rolling back a shop's latest applied import from its before-image."""

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import postgres
from shop.catalogue_cache import bump_catalogue_generation
from shop.models import CartItem, Category, Offer, OrderItem, Parameter, Product
from shop.services.catalogue import bump_catalogue_version, set_stock_counted_at
from shop.services.products import refresh_shop_products

from ..exceptions import ImportConflict
from ..models import ImportRun, ImportSnapshotChunk, ImportStatus, SnapshotKind
from ..selectors import latest_applied_run_id, stock_count_of
from . import bulk
from .apply import OFFER_BATCH, lock_shop_for_import, offer_fingerprints, replace_parameters
from .bulk import batched, raw_delete

logger = logging.getLogger(__name__)

EDITED_LISTED = 100


def check_rollback(run: ImportRun) -> None:
    """Refuse (ImportConflict, with the reason) anything but the shop's latest applied run."""
    if run.status != ImportStatus.APPLIED:
        raise ImportConflict(
            _("Only an applied import can be rolled back; this one is %(status)s.")
            % {"status": run.get_status_display()}
        )
    if run.pruned_at is not None:
        raise ImportConflict(_("This import is too old to roll back: its before-image was pruned."))
    latest = latest_applied_run_id(run.shop_id)
    if latest != run.pk:
        raise ImportConflict(
            _("Only the shop's latest applied import (#%(latest)s) can be rolled back.") % {"latest": latest},
            latest_import_id=latest,
        )


def edited_since_import(run: ImportRun) -> list[dict]:
    """Offers the import wrote that were changed by hand since (anything but the quantity) or deleted:
    rollback would overwrite (or could not restore) them. Read from the state stored right after it."""
    edited = []
    chunks = ImportSnapshotChunk.objects.filter(run=run, kind=SnapshotKind.AFTER).order_by("position")
    for rows in chunks.values_list("rows", flat=True).iterator(chunk_size=1):
        now = offer_fingerprints([offer_id for offer_id, _quantity, _fingerprint in rows])
        for offer_id, _quantity, fingerprint in rows:
            if fingerprint is None:
                continue
            if offer_id not in now:
                edited.append({"offer_id": offer_id, "change": "deleted"})
            elif now[offer_id][1] != fingerprint:
                edited.append({"offer_id": offer_id, "change": "edited"})
    names = dict(Offer.objects.filter(pk__in=[row["offer_id"] for row in edited]).values_list("pk", "name"))
    return [{**row, "name": names.get(row["offer_id"], "")} for row in edited]


def check_manual_edits(run: ImportRun, *, overwrite_edits: bool) -> None:
    """Refuse (ImportConflict listing them) to overwrite offers staff edited since the import, unless confirmed."""
    if overwrite_edits:
        return
    edited = edited_since_import(run)
    if edited:
        raise ImportConflict(
            _(
                "%(count)s offer(s) were changed or deleted by hand since this import; rolling it back would "
                "overwrite those changes. Confirm it explicitly to roll back anyway."
            )
            % {"count": len(edited)},
            code="manual_edits",
            edited_offers=edited[:EDITED_LISTED],
            edited_count=len(edited),
        )


def rollback_import(*, run_id: int, user=None, overwrite_edits: bool = False) -> ImportRun:
    """Return the shop's catalogue to its state before this run, in one transaction.

    Prices, RRC, names, descriptions, products (hence categories), parameters and active flags come back
    from the before-image; quantity becomes before + (now − right after the import), so sales and
    cancellations since both count (never below 0). Offers edited by hand since the import are listed and
    the rollback refused (ImportConflict) unless `overwrite_edits`; offers deleted since stay deleted on
    every database. Offers, products, categories, parameters and category links the import created are
    deleted, except offers that orders reference (those are withdrawn) and rows that something else uses
    by now. Refused (ImportConflict) unless the run is the shop's latest applied one or while another
    import of the shop runs. The catalogue cache generation is bumped after commit.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        lock_shop_for_import(run.shop_id)
        postgres.tune_bulk_transaction()
        check_rollback(run)
        check_manual_edits(run, overwrite_edits=overwrite_edits)
        # Products the import left the shop offering: those it created or moved offers to may lose them.
        offered = set(Offer.objects.filter(shop_id=run.shop_id).values_list("product_id", flat=True).distinct())
        chunks = ImportSnapshotChunk.objects.filter(run=run).order_by("kind", "position")
        after = {
            offer_id: quantity
            for rows in chunks.filter(kind=SnapshotKind.AFTER).values_list("rows", flat=True).iterator(chunk_size=1)
            for offer_id, quantity, _fingerprint in rows
        }
        for chunk in chunks.filter(kind=SnapshotKind.OFFERS).iterator(chunk_size=1):
            _restore_offers(run.shop_id, chunk.rows, after)
        for chunk in chunks.filter(kind=SnapshotKind.CREATED_OFFERS).iterator(chunk_size=1):
            _remove_created_offers(chunk.rows)
        for kind, remove in (
            (SnapshotKind.CREATED_PRODUCTS, _remove_created_products),
            (SnapshotKind.CREATED_SHOP_CATEGORIES, lambda ids: _unlink_categories(run.shop_id, ids)),
            (SnapshotKind.CREATED_CATEGORIES, _remove_created_categories),
            (SnapshotKind.CREATED_PARAMETERS, _remove_created_parameters),
        ):
            for chunk in chunks.filter(kind=kind).iterator(chunk_size=1):
                remove(chunk.rows)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.ROLLED_BACK, rolled_back_at=timezone.now(), rolled_back_by=user, failure=""
        )
        bump_catalogue_version(shop_ids=[run.shop_id])
        set_stock_counted_at(shop_id=run.shop_id, counted_at=stock_count_of(latest_applied_run_id(run.shop_id)))
        refresh_shop_products(run.shop_id, offered)
        transaction.on_commit(bump_catalogue_generation)
    logger.info("import %s of shop %s rolled back", run.pk, run.shop_id)
    run.refresh_from_db()
    return run


def _restore_offers(shop_id: int, rows: list[list], after: dict[int, int | None]) -> None:
    """Rewrite the offers of the before-image that still exist (a deleted one is never brought back, the same
    on PostgreSQL's UPDATE … FROM and SQLite's upsert)."""
    now_quantities = dict(Offer.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "quantity"))
    offers = []
    parameters = []
    for offer_id, product_id, name, external_id, description, price, price_rrc, quantity, active, params in rows:
        if offer_id not in now_quantities:
            continue
        # a change of the quantity (see bulk.update_offers): before + (now − right after) once written
        right_after = after.get(offer_id)
        quantity -= right_after if right_after is not None else now_quantities[offer_id]
        offers.append(
            (offer_id, product_id, name, external_id, description, Decimal(price), Decimal(price_rrc), quantity, active)
        )
        parameters.append((offer_id, dict(params)))
    bulk.update_offers(shop_id=shop_id, rows=offers, now=timezone.now())
    replace_parameters(parameters)


def _remove_created_offers(ids: list[int]) -> None:
    """Delete the offers an import created, with their parameters and cart lines; offers that orders
    reference since cannot go, so they are withdrawn."""
    referenced = set(OrderItem.objects.filter(offer_id__in=ids).values_list("offer_id", flat=True).distinct())
    if referenced:
        Offer.objects.filter(pk__in=referenced).update(is_active=False, updated_at=timezone.now())
    removable = [pk for pk in ids if pk not in referenced]
    bulk.delete_parameters(removable)
    raw_delete(CartItem.objects.filter(offer_id__in=removable))
    raw_delete(Offer.objects.filter(pk__in=removable))


def _remove_created_products(ids: list[int]) -> None:
    for batch in batched(ids, OFFER_BATCH):
        unused = Product.objects.filter(pk__in=batch, offers__isnull=True).values_list("pk", flat=True)
        raw_delete(Product.objects.filter(pk__in=list(unused)))


def _unlink_categories(shop_id: int, category_ids: list[int]) -> None:
    raw_delete(Category.shops.through.objects.filter(shop_id=shop_id, category_id__in=category_ids))


def _remove_created_categories(ids: list[int]) -> None:
    unused = list(Category.objects.filter(pk__in=ids, products__isnull=True).values_list("pk", flat=True))
    raw_delete(Category.shops.through.objects.filter(category_id__in=unused))
    raw_delete(Category.objects.filter(pk__in=unused))


def _remove_created_parameters(ids: list[int]) -> None:
    unused = list(Parameter.objects.filter(pk__in=ids, offer_parameters__isnull=True).values_list("pk", flat=True))
    raw_delete(Parameter.objects.filter(pk__in=unused))
