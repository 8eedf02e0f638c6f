"""Issue 11: exact, honest errors and text kept as written, in every format."""

import io
import re
import tracemalloc
import unicodedata
import zipfile

import openpyxl
import pytest

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers import xlsx, yaml_loader
from imports.parsers.formats import parse_pricelist
from imports.parsers.yaml_dialects import parse_yaml

from .conftest import PRICELIST


def errors_of(call, *args, **kwargs) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        call(*args, **kwargs)
    return caught.value.errors


def one_offer(fields: str) -> str:
    return f"name: S\ncategories:\n  - name: C\n    products:\n      - name: P\n        product_infos:\n{fields}"


def test_text_stays_text_in_names_ids_and_parameters():
    text = one_offer(
        "          - name: 1:20\n            external_id: 010\n            price: 10\n            quantity: 2\n"
        "            parameters:\n              - {name: yes, value: 0x1F}\n              - {name: Code, value: 1e3}\n"
    )
    offer = parse_yaml(text).offers[0]
    assert (offer.name, offer.external_id) == ("1:20", "010")
    assert offer.parameters == {"yes": "0x1F", "Code": "1e3"}


def test_flat_format_keeps_text_too():
    text = "shop: S\ncategories:\n  - {id: 01, name: C}\ngoods:\n"
    text += "  - {id: 007, category: 01, name: no, price: 1, quantity: 1}\n"
    offer = parse_yaml(text).offers[0]
    assert (offer.external_id, offer.product, offer.category) == ("007", "no", "C")


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("name: S\ncategories:\n  - name: C\n    products: 5\n", 4, "products"),
        ("name: S\ncategories: x\n", 2, "categories"),
        ("name: S\nname: T\ncategories: []\n", 2, "file"),
        ("a: " + "[" * 990 + "]" * 990 + "\n", 1, "file"),
        ("x: 1\ny: &a 1\nz: *a\n", 2, "file"),
    ],
)
def test_malformed_yaml_names_line_and_field(text, line, field):
    errors = errors_of(parse_yaml, text)
    assert (errors[0]["line"], errors[0]["field"]) == (line, field)


def test_duplicate_keys_in_an_offer_name_the_duplicate_line():
    text = PRICELIST.replace("            price: 150\n", "            price: 150\n            price: 160\n")
    errors = errors_of(parse_yaml, text)
    assert errors == [{"line": 19, "field": "file", "message": "The key price appears twice in this mapping."}]


def test_offer_lines_are_the_files_lines():
    lines = [offer.line for offer in parse_yaml("# comment\n\n" + PRICELIST).offers]
    assert lines == [10, 18, 29]


@pytest.mark.parametrize("value", ['"a\\0b"', '"\\ud800"'])
def test_characters_postgresql_refuses_are_row_errors(value):
    text = one_offer(f"          - name: {value}\n            price: 1\n            quantity: 1\n")
    assert errors_of(parse_yaml, text)[0]["field"] == "name"


def test_a_yaml_offer_without_quantity_is_an_error():
    errors = errors_of(parse_yaml, one_offer("          - {name: O, price: 1}\n"))
    assert errors[0]["field"] == "quantity"


def test_a_price_rounded_away_is_a_warning():
    pricelist = parse_yaml(one_offer("          - {name: O, price: 10.005, price_rrc: 11, quantity: 1}\n"))
    assert str(pricelist.offers[0].price) == "10.01"
    assert pricelist.warnings == [{"line": 7, "field": "price", "message": "10.005 is rounded to 10.01."}]


def test_names_are_nfc_normalised_so_two_forms_are_one_offer():
    composed, decomposed = "Caf\u00e9", unicodedata.normalize("NFD", "Caf\u00e9")
    text = one_offer(
        f"          - {{name: {composed}, price: 1, quantity: 1}}\n"
        f"          - {{name: ' {decomposed} ', price: 1, quantity: 1}}\n"
    )
    errors = errors_of(parse_yaml, text)
    assert errors[0]["line"] == 8 and "appears twice" in errors[0]["message"]


