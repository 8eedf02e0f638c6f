"""CSV and XLSX price lists: one row per offer, extra columns are parameters.

Both are read row by row with the row numbers of the file (blank CSV lines count): CSV by csv_files.py
(encoding, separator, strict quotes), XLSX by xlsx.py (the visible price sheet, bounded work). Here the
header is found among the first rows (a title may stand above it), a column named twice is refused, and
numbers written the local way (`1 299,90 ₽`) are put in the shape the validation reads.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.spreadsheets import neutralise_csv_cell, restore_neutralised_cell
from imports.exceptions import ERRORS_KEPT, PriceListInvalid
from imports.models import ImportFormat
from imports.pricelist import PriceList

from .csv_files import read_csv
from .spreadsheet_numbers import number_as_written
from .validation import OfferCollector, as_text, clean_text
from .xlsx import XlsxSheet, read_xlsx

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
NUMBER_COLUMNS = ("price", "price_rrc", "quantity")
# A parameter column may be written `param:<name>`, so a parameter called `Name` or `Price` is not a core column.
PARAMETER_PREFIX = "param:"


# The header is looked for among the first rows: a title, a date or blank rows may stand above it.
HEADER_SEARCH_ROWS = 20


def parse_tabular(content: bytes, *, import_format: str) -> PriceList:
    """CSV/XLSX: one row per offer; columns beyond TABULAR_COLUMNS (and `shop`) are parameters."""
    if import_format == ImportFormat.CSV:
        source = read_csv(content, looks_like_header=looks_like_header)
    else:
        source = read_xlsx(content, looks_like_header=looks_like_header)
    rows = source.rows
    header_number, header = _header(rows)
    columns = _columns(header, header_number)
    builder = OfferCollector(location="row")
    builder.warnings.extend(source.notes)
    if header_number > 1:
        message = _("The header (the column names) is row %s; the rows above it are not read.") % header_number
        builder.warnings.append({"row": header_number, "field": "file", "message": message})
    shop_name = _offers(rows, columns, builder)
    if isinstance(source, XlsxSheet):
        # an id or a name a spreadsheet rounded is wrong data; a price that large is refused as too large anyway
        text_fields = {index: name for name, index in columns.core.items() if name not in NUMBER_COLUMNS}
        text_fields.update((index, "parameters") for index, _name in columns.parameters)
        builder.errors.extend(source.inexact_number_errors(text_fields))
    return builder.result(shop_name=shop_name)


def looks_like_header(row: list) -> bool:
    """Whether a row names every required column (in any case and order)."""
    names = {as_text(cell).lower() for cell in row}
    return all(column in names for column in REQUIRED_COLUMNS)


def _header(rows: Iterator[tuple[int, list]]) -> tuple[int, list]:
    """The first row naming every required column, among the first HEADER_SEARCH_ROWS; without one, the
    missing columns of the row closest to a header."""
    best: tuple[int, int, list] | None = None
    for _index, (number, row) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        if looks_like_header(row):
            return number, row
        names = {as_text(cell).lower() for cell in row}
        found = sum(column in names for column in REQUIRED_COLUMNS)
        if any(names - {""}) and (best is None or found > best[0]):
            best = (found, number, row)
    number, row = (1, []) if best is None else best[1:]
    names = {as_text(cell).lower() for cell in row}
    raise PriceListInvalid(
        [
            {"row": number, "field": column, "message": _("This column is missing.")}
            for column in REQUIRED_COLUMNS
            if column not in names
        ]
    )


@dataclass
class Columns:
    number: int
    width: int
    core: dict[str, int]
    parameters: list[tuple[int, str]]
    # columns without a name that hold values in some row: reported once, never read silently
    unnamed: list[int]


def _columns(header: list, number: int) -> Columns:
    """The header's core and parameter columns; a column named twice is an error at the header row."""
    headers = [as_text(cell) for cell in header]
    core: dict[str, int] = {}
    parameters: dict[str, int] = {}
    errors = []
    for index, written in enumerate(headers):
        if not written:
            continue
        lowered = written.lower()
        if not written.startswith(PARAMETER_PREFIX) and (lowered in TABULAR_COLUMNS or lowered == "shop"):
            named, name = core, lowered
        else:
            named, name = parameters, clean_text(written.removeprefix(PARAMETER_PREFIX))
        if name in named:
            message = _("The column “%(name)s” appears twice (columns %(first)s and %(second)s): keep one.") % {
                "name": written,
                "first": named[name] + 1,
                "second": index + 1,
            }
            errors.append({"row": number, "field": written, "message": message})
        else:
            named[name] = index
    if errors:
        raise PriceListInvalid(errors)
    unnamed = [index for index, written in enumerate(headers) if not written]
    return Columns(number, len(headers), core, [(index, name) for name, index in parameters.items()], unnamed)


def _offers(rows: Iterator[tuple[int, list]], columns: Columns, builder: OfferCollector) -> str:
    """Each row given to the collector; the shop's name, from the first row that has one."""
    width, parameter_columns = columns.width, columns.parameters
    unnamed_reported = not columns.unnamed
    # an absent column reads the None appended to every row
    shop, category_column, category_description, product, name, external_id, description, price, price_rrc, quantity = (
        columns.core.get(column, -1)
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
    shop_name = ""
    errors = builder.errors
    for number, row in rows:
        if len(errors) > ERRORS_KEPT:
            # more would not be shown, and a small file of a million broken rows would cost seconds each time
            message = _("Reading stopped at this row after %s problems: fix those and upload the file again.")
            builder.error(number, "file", message % ERRORS_KEPT)
            break
        if not any(cell is not None and cell != "" for cell in row):
            continue
        if len(row) > width and any(cell is not None and cell != "" for cell in row[width:]):
            builder.error(number, "file", _("This row has more cells than the header has columns."))
            continue
        if _maybe_neutralised(row):
            row = [restore_neutralised_cell(cell) for cell in row]
        row += [None] * (width - len(row))
        row.append(None)
        if not unnamed_reported and any(row[index] not in (None, "") for index in columns.unnamed):
            unnamed_reported = True
            message = _("A column without a name in the header row holds values; they are not read.")
            builder.warnings.append({"row": number, "field": "file", "message": message})
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
            price=number_as_written(row[price]),
            price_rrc=number_as_written(rrc if rrc is not None and rrc != "" else row[price]),
            quantity=number_as_written(row[quantity]),
            parameters=[
                (header, read_parameter_value(row[index]), number)
                for index, header in parameter_columns
                if row[index] is not None and row[index] != ""
            ],
        )
    return shop_name


def _maybe_neutralised(row: list) -> bool:
    """Whether a cell may start with the export's `'`: one search over a row of text, a look at each
    cell otherwise (a spreadsheet's numbers)."""
    try:
        return "'" in "".join(row)
    except TypeError:
        return True


# An empty parameter value is written as a lone `'` (what a spreadsheet shows as empty text), so it differs
# from the empty cell of an offer without the parameter; a value of apostrophes only gets one more.
EMPTY_VALUE_MARK = "'"


def written_parameter_value(value: str | None):
    """A parameter's value as the export writes it (see EMPTY_VALUE_MARK), text neutralised like every cell."""
    if value is None:
        return ""
    if not value.strip(EMPTY_VALUE_MARK):
        return EMPTY_VALUE_MARK + value
    return neutralise_csv_cell(value)


def read_parameter_value(cell):
    """The inverse of written_parameter_value for a cell that is not empty."""
    if type(cell) is str and cell.startswith(EMPTY_VALUE_MARK) and not cell.strip(EMPTY_VALUE_MARK):
        return cell[1:]
    return cell
