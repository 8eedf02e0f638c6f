"""XLSX workbooks as people and programs save them: the sheet the user sees, every cell read right or
refused with the sheet, row and cell, and a damaged or hostile file refused after little work."""

import contextlib
import datetime
import io
import re
import zipfile
from decimal import Decimal
from random import Random

import openpyxl
import pytest

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers import xlsx
from imports.parsers.formats import parse_pricelist
from imports.parsers.tabular import looks_like_header

from .files import refusal

HEADER = ["category", "product", "name", "external_id", "price", "quantity", "Colour"]


def workbook(*sheets, active: int = 0) -> bytes:
    """A workbook of (title, rows, state) sheets, saved by openpyxl as a spreadsheet program would."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.active = active
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(content: bytes, part: str, change) -> bytes:
    """The workbook with one part's bytes changed, the rest copied as they are."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == part else data)
    return out.getvalue()


def parse(content: bytes):
    return parse_pricelist(content, import_format=ImportFormat.XLSX)


def errors_of(content: bytes) -> list[dict]:
    return refusal(content, ImportFormat.XLSX)


PRICES = [
    HEADER,
    ["Phones", "Phone", "Phone 64", "1", 100, 5, "Black"],
    ["Phones", "Phone", "Phone 128", "2", 150, 3, "White"],
]
OLD_PRICES = [
    HEADER,
    ["Phones", "Phone", "Phone 64", "1", 50, 5, "Black"],
    ["Phones", "Phone", "Phone 128", "2", 75, 3, "White"],
]


def test_a_hidden_first_sheet_is_not_read_the_visible_one_is_and_the_hidden_one_is_named():
    content = workbook(("Old prices", OLD_PRICES, "hidden"), ("Prices", PRICES, "visible"), active=1)
    pricelist = parse(content)
    assert [offer.price for offer in pricelist.offers] == [Decimal("100.00"), Decimal("150.00")]
    messages = [warning["message"] for warning in pricelist.warnings]
    assert "The sheet «Prices» is read." in messages
    assert "The hidden sheet «Old prices» also holds a price list; it is not read." in messages


def test_two_visible_price_sheets_are_refused_with_their_names():
    content = workbook(("Prices", PRICES, "visible"), ("Old prices", OLD_PRICES, "visible"))
    assert errors_of(content) == [
        {
            "row": None,
            "field": "file",
            "message": "Several sheets hold a price list: «Prices», «Old prices». Keep the one to import and delete "
            "or hide the others.",
        }
    ]


def test_the_price_sheet_is_read_when_the_user_looks_at_a_notes_sheet():
    content = workbook(("Read me", [["Prices are in roubles"]], "visible"), ("Prices", PRICES, "visible"))
    assert [offer.name for offer in parse(content).offers] == ["Phone 64", "Phone 128"]


def test_without_a_price_sheet_the_active_sheets_missing_columns_are_reported():
    content = workbook(("Prices", [["category", "name"], ["A", "B"]], "visible"))
    assert {error["field"] for error in errors_of(content)} == {"product", "price", "quantity"}


def test_title_rows_above_the_header_are_skipped_and_the_header_row_is_said():
    content = workbook(("Прайс", [["Прайс-лист на 01.12.2026"], [], *PRICES], "visible"))
    pricelist = parse(content)
    assert [offer.line for offer in pricelist.offers] == [4, 5]
    assert {
        "row": 3,
        "field": "file",
        "message": "The header (the column names) is row 3; the rows above it are not read.",
    } in pricelist.warnings


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (
            lambda xml: xml.replace("<v>100</v>", "<v>1O0</v>"),
            "Sheet «Prices», cell E2: The number “1O0” cannot be read.",
        ),
        (
            lambda xml: xml.replace("<v>100</v>", "<v>1e999</v>"),
            "Sheet «Prices», cell E2: The number “1e999” cannot be read.",
        ),
        (
            lambda xml: xml.replace('t="inlineStr"><is><t>Black</t></is>', 't="s"><v>99</v>'),
            "Sheet «Prices», cell G2: The cell refers to text number 99",
        ),
        (lambda xml: xml.replace("</sheetData>", ""), "The sheet «Prices» is cut short after row 2."),
        (
            lambda xml: xml.replace('<c r="E2" t="n"', '<c r="E2" t="q"'),
            "Sheet «Prices», cell E2: The cell has an unknown type “q”.",
        ),
        (lambda xml: xml.replace('<row r="3"', '<row r="2"'), "In the sheet «Prices» row 2 comes after row 2."),
        (lambda xml: xml.replace("<t>Black</t>", "<t>Bl&bogus;ack</t>"), "unknown XML entity “&bogus;”"),
        (lambda xml: xml.replace("<v>100</v>", "<v>100</v></c><c"), "Sheet «Prices», cell"),
    ],
)
def test_a_damaged_cell_is_refused_with_the_sheet_row_and_cell(damage, says):
    content = workbook(("Prices", PRICES, "visible"))
    broken = patched(content, "xl/worksheets/sheet1.xml", lambda data: damage(data.decode()).encode())
    errors = errors_of(broken)
    assert len(errors) == 1 and says in errors[0]["message"], errors
    assert errors[0]["message"].endswith("Save the file again from the spreadsheet program.")


