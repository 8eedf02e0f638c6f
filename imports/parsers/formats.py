"""Which format a price-list file is in, and the parser that reads it into one normalised PriceList.

Every parser validates the whole file and raises PriceListInvalid with *all* problems found, each with
its line (YAML) or row (CSV/XLSX) and field, so an invalid file is refused before anything is written.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid, PriceListTooLarge
from imports.models import ImportFormat
from imports.pricelist import PriceList, collector_paused

from .tabular import parse_tabular
from .yaml_dialects import parse_yaml
from .yml import looks_like_yml, parse_yml

SUFFIX_FORMATS = {
    ".yaml": ImportFormat.YAML,
    ".yml": ImportFormat.YAML,
    ".csv": ImportFormat.CSV,
    ".xlsx": ImportFormat.XLSX,
    ".xml": ImportFormat.YML,
}


# how much of a file's start is read to tell XML from YAML
HEAD_BYTES = 1024


def format_for_filename(filename: str, head: bytes = b"") -> str | None:
    """The import format a file's suffix stands for, None for a suffix no parser reads. `.yml` is both
    YAML's suffix and Yandex Market's (XML), and a feed's URL may have no suffix at all: the start of the
    file, when given, tells them apart."""
    found = SUFFIX_FORMATS.get(Path(filename).suffix.lower())
    if found in (ImportFormat.YAML, None) and looks_like_yml(head):
        return ImportFormat.YML
    return found


def detect_format(filename: str, given: str | None = None, head: bytes = b"") -> str:
    """The import format: the one given, else the file's suffix (and start, see format_for_filename);
    an unknown one is a file error."""
    if given:
        if given not in ImportFormat.values:
            raise PriceListInvalid([{"field": "format", "message": _("Unknown format: %s") % given}])
        return given
    found = format_for_filename(filename, head)
    if found is None:
        raise PriceListInvalid(
            [{"field": "file", "message": _("Use a .yaml, .yml, .xml, .csv or .xlsx file, or give the format.")}]
        )
    return found


def read_head(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES)


def check_size(size: int) -> None:
    if size > settings.PRICELIST_MAX_BYTES:
        raise PriceListTooLarge(size=size, limit=settings.PRICELIST_MAX_BYTES)


def parse_pricelist(content: bytes, *, import_format: str) -> PriceList:
    """Parse and validate a whole price list of the given format."""
    check_size(len(content))
    with collector_paused():
        if import_format == ImportFormat.YAML:
            return parse_yaml(content)
        if import_format == ImportFormat.YML:
            return parse_yml(content)
        return parse_tabular(content, import_format=import_format)
