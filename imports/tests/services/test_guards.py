"""Issue 11: guards against losing a shop, previews bound to the catalogue, rollback over manual edits,
dead workers, retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from core.models import StoreSettings
from imports.diff import current_offers
from imports.exceptions import ImportAlreadyHandled, ImportConflict, ImportNeedsConfirmation, ImportOutdated
from imports.models import (
    ImportChangeChunk,
    ImportPriceList,
    ImportRun,
    ImportSnapshotChunk,
    ImportStatus,
    ImportUpload,
)
from imports.services import apply as apply_module
from imports.services import (
    apply_import,
    begin_apply,
    fail_stale_run,
    prune_import_data,
    recover_stale_runs,
    reopen_for_resume,
    rollback_import,
)
from imports.tasks import apply_import_task
from shop.models import Category, Offer, OfferParameter, Parameter, Shop

from ..conftest import ONLY_CABLE, PRICELIST, catalogue_snapshot, import_text, preview

pytestmark = pytest.mark.django_db

EMPTY = "name: Test shop\ncategories: []\n"


def test_a_file_withdrawing_most_of_the_shop_is_refused_unless_confirmed(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, ONLY_CABLE)
    assert run.withdrawn_count == 2 and run.active_offer_count == 3
    with pytest.raises(ImportNeedsConfirmation) as refused:
        apply_import(run_id=run.pk)
    assert refused.value.extra["guards"][0]["code"] == "withdrawals"
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and "66.7 %" in run.failure
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 3
    assert apply_import(run_id=run.pk, confirm_withdrawals=True).status == ImportStatus.APPLIED
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 1


def test_the_withdrawal_share_is_a_store_setting(shop):
    import_text(shop, PRICELIST)
    settings = StoreSettings.load()
    settings.imports_max_withdrawn_percent = 70
    settings.save()
    assert apply_import(run_id=preview(shop, ONLY_CABLE).pk).status == ImportStatus.APPLIED


def test_a_file_with_no_offer_is_refused_unless_confirmed(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, EMPTY)
    with pytest.raises(ImportNeedsConfirmation) as refused:
        begin_apply(run_id=run.pk)
    assert refused.value.extra["guards"][0]["code"] == "empty_file"
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 3
    apply_import(run_id=run.pk, confirm_withdrawals=True)
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 0


def test_another_shops_file_is_refused_unless_confirmed(shop):
    run = preview(shop, PRICELIST.replace("name: Test shop", "name: Other shop"))
    with pytest.raises(ImportNeedsConfirmation) as refused:
        apply_import(run_id=run.pk)
    assert [guard["code"] for guard in refused.value.extra["guards"]] == ["shop_name"]
    assert not Offer.objects.filter(shop=shop).exists()
    assert apply_import(run_id=run.pk, confirm_shop_name=True).status == ImportStatus.APPLIED


@pytest.mark.parametrize(
    "edit",
    [
        "apply",
        "rollback",
        "offer",
        "parameter",
        "parameter_value",
        "delete",
        "product_name",
        "product_category",
        "category_name",
        "parameter_name",
    ],
)
def test_a_preview_is_out_of_date_after_the_catalogue_changed(shop, edit):
    first = import_text(shop, PRICELIST)
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: 95\n"))
    offer = Offer.objects.get(shop=shop, external_id="2")
    product = offer.product
    if edit == "product_name":
        product.name = "Phone Y"
        product.save()
    elif edit == "product_category":
        product.category = Category.objects.create(name="Smartphones")
        product.save()
    elif edit == "category_name":
        category = product.category
        category.name = "Mobiles"
        category.save()
    elif edit == "parameter_name":
        parameter = Parameter.objects.get(name="Colour")
        parameter.name = "Color"
        parameter.save()
    elif edit == "parameter_value":
        value = OfferParameter.objects.get(offer=offer, parameter__name="Colour")
        value.value = "Blue"
        value.save()
    elif edit == "apply":
        import_text(shop, PRICELIST.replace("price: 150", "price: 140"))
    elif edit == "rollback":
        rollback_import(run_id=first.pk)
    elif edit == "offer":
        offer.price = 149
        offer.save()
    elif edit == "parameter":
        OfferParameter.objects.filter(offer=offer).first().delete()
    else:
        offer.delete()
    before = catalogue_snapshot()
    with pytest.raises(ImportOutdated):
        apply_import(run_id=run.pk)
    assert catalogue_snapshot() == before
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    assert run.catalogue_version == Shop.objects.get(pk=shop.pk).catalogue_version  # previewed again
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED


def test_a_preview_is_out_of_date_after_the_withdrawal_setting_changed(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, ONLY_CABLE)
    assert run.withdrawn_count == 2
    settings = StoreSettings.load()
    settings.imports_withdraw_missing = False
    settings.save()
    with pytest.raises(ImportOutdated):
        apply_import(run_id=run.pk, confirm_withdrawals=True)
    assert Offer.objects.filter(shop=shop, is_active=True).count() == 3
    run.refresh_from_db()
    assert (run.status, run.withdrawn_count) == (ImportStatus.PREVIEWED, 0)


def test_a_preview_still_applies_when_the_fresh_diff_is_identical(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: 95\n"))
    cable = Offer.objects.get(shop=shop, name="USB-C cable 1m")
    cable.description = "edited by hand"
    cable.save()
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: 95\n"))
    Offer.objects.filter(pk=cable.pk).first().save()  # bumps the version, changes nothing
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED
    assert Offer.objects.get(shop=shop, external_id="1").price == 95


def test_apply_reuses_the_previews_diff_when_the_catalogue_is_unchanged(shop, monkeypatch):
    import_text(shop, PRICELIST)
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: 95\n"))

    def recomputed(**kwargs):
        raise AssertionError("the diff was computed again")

    monkeypatch.setattr(apply_module, "diff_pricelist", recomputed)
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED
    assert Offer.objects.get(shop=shop, external_id="1").price == 95


def test_the_partial_read_matches_the_full_one(shop):
    import_text(shop, PRICELIST)
    every, names = current_offers(shop.pk)
    some, some_names = current_offers(shop.pk, [offer.id for offer in every])
    assert sorted(every, key=lambda o: o.id) == sorted(some, key=lambda o: o.id) and names == some_names


def test_rollback_lists_offers_edited_by_hand_and_needs_a_confirmation(shop):
    import_text(shop, PRICELIST)
    run = import_text(shop, PRICELIST.replace("price: 100\n", "price: 90\n").replace("price: 150", "price: 140"))
    edited = Offer.objects.get(shop=shop, external_id="1")
    edited.name = "Renamed by staff"
    edited.save()
    deleted = Offer.objects.get(shop=shop, external_id="2")
    deleted_pk = deleted.pk
    deleted.delete()
    with pytest.raises(ImportConflict) as refused:
        rollback_import(run_id=run.pk)
    listed = {row["offer_id"]: row["change"] for row in refused.value.extra["edited_offers"]}
    assert listed == {edited.pk: "edited", deleted_pk: "deleted"}
    assert Offer.objects.get(pk=edited.pk).name == "Renamed by staff"
    with pytest.raises(CommandError, match="Renamed by staff"):
        call_command("rollback_import", run.pk)
    rollback_import(run_id=run.pk, overwrite_edits=True)
    assert Offer.objects.get(pk=edited.pk).name == "Phone X 64GB"
    assert not Offer.objects.filter(shop=shop, external_id="2").exists()  # deleted stays deleted, on every database


def test_stock_after_rollback_counts_sales_and_cancellations_since_the_import(shop):
    import_text(shop, PRICELIST)  # offer 1: 5 units
    run = import_text(shop, PRICELIST.replace("quantity: 5", "quantity: 40"))
    offer = Offer.objects.get(shop=shop, external_id="1")
    Offer.objects.filter(pk=offer.pk).update(quantity=F("quantity") - 6)  # sold 6
    Offer.objects.filter(pk=offer.pk).update(quantity=F("quantity") + 2)  # 2 cancelled and returned
    rollback_import(run_id=run.pk)
    assert Offer.objects.get(pk=offer.pk).quantity == 5 - 6 + 2


def test_a_second_apply_leaves_the_running_one_alone(shop):
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk, task_id="first")
    with pytest.raises(ImportConflict):
        begin_apply(run_id=run.pk, task_id="second")
    ImportRun.objects.filter(pk=run.pk).update(lease_token="running", heartbeat_at=timezone.now())
    with pytest.raises(ImportAlreadyHandled):
        apply_import(run_id=run.pk)
    apply_import_task.apply(args=[run.pk])  # a second delivery of the task
    run.refresh_from_db()
    assert (run.status, run.lease_token, run.task_id, run.failure) == (ImportStatus.APPLYING, "running", "first", "")
    assert not Offer.objects.filter(shop=shop).exists()


def test_the_task_is_acks_late_and_idempotent(shop):
    assert apply_import_task.acks_late and apply_import_task.reject_on_worker_lost
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk)
    apply_import_task.apply(args=[run.pk])
    after = catalogue_snapshot()
    apply_import_task.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and run.failure == "" and catalogue_snapshot() == after


def test_a_dead_worker_is_detected_failed_and_resumed(shop, settings):
    settings.IMPORT_RUN_LEASE_SECONDS = 60
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk)
    ImportRun.objects.filter(pk=run.pk).update(lease_token="dead", heartbeat_at=timezone.now())
    with pytest.raises(ImportConflict):
        fail_stale_run(run_id=run.pk)  # alive: refused
    assert recover_stale_runs() == []
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    call_command("recover_import_runs")
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "worker" in run.failure
    assert not Offer.objects.filter(shop=shop).exists()  # one transaction: nothing half-written
    reopen_for_resume(run_id=run.pk)
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED


def test_a_stale_lease_is_taken_over_by_a_redelivered_task(shop, settings):
    run = preview(shop, PRICELIST)
    begin_apply(run_id=run.pk)
    stale = timezone.now() - timedelta(seconds=settings.IMPORT_RUN_LEASE_SECONDS + 1)
    ImportRun.objects.filter(pk=run.pk).update(lease_token="dead", heartbeat_at=stale)
    apply_import_task.apply(args=[run.pk])
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.APPLIED


def test_old_import_data_is_pruned_except_what_the_latest_rollback_needs(shop):
    first = import_text(shop, PRICELIST)
    latest = import_text(shop, PRICELIST.replace("price: 100\n", "price: 90\n"))
    old = timezone.now() - timedelta(days=31)
    ImportRun.objects.filter(pk__in=[first.pk, latest.pk]).update(created_at=old)
    call_command("prune_import_data")
    assert not ImportUpload.objects.exists() and not ImportPriceList.objects.exists()
    assert not ImportChangeChunk.objects.exists()
    assert not ImportSnapshotChunk.objects.filter(run=first).exists()
    assert ImportSnapshotChunk.objects.filter(run=latest).exists()
    rollback_import(run_id=latest.pk)
    assert Offer.objects.get(shop=shop, external_id="1").price == 100
    with pytest.raises(ImportConflict, match="pruned"):
        rollback_import(run_id=first.pk)
    assert prune_import_data(days=30)["uploads"] == 0