def test_a_damaged_date_cell_is_refused_with_its_cell():
    content = workbook(("Prices", [[*HEADER, "Since"], [*PRICES[1], datetime.date(2026, 12, 7)]], "visible"))
    serial = re.search(r'<c r="H2" s="(\d+)"[^>]*><v>([^<]*)</v>', sheet_xml(content)).group(2)
    broken = patched(
        content, "xl/worksheets/sheet1.xml", lambda data: data.replace(f"<v>{serial}</v>".encode(), b"<v>99999999</v>")
    )
    assert "Sheet «Prices», cell H2: The date “99999999” cannot be read." in errors_of(broken)[0]["message"]


@pytest.mark.parametrize(
    "part",
    ["xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels"],
)
def test_broken_xml_in_a_workbook_part_is_a_file_error(part):
    content = patched(workbook(("Prices", PRICES, "visible")), part, lambda data: data[: len(data) // 2])
    assert "is not valid XML" in errors_of(content)[0]["message"]


def test_a_doctype_is_refused():
    def with_entities(data: bytes) -> bytes:
        return b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data.split(b"?>", 1)[-1]

    content = patched(workbook(("Prices", PRICES, "visible")), "xl/workbook.xml", with_entities)
    assert "xl/workbook.xml" in errors_of(content)[0]["message"]


def test_dates_and_times_are_read_as_iso_text():
    rows = [
        [*HEADER, "Since", "At"],
        [*PRICES[1], datetime.date(2026, 12, 7), datetime.datetime(2026, 12, 7, 10, 30)],
    ]
    offer = parse(workbook(("Prices", rows, "visible"))).offers[0]
    assert offer.parameters == {"Colour": "Black", "Since": "2026-12-07", "At": "2026-12-07 10:30:00"}


def test_ids_above_2_to_the_53_are_read_exactly_or_refused():
    # openpyxl writes the float a spreadsheet keeps; another program may write the integer in full
    rounded = workbook(("Prices", [HEADER, ["C", "P", "A", 12345678901234567890, 1, 1, "x"]], "visible"))
    assert errors_of(rounded) == [
        {
            "row": 2,
            "field": "external_id",
            "message": "Sheet «Prices», cell D2: The number 1.234567890123457e+19 has more digits than a spreadsheet "
            "keeps (15): format the column as Text and type the value again.",
        }
    ]
    exact = patched(
        rounded,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b"<v>1.234567890123457e+19</v>", b"<v>12345678901234567890</v>"),
    )
    assert parse(exact).offers[0].external_id == "12345678901234567890"


def test_a_value_beyond_the_200th_column_is_refused_with_its_cell():
    row = [*PRICES[1]] + [None] * (250 - len(PRICES[1])) + ["far"]
    errors = errors_of(workbook(("Prices", [HEADER, row], "visible")))
    assert errors == [
        {
            "row": 2,
            "field": "file",
            "message": "Sheet «Prices», cell IQ2: At most 200 columns are accepted; this cell is beyond them.",
        }
    ]


def far_away(content: bytes, cell: str, row: int) -> bytes:
    return patched(
        content,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(
            b"</sheetData>", f'<row r="{row}"><c r="{cell}{row}"><v>1</v></c></row></sheetData>'.encode()
        ),
    )


def test_a_lone_cell_far_away_costs_one_row_not_a_million():
    content = far_away(workbook(("Prices", PRICES, "visible")), "XFD", 1_048_576)
    assert "at most 1000000 rows" in errors_of(content)[0]["message"]
    content = far_away(workbook(("Prices", PRICES, "visible")), "XFD", 999_999)
    assert "Sheet «Prices», cell XFD999999: At most 200 columns" in errors_of(content)[0]["message"]
    content = far_away(workbook(("Prices", PRICES, "visible")), "A", 999_999)
    rows = list(xlsx.read_xlsx(content, looks_like_header=looks_like_header).rows)
    assert [number for number, _cells in rows] == [1, 2, 3, 999_999]


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (20 * 1024 * 1024))
    assert "unpacks to" in errors_of(bomb.getvalue())[0]["message"]


