"""CSV and XLSX price lists: one row per offer, extra columns are parameters.

Both are read row by row with the row numbers of the file (blank CSV lines count). XLSX is opened in
openpyxl's read-only mode with the sheet's declared dimension ignored, after the zip's declared sizes are
checked, and rows and columns are capped, so a small file cannot make the reader allocate gigabytes.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.spreadsheets import restore_neutralised_cell
from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.pricelist import PriceList

from .validation import OfferCollector, as_text

TABULAR_COLUMNS = (
    "category",
    "product",
    "name",
    "external_id",
    "price",
    "price_rrc",
    "quantity",
    "description",
    "category_description",
)


REQUIRED_COLUMNS = ("category", "product", "name", "price", "quantity")
# A parameter column may be written `param:<name>`, so a parameter called `Name` or `Price` is not a core column.
PARAMETER_PREFIX = "param:"


# Caps of a spreadsheet: far above any real price list, far below what exhausts a worker's memory.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_XLSX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024


def parse_tabular(content: bytes, *, import_format: str) -> PriceList:
    """CSV/XLSX: one row per offer; columns beyond TABULAR_COLUMNS (and `shop`) are parameters."""
    rows = _csv_rows(content) if import_format == ImportFormat.CSV else _xlsx_rows(content)
    try:
        header_number, header = next(rows, (1, []))
    except csv.Error as exc:
        raise PriceListInvalid([{"row": 1, "field": "file", "message": _("Cannot read the file: %s") % exc}]) from exc
    headers = [as_text(cell) for cell in header]
    columns = {header.lower(): index for index, header in enumerate(headers) if not header.startswith(PARAMETER_PREFIX)}
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise PriceListInvalid(
            [{"row": header_number, "field": column, "message": _("This column is missing.")} for column in missing]
        )
    parameter_columns = [
        (index, header.removeprefix(PARAMETER_PREFIX))
        for index, header in enumerate(headers)
        if header.startswith(PARAMETER_PREFIX)
        or (header and header.lower() not in TABULAR_COLUMNS and header.lower() != "shop")
    ]
    width = len(headers)
    # an absent column reads the None appended to every row
    shop, category_column, category_description, product, name, external_id, description, price, price_rrc, quantity = (
        columns.get(column, -1)
        for column in (
            "shop",
            "category",
            "category_description",
            "product",
            "name",
            "external_id",
            "description",
            "price",
            "price_rrc",
            "quantity",
        )
    )
    builder = OfferCollector(location="row")
    shop_name = ""
    try:
        for number, row in rows:
            if not any(cell is not None and cell != "" for cell in row):
                continue
            if len(row) > width and any(cell is not None and cell != "" for cell in row[width:]):
                builder.error(number, "file", _("This row has more cells than the header has columns."))
                continue
            if _maybe_neutralised(row):
                row = [restore_neutralised_cell(cell) for cell in row]
            row += [None] * (width - len(row))
            row.append(None)
            shop_name = shop_name or as_text(row[shop])
            category = as_text(row[category_column])
            if row[category_description]:
                builder.describe_category(category, as_text(row[category_description]))
            rrc = row[price_rrc]
            builder.add(
                where=number,
                field_where=lambda _field, number=number: number,
                category=category,
                product=row[product],
                name=row[name],
                external_id=row[external_id],
                description=row[description],
                price=row[price],
                price_rrc=rrc if rrc is not None and rrc != "" else row[price],
                quantity=row[quantity],
                parameters=[
                    (header, row[index], number)
                    for index, header in parameter_columns
                    if row[index] is not None and row[index] != ""
                ],
            )
    except csv.Error as exc:
        message = _("Cannot read the file: %s") % exc
        raise PriceListInvalid([{"row": None, "field": "file", "message": message}]) from exc
    return builder.result(shop_name=shop_name)


def _maybe_neutralised(row: list) -> bool:
    """Whether a cell may start with the export's `'`: one search over a row of text, a look at each
    cell otherwise (a spreadsheet's numbers)."""
    try:
        return "'" in "".join(row)
    except TypeError:
        return True


def _csv_rows(content: bytes) -> Iterator[tuple[int, list]]:
    """(line number of the row's first line, cells) for each CSV record."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise PriceListInvalid([{"row": line, "field": "file", "message": _("CSV files must be UTF-8.")}]) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    started = 1
    for row in reader:
        yield started, row
        started = reader.line_num + 1


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list]]:
    _check_xlsx_sizes(content)
    # imported here, not at the top: openpyxl costs ~0.6 s of CPU, and this module is loaded at every
    # start-up (admin hooks, the import command) while only an XLSX file needs it
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension (`A1:XFD2000`) is the file's word, not its content
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise PriceListInvalid([{"row": 1, "field": "file", "message": _("Cannot read the file: %s") % exc}]) from exc
    try:
        for number, row in enumerate(rows, start=1):
            if number > MAX_ROWS:
                message = _("At most %s rows are accepted.") % MAX_ROWS
                raise PriceListInvalid([{"row": number, "field": "file", "message": message}])
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
                message = _("At most %s columns are accepted.") % MAX_COLUMNS
                raise PriceListInvalid([{"row": number, "field": "file", "message": message}])
            yield number, [_cell_text(value) for value in row[:MAX_COLUMNS]]
    finally:
        workbook.close()


def _cell_text(value):
    """Spreadsheet cells as the validation expects them: numbers without a float's noise, text as is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_xlsx_sizes(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            declared = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PriceListInvalid([{"row": 1, "field": "file", "message": _("Cannot read the file: %s") % exc}]) from exc
    if declared > MAX_XLSX_UNCOMPRESSED_BYTES:
        message = _("The spreadsheet unpacks to %(size)s bytes; at most %(limit)s are accepted.") % {
            "size": declared,
            "limit": MAX_XLSX_UNCOMPRESSED_BYTES,
        }
        raise PriceListInvalid([{"row": 1, "field": "file", "message": message}])
