"""Starting import runs (from an upload or the data folder), previewing them, and the full pipeline."""

import logging
import uuid
from pathlib import Path

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from core import postgres
from shop.models import Shop

from ..exceptions import PriceListInvalid, errors_to_store
from ..models import ImportPriceList, ImportRun, ImportStatus, ImportUpload
from ..parsers.formats import HEAD_BYTES, check_size, detect_format, read_head
from ..pricelist import PriceList
from ..selectors import load_pricelist
from ..sources import resolve_data_path
from .apply import apply_import
from .preview import store_preview

logger = logging.getLogger(__name__)


def new_task_id() -> str:
    return str(uuid.uuid4())


@transaction.atomic
def create_upload_run(
    *,
    shop: Shop,
    file: File,
    import_format: str | None = None,
    created_by=None,
    task_id: str = "",
    confirm_withdrawals: bool = False,
    confirm_shop_name: bool = False,
) -> ImportRun:
    """A `pending` run holding the uploaded file in the database, where every worker on any host can read it.

    Refuses (PriceListTooLarge, PriceListInvalid) a file over PRICELIST_MAX_BYTES, checked before it is
    read, or of an unknown format.
    """
    check_size(file.size)
    filename = file.name or "upload"
    content = file.read()
    check_size(len(content))
    import_format = detect_format(filename, import_format, content[:HEAD_BYTES])
    run = ImportRun.objects.create(
        shop=shop,
        source=Path(filename).name[:500],
        format=import_format,
        status=ImportStatus.PENDING,
        created_by=created_by,
        task_id=task_id,
        withdrawals_confirmed=confirm_withdrawals,
        shop_name_confirmed=confirm_shop_name,
    )
    _store_upload(run.pk, Path(filename).name[:255], content)
    return run


def _store_upload(run_id: int, filename: str, content: bytes) -> None:
    """On PostgreSQL the file is sent as a binary parameter (see core.postgres.binary_cursor)."""
    if connection.vendor != "postgresql":
        ImportUpload.objects.create(run_id=run_id, filename=filename, content=content)
        return
    table = connection.ops.quote_name(ImportUpload._meta.db_table)
    with postgres.binary_cursor() as binary:
        binary.execute(
            f"INSERT INTO {table} (run_id, filename, content) VALUES (%s, %s, %b)",  # noqa: S608
            [run_id, filename, content],
        )


def create_data_folder_run(
    *,
    shop: Shop,
    path: str,
    import_format: str | None = None,
    created_by=None,
    task_id: str = "",
    confirm_withdrawals: bool = False,
    confirm_shop_name: bool = False,
) -> ImportRun:
    """A `pending` run of a price list inside PRICELIST_DATA_DIR; any other path (`..` too) is refused."""
    resolved = resolve_data_path(path)
    check_size(resolved.stat().st_size)
    return ImportRun.objects.create(
        shop=shop,
        source=str(path)[:500],
        format=detect_format(resolved.name, import_format, read_head(resolved)),
        status=ImportStatus.PENDING,
        created_by=created_by,
        task_id=task_id,
        withdrawals_confirmed=confirm_withdrawals,
        shop_name_confirmed=confirm_shop_name,
    )


def preview_import(*, run_id: int) -> tuple[ImportRun, PriceList | None]:
    """Parse, validate and diff a run against its shop's catalogue; the catalogue is never written.

    A valid file leaves the run `previewed` with its counts, warnings, change pages and the catalogue
    version it was made against; an invalid one leaves it `failed` with every error (line/row and field).
    Idempotent: previewing again replaces the stored diff.
    """
    run = ImportRun.objects.get(pk=run_id)
    if run.status not in (ImportStatus.PENDING, ImportStatus.PREVIEWED):
        return run, None
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    ImportPriceList.objects.filter(run=run).delete()
    try:
        pricelist = load_pricelist(run)
    except PriceListInvalid as exc:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.FAILED, errors=errors_to_store(exc.errors), failure=str(exc)
        )
        run.refresh_from_db()
        return run, None
    return store_preview(run=run, pricelist=pricelist), pricelist


def run_import(*, run_id: int, apply: bool = True, progress_callback=None) -> ImportRun:
    """Preview a pending run and, when `apply` and the file is valid, apply it (see apply_import) with the
    confirmations recorded on the run when it was started."""
    run, pricelist = preview_import(run_id=run_id)
    if apply and run.status == ImportStatus.PREVIEWED:
        run = apply_import(run_id=run.pk, pricelist=pricelist, progress_callback=progress_callback)
    return run
