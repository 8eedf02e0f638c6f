"""Storing a run's preview: its parsed price list, its diff (change pages and plan) and what its guards need."""

import json
import logging
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import postgres
from core.store_settings import imports_withdraw_missing
from shop.models import Offer, Shop
from shop.selectors import units_sold_since

from ..change_display import SOLD_SINCE_IMPORT
from ..diff import PriceListDiff, diff_pricelist, dump_diff_plan
from ..exceptions import ImportConflict
from ..models import ChangeKind, ImportChangeChunk, ImportPriceList, ImportRun, ImportStatus, ImportUpload
from ..pricelist import PriceList, dump_pricelist
from . import bulk
from .bulk import batched, raw_delete

logger = logging.getLogger(__name__)

CHANGES_PER_CHUNK = 100


def store_preview(*, run: ImportRun, pricelist: PriceList) -> ImportRun:
    """Diff the price list against the shop's offers now and store it all on the run, left `previewed`.

    The shop's catalogue version and the time are read before the diff, so an edit made while it is computed
    makes the preview out of date rather than silently wrong, and a sale made meanwhile is subtracted at apply.
    """
    previewed_at = timezone.now()
    version, counted_at = Shop.objects.filter(pk=run.shop_id).values_list("catalogue_version", "stock_counted_at").get()
    active = Offer.objects.filter(shop_id=run.shop_id, is_active=True).count()
    with transaction.atomic():  # for the reads' sort memory only (see tune_bulk_transaction)
        postgres.tune_bulk_transaction()
        diff = diff_pricelist(shop_id=run.shop_id, pricelist=pricelist, withdraw_missing=imports_withdraw_missing())
    with transaction.atomic():
        ImportPriceList.objects.update_or_create(
            run=run, defaults={"data": dump_pricelist(pricelist), "diff_plan": dump_diff_plan(diff, pricelist)}
        )
        write_changes(run.pk, diff, sold_since_import=units_sold_since(shop_id=run.shop_id, since=counted_at))
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.PREVIEWED,
            **diff.run_summary(),
            progress_done=0,
            progress_total=diff.change_count,
            catalogue_version=version,
            previewed_at=previewed_at,
            active_offer_count=active,
            file_shop_name=pricelist.shop_name[:200],
            heartbeat_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


def change_rows(
    diff: PriceListDiff, sold_since_import: dict[int, int] | None = None
) -> Iterator[tuple[str, Iterator[dict]]]:
    """The diff as the rows of the preview table, by kind of change; an updated offer whose stock changes and
    that sold since the shop's last import says how much (`sold_since_import`, see change_display)."""
    sold_since_import = sold_since_import or {}
    yield (
        ChangeKind.CREATED,
        (
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
        ),
    )
    yield (
        ChangeKind.UPDATED,
        (
            {
                "line": update.item.line,
                "offer_id": update.current.id,
                "external_id": update.current.external_id,
                "name": update.item.name,
                "changes": update.changes,
                **_sold_since_import(update, sold_since_import),
            }
            for update in diff.updated
        ),
    )
    yield (
        ChangeKind.WITHDRAWN,
        (
            {"offer_id": offer.id, "external_id": offer.external_id, "name": offer.name, "product": offer.product}
            for offer in diff.withdrawn
        ),
    )


def _sold_since_import(update, sold_since_import: dict[int, int]) -> dict:
    sold = sold_since_import.get(update.current.id, 0) if "quantity" in update.changes else 0
    return {SOLD_SINCE_IMPORT: sold} if sold else {}


def write_changes(run_id: int, diff: PriceListDiff, sold_since_import: dict[int, int] | None = None) -> None:
    """Store the diff as pages of CHANGES_PER_CHUNK rows for the preview table and the history."""
    raw_delete(ImportChangeChunk.objects.filter(run_id=run_id))
    chunks = (
        (run_id, kind, position, rows)
        for kind, changes in change_rows(diff, sold_since_import)
        for position, rows in enumerate(batched(changes, CHANGES_PER_CHUNK))
    )
    bulk.insert_json_chunks(ImportChangeChunk, chunks)


def same_changes(run_id: int, diff: PriceListDiff) -> bool:
    """Whether `diff` has exactly the changes stored for the run (its preview), row for row."""
    stored = ImportChangeChunk.objects.filter(run_id=run_id).order_by("position")
    for kind, rows in change_rows(diff):
        fresh = json.loads(json.dumps(list(rows), cls=DjangoJSONEncoder))
        # what sold since the last import is told to the reader, no part of what apply writes
        previewed = [
            {key: value for key, value in row.items() if key != SOLD_SINCE_IMPORT}
            for chunk in stored.filter(kind=kind).values_list("rows", flat=True)
            for row in chunk
        ]
        if fresh != previewed:
            return False
    return True


def discard_preview(*, run_id: int) -> ImportRun:
    """Give up a preview that will not be applied: the run stays in the history, `discarded`, with its counts,
    warnings and who started it; its file, parsed price list and change pages are deleted (`pruned_at`).

    Under a row lock on the run, so an apply starting at the same moment either finds it discarded or is
    the one that wins (the discard is then refused). Anything but a previewed run is refused (ImportConflict).
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if run.status != ImportStatus.PREVIEWED:
            raise ImportConflict(
                _("Only a previewed import can be discarded; this one is %(status)s.")
                % {"status": run.get_status_display()}
            )
        for model in (ImportUpload, ImportPriceList, ImportChangeChunk):
            raw_delete(model.objects.filter(run_id=run.pk))
        run.status = ImportStatus.DISCARDED
        run.failure = ""
        run.pruned_at = timezone.now()
        run.save(update_fields=["status", "failure", "pruned_at"])
    logger.info("import %s of shop %s: preview discarded", run.pk, run.shop_id)
    return run
