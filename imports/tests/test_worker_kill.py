"""Fault tests on the real services: a Celery worker is killed with SIGKILL in the middle of an apply; an
import runs past its soft time limit in a prefork worker.

The apply is one transaction, so the catalogue is as before; once the lease has passed the run is found
stale, recovered as `failed`, resumed from its stored price list and applied by a fresh worker. An import
stopped by its time limit ends `failed` with the reason and leaves the worker free for the next task.
"""

import shutil
import signal

import pytest
from django.conf import settings as django_settings
from django.core.files import File
from django.core.files.base import ContentFile

from benchmarks.generate import write_pricelist
from imports.models import ImportRun, ImportStatus
from imports.services import preview_import, recover_stale_runs
from imports.tasks import run_import_task
from imports.workflows import start_apply, start_resume, start_shop_import
from notifications.tests.servers import wait_until
from shop.models import Offer

from .conftest import PRICELIST, catalogue_snapshot, import_text, upload

ON_REAL_SERVICES = (
    django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    and bool(django_settings.REDIS_URL)
    and shutil.which("redis-server") is not None
)
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not ON_REAL_SERVICES,
        reason="the worker-kill test needs PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and the redis-server "
        "program; the embedded mode has no worker to kill (.ci/run sets them up)",
    ),
]
# Large enough that the apply transaction lasts a few seconds (its writes, then the search documents of
# 5,000 products), so the kill lands inside it.
OFFERS = 10_000
LEASE_SECONDS = 3
DEADLINE = 60


def test_a_worker_killed_mid_apply_leaves_the_catalogue_unchanged_and_the_run_is_recovered(
    shop, start_celery_worker, settings, tmp_path
):
    settings.IMPORT_RUN_LEASE_SECONDS = LEASE_SECONDS
    import_text(shop, PRICELIST)
    before = catalogue_snapshot()
    path = write_pricelist(tmp_path / "pricelist.yaml", offers=OFFERS)
    run, _ = preview_import(run_id=upload(shop, path.read_bytes(), confirm_withdrawals=True, confirm_shop_name=True).pk)
    assert run.status == ImportStatus.PREVIEWED and run.offer_count == OFFERS

    worker = start_celery_worker("doomed")
    start_apply(run=run)

    def writing() -> bool:
        run.refresh_from_db()
        return bool(run.lease_token) and run.progress_total > 0 and run.heartbeat_at is not None

    assert wait_until(writing, timeout=DEADLINE, interval=0.05), "the worker never started writing the catalogue"
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)

    run.refresh_from_db()
    assert run.status == ImportStatus.APPLYING
    assert catalogue_snapshot() == before  # one transaction: nothing half-written
    assert wait_until(lambda: recover_stale_runs() == [run.pk], timeout=LEASE_SECONDS + 10, interval=0.5)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "worker" in run.failure

    start_celery_worker("fresh")
    start_resume(run=run)
    assert wait_until(
        lambda: ImportRun.objects.get(pk=run.pk).status == ImportStatus.APPLIED, timeout=DEADLINE, interval=0.5
    ), ImportRun.objects.get(pk=run.pk).failure
    assert Offer.objects.filter(shop=shop, is_active=True).count() == OFFERS


def test_an_import_past_its_time_limit_ends_failed_with_the_reason_and_frees_the_worker(
    shop, start_celery_worker, tmp_path, monkeypatch
):
    """A prefork worker (the production pool; the solo pool enforces no time limit) with a 1 s soft limit for
    imports previews and applies a price list far too big for it."""
    import_text(shop, PRICELIST)
    before = catalogue_snapshot()
    path = write_pricelist(tmp_path / "pricelist.yaml", offers=OFFERS * 5)
    # The limits travel in the task's message, from the publisher's settings; both sides read the same variable.
    for name, value in (("soft_time_limit", 1), ("time_limit", 30), ("_exec_options", None)):
        monkeypatch.setattr(run_import_task, name, value)
    start_celery_worker("limited", pool="prefork", environment={"IMPORT_TASK_SOFT_TIME_LIMIT": "1"})
    with path.open("rb") as big:
        run = start_shop_import(
            shop=shop, user=None, file=File(big, name="big.yaml"), confirm_withdrawals=True, confirm_shop_name=True
        )

    assert wait_until(
        lambda: ImportRun.objects.get(pk=run.pk).status == ImportStatus.FAILED, timeout=DEADLINE, interval=0.5
    ), ImportRun.objects.get(pk=run.pk).status
    run.refresh_from_db()
    assert "took longer than 1 minute and was stopped" in run.failure and run.lease_token == ""
    assert catalogue_snapshot() == before

    small = start_shop_import(shop=shop, user=None, file=ContentFile(PRICELIST.encode(), name="small.yaml"))
    assert wait_until(
        lambda: ImportRun.objects.get(pk=small.pk).status == ImportStatus.APPLIED, timeout=DEADLINE, interval=0.5
    ), ImportRun.objects.get(pk=small.pk).failure
