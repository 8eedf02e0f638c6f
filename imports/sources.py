"""Price-list files on disk: only those under the configured data folder may be named."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import PriceListInvalid
from .parsers.formats import format_for_filename, read_head


def resolve_data_path(relative: str | Path) -> Path:
    """The absolute path of a file inside PRICELIST_DATA_DIR; anything outside (`..`, links) is refused."""
    root = Path(settings.PRICELIST_DATA_DIR).resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        message = _(
            "“%(path)s” is outside the price-list data folder: give a path inside that folder, relative to it and "
            "without “..”, or upload the file instead."
        )
        raise PriceListInvalid([{"field": "path", "message": message % {"path": relative}, "value": str(relative)}])
    if not candidate.is_file():
        message = _(
            "The data folder has no price list “%(path)s”: check the name and its letter case, or upload the file "
            "instead."
        )
        raise PriceListInvalid([{"field": "path", "message": message % {"path": relative}, "value": str(relative)}])
    return candidate


def data_folder_pricelists() -> list[Path]:
    root = Path(settings.PRICELIST_DATA_DIR)
    return sorted(path for path in root.glob("*") if path.is_file() and format_for_filename(path.name, read_head(path)))
