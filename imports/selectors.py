"""Reads of the import pipeline: which shops and runs a user may see, the state of a task, a run's price list."""

import logging
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import postgres
from shop.models import Shop
from shop.selectors import supplier_shops

from .exceptions import PriceListInvalid
from .models import FeedFetch, FeedFetchStatus, ImportPriceList, ImportRun, ImportStatus, ImportUpload, PriceListFeed
from .parsers.formats import parse_pricelist
from .pricelist import PriceList, load_dumped_pricelist
from .sources import resolve_data_path

logger = logging.getLogger(__name__)

RUNNING = {ImportStatus.PENDING, ImportStatus.APPLYING}


def is_staff(user) -> bool:
    """Staff work for every shop (within their permissions); anybody else at most for their own."""
    return bool(user.is_staff or user.is_superuser)


def can_import(user, staff_permission: str) -> bool:
    """Staff holding `staff_permission` (as in the admin) work for every shop; a supplier for the shop it owns.

    `staff_permission` is one of imports.add_importrun (start, apply), change_importrun (roll back) and
    view_importrun (read).
    """
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return user.has_perm(staff_permission)
    return user.is_supplier


def shops_for_user(user) -> QuerySet[Shop]:
    if is_staff(user):
        return Shop.objects.all()
    return supplier_shops(user)


def shop_for_user(user, shop_id: int) -> Shop:
    """The shop if the user may import for it; else 404 (others' shops are not revealed)."""
    return get_object_or_404(shops_for_user(user), pk=shop_id)


def runs_for_user(user) -> QuerySet[ImportRun]:
    return (
        ImportRun.objects.filter(shop__in=shops_for_user(user))
        .select_related("shop", "created_by", "rolled_back_by")
        .defer("warnings")
    )


def run_for_user(user, run_id: int) -> ImportRun:
    return get_object_or_404(runs_for_user(user).defer(None), pk=run_id)


def latest_applied_run_id(shop_id: int) -> int | None:
    """The shop's most recently applied run: the only one that may be rolled back."""
    return (
        ImportRun.objects.filter(shop_id=shop_id, status=ImportStatus.APPLIED)
        .order_by("-applied_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


def stock_count_of(run_id: int | None):
    """When the run's file stated its shop's stock (its preview), None without a run."""
    if run_id is None:
        return None
    return ImportRun.objects.filter(pk=run_id).values_list("previewed_at", flat=True).first()


def task_status(user, task_id: str) -> dict:
    """`import-status`: the state of a task from the runs it drives (their rows hold the progress).

    State: PENDING (not started), STARTED, PROGRESS (offers being written), SUCCESS or FAILURE.
    """
    runs = list(runs_for_user(user).filter(task_id=task_id).order_by("id"))
    if not runs:
        raise Http404
    imports = [summary(run) for run in runs]
    running = [run for run in runs if run.status in RUNNING]
    if len(runs) == 1:
        run = runs[0]
        status = run.status
        progress = {"done": run.progress_done, "total": run.progress_total}
    else:
        status = "running" if running else "finished"
        progress = {"done": len(runs) - len(running), "total": len(runs)}
    if running:
        started = any(run.status == ImportStatus.APPLYING or run.progress_total for run in running)
        state = "PROGRESS" if started else _celery_state(task_id)
    elif all(run.status == ImportStatus.FAILED for run in runs):
        state = "FAILURE"
    else:
        state = "SUCCESS"
    return {"task_id": task_id, "state": state, "status": status, "progress": progress, "result": {"imports": imports}}


def _celery_state(task_id: str) -> str:
    if not settings.CELERY_RESULT_BACKEND:
        return "PENDING"
    state = AsyncResult(task_id).state
    return state if state in {"PENDING", "STARTED"} else "STARTED"


def summary(run: ImportRun) -> dict:
    return {
        "import_id": run.pk,
        "shop_id": run.shop_id,
        "status": run.status,
        "counts": counts(run),
        "errors": run.errors,
        "failure": run.failure,
    }


def counts(run: ImportRun) -> dict:
    return {
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
        "withdrawn": run.withdrawn_count,
    }


def load_pricelist(run: ImportRun) -> PriceList:
    """The run's validated PriceList: as stored by its preview, else parsed from its file (the upload,
    else its data-folder path)."""
    parsed = ImportPriceList.objects.filter(run=run).values_list("data", flat=True).first()
    if parsed is not None:
        return load_dumped_pricelist(bytes(parsed))
    upload = upload_content(run.pk)
    content = resolve_data_path(run.source).read_bytes() if upload is None else upload
    try:
        return parse_pricelist(content, import_format=run.format)
    except (PriceListInvalid, SoftTimeLimitExceeded):  # the task records its time limit itself
        raise
    except Exception as exc:
        # A parser that trips over a damaged file (a bad XLSX cell, XML, a number it cannot convert) must
        # not cost a 500 or leave the run pending: the run fails with a message, the trace goes to the log.
        logger.exception("import %s of shop %s: the %s parser failed on its file", run.pk, run.shop_id, run.format)
        message = _(
            "The file could not be read as %(format)s: it is damaged or not a price list in this format. Open it, save "
            "it again as %(format)s and upload it again."
        ) % {"format": run.get_format_display()}
        raise PriceListInvalid([{"field": "file", "message": message}]) from exc


def upload_content(run_id: int) -> bytes | None:
    """The run's uploaded file, None if it has none.

    On PostgreSQL read as binary (see core.postgres.binary_cursor)."""
    if connection.vendor != "postgresql":
        upload = ImportUpload.objects.filter(run_id=run_id).values_list("content", flat=True).first()
        return None if upload is None else bytes(upload)
    table = connection.ops.quote_name(ImportUpload._meta.db_table)
    with postgres.binary_cursor() as binary:
        binary.execute(f"SELECT content FROM {table} WHERE run_id = %s", [run_id], binary=True)  # noqa: S608
        row = binary.fetchone()
    return None if row is None else row[0]


FEED_PROBLEMS = (FeedFetchStatus.FAILED, FeedFetchStatus.INVALID, FeedFetchStatus.NEEDS_CONFIRMATION)


@dataclass(frozen=True)
class FeedState:
    """A shop's feed as its dashboard shows it: the feed, its latest fetch, and the error still standing
    (the latest fetch's, when it failed; None once a fetch succeeds again)."""

    feed: PriceListFeed
    last_fetch: FeedFetch | None
    last_error: FeedFetch | None


def feed_state(*, shop_id: int) -> FeedState | None:
    """The shop's feed and where it stands (two queries); None when the shop has no feed."""
    feed = PriceListFeed.objects.filter(shop_id=shop_id).first()
    if feed is None:
        return None
    last = FeedFetch.objects.filter(feed=feed).select_related("run").order_by("-started_at", "-id").first()
    return FeedState(feed=feed, last_fetch=last, last_error=last if last and last.status in FEED_PROBLEMS else None)


def feed_fetch_history(*, shop_id: int, limit: int = 20) -> list[FeedFetch]:
    """The shop's latest feed fetches, newest first, each with its import run (one query)."""
    return list(
        FeedFetch.objects.filter(feed__shop_id=shop_id).select_related("run").order_by("-started_at", "-id")[:limit]
    )


def due_feed_ids() -> list[int]:
    """Active feeds whose next fetch is due (or never planned), oldest plan first."""
    now = timezone.now()
    due = PriceListFeed.objects.filter(is_active=True).filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
    return list(due.order_by(F("next_fetch_at").asc(nulls_first=True), "pk").values_list("pk", flat=True))
