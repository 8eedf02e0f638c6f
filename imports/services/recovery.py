"""Runs whose worker died: found by their lease (heartbeat), then failed or resumed; runs whose task ran out of time.

Apply is one transaction, so a worker killed while applying left nothing half-written: the catalogue is
as before, and the run can be applied again from its stored price list.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..exceptions import ImportConflict
from ..models import ImportPriceList, ImportRun, ImportStatus
from .apply import is_stale, lease_expiry

logger = logging.getLogger(__name__)


def stale_runs():
    """Runs left `applying` (or `pending` after their preview started) whose worker gave no sign of life
    for IMPORT_RUN_LEASE_SECONDS."""
    expired = lease_expiry()
    return ImportRun.objects.filter(
        Q(status=ImportStatus.APPLYING, heartbeat_at__lt=expired)
        | Q(status=ImportStatus.APPLYING, heartbeat_at__isnull=True)
        | Q(status=ImportStatus.PENDING, heartbeat_at__lt=expired)
    )


def worker_lost_message() -> str:
    return _(
        "The worker stopped (killed or out of memory) without finishing; nothing was written to the catalogue. "
        "Resume the import or start it again."
    )


def recover_stale_runs() -> list[int]:
    """Mark every stale run `failed` with the reason; returns their ids."""
    ids = []
    for run_id in stale_runs().values_list("pk", flat=True):
        if _fail_if_stale(run_id):
            ids.append(run_id)
    if ids:
        logger.warning("import runs %s had lost their worker and were marked failed", ids)
    return ids


def fail_stale_run(*, run_id: int) -> ImportRun:
    """Mark one run whose worker died `failed`; a run still alive or finished is refused (ImportConflict)."""
    if not _fail_if_stale(run_id):
        raise ImportConflict(_("This import is not stalled: its worker is alive or it has finished."))
    return ImportRun.objects.get(pk=run_id)


def _fail_if_stale(run_id: int) -> bool:
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if not stale_runs().filter(pk=run.pk).exists():
            return False
        run.status = ImportStatus.FAILED
        run.failure = worker_lost_message()
        run.lease_token = ""
        run.save(update_fields=["status", "failure", "lease_token"])
    return True


def can_resume(run: ImportRun) -> bool:
    """A stalled run, or one that failed while applying (it has its validated price list stored)."""
    if run.status == ImportStatus.APPLYING:
        return is_stale(run)
    return (
        run.status == ImportStatus.FAILED
        and not run.errors
        and run.catalogue_version is not None
        and ImportPriceList.objects.filter(run=run).exists()
    )


def reopen_for_resume(*, run_id: int) -> ImportRun:
    """Put a stalled or failed-while-applying run back to `previewed` (with its confirmations), so it can
    be applied again from its stored price list; anything else is refused (ImportConflict)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        if not can_resume(run):
            raise ImportConflict(_("Only an import whose worker died, or that failed while applying, can be resumed."))
        run.status = ImportStatus.PREVIEWED
        run.lease_token = ""
        run.save(update_fields=["status", "lease_token"])
    return run


def time_limit_message(*, rollback: bool) -> str:
    minutes = max(1, round(settings.IMPORT_TASK_SOFT_TIME_LIMIT / 60))
    if rollback:
        text = ngettext(
            "The rollback took longer than %(minutes)d minute and was stopped; nothing was changed.",
            "The rollback took longer than %(minutes)d minutes and was stopped; nothing was changed.",
            minutes,
        )
    else:
        text = ngettext(
            "The import took longer than %(minutes)d minute and was stopped; nothing was written to the catalogue. "
            "Split the price list, or ask an administrator to raise IMPORT_TASK_SOFT_TIME_LIMIT.",
            "The import took longer than %(minutes)d minutes and was stopped; nothing was written to the catalogue. "
            "Split the price list, or ask an administrator to raise IMPORT_TASK_SOFT_TIME_LIMIT.",
            minutes,
        )
    return text % {"minutes": minutes}


def stop_timed_out_runs(*, run_ids: list[int]) -> None:
    """Record that the task handling these runs hit its time limit (IMPORT_TASK_SOFT_TIME_LIMIT).

    A run not finished — waiting, previewed, applying, or just marked failed by the interrupted apply — ends
    `failed` with that reason (apply is one transaction, so nothing of it was written, and a run with its
    stored price list can be resumed); an applied run whose rollback was stopped stays `applied`, with the reason.
    """
    unfinished = [ImportStatus.PENDING, ImportStatus.PREVIEWED, ImportStatus.APPLYING, ImportStatus.FAILED]
    runs = ImportRun.objects.filter(pk__in=run_ids)
    runs.filter(status__in=unfinished).update(
        status=ImportStatus.FAILED, failure=time_limit_message(rollback=False), lease_token=""
    )
    runs.filter(status=ImportStatus.APPLIED).update(failure=time_limit_message(rollback=True))
    logger.warning("import runs %s stopped at their time limit", run_ids)
