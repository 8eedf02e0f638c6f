import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from imports.exceptions import ImportConflict
from imports.models import ImportRun, ImportStatus
from imports.services import apply as apply_module
from imports.services import apply_import, rollback_import
from imports.workflows import start_shop_import
from shop.models import Offer

from .conftest import PRICELIST, preview


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_the_real_worker(shop):
    run = start_shop_import(shop=shop, user=None, file=ContentFile(PRICELIST.encode(), name="prices.yaml"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        # An upload is previewed on its way to being applied: only applied or failed ends the wait.
        if run.status in (ImportStatus.APPLIED, ImportStatus.FAILED):
            break
        time.sleep(0.2)
    assert run.status == ImportStatus.APPLIED, run.failure
    assert (run.progress_done, run.progress_total) == (3, 3)
    assert Offer.objects.filter(shop=shop).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_apply_for_the_same_shop_is_refused_while_the_first_holds_the_lock(shop, monkeypatch):
    first, second = preview(shop, PRICELIST), preview(shop, PRICELIST.replace("price: 100\n", "price: 90\n"))
    locked, release = threading.Event(), threading.Event()
    real_diff = apply_module._diff_to_apply

    def slow_diff(*args, **kwargs):
        if threading.current_thread().name == "first-apply":
            locked.set()
            release.wait(30)
        return real_diff(*args, **kwargs)

    monkeypatch.setattr(apply_module, "_diff_to_apply", slow_diff)
    outcome = {}

    def apply_first():
        try:
            outcome["first"] = apply_import(run_id=first.pk).status
        finally:
            connection.close()

    thread = threading.Thread(target=apply_first, name="first-apply")
    thread.start()
    assert locked.wait(30)
    # the first run is `applying` now; even when that mark is bypassed, the shop's lock refuses at once
    with pytest.raises(ImportConflict):
        apply_import(run_id=second.pk)
    ImportRun.objects.filter(pk=first.pk).update(status=ImportStatus.PREVIEWED)  # hide the mark from the check
    try:
        with pytest.raises(ImportConflict, match="being applied or rolled back"):
            apply_import(run_id=second.pk)
        with pytest.raises(ImportConflict):
            rollback_import(run_id=first.pk)
    finally:
        ImportRun.objects.filter(pk=first.pk).update(status=ImportStatus.APPLYING)
        release.set()
        thread.join(30)
    assert outcome["first"] == ImportStatus.APPLIED
    second.refresh_from_db()
    assert second.status == ImportStatus.PREVIEWED
    assert Offer.objects.get(shop=shop, external_id="1").price == 100


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_apply_runs(shop, monkeypatch):
    lines = [
        f"name: {shop.name}",
        "categories:",
        "  - name: C",
        "    products:",
        "      - name: P",
        "        product_infos:",
    ]
    lines += [f"          - {{name: O{i}, external_id: {i}, price: 1, price_rrc: 2, quantity: 1}}" for i in range(30)]
    run = preview(shop, "\n".join(lines) + "\n")
    monkeypatch.setattr(apply_module, "OFFER_BATCH", 10)
    seen = []
    paused, resume = threading.Event(), threading.Event()
    real_withdraw = apply_module._withdraw_offers

    def pause_after_writes(offers, progress):
        paused.set()
        resume.wait(30)
        return real_withdraw(offers, progress)

    monkeypatch.setattr(apply_module, "_withdraw_offers", pause_after_writes)

    def apply_in_thread():
        try:
            apply_import(run_id=run.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=apply_in_thread)
    thread.start()
    assert paused.wait(30)
    seen.append(ImportRun.objects.values_list("status", "progress_done", "progress_total").get(pk=run.pk))
    resume.set()
    thread.join(30)
    assert seen == [(ImportStatus.APPLYING, 30, 30)]
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.APPLIED
    assert not Offer.objects.filter(shop=shop).exclude(is_active=True).exists()
