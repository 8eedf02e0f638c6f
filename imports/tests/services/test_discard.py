"""Issue 21: an unapplied preview can be discarded; the run stays in the history, its stored data goes."""

import pytest

from imports.exceptions import ImportConflict
from imports.models import ImportChangeChunk, ImportPriceList, ImportStatus, ImportUpload
from imports.services import apply_import, discard_preview
from shop.models import Offer

from ..conftest import PRICELIST, catalogue_snapshot, import_text, preview

pytestmark = pytest.mark.django_db


def test_a_discarded_preview_stays_in_the_history_without_its_stored_data(shop):
    run = preview(shop, PRICELIST)
    assert ImportChangeChunk.objects.filter(run=run).exists() and ImportUpload.objects.filter(run=run).exists()
    before = catalogue_snapshot()
    run = discard_preview(run_id=run.pk)
    assert run.status == ImportStatus.DISCARDED and run.pruned_at is not None
    assert run.created_count == 3  # the counts stay for the history
    for model in (ImportChangeChunk, ImportPriceList, ImportUpload):
        assert not model.objects.filter(run=run).exists()
    assert catalogue_snapshot() == before
    with pytest.raises(ImportConflict):
        apply_import(run_id=run.pk)
    assert not Offer.objects.exists()


@pytest.mark.parametrize("status", [ImportStatus.APPLIED, ImportStatus.FAILED])
def test_only_a_previewed_run_can_be_discarded(shop, status):
    run = import_text(shop, PRICELIST) if status == ImportStatus.APPLIED else preview(shop, "name: [")
    assert run.status == status
    with pytest.raises(ImportConflict, match="Only a previewed import can be discarded"):
        discard_preview(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == status
