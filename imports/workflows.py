"""Starting import work in the background: record the run(s), then queue the task after commit.

Each function returns at once (start_preview previews a small file first); the task's progress and outcome
are kept on the runs (import-status).
If the queue refuses the task, the runs end `failed` (an apply goes back to `previewed`) and
ImportQueueUnavailable is raised: no run waits for a worker that will never come.
"""

from django.conf import settings
from django.core.files import File
from django.db import transaction

from shop.models import Shop

from .models import ImportRun, ImportStatus
from .services import (
    begin_apply,
    check_manual_edits,
    check_rollback,
    create_data_folder_run,
    create_upload_run,
    new_task_id,
    preview_import,
    reopen_for_resume,
)
from .tasks import apply_import_task, dispatch, rollback_import_task, run_import_task, run_imports_task


@transaction.atomic
def start_shop_import(
    *,
    shop: Shop,
    user,
    file: File | None = None,
    path: str | None = None,
    import_format: str | None = None,
    confirm_withdrawals: bool = False,
    confirm_shop_name: bool = False,
) -> ImportRun:
    """Import an uploaded file, a path inside the data folder, or else the shop's own source file.

    The confirmations (see imports.services.guards) are recorded on the run for its apply.
    """
    task_id = new_task_id()
    confirmations = {"confirm_withdrawals": confirm_withdrawals, "confirm_shop_name": confirm_shop_name}
    if file is not None:
        run = create_upload_run(
            shop=shop, file=file, import_format=import_format, created_by=user, task_id=task_id, **confirmations
        )
    else:
        run = create_data_folder_run(
            shop=shop,
            path=path or shop.source_file,
            import_format=import_format,
            created_by=user,
            task_id=task_id,
            **confirmations,
        )
    dispatch(run_import_task, run.pk, task_id=task_id, run_ids=[run.pk])
    return run


def start_preview(
    *, shop: Shop, user, file: File, import_format: str | None = None, confirm_withdrawals: bool = False
) -> tuple[ImportRun, bool]:
    """Preview an uploaded file without applying it: inside the request when it is at most
    PRICELIST_INLINE_PREVIEW_MAX_BYTES, else by a worker (a 100,000-row spreadsheet takes tens of seconds and
    more than a gigabyte: a web worker would be killed mid-parse). Returns the run and whether it was queued.
    """
    if file.size <= settings.PRICELIST_INLINE_PREVIEW_MAX_BYTES:
        run = create_upload_run(
            shop=shop, file=file, import_format=import_format, created_by=user, confirm_withdrawals=confirm_withdrawals
        )
        return preview_import(run_id=run.pk)[0], False
    with transaction.atomic():
        task_id = new_task_id()
        run = create_upload_run(
            shop=shop,
            file=file,
            import_format=import_format,
            created_by=user,
            task_id=task_id,
            confirm_withdrawals=confirm_withdrawals,
        )
        dispatch(run_import_task, run.pk, False, task_id=task_id, run_ids=[run.pk])
    return run, True


@transaction.atomic
def start_all_shops_import(*, user) -> tuple[str, list[ImportRun]]:
    """One run per shop that accepts orders and has a source file, all driven by one task."""
    task_id = new_task_id()
    shops = Shop.objects.filter(accepts_orders=True).exclude(source_file="").order_by("pk")
    runs = [
        create_data_folder_run(shop=shop, path=shop.source_file, created_by=user, task_id=task_id) for shop in shops
    ]
    dispatch(run_imports_task, [run.pk for run in runs], task_id=task_id, run_ids=[run.pk for run in runs])
    return task_id, runs


def start_apply(*, run: ImportRun, confirm_withdrawals: bool = False, confirm_shop_name: bool = False) -> ImportRun:
    """Mark a previewed run `applying` (ImportConflict / ImportNeedsConfirmation otherwise) and apply it in
    the background."""
    task_id = new_task_id()
    run = begin_apply(
        run_id=run.pk, task_id=task_id, confirm_withdrawals=confirm_withdrawals, confirm_shop_name=confirm_shop_name
    )
    dispatch(apply_import_task, run.pk, task_id=task_id, run_ids=[run.pk], on_failure=ImportStatus.PREVIEWED)
    return run


def start_resume(*, run: ImportRun) -> ImportRun:
    """Apply again, from its stored price list, a run whose worker died or that failed while applying."""
    reopen_for_resume(run_id=run.pk)
    return start_apply(run=run)


@transaction.atomic
def start_rollback(*, run: ImportRun, user, overwrite_edits: bool = False) -> ImportRun:
    """Check the run may be rolled back (ImportConflict otherwise, listing offers edited by hand since the
    import unless `overwrite_edits`) and roll it back in the background."""
    check_rollback(run)
    check_manual_edits(run, overwrite_edits=overwrite_edits)
    run.task_id = new_task_id()
    run.save(update_fields=["task_id"])
    dispatch(
        rollback_import_task,
        run.pk,
        user.pk if user else None,
        overwrite_edits,
        task_id=run.task_id,
        run_ids=[run.pk],
    )
    return run