def test_the_fast_path_refuses_aliases_and_keeps_stars_inside_quotes():
    assert errors_of(yaml_loader.load_yaml_document, "a: [1]\nb: *x\n")[0]["line"] in (1, 2)
    assert yaml_loader.load_yaml_document("a: 'x *y &z !w'\n") == {"a": "x *y &z !w"}


CSV_HEADER = "category,product,name,external_id,price,price_rrc,quantity,Colour\n"


def parse_csv(text: str):
    return parse_pricelist(text.encode(), import_format=ImportFormat.CSV)


def test_csv_rows_are_the_files_lines_with_blank_lines_counted():
    text = CSV_HEADER + "\nC,P,A,1,10,12,1,Red\n\nC,P,B,2,-1,12,1,Red\n"
    assert errors_of(parse_csv, text) == [{"row": 5, "field": "price", "message": "-1 is negative: write 0 or more."}]


def test_a_csv_row_with_extra_cells_is_an_error():
    errors = errors_of(parse_csv, CSV_HEADER + "C,P,A,1,10,12,1,Red,surplus\n")
    assert errors[0]["row"] == 2 and errors[0]["field"] == "file"


def test_csv_nul_and_export_neutraliser():
    assert errors_of(parse_csv, CSV_HEADER + "C,P,A\x00,1,10,12,1,Red\n")[0] == {
        "row": 2,
        "field": "name",
        "message": "Holds a character that cannot be stored (NUL or a lone surrogate).",
    }
    offer = parse_csv(CSV_HEADER + "C,P,'=A+1,1,10,12,1,'-red\n").offers[0]
    assert (offer.name, offer.parameters) == ("=A+1", {"Colour": "-red"})


def xlsx_bytes(rows, dimension: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    if dimension is None:
        return out.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
                assert dimension.encode() in data
            target.writestr(item, data)
    return patched.getvalue()


def test_an_xlsx_declaring_a_huge_dimension_is_read_in_little_memory():
    header = ["category", "product", "name", "external_id", "price", "price_rrc", "quantity", "Colour"]
    content = xlsx_bytes([header, ["C", "P", "A", "010", 10, 12, 1, "Red"]], dimension="A1:XFD2000")
    tracemalloc.start()
    pricelist = parse_pricelist(content, import_format=ImportFormat.XLSX)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [offer.external_id for offer in pricelist.offers] == ["010"]
    assert peak < 20 * 1024 * 1024


def test_an_xlsx_unpacking_beyond_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 1000)
    errors = errors_of(parse_pricelist, xlsx_bytes([["category"]]), import_format=ImportFormat.XLSX)
    assert "unpacks to" in errors[0]["message"]


def test_a_parameter_error_names_the_parameters_line_in_both_dialects():
    nested = one_offer(
        "          - name: O\n            price: 1\n            quantity: 1\n            parameters:\n"
        "              - {name: Colour, value: Red}\n              - name: '  '\n                value: x\n"
    )
    assert [(e["line"], e["field"]) for e in errors_of(parse_yaml, nested)] == [(12, "parameters")]
    flat = "shop: S\ncategories:\n  - {id: 1, name: C}\ngoods:\n  - id: 7\n    category: 1\n    name: P\n"
    flat += "    price: 1\n    quantity: 1\n    parameters:\n      Colour: Red\n      ' ': x\n"
    assert [(e["line"], e["field"]) for e in errors_of(parse_yaml, flat)] == [(12, "parameters")]


def test_lines_after_a_folded_multi_line_scalar_are_the_files_lines():
    text = PRICELIST.replace("    description: Mobile phones\n", "    description: Mobile\n      phones\n")
    assert [offer.line for offer in parse_yaml(text).offers] == [9, 17, 28]
