"""Pruning what old import runs keep: uploads, parsed lists, change pages and before-images.

The runs themselves stay as history (counts, errors, who and when); what the shop's latest applied run
needs for a rollback is kept whatever its age.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportChangeChunk, ImportPriceList, ImportRun, ImportSnapshotChunk, ImportStatus, ImportUpload
from .bulk import raw_delete

logger = logging.getLogger(__name__)


def latest_applied_run_ids() -> list[int]:
    """The run each shop could roll back now."""
    latest = (
        ImportRun.objects.filter(shop_id=OuterRef("shop_id"), status=ImportStatus.APPLIED)
        .order_by("-applied_at", "-id")
        .values("pk")[:1]
    )
    return list(
        ImportRun.objects.filter(status=ImportStatus.APPLIED).filter(pk=Subquery(latest)).values_list("pk", flat=True)
    )


@transaction.atomic
def prune_import_data(*, days: int | None = None) -> dict:
    """Drop the stored data of runs older than `days` (IMPORT_RETENTION_DAYS); a preview that old expires
    (`failed`). Returns how many rows of each kind went."""
    days = settings.IMPORT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    ImportRun.objects.filter(status=ImportStatus.PREVIEWED, created_at__lt=cutoff).update(
        status=ImportStatus.FAILED, failure=_("The preview expired; upload the price list again.")
    )
    old = ImportRun.objects.filter(
        created_at__lt=cutoff, status__in=[ImportStatus.APPLIED, ImportStatus.FAILED, ImportStatus.ROLLED_BACK]
    )
    old_ids = old.values("pk")
    keep = latest_applied_run_ids()
    pruned = {
        "uploads": raw_delete(ImportUpload.objects.filter(run__in=old_ids)),
        "parsed": raw_delete(ImportPriceList.objects.filter(run__in=old_ids)),
        "changes": raw_delete(ImportChangeChunk.objects.filter(run__in=old_ids)),
        "before_images": raw_delete(ImportSnapshotChunk.objects.filter(run__in=old_ids).exclude(run__in=keep)),
    }
    old.exclude(pk__in=keep).filter(pruned_at__isnull=True).update(pruned_at=timezone.now())
    logger.info("pruned import data older than %s days: %s", days, pruned)
    return pruned
