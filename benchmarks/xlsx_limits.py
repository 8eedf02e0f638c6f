"""Hostile and extreme XLSX files of at most 1 MB: each is read or refused, with the CPU it cost.

    python -m benchmarks.xlsx_limits [--keep DIR]

The files are written here part by part (the zip of a workbook: content types, relationships, workbook,
shared strings, one sheet), as small as a spreadsheet's would be: a lone cell far away, a row near the last
one, a million rows squeezed into a megabyte, a zip bomb. Issue 21 asks that every file of ≤ 1 MB be read or
refused within 2 s; openpyxl's reader spent 40–52 s on the first two.
"""

import argparse
import io
import os
import resource
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

MAX_BYTES = 1024 * 1024
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        '<sheet name="Price list" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
HEADER = ("category", "product", "name", "external_id", "price", "quantity")


def workbook(rows: Iterable[str], strings: Iterable[str] = HEADER) -> bytes:
    """A workbook whose sheet holds `rows` (each a `<row>` element) and whose shared strings are `strings`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        archive.writestr(
            "xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">{items}</sst>'
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def shared_strings_workbook(rows: Iterable[list]) -> bytes:
    """A workbook of `rows` as Excel writes it: text in the shared strings, numbers as number cells."""
    strings: dict[str, int] = {}

    def cell(reference: str, value) -> str:
        if isinstance(value, int | float):
            return f'<c r="{reference}"><v>{value}</v></c>'
        index = strings.setdefault(escape(str(value)), len(strings))
        return f'<c r="{reference}" t="s"><v>{index}</v></c>'

    sheet_rows = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{get_column_letter(index + 1)}{number}", value) for index, value in enumerate(row))
        sheet_rows.append(f'<row r="{number}">{cells}</row>')
    return workbook(sheet_rows, strings)


def header_row() -> str:
    cells = "".join(f'<c r="{chr(65 + index)}1" t="s"><v>{index}</v></c>' for index in range(len(HEADER)))
    return f'<row r="1">{cells}</row>'


def offer_row(number: int) -> str:
    """A valid, unique offer: text cells shared, the name and id numbers."""
    return (
        f'<row r="{number}"><c r="A{number}" t="s"><v>0</v></c><c r="B{number}" t="s"><v>1</v></c>'
        f'<c r="C{number}"><v>{number}</v></c><c r="D{number}"><v>{number}</v></c><c r="E{number}"><v>10.5</v></c>'
        f'<c r="F{number}"><v>3</v></c></row>'
    )


def within_a_megabyte(rows_for) -> bytes:
    """A workbook of as many rows_for(n) rows as fit in MAX_BYTES: n estimated from a sample, then trimmed."""
    sample = 20_000
    count = min(1_000_000, int(sample * MAX_BYTES / len(workbook(rows_for(sample)))))
    while len(content := workbook(rows_for(count))) > MAX_BYTES:
        count = count * 49 // 50
    return content


def files() -> dict[str, bytes]:
    far_cell = workbook([header_row(), offer_row(2), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])
    far_row = workbook([header_row(), offer_row(2), offer_row(999_999)])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (100 * 1024 * 1024))
    return {
        "lone cell at XFD1048576": far_cell,
        "offer at row 999,999": far_row,
        "valid offers in 1 MB": within_a_megabyte(lambda n: [header_row(), *(offer_row(i) for i in range(2, n + 2))]),
        "duplicate rows in 1 MB": within_a_megabyte(lambda n: [header_row(), *(offer_row(2) for _ in range(n))]),
        "empty rows in 1 MB": within_a_megabyte(
            lambda n: [header_row(), *(f'<row r="{i}"/>' for i in range(2, n + 2))]
        ),
        "zip bomb (600 MB sheet)": bomb.getvalue(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="also write the files into this folder")
    args = parser.parse_args()
    import django

    django.setup()
    from imports.exceptions import PriceListInvalid
    from imports.models import ImportFormat
    from imports.parsers.formats import parse_pricelist

    print(f"load average: {' / '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"{'file':<28} {'KB':>6} {'CPU s':>6}  outcome")
    folder = args.keep or Path(tempfile.mkdtemp())
    for name, content in files().items():
        (folder / f"{name.replace(' ', '_')}.xlsx").write_bytes(content)
        before = resource.getrusage(resource.RUSAGE_SELF)
        try:
            outcome = f"read, {len(parse_pricelist(content, import_format=ImportFormat.XLSX).offers)} offers"
        except PriceListInvalid as refused:
            outcome = f"refused ({len(refused.errors)}): {refused.errors[0]['message'][:90]}"
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"{name:<28} {len(content) / 1024:>6.0f} {cpu:>6.2f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
