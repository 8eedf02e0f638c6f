"""Every Celery task has a time limit; an import stopped at its soft limit ends `failed` with the reason.

A prefork worker tells a task its soft limit is up with SIGUSR1, whose handler (billiard's) raises
SoftTimeLimitExceeded wherever the task is; these tests send the same signal to this process while the
import is stuck. The real worker doing it is `test_worker_kill.py::test_an_import_past_its_time_limit_…`.
"""

import os
import signal
import threading

import pytest
from billiard.pool import SIG_SOFT_TIMEOUT, soft_timeout_sighandler
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from imports.models import ImportStatus
from imports.services import apply as apply_module
from imports.services import runs as runs_module
from imports.tasks import apply_import_task, rollback_import_task, run_import_task, run_imports_task

from .conftest import PRICELIST, catalogue_snapshot, import_text, preview, upload

pytestmark = pytest.mark.django_db
STUCK_SECONDS = 60


def test_every_task_has_a_soft_and_a_hard_time_limit():
    current_app.loader.import_default_modules()
    ours = {name: task for name, task in current_app.tasks.items() if not name.startswith("celery.")}
    assert len(ours) >= 10
    for name, task in ours.items():
        assert 0 < task.soft_time_limit < task.time_limit, name
    for name in ("imports.run_import", "imports.run_imports", "imports.apply_import", "imports.rollback_import"):
        assert ours[name].soft_time_limit == settings.IMPORT_TASK_SOFT_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT


@pytest.fixture
def soft_time_limit_after():
    """Arms what a prefork worker does at a task's soft time limit, for this process."""
    previous = signal.signal(SIG_SOFT_TIMEOUT, soft_timeout_sighandler)
    timers = []

    def arm(seconds: float) -> None:
        timers.append(threading.Timer(seconds, os.kill, (os.getpid(), SIG_SOFT_TIMEOUT)))
        timers[-1].start()

    yield arm
    for timer in timers:
        timer.cancel()
    signal.signal(SIG_SOFT_TIMEOUT, previous)


def stuck(*args, **kwargs):
    threading.Event().wait(STUCK_SECONDS)
    raise AssertionError("the time limit never interrupted the import")


def assert_stopped_by_the_time_limit(run) -> None:
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.lease_token == ""
    assert "took longer than 30 minutes and was stopped" in run.failure


def test_a_stuck_parse_ends_the_run_failed_with_the_reason(shop, soft_time_limit_after, monkeypatch):
    monkeypatch.setattr(runs_module, "load_pricelist", stuck)
    run = upload(shop, PRICELIST)
    soft_time_limit_after(0.3)

    with pytest.raises(SoftTimeLimitExceeded):
        run_import_task(run.pk)

    assert_stopped_by_the_time_limit(run)


def test_an_apply_stopped_midway_writes_nothing_and_says_why(shop, soft_time_limit_after, monkeypatch):
    run = preview(shop, PRICELIST)
    before = catalogue_snapshot()
    monkeypatch.setattr(apply_module, "write_diff", stuck)
    soft_time_limit_after(0.3)

    with pytest.raises(SoftTimeLimitExceeded):
        apply_import_task(run.pk)

    assert_stopped_by_the_time_limit(run)
    assert catalogue_snapshot() == before


def test_the_runs_of_a_batch_not_reached_end_failed_too(shop, soft_time_limit_after, monkeypatch):
    runs = [upload(shop, PRICELIST), upload(shop, PRICELIST)]
    monkeypatch.setattr(runs_module, "load_pricelist", stuck)
    soft_time_limit_after(0.3)

    with pytest.raises(SoftTimeLimitExceeded):
        run_imports_task([run.pk for run in runs])

    for run in runs:
        assert_stopped_by_the_time_limit(run)


def test_a_rollback_stopped_midway_leaves_the_import_applied_and_says_why(shop, soft_time_limit_after, monkeypatch):
    run = import_text(shop, PRICELIST)
    after_import = catalogue_snapshot()
    monkeypatch.setattr("imports.services.rollback.refresh_shop_products", stuck)
    soft_time_limit_after(0.3)

    with pytest.raises(SoftTimeLimitExceeded):
        rollback_import_task(run.pk)

    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and "rollback took longer than 30 minutes" in run.failure
    assert catalogue_snapshot() == after_import
