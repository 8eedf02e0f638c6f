"""Import services (writes): runs, preview, apply, rollback, recovery, retention, and the demo-data helpers."""

from .apply import apply_import, begin_apply, is_stale, lock_shop_for_import
from .demo import apply_pricelist, create_shops_from_data_folder, import_shop_source
from .guards import run_guards
from .preview import discard_preview
from .recovery import can_resume, fail_stale_run, recover_stale_runs, reopen_for_resume, stop_timed_out_runs
from .retention import prune_import_data
from .rollback import check_manual_edits, check_rollback, edited_since_import, rollback_import
from .runs import (
    create_data_folder_run,
    create_upload_run,
    new_task_id,
    preview_import,
    run_import,
)

__all__ = [
    "apply_import",
    "apply_pricelist",
    "begin_apply",
    "can_resume",
    "check_manual_edits",
    "check_rollback",
    "create_data_folder_run",
    "create_shops_from_data_folder",
    "create_upload_run",
    "discard_preview",
    "edited_since_import",
    "fail_stale_run",
    "import_shop_source",
    "is_stale",
    "lock_shop_for_import",
    "new_task_id",
    "preview_import",
    "prune_import_data",
    "recover_stale_runs",
    "reopen_for_resume",
    "rollback_import",
    "run_guards",
    "run_import",
    "stop_timed_out_runs",
]
