"""Price-list files on disk: only those under the configured data folder may be named."""

from pathlib import Path

from django.conf import settings

from .exceptions import PriceListInvalid
from .parsers.formats import format_for_filename, read_head


def resolve_data_path(relative: str | Path) -> Path:
    """The absolute path of a file inside PRICELIST_DATA_DIR; anything outside (`..`, links) is refused."""
    root = Path(settings.PRICELIST_DATA_DIR).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        raise PriceListInvalid([{"field": "path", "message": "Only files inside the data folder can be imported."}])
    if not candidate.is_file():
        raise PriceListInvalid([{"field": "path", "message": f"No such price list: {relative}"}])
    return candidate


def data_folder_pricelists() -> list[Path]:
    root = Path(settings.PRICELIST_DATA_DIR)
    return sorted(path for path in root.glob("*") if path.is_file() and format_for_filename(path.name, read_head(path)))
