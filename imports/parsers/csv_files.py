"""CSV files as spreadsheet programs and people save them, read into rows with the file's line numbers.

The encoding is found from the bytes (a UTF-8 or UTF-16 byte order mark, UTF-16 without one, UTF-8, else
Windows-1251 when what it decodes to is Russian text), the separator from Excel's `sep=` line or from the
candidate that makes a row hold the required columns. Quotes are read strictly: a quote that is never
closed, or that swallows whole rows into one cell, is refused at the row where it opens.
"""

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid

DELIMITERS = (",", ";", "\t", "|")
# how much of the file the separator is guessed from: the title rows and the header are in it
_SNIFF_CHARACTERS = 64 * 1024
_SNIFF_ROWS = 20
# most characters of a non-UTF-8 file's non-ASCII text that must be Cyrillic for it to be read as Windows-1251
_CYRILLIC_SHARE = 0.8
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Russian words touch a Latin letter seldom (a code like `A1кабель`); Latin-1 read as Windows-1251, in nearly every word
_GLUED_SHARE = 0.1
_GLUED = re.compile("[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)


@dataclass
class CsvFile:
    rows: Iterator[tuple[int, list]]
    delimiter: str
    notes: list[dict] = field(default_factory=list)


def read_csv(content: bytes, *, looks_like_header: Callable[[list], bool]) -> CsvFile:
    """The file's records as (line where the record starts, cells), with notes on how it was read."""
    text, notes = _decoded(content)
    first_line = 1
    found = _SEP_LINE.match(text)
    if found:
        delimiter, text, first_line = found.group(1), text[found.end() :], 2
    else:
        delimiter = _guessed_delimiter(text, looks_like_header)
    if delimiter != ",":
        name = {"\t": _("tab"), ";": _("semicolon")}.get(delimiter, delimiter)
        notes.append({"row": first_line, "field": "file", "message": _("Cells are separated by: %s.") % name})
    return CsvFile(rows=_records(text, delimiter, first_line), delimiter=delimiter, notes=notes)


def _decoded(content: bytes) -> tuple[str, list[dict]]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf16(content, "utf-16"), []
    head = content[:4096]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a byte order mark: the NUL halves of ASCII characters tell the byte order
        encoding = "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"
        return _utf16(content, encoding), []
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = content.decode("cp1251", errors="replace")
    if "\ufffd" in text or not _reads_as_russian(text):
        line = content.count(b"\n", 0, utf8_error.start) + 1
        message = _("The file is neither UTF-8 nor Windows-1251 text (line %s): save it as CSV UTF-8.") % line
        raise PriceListInvalid([{"row": line, "field": "file", "message": message}]) from utf8_error
    note = _("The file is not UTF-8; it was read as Windows-1251 (Cyrillic).")
    return text, [{"row": 1, "field": "file", "message": note}]


def _reads_as_russian(text: str) -> bool:
    """Whether Windows-1251 made Russian words of the bytes: nearly all non-ASCII characters Cyrillic, and
    seldom glued to a Latin letter (a Latin-1 `Café` decodes to `Cafй`)."""
    foreign = sum(1 for character in text if not character.isascii())
    cyrillic = len(_CYRILLIC.findall(text))
    glued = len(_GLUED.findall(text))
    return cyrillic >= _CYRILLIC_SHARE * foreign and glued <= _GLUED_SHARE * cyrillic


def _utf16(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        message = _("The file looks like UTF-16 but byte %s cannot be read: save it as CSV UTF-8.") % exc.start
        raise PriceListInvalid([{"row": None, "field": "file", "message": message}]) from exc


def _guessed_delimiter(text: str, looks_like_header: Callable[[list], bool]) -> str:
    """The separator that makes one of the first rows a header; else the most frequent one on the first line."""
    sample = text[:_SNIFF_CHARACTERS]
    if len(text) > _SNIFF_CHARACTERS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for _index, row in zip(range(_SNIFF_ROWS), reader, strict=False):
                if looks_like_header(row):
                    return delimiter
        except csv.Error:
            continue
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=first_line.count) if first_line else ","


def _records(text: str, delimiter: str, first_line: int) -> Iterator[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    offset = first_line - 1
    started = first_line
    width = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PriceListInvalid([_quote_error(started, reader.line_num + offset, exc)]) from exc
        ended = reader.line_num + offset
        if ended > started:
            _check_swallowed_rows(row, delimiter, width, started)
        width = max(width, len(row))
        yield started, row
        started = ended + 1


def _quote_error(started: int, line: int, exc: csv.Error) -> dict:
    if "field limit" in str(exc):
        message = (
            _(
                'A cell starting in this row is longer than %s characters: if a quote (") opens in it and is never '
                "closed, close it."
            )
            % csv.field_size_limit()
        )
    elif "end of data" in str(exc):
        message = _(
            'A quote (") opens in this row and is never closed, so the rest of the file would be one cell: '
            'close it, or write a quote inside a cell as "".'
        )
    else:
        message = (
            _(
                'A quote (") opened in this row closes in the middle of a cell on line %s: '
                'close it at the end of the cell, or write a quote inside a cell as "".'
            )
            % line
        )
    return {"row": started, "field": "file", "message": message}


def _check_swallowed_rows(row: list, delimiter: str, width: int, started: int) -> None:
    """A quoted cell over several lines is fine (a description), unless a later line of it holds a whole row
    (as many separators as the widest row before it)."""
    for cell in row:
        if "\n" not in cell:
            continue
        lines = cell.split("\n")[1:]
        if width > 1 and any(line.count(delimiter) >= width - 1 for line in lines):
            message = _(
                'A quote (") opened in this row takes the next rows into one cell: close it at the end of the '
                'cell, or write a quote inside a cell as "".'
            )
            raise PriceListInvalid([{"row": started, "field": "file", "message": message}])
