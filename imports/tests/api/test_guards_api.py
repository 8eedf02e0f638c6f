"""Issue 11 over HTTP: confirmations, outdated previews, manual edits on rollback, stalled runs, queue down,
and the upload size limit enforced before the body is read."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.tests.factories import SupplierFactory
from imports.exceptions import ImportQueueUnavailable
from imports.models import ImportRun, ImportStatus
from imports.services import begin_apply
from imports.tasks import apply_import_task, run_import_task
from imports.workflows import start_apply, start_shop_import
from shop.models import Offer

from ..conftest import ONLY_CABLE, PRICELIST, import_text, preview

pytestmark = pytest.mark.django_db


def test_apply_needs_confirm_withdrawals_and_the_detail_shows_the_share(staff, shop, api_client_for, run_callbacks):
    import_text(shop, PRICELIST)
    run = preview(shop, ONLY_CABLE)
    client = api_client_for(staff)
    detail = client.get(f"/api/v1/imports/{run.pk}/").data
    assert detail["withdrawn_share"] == pytest.approx(0.6667, abs=1e-3)
    assert [guard["code"] for guard in detail["guards"]] == ["withdrawals"]
    refused = client.post(f"/api/v1/imports/{run.pk}/apply/", {}, format="json")
    assert refused.status_code == 409 and refused.data["code"] == "confirmation_required"
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.PREVIEWED
    accepted = run_callbacks(
        lambda: client.post(f"/api/v1/imports/{run.pk}/apply/", {"confirm_withdrawals": True}, format="json")
    )
    assert accepted.status_code == 202
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 1


def test_a_supplier_can_never_confirm_another_shops_file(shop, api_client_for):
    supplier = SupplierFactory()
    shop.owner = supplier
    shop.save()
    run = preview(shop, PRICELIST.replace("name: Test shop", "name: Other shop"))
    run.created_by = supplier
    run.save()
    client = api_client_for(supplier)
    answer = client.post(f"/api/v1/imports/{run.pk}/apply/", {"confirm_shop_name": True}, format="json")
    assert answer.status_code == 400 and "confirm_shop_name" in answer.data
    answer = client.post(f"/api/v1/imports/{run.pk}/apply/", {}, format="json")
    assert answer.status_code == 409 and answer.data["guards"][0]["code"] == "shop_name"
    assert not Offer.objects.filter(shop=shop).exists()


def test_rollback_over_manual_edits_answers_409_with_the_list(staff, shop, api_client_for, run_callbacks):
    import_text(shop, PRICELIST)
    run = import_text(shop, PRICELIST.replace("price: 100\n", "price: 90\n"))
    offer = Offer.objects.get(shop=shop, external_id="1")
    offer.price = 80
    offer.save()
    client = api_client_for(staff)
    answer = client.post(f"/api/v1/imports/{run.pk}/rollback/", {}, format="json")
    assert answer.status_code == 409 and answer.data["edited_offers"][0]["offer_id"] == offer.pk
    answer = run_callbacks(
        lambda: client.post(f"/api/v1/imports/{run.pk}/rollback/", {"overwrite_edits": True}, format="json")
    )
    assert answer.status_code == 202
    assert Offer.objects.get(pk=offer.pk).price == 100


def test_a_second_apply_answers_409(staff, shop, api_client_for):
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk, task_id="first")
    answer = api_client_for(staff).post(f"/api/v1/imports/{run.pk}/apply/", {}, format="json")
    assert answer.status_code == 409
    assert ImportRun.objects.get(pk=run.pk).task_id == "first"


def test_a_stalled_run_is_shown_failed_and_resumed(staff, shop, api_client_for, run_callbacks):
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk)
    client = api_client_for(staff)
    assert client.post(f"/api/v1/imports/{run.pk}/fail/").status_code == 409
    ImportRun.objects.filter(pk=run.pk).update(lease_token="dead", heartbeat_at=timezone.now() - timedelta(hours=1))
    assert client.get(f"/api/v1/imports/{run.pk}/").data["stale"] is True
    failed = client.post(f"/api/v1/imports/{run.pk}/fail/")
    assert failed.status_code == 200 and failed.data["status"] == "failed" and failed.data["can_resume"]
    assert run_callbacks(lambda: client.post(f"/api/v1/imports/{run.pk}/resume/")).status_code == 202
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.APPLIED


def test_a_broker_down_never_leaves_a_run_waiting(staff, shop, monkeypatch, django_capture_on_commit_callbacks):
    run = preview(shop, PRICELIST)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(apply_import_task, "apply_async", broker_down)
    monkeypatch.setattr(run_import_task, "apply_async", broker_down)
    with pytest.raises(ImportQueueUnavailable), django_capture_on_commit_callbacks(execute=True):
        start_apply(run=run)
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and "queue" in run.failure
    with pytest.raises(ImportQueueUnavailable), django_capture_on_commit_callbacks(execute=True):
        started = start_shop_import(shop=shop, user=staff, file=SimpleUploadedFile("prices.yaml", PRICELIST.encode()))
    assert ImportRun.objects.get(pk=started.pk).status == ImportStatus.FAILED
    assert ImportQueueUnavailable.status_code == 503


@pytest.mark.parametrize("url", ["/api/v1/partner/update/", "start-import-shop"])
def test_the_size_limit_is_checked_before_the_body_is_read(shop, settings, api_client_for, url, monkeypatch):
    settings.PRICELIST_MAX_BYTES = 1000
    supplier = SupplierFactory()
    shop.owner = supplier
    shop.save()
    url = url if url.startswith("/") else f"/api/v1/start-import-shop/{shop.pk}/"
    written = []
    monkeypatch.setattr(
        "django.core.files.uploadhandler.TemporaryFileUploadHandler.new_file",
        lambda *args, **kwargs: written.append(args),
    )
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    file = SimpleUploadedFile("prices.yaml", b"x" * 200_000)
    answer = api_client_for(supplier).post(url, {"file": file}, format="multipart")
    assert answer.status_code == 413 and written == []