SHARED_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
    "<si><t>category</t></si>"
    '<si><r><rPr><b/></rPr><t xml:space="preserve">Rich </t></r><r><t>text &amp; more</t></r></si>'
    '<si><t>Line_x000D_\nbreak</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>'
    "<si><t/></si>"
    "</sst>"
)


def test_shared_strings_rich_text_escapes_and_prefixed_elements_are_read_like_openpyxl_does():
    content = workbook(("Prices", [HEADER, ["C", "P", "Name", "7", 1, 1, "x"]], "visible"))

    def shared(data: bytes) -> bytes:
        xml = data.decode()
        xml = xml.replace('<c r="A2" t="inlineStr"><is><t>C</t></is></c>', '<c r="A2" t="s"><v>1</v></c>')
        xml = xml.replace('<c r="G2" t="inlineStr"><is><t>x</t></is></c>', '<c r="G2" s="0" t="s"><v>2</v></c>')
        return (
            xml.replace("<row ", "<x:row ")
            .replace("</row>", "</x:row>")
            .replace("<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ')
            .encode()
        )

    content = patched(content, "xl/worksheets/sheet1.xml", shared)
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
    content = out.getvalue()
    offer = parse(content).offers[0]
    assert (offer.category, offer.parameters) == ("Rich text & more", {"Colour": "Line\r\nbreak"})


def test_every_value_type_reads_as_openpyxl_shows_it():
    values = ["text", " spaced ", 12, -3, 0.1, 1e-7, 123456.789, 2**53, True, "Ё ñ 中文", "a&b<c>"]
    content = workbook(
        ("Prices", [HEADER + [f"p{index}" for index in range(len(values))], [*PRICES[1], *values]], "visible")
    )
    mine = dict(list(xlsx.read_xlsx(content, looks_like_header=looks_like_header).rows))[2][len(PRICES[1]) :]
    theirs = next(
        openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(min_row=2, values_only=True)
    )
    theirs = theirs[len(PRICES[1]) :]
    assert mine == [
        value if isinstance(value, str) else "TRUE" if value is True else format(Decimal(repr(value)), "f")
        for value in theirs
    ]


def test_a_formula_without_its_computed_value_is_refused_not_read_as_empty():
    content = workbook(("Prices", [HEADER, [*PRICES[1][:-1], "=A1&B1"]], "visible"))
    assert errors_of(content)[0]["message"].startswith(
        "Sheet «Prices», cell G2: The cell holds a formula whose value was never computed"
    )


def test_a_corrupted_deflate_stream_is_a_file_error():
    content = bytearray(workbook(("Prices", PRICES, "visible")))
    member = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml")
    data_start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for index in range(data_start + 10, data_start + 40):
        content[index] ^= 0x55
    assert "xl/worksheets/sheet1.xml cannot be unpacked" in errors_of(bytes(content))[0]["message"]


def test_any_damage_to_the_xml_is_read_or_refused_never_a_raw_exception():
    """Bytes of the sheet and the workbook parts swapped for XML's special characters, a few hundred ways."""
    content = workbook(("Prices", PRICES, "visible"), ("Notes", [["x"]], "hidden"))
    random = Random(21)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    for _attempt in range(300):
        name = random.choice(sorted(parts))
        data = bytearray(parts[name])
        for _change in range(random.randint(1, 3)):
            data[random.randrange(len(data))] = random.choice(b'<>/"=&;0123456789ABZrcvts ')
        broken = patched(content, name, lambda _data, data=data: bytes(data))
        with contextlib.suppress(PriceListInvalid):
            parse(broken)


def test_text_that_is_not_utf8_is_a_file_error():
    content = workbook(("Prices", PRICES, "visible"))
    broken = patched(
        content, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<t>Black</t>", b"<t>Bl\xffack</t>")
    )
    assert errors_of(broken)[0]["message"].startswith("The workbook holds text that is not UTF-8.")


def test_rows_and_cells_without_references_are_placed_by_their_order():
    def unreferenced(data: bytes) -> bytes:
        data = re.sub(rb'<row r="\d+"', b"<row", data)
        data = re.sub(rb' r="[A-Z]+\d+"', b"", data)
        return data.replace(b'<c t="n"><v>100</v></c>', b'<c t="n"/><c t="n"><v>100</v></c>', 1)

    header = ["category", "product", "name", "external_id", "note", "price", "quantity"]
    content = workbook(("Prices", [header, ["C", "P", "A", "1", 100, 5]], "visible"))
    offer = parse(patched(content, "xl/worksheets/sheet1.xml", unreferenced)).offers[0]
    assert (offer.price, offer.quantity, offer.line) == (Decimal("100.00"), 5, 2)
