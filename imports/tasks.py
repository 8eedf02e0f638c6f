"""Celery tasks of the import pipeline: they only call services and record the outcome on the runs.

Every task is acks-late (a worker killed mid-task leaves the message to be delivered again) and safe to
run twice: the services look at the run's state and lease, and a second execution does nothing.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError

from .exceptions import ImportAlreadyHandled, ImportQueueUnavailable
from .models import ImportRun, ImportStatus
from .selectors import due_feed_ids, summary
from .services import (
    apply_import,
    prune_import_data,
    recover_stale_runs,
    rollback_import,
    run_import,
    stop_timed_out_runs,
)
from .services.feeds import fetch_feed

logger = logging.getLogger(__name__)

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


def _record_time_limit(*, run_ids: list[int]) -> None:
    # The limit may have interrupted a query and left the connection busy: record on a fresh one.
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    stop_timed_out_runs(run_ids=run_ids)


def _guarded(run_id: int, step) -> dict:
    """Run one step; a refusal or a crash is already recorded on the run, so the task reports it and ends.
    A run another execution handles (or has finished) is left exactly as it is. At the task's soft time limit
    the run records it and the task ends (config/settings.py: IMPORT_TASK_SOFT_TIME_LIMIT)."""
    try:
        step()
    except SoftTimeLimitExceeded:
        _record_time_limit(run_ids=[run_id])
        raise
    except ImportAlreadyHandled as exc:
        logger.info("import %s: nothing to do (%s)", run_id, exc.detail)
    except DomainError as exc:
        logger.info("import %s: %s", run_id, exc.detail)
        ImportRun.objects.filter(pk=run_id).update(failure=exc.detail)
    except Exception:
        logger.exception("import %s crashed", run_id)
    return summary(ImportRun.objects.get(pk=run_id))


@shared_task(name="imports.run_import", **RELIABLE)
def run_import_task(run_id: int, apply: bool = True) -> dict:
    """Preview a pending run and apply it when valid; progress is kept on the run row."""
    return _guarded(run_id, lambda: run_import(run_id=run_id, apply=apply))


@shared_task(name="imports.run_imports", **RELIABLE)
def run_imports_task(run_ids: list[int]) -> list[dict]:
    """`start-import-all-shops`: one import per shop, one after the other, each reported on its run; at the
    time limit the runs not reached yet end `failed` too."""
    results = []
    try:
        for run_id in run_ids:
            results.append(_guarded(run_id, lambda run_id=run_id: run_import(run_id=run_id)))
    except SoftTimeLimitExceeded:
        _record_time_limit(run_ids=run_ids[len(results) :])
        raise
    return results


@shared_task(name="imports.apply_import", **RELIABLE)
def apply_import_task(run_id: int) -> dict:
    return _guarded(run_id, lambda: apply_import(run_id=run_id))


@shared_task(name="imports.rollback_import", **RELIABLE)
def rollback_import_task(run_id: int, user_id: int | None = None, overwrite_edits: bool = False) -> dict:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    run = ImportRun.objects.get(pk=run_id)
    if run.status == ImportStatus.ROLLED_BACK:
        return summary(run)
    return _guarded(run_id, lambda: rollback_import(run_id=run_id, user=user, overwrite_edits=overwrite_edits))


@shared_task(name="imports.recover_import_runs", **RELIABLE)
def recover_import_runs_task() -> list[int]:
    """Periodic: mark runs whose worker died `failed` (see imports.services.recovery)."""
    return recover_stale_runs()


@shared_task(name="imports.prune_import_data", **RELIABLE)
def prune_import_data_task() -> dict:
    """Periodic: drop import files and diffs older than IMPORT_RETENTION_DAYS (see imports.services.retention)."""
    return prune_import_data()


# A feed's fetch is a download (PRICELIST_FEED_MAX_SECONDS at most) and an import; the round only queues them.
FEED_FETCH_LIMITS = {"soft_time_limit": 30 * 60, "time_limit": 32 * 60}
FEED_ROUND_LIMITS = {"soft_time_limit": 60, "time_limit": 90}


@shared_task(name="imports.fetch_feed", **RELIABLE, **FEED_FETCH_LIMITS)
def fetch_feed_task(feed_id: int, force: bool = False) -> str | None:
    """Fetch and import one feed if it is (still) due; the outcome is a FeedFetch row."""
    fetch = fetch_feed(feed_id=feed_id, force=force)
    return fetch.status if fetch else None


@shared_task(name="imports.fetch_due_feeds", **RELIABLE, **FEED_ROUND_LIMITS)
def fetch_due_feeds_task() -> list[int]:
    """Periodic (Celery beat): one fetch task per due feed, so a slow feed never delays the others."""
    feed_ids = due_feed_ids()
    for feed_id in feed_ids:
        fetch_feed_task.delay(feed_id)
    return feed_ids


def dispatch(task, *args, task_id: str, run_ids: list[int], on_failure: str = ImportStatus.FAILED) -> None:
    """Queue the task once the current transaction has committed, so the worker sees the runs.

    If the queue refuses it (broker down), the runs are not left waiting for a worker that will never
    come: they end `on_failure` (`failed`, or back to `previewed` for an apply) with the reason, and
    ImportQueueUnavailable (503) is raised.
    """

    def send() -> None:
        try:
            task.apply_async(args=args, task_id=task_id)
        except Exception as exc:
            logger.exception("could not queue %s for import runs %s", task.name, run_ids)
            message = _("The task queue is unavailable, so the import was not started; try again later.")
            ImportRun.objects.filter(pk__in=run_ids, status__in=[ImportStatus.PENDING, ImportStatus.APPLYING]).update(
                status=on_failure, failure=message, lease_token=""
            )
            raise ImportQueueUnavailable(message) from exc

    transaction.on_commit(send)
