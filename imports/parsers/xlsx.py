"""XLSX workbooks read straight from their XML parts, with work bounded by the file's size.

Which sheet: the one visible sheet whose first rows hold a price list's header; several such sheets are
refused with their names, a hidden one is never read (and is named in a warning), so the sheet read is the
one the user sees. Without any, the active visible sheet is read and its header reported missing.

How: the small parts (workbook, relationships, styles) go through defusedxml (no DOCTYPE, no entities); the
shared strings and the sheet are scanned a megabyte at a time with regular expressions over their elements,
every byte between two elements checked to be blank, so a damaged part is refused instead of skipped. Only
rows and cells present in the file cost anything: a lone cell far away is refused or read at once, never
reached through a million empty rows. Every problem is a PriceListInvalid naming the sheet, row and cell.

Cells come out as the validation expects them: text as written (Excel's `_x000D_` escapes undone), numbers
as the shortest text of their 15 significant digits (what a spreadsheet shows; an integer written in full is
kept exactly, however long), dates as ISO text, booleans as TRUE/FALSE.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.exceptions import PriceListInvalid

MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
# Spreadsheets compress 5–15×; a part declared larger than this ratio of the whole file is a zip bomb,
# refused before it is unpacked (the floor lets a tiny file hold a normal workbook's styles and theme).
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR_BYTES = 4 * 1024 * 1024
# workbook.xml, its relationships and styles.xml: a few kilobytes in a real file
_MAX_SMALL_PART_BYTES = 8 * 1024 * 1024
# how far into a sheet its header is looked for when several sheets are visible
_PEEK_BYTES = 256 * 1024
# a chunk's tokens live together for a moment: a quarter of a megabyte of XML is ~12 MB of them
_CHUNK_BYTES = 256 * 1024

# what unpacking a damaged or hostile archive raises: a bad CRC, a cut or broken deflate stream, encryption
_UNPACKING_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WORKSHEET_TYPE = "/worksheet"

_NAME = rb"(?:[\w.-]+:)?"
_ATTRIBUTES = rb"""((?:[^<>"'/]|"[^"]*"|'[^']*'|/(?!>))*)"""
_ROW = re.compile(rb"<" + _NAME + rb"row\b" + _ATTRIBUTES + rb"(?:/>|>(.*?)</" + _NAME + rb"row\s*>)", re.DOTALL)
_CELL = re.compile(rb"<" + _NAME + rb"c\b" + _ATTRIBUTES + rb"(?:/>|>(.*?)</" + _NAME + rb"c\s*>)", re.DOTALL)
_PREFIX = re.compile(rb"[\w.-]+:")
# The form Excel, LibreOffice, Google Sheets and openpyxl write, one token a row start, cell, row end or
# blank: row number, self-closed; column letters, style, type, formula, value, inline text; row end;
# anything else (which sends the chunk the element-by-element way).
_TOKEN = re.compile(
    rb'<row r="(\d+)"[^>]*?(/?)>'
    rb'|<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(\w+)")?\s*'
    rb"(?:/>|>(<f\b[^>]*?(?:/>|>[^<]*</f>))?(?:<v>([^<]*)</v>|<is><t\b[^>]*>([^<]*)</t></is>)?</c>)"
    rb"|(</row>)"
    rb"|\s+"
    rb"|(.)",
    re.DOTALL,
)
_SHEET_DATA = re.compile(rb"<" + _NAME + rb"sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rb"</" + _NAME + rb"sheetData\s*>")
_STRING_ITEM = re.compile(rb"<" + _NAME + rb"si\b[^>]*?(?:/>|>(.*?)</" + _NAME + rb"si\s*>)", re.DOTALL)
_STRING_TABLE = re.compile(rb"<" + _NAME + rb"sst\b[^>]*>")
_STRING_TABLE_END = re.compile(rb"</" + _NAME + rb"sst\s*>")
_VALUE = re.compile(rb"<" + _NAME + rb"v\b[^>]*?(?:/>|>([^<]*)</" + _NAME + rb"v\s*>)")
_TEXT = re.compile(rb"<" + _NAME + rb"t\b[^>]*?(?:/>|>([^<]*)</" + _NAME + rb"t\s*>)")
_FORMULA = re.compile(rb"<" + _NAME + rb"f\b")
_PHONETIC = re.compile(rb"<" + _NAME + rb"rPh\b.*?</" + _NAME + rb"rPh\s*>", re.DOTALL)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d*)")
_ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]+|#\d+|\w+);")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_INTEGER = re.compile(rb"-?\d+")
_SHORT_DECIMAL = re.compile(rb"-?\d+\.\d+")
_BLANK = re.compile(rb"\s*")
_NAMED_ENTITIES = {b"lt": b"<", b"gt": b">", b"amp": b"&", b"quot": b'"', b"apos": b"'"}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
# the built-in number formats that show a date or a time (ECMA-376, 18.8.30)
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
# a serial beyond 9999-12-31 is no date
_MAX_DATE_SERIAL = 2958466
# 2^53: above it a number cell written as a float has lost digits a spreadsheet showed
_EXACT_FLOAT_LIMIT = 9_007_199_254_740_992


@dataclass
class XlsxSheet:
    name: str
    rows: Iterator[tuple[int, list]]
    notes: list[dict] = field(default_factory=list)
    # (row, column, text) of the number cells beyond 2^53 read so far: a spreadsheet kept 15 of their digits,
    # wrong for an id or a name, merely too large for a price (the validation says so)
    inexact_numbers: list[tuple[int, int, str]] = field(default_factory=list)

    def inexact_number_errors(self, fields: dict[int, str]) -> list[dict]:
        """An error for each inexact number read in one of `fields` (column index → field name)."""
        message = _(
            "The number %s has more digits than a spreadsheet keeps (15): format the column as Text and type the "
            "value again."
        )
        return [
            {"row": row, "field": fields[column], "message": cell_message(self.name, row, column, message % text)}
            for row, column, text in self.inexact_numbers
            if column in fields
        ]


@dataclass
class _Sheet:
    name: str
    part: str
    visible: bool


def read_xlsx(content: bytes, *, looks_like_header: Callable[[list], bool]) -> XlsxSheet:
    """The rows of the sheet to read, as (row number, cells); see the module's docstring for which."""
    archive = _archive(content)
    sheets, active, date1904 = _workbook(archive)
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    visible = [sheet for sheet in sheets if sheet.visible]
    if not visible:
        raise _file_error(_("The workbook has no visible sheet."))

    inexact_numbers: list[tuple[int, int, str]] = []

    def rows_of(sheet: _Sheet, peek: bool = False) -> Iterator[tuple[int, list]]:
        return _rows(archive, sheet, _Cells(sheet.name, strings, dates, date1904, inexact_numbers), peek=peek)

    def has_header(sheet: _Sheet) -> bool:
        try:
            return any(
                looks_like_header(row) for _index, (_number, row) in zip(range(20), rows_of(sheet, True), strict=False)
            )
        except PriceListInvalid:
            return False

    with_header = [sheet for sheet in sheets if has_header(sheet)] if len(sheets) > 1 else sheets
    shown = [sheet for sheet in with_header if sheet.visible]
    if len(shown) > 1:
        names = ", ".join(f"«{sheet.name}»" for sheet in shown)
        message = _("Several sheets hold a price list: %s. Keep the one to import and delete or hide the others.")
        raise _file_error(message % names)
    chosen = shown[0] if shown else (sheets[active] if sheets[active].visible else visible[0])
    notes = []
    if len(sheets) > 1:
        notes.append(_note(_("The sheet «%s» is read.") % chosen.name))
    for sheet in with_header:
        if not sheet.visible:
            notes.append(_note(_("The hidden sheet «%s» also holds a price list; it is not read.") % sheet.name))
    inexact_numbers.clear()
    return XlsxSheet(name=chosen.name, rows=rows_of(chosen), notes=notes, inexact_numbers=inexact_numbers)


def _note(message: str) -> dict:
    return {"row": None, "field": "file", "message": message}


def _file_error(message: str, row: int | None = None) -> PriceListInvalid:
    return PriceListInvalid([{"row": row, "field": "file", "message": message}])


def _damaged(message: str, row: int | None = None) -> PriceListInvalid:
    return _file_error(_("%(problem)s Save the file again from the spreadsheet program.") % {"problem": message}, row)


def _archive(content: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except _UNPACKING_ERRORS as exc:
        raise _file_error(_("This is not an XLSX file (%s): save it as an Excel workbook (.xlsx).") % exc) from exc
    declared = sum(member.file_size for member in members)
    limit = min(MAX_UNCOMPRESSED_BYTES, max(_RATIO_FLOOR_BYTES, MAX_COMPRESSION_RATIO * len(content)))
    if declared > limit:
        message = _("The spreadsheet unpacks to %(size)s MB; at most %(limit)s MB are accepted for a file this size.")
        raise _file_error(message % {"size": declared // 2**20 + 1, "limit": limit // 2**20})
    return archive


def _read_part(archive: zipfile.ZipFile, name: str, *, required: bool = True) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        if required:
            raise _damaged(_("The workbook has no part %s.") % name) from None
        return None
    except _UNPACKING_ERRORS as exc:
        raise _damaged(_("The part %(part)s cannot be unpacked (%(error)s).") % {"part": name, "error": exc}) from exc


def _small_xml(archive: zipfile.ZipFile, name: str, *, required: bool = True) -> Element | None:
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        if required:
            raise _damaged(_("The workbook has no part %s.") % name) from None
        return None
    if size > _MAX_SMALL_PART_BYTES:
        raise _damaged(_("The part %s is far larger than a spreadsheet writes.") % name)
    try:
        return fromstring(_read_part(archive, name))
    except (ParseError, DefusedXmlException) as exc:
        raise _damaged(_("The part %(part)s is not valid XML (%(error)s).") % {"part": name, "error": exc}) from exc


def _workbook(archive: zipfile.ZipFile) -> tuple[list[_Sheet], int, bool]:
    """The worksheets in tab order, the active tab's index among them, and whether dates count from 1904."""
    book_part = _book_part(archive)
    book = _small_xml(archive, book_part)
    folder = book_part.rpartition("/")[0]
    relationships = _small_xml(archive, f"{folder}/_rels/{book_part.rpartition('/')[2]}.rels", required=False)
    targets = {}
    for relationship in relationships.iter(_PACKAGE_RELATIONSHIP) if relationships is not None else ():
        if relationship.get("Type", "").endswith(_WORKSHEET_TYPE):
            targets[relationship.get("Id")] = _part_path(folder, relationship.get("Target", ""))
    sheets, active_tab = [], 0
    view = book.find(f"{_MAIN}bookViews/{_MAIN}workbookView")
    if view is not None and (view.get("activeTab") or "0").isdigit():
        active_tab = int(view.get("activeTab") or 0)
    active = 0
    for tab, sheet in enumerate(book.iterfind(f"{_MAIN}sheets/{_MAIN}sheet")):
        part = targets.get(sheet.get(_RELATIONSHIP))
        if part is None:  # a chart sheet or a macro sheet: no rows to read
            continue
        if tab == active_tab:
            active = len(sheets)
        sheets.append(_Sheet(sheet.get("name", ""), part, sheet.get("state", "visible") == "visible"))
    if not sheets:
        raise _damaged(_("The workbook lists no worksheet."))
    properties = book.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
    return sheets, active, date1904


def _book_part(archive: zipfile.ZipFile) -> str:
    """The workbook's part, from the package's relationships (xl/workbook.xml in every file seen)."""
    package = _small_xml(archive, "_rels/.rels", required=False)
    for relationship in package.iter(_PACKAGE_RELATIONSHIP) if package is not None else ():
        if relationship.get("Type", "").endswith("/officeDocument"):
            return _part_path("", relationship.get("Target", ""))
    return "xl/workbook.xml"


def _part_path(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [part for part in f"{folder}/{target}".split("/") if part and part != "."]
    path: list[str] = []
    for part in parts:
        if part == "..":
            if path:
                path.pop()
        else:
            path.append(part)
    return "/".join(path)


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of the cell styles that show a date or a time."""
    styles = _small_xml(archive, "xl/styles.xml", required=False)
    if styles is None:
        return frozenset()
    custom = {}
    for number_format in styles.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
        code = _NOT_DATE_PARTS.sub("", number_format.get("formatCode", ""))
        if (number_format.get("numFmtId") or "").isdigit():
            custom[int(number_format.get("numFmtId"))] = bool(_DATE_CODE.search(code)) and "General" not in code
    dates = set()
    for index, style in enumerate(styles.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf")):
        format_id = style.get("numFmtId") or "0"
        if format_id.isdigit() and custom.get(int(format_id), int(format_id) in _BUILTIN_DATE_FORMATS):
            dates.add(index)
    return frozenset(dates)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    name = next((n for n in ("xl/sharedStrings.xml", "xl/SharedStrings.xml") if n in archive.NameToInfo), None)
    if name is None:
        return []
    strings = []
    position = 0
    with _opened(archive, name) as part:
        data = b""
        started = False
        while True:
            chunk = _read_chunk(part, name)
            data = data[position:] + chunk
            position = 0
            if not started:
                found = _opening(_STRING_TABLE, data, chunk, _("The shared strings of the workbook are not valid XML."))
                if found is None:
                    continue
                started, position = True, found.end()
            for item in _STRING_ITEM.finditer(data, position):
                if not _blank(data, position, item.start()):
                    raise _damaged(_("The shared strings of the workbook are not valid XML."))
                strings.append(_text_of(item.group(1) or b""))
                position = item.end()
            if not chunk:
                break
    if not _STRING_TABLE_END.match(data, position + len(_BLANK.match(data, position).group())):
        raise _damaged(_("The shared strings of the workbook are not valid XML."))
    return strings


class _opened:
    """An archive member opened for reading, its unpacking errors a damaged file's error."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name = archive, name

    def __enter__(self):
        try:
            self.part = self.archive.open(self.name)
        except KeyError:
            raise _damaged(_("The workbook has no part %s.") % self.name) from None
        except _UNPACKING_ERRORS as exc:
            message = _("The part %(part)s cannot be unpacked (%(error)s).")
            raise _damaged(message % {"part": self.name, "error": exc}) from exc
        return self.part

    def __exit__(self, *exc_info):
        self.part.close()


def _read_chunk(part, name: str, size: int = _CHUNK_BYTES) -> bytes:
    try:
        return part.read(size)
    except _UNPACKING_ERRORS as exc:
        message = _("The part %(part)s cannot be unpacked (%(error)s).")
        raise _damaged(message % {"part": name, "error": exc}) from exc


def _blank(data: bytes, start: int, end: int) -> bool:
    return end == start or not data[start:end].strip()


def _opening(pattern: re.Pattern, data: bytes, chunk: bytes, missing: str) -> re.Match | None:
    """A part's opening element once the bytes read so far hold it; at the part's end without it, an error."""
    found = pattern.search(data)
    if found is None and not chunk:
        raise _damaged(missing)
    return found


def _rows(archive: zipfile.ZipFile, sheet: _Sheet, cells: "_Cells", *, peek: bool) -> Iterator[tuple[int, list]]:
    """(row number, cells) of each row present in the sheet; cells fill the gaps of absent ones with None.

    A chunk is read at a time and only its whole rows are scanned (the rest waits for the next chunk): first
    by one tokenising expression for the form every spreadsheet program writes, else element by element."""
    previous = 0
    with _opened(archive, sheet.part) as part:
        data, position, started = b"", 0, False
        while True:
            chunk = _read_chunk(part, sheet.part, _PEEK_BYTES if peek else _CHUNK_BYTES)
            data = data[position:] + chunk
            position = 0
            if not started:
                found = _opening(_SHEET_DATA, data, chunk, _("The sheet «%s» has no table of cells.") % sheet.name)
                if found is None:
                    data = data[-64:]
                    continue
                started, position = True, found.end()
                if found.group(1):  # <sheetData/>: no rows at all
                    return
            end = _last_row_start(data, position) if chunk else _sheet_data_end(data, position, sheet.name, previous)
            try:
                rows = cells.tokenised(data, position, end, previous)
            except UnicodeDecodeError as exc:
                raise _damaged(_("The workbook holds text that is not UTF-8.")) from exc
            if rows is None:
                rows = list(cells.element_by_element(data, position, end, previous))
            position = end
            if rows:
                previous = rows[-1][0]
            yield from rows
            if not chunk or peek:
                return


def _last_row_start(data: bytes, start: int) -> int:
    """Where the last row of the chunk starts: the rows before it are whole, it may be cut."""
    at = len(data)
    while True:
        at = data.rfind(b"row", start, at)
        if at < 0:
            return start
        opening = data.rfind(b"<", start, at)
        if opening >= 0 and (opening + 1 == at or _PREFIX.fullmatch(data, opening + 1, at)):
            return opening


def _sheet_data_end(data: bytes, start: int, sheet: str, previous: int) -> int:
    found = _SHEET_DATA_END.search(data, start)
    if found is None:
        message = _("The sheet «%(sheet)s» is cut short after row %(row)s.") % {"sheet": sheet, "row": previous}
        raise _damaged(message, previous or None)
    return found.start()


def _row_number(attributes: bytes, previous: int, sheet: str) -> int:
    found = _attributes(attributes).get(b"r")
    if found is None:
        return _next_row_number(previous + 1, previous, sheet)
    if not found.isdigit():
        message = _("The sheet «%(sheet)s» has a row numbered “%(number)s”.")
        raise _damaged(message % {"sheet": sheet, "number": found[:20].decode(errors="replace")}, previous + 1)
    return _next_row_number(int(found), previous, sheet)


def _next_row_number(number: int, previous: int, sheet: str) -> int:
    if number <= previous:
        message = _("In the sheet «%(sheet)s» row %(row)s comes after row %(previous)s.")
        raise _damaged(message % {"sheet": sheet, "row": number, "previous": previous}, number)
    if number > MAX_ROWS:
        message = _("The sheet «%(sheet)s» has a row %(row)s; at most %(limit)s rows are accepted.")
        raise _file_error(message % {"sheet": sheet, "row": number, "limit": MAX_ROWS}, number)
    return number


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {name.rpartition(b":")[2]: double or single for name, double, single in _ATTRIBUTE.findall(text)}


_UNCOMPUTED_FORMULA = gettext_lazy(
    "The cell holds a formula whose value was never computed: open the file in a spreadsheet program and save "
    "it, or paste the values instead of the formulas."
)


class _Cells:
    """A sheet's rows and cells turned into values, each problem naming the sheet and the cell."""

    def __init__(self, sheet: str, strings: list[str], dates: frozenset[int], date1904: bool, inexact: list):
        self.sheet, self.strings, self.dates, self.inexact = sheet, strings, dates, inexact
        self.date_styles = {str(style).encode() for style in dates}
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        self.date1904 = date1904

    def tokenised(self, data: bytes, start: int, end: int, previous: int) -> list[tuple[int, list]] | None:
        """The rows of data[start:end] when all of it is in the common form (see _TOKEN); None otherwise."""
        rows: list[tuple[int, list]] = []
        values: list = []
        number = previous
        strings, date_styles, columns = self.strings, self.date_styles, _COLUMN_INDEXES
        for token in _TOKEN.findall(data, start, end):
            row, closed, letters, style, kind, formula, written, inline, row_end, other = token
            if letters:
                column = columns.get(letters)
                if column is None:
                    column = _column(letters, number)
                if not written and not inline:
                    if formula and kind != b"str":
                        raise self._error(_UNCOMPUTED_FORMULA, number, column, damaged=False)
                    continue
                gap = column - len(values)
                if gap < 0:
                    raise self._error(_("The cell comes twice or out of order."), number, column)
                if column >= MAX_COLUMNS:
                    message = _("At most %s columns are accepted; this cell is beyond them.") % MAX_COLUMNS
                    raise self._error(message, number, column, damaged=False)
                if kind == b"s":
                    try:
                        value = strings[int(written)]
                    except (ValueError, IndexError):
                        raise self._missing_string(written, number, column) from None
                elif not kind or kind == b"n":
                    if style and style in date_styles:
                        value = self._date(written, number, column)
                    elif written.isdigit():
                        value = written.decode()
                    else:
                        value = self._number(written, number, column)
                elif kind == b"inlineStr":
                    plain = b"&" not in inline and b"_x" not in inline and b"\r" not in inline
                    value = inline.decode() if plain else _unescaped(inline)
                else:
                    value = self._typed(kind, written, number, column)
                if gap:
                    values += [None] * gap
                values.append(value)
            elif row:
                following = int(row)
                number = (
                    following if number < following <= MAX_ROWS else _next_row_number(following, number, self.sheet)
                )
                if closed:
                    rows.append((number, []))
                else:
                    values = []
            elif row_end:
                rows.append((number, values))
            elif other:
                return None
        return rows

    def element_by_element(self, data: bytes, start: int, end: int, previous: int) -> Iterator[tuple[int, list]]:
        """The rows of data[start:end] in any form XML allows, each gap between elements checked blank."""
        position = start
        for row in _ROW.finditer(data, start, end):
            if not _blank(data, position, row.start()):
                break
            previous = _row_number(row.group(1), previous, self.sheet)
            position = row.end()
            yield previous, self.of_row(row.group(2), previous) if row.group(2) else []
        if not _blank(data, position, end):
            message = _("The sheet «%(sheet)s» cannot be read after row %(row)s.")
            raise _damaged(message % {"sheet": self.sheet, "row": previous}, previous + 1)

    def of_row(self, content: bytes, row: int) -> list:
        values: list = []
        position = next_column = 0
        for cell in _CELL.finditer(content):
            if not _blank(content, position, cell.start()):
                break
            position = cell.end()
            attributes = _attributes(cell.group(1))
            reference = attributes.get(b"r")
            # a cell without a reference is the one after the previous cell, empty or not
            column = _column(reference, row) if reference is not None else next_column
            if column < next_column:
                raise self._error(_("The cell comes twice or out of order."), row, column)
            next_column = column + 1
            inner = cell.group(2)
            if not inner:
                continue
            value = self._value(inner, attributes, row, column)
            if value is None:
                continue
            if column >= MAX_COLUMNS:
                message = _("At most %s columns are accepted; this cell is beyond them.") % MAX_COLUMNS
                raise self._error(message, row, column, damaged=False)
            values += [None] * (column - len(values))
            values.append(value)
        if not _blank(content, position, len(content)):
            raise self._error(_("The row's XML cannot be read."), row, len(values))
        return values

    def _value(self, inner: bytes, attributes: dict, row: int, column: int):
        kind = attributes.get(b"t", b"n")
        if kind == b"inlineStr":
            return _text_of(inner)
        found = _VALUE.search(inner)
        written = found.group(1) if found else None
        if not written:
            if kind != b"str" and _FORMULA.search(inner):
                raise self._error(_UNCOMPUTED_FORMULA, row, column, damaged=False)
            return None
        if kind == b"s":
            try:
                return self.strings[int(written)]
            except (ValueError, IndexError):
                raise self._missing_string(written, row, column) from None
        if kind == b"n":
            style = attributes.get(b"s")
            if style is not None and style in self.date_styles:
                return self._date(written, row, column)
            return self._number(written, row, column)
        return self._typed(kind, written, row, column)

    def _typed(self, kind: bytes, written: bytes, row: int, column: int) -> str:
        """A formula's text, an error (`#N/A`), an ISO date, a boolean; another type is a damaged cell."""
        if kind in (b"str", b"e", b"d"):
            return _unescaped(written)
        if kind == b"b":
            return "TRUE" if written.strip() in (b"1", b"true") else "FALSE"
        message = _("The cell has an unknown type “%s”.") % kind[:20].decode(errors="replace")
        raise self._error(message, row, column)

    def _missing_string(self, written: bytes, row: int, column: int) -> PriceListInvalid:
        message = _("The cell refers to text number %s, which the workbook does not have.")
        return self._error(message % written[:20].decode(errors="replace"), row, column)

    def _number(self, written: bytes, row: int, column: int) -> str:
        written = written.strip()
        if _INTEGER.fullmatch(written) or (len(written) <= 16 and _SHORT_DECIMAL.fullmatch(written)):
            return written.decode()  # an integer in full, or at most 15 digits: what the spreadsheet shows
        try:
            number = float(written)
        except ValueError:
            message = _("The number “%s” cannot be read.") % written[:40].decode(errors="replace")
            raise self._error(message, row, column) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self._error(_("The number “%s” cannot be read.") % written.decode(errors="replace"), row, column)
        if abs(number) >= _EXACT_FLOAT_LIMIT:  # an integer written in full returned above, exactly
            text = repr(number)
            self.inexact.append((row, column, text))
            return text
        return format(Decimal(format(number, ".15g")), "f")

    def _date(self, written: bytes, row: int, column: int) -> str:
        try:
            serial = float(written)
        except ValueError:
            serial = -1.0
        if not 0 <= serial < _MAX_DATE_SERIAL:
            message = _("The date “%s” cannot be read.") % written[:40].decode(errors="replace")
            raise self._error(message, row, column)
        if not self.date1904 and serial < 60:
            serial += 1  # Excel counts a 29 February 1900 that never was
        moment = self.epoch + timedelta(days=serial)
        moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
        if serial < 1:
            return moment.time().isoformat()
        if moment.time() == datetime.min.time():
            return moment.date().isoformat()
        return moment.isoformat(sep=" ")

    def _error(self, problem: str, row: int, column: int, *, damaged: bool = True) -> PriceListInvalid:
        message = cell_message(self.sheet, row, column, str(problem))
        return _damaged(message, row) if damaged else _file_error(message, row)


def cell_message(sheet: str, row: int, column: int, problem: str) -> str:
    return _("Sheet «%(sheet)s», cell %(cell)s: %(problem)s") % {
        "sheet": sheet,
        "cell": f"{column_letters(column)}{row}",
        "problem": problem,
    }


def _column(reference: bytes, row: int) -> int:
    """The column index of a cell reference (`B7` → 1)."""
    letters = reference.rstrip(b"0123456789").lstrip(b"$").rstrip(b"$")
    index = _COLUMN_INDEXES.get(letters)
    if index is None:
        if not _REFERENCE.fullmatch(reference):
            message = _("Row %(row)s has a cell named “%(cell)s”.")
            raise _damaged(message % {"row": row, "cell": reference[:20].decode(errors="replace")}, row)
        index = 0
        for letter in letters.upper():
            index = index * 26 + letter - 64
        _COLUMN_INDEXES[letters] = index - 1
        index -= 1
    return index


# the columns seen so far by their letters: a sheet names the same few thousand times
_COLUMN_INDEXES: dict[bytes, int] = {}


def column_letters(index: int) -> str:
    """A column's letters (0 → A, 26 → AA), as a spreadsheet shows them."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_of(content: bytes) -> str:
    """The text of a shared or inline string: its `t` elements' text, the phonetic guides' left out."""
    if b"rPh" in content:
        content = _PHONETIC.sub(b"", content)
    parts = _TEXT.findall(content)
    return _unescaped(parts[0] if len(parts) == 1 else b"".join(parts))


def _unescaped(text: bytes) -> str:
    if b"\r" in text:
        text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"&" in text:
        text = _ENTITY.sub(_entity, text)
    try:
        decoded = text.decode()
    except UnicodeDecodeError as exc:
        raise _damaged(_("The workbook holds text that is not UTF-8.")) from exc
    if "_x" in decoded:
        decoded = _EXCEL_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), decoded)
    return decoded


def _entity(found: re.Match) -> bytes:
    name = found.group(1)
    if name.startswith(b"#"):
        try:
            code = int(name[2:], 16) if name[1:2] in (b"x", b"X") else int(name[1:])
            return chr(code).encode()
        except (ValueError, OverflowError):
            pass
    elif name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name]
    raise _damaged(_("The workbook holds an unknown XML entity “&%s;”.") % name[:20].decode(errors="replace"))
