"""Import services (writes): runs, preview, apply, rollback, and the demo-data helpers."""

from .apply import apply_import, begin_apply, lock_shop_for_import
from .demo import apply_pricelist, create_shops_from_data_folder, import_shop_source
from .rollback import check_rollback, rollback_import
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
    "check_rollback",
    "create_data_folder_run",
    "create_shops_from_data_folder",
    "create_upload_run",
    "import_shop_source",
    "lock_shop_for_import",
    "new_task_id",
    "preview_import",
    "rollback_import",
    "run_import",
]
