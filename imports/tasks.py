"""Celery tasks of the import pipeline: they only call services and record the outcome on the runs."""

import logging

from celery import shared_task
from django.db import transaction

from accounts.models import User
from core.errors import DomainError

from .models import ImportRun
from .selectors import summary
from .services import apply_import, rollback_import, run_import

logger = logging.getLogger(__name__)


def _guarded(run_id: int, step) -> dict:
    """Run one step; a refusal or a crash is already recorded on the run, so the task reports it and ends."""
    try:
        step()
    except DomainError as exc:
        logger.info("import %s: %s", run_id, exc.detail)
        ImportRun.objects.filter(pk=run_id).update(failure=exc.detail)
    except Exception:
        logger.exception("import %s crashed", run_id)
    return summary(ImportRun.objects.get(pk=run_id))


@shared_task(name="imports.run_import")
def run_import_task(run_id: int, apply: bool = True) -> dict:
    """Preview a pending run and apply it when valid; progress is kept on the run row."""
    return _guarded(run_id, lambda: run_import(run_id=run_id, apply=apply))


@shared_task(name="imports.run_imports")
def run_imports_task(run_ids: list[int]) -> list[dict]:
    """`start-import-all-shops`: one import per shop, one after the other, each reported on its run."""
    return [_guarded(run_id, lambda run_id=run_id: run_import(run_id=run_id)) for run_id in run_ids]


@shared_task(name="imports.apply_import")
def apply_import_task(run_id: int) -> dict:
    return _guarded(run_id, lambda: apply_import(run_id=run_id))


@shared_task(name="imports.rollback_import")
def rollback_import_task(run_id: int, user_id: int | None = None) -> dict:
    user = User.objects.filter(pk=user_id).first() if user_id else None
    return _guarded(run_id, lambda: rollback_import(run_id=run_id, user=user))


def dispatch(task, *args, task_id: str) -> None:
    """Queue the task once the current transaction has committed, so the worker sees the runs."""
    transaction.on_commit(lambda: task.apply_async(args=args, task_id=task_id))
