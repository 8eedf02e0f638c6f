"""Issues 20 and 21: numbers judged by their text before conversion, in every format and numeric field."""

import io
from decimal import Decimal

import openpyxl
import pytest

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist
from imports.parsers.numbers import NotANumber, NumberTooLarge, NumberTooLong, NumberTooPrecise, read_number


def errors_of(content: bytes, import_format: str) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        parse_pricelist(content, import_format=import_format)
    return caught.value.errors


def yaml_offer(field: str, value: str) -> bytes:
    fields = {"price": "10", "price_rrc": "12", "quantity": "1", field: value}
    inline = ", ".join(f"{key}: {text}" for key, text in fields.items())
    head = "name: S\ncategories:\n  - name: C\n    products:\n      - name: P\n        product_infos:\n"
    return f"{head}          - {{name: O, {inline}}}\n".encode()


def csv_offer(field: str, value: str) -> bytes:
    fields = {"category": "C", "product": "P", "name": "O", "price": "10", "price_rrc": "12", "quantity": "1"}
    fields[field] = value
    return (",".join(fields) + "\n" + ",".join(fields.values()) + "\n").encode()


def xlsx_offer(field: str, value) -> bytes:
    fields = {"category": "C", "product": "P", "name": "O", "price": 10, "price_rrc": 12, "quantity": 1, field: value}
    workbook = openpyxl.Workbook()
    workbook.active.append(list(fields))
    workbook.active.append(list(fields.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "number"),
    [("1299.90", "1299.90"), (" 5 ", "5"), ("-0.5", "-0.5"), (".5", "0.5"), ("5.", "5"), ("1.5e3", "1500"),
     ("0e999999999", "0"), ("1e30", "1e30")],
)  # fmt: skip
def test_plain_numbers_are_read_exactly(text, number):
    assert read_number(text) == Decimal(number)


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("1e10000000", NumberTooLarge),
        ("1E+1000000", NumberTooLarge),
        ("1" * 41, NumberTooLong),
        ("1e31", NumberTooLarge),
        ("0.000001e-999999", NumberTooPrecise),
        ("1_000", NotANumber),
        ("١٢٣", NotANumber),  # Arabic-Indic digits
        ("１２", NotANumber),  # full-width digits
        ("²", NotANumber),
        ("0x1F", NotANumber),
        ("inf", NotANumber),
        ("NaN", NotANumber),
        ("1,5", NotANumber),
        ("", NotANumber),
        (".", NotANumber),
        ("1e", NotANumber),
    ],
)
def test_absurd_or_foreign_numbers_are_refused_by_their_text(text, refusal):
    with pytest.raises(refusal):
        read_number(text)


def test_the_147_byte_yaml_with_a_huge_exponent_is_refused_not_converted():
    content = yaml_offer("quantity", "1e10000000")
    assert len(content) < 160
    assert errors_of(content, ImportFormat.YAML) == [
        {"line": 7, "field": "quantity", "message": "1e10000000 is too large: at most 2147483647."}
    ]


def test_the_60_byte_csv_with_a_huge_exponent_is_refused_not_converted():
    content = b"category,product,name,price,quantity\nC,P,O,1,1E+1000000\n"
    assert len(content) <= 60
    assert errors_of(content, ImportFormat.CSV) == [
        {"row": 2, "field": "quantity", "message": "1E+1000000 is too large: at most 2147483647."}
    ]


@pytest.mark.parametrize("field", ["price", "price_rrc", "quantity"])
@pytest.mark.parametrize("import_format", [ImportFormat.YAML, ImportFormat.CSV])
def test_every_numeric_field_refuses_absurd_text_in_every_format(field, import_format):
    make = yaml_offer if import_format == ImportFormat.YAML else csv_offer
    for text, message in [
        ("9e999999999", "9e999999999 is too large: at most"),
        ("7" * 5000, "is too long for a number (at most 40 characters)."),
        ("1_000", "1_000 is not a number: write digits with a point before the decimals"),
        ("١٢٣", "١٢٣ is not a number"),
    ]:
        [error] = errors_of(make(field, text), import_format)
        assert error["field"] == field
        assert message in error["message"]
        assert len(error["message"]) < 200  # the value is quoted cut, not whole


def test_a_price_over_the_columns_range_says_too_large_not_not_a_number():
    for text in ("10000000000", "1e10", "1e25"):
        [error] = errors_of(yaml_offer("price", text), ImportFormat.YAML)
        assert error["message"] == f"{text} is too large: at most 9999999999.99."


@pytest.mark.parametrize(("value", "message"), [(1e300, "1e+300 is too large"), (10**12, "is too large: at most")])
def test_spreadsheet_numbers_beyond_the_range_are_too_large(value, message):
    [error] = errors_of(xlsx_offer("price", value), ImportFormat.XLSX)
    assert message in error["message"]


def test_a_missing_or_fractional_quantity_says_what_to_write():
    [missing] = errors_of(yaml_offer("quantity", "''"), ImportFormat.YAML)
    assert missing["message"] == "The value is missing: write a number, e.g. 5."
    [fraction] = errors_of(yaml_offer("quantity", "2.5"), ImportFormat.YAML)
    assert fraction["message"] == "2.5 is not a whole number: write the units in stock, e.g. 5."


def test_numbers_in_plain_shapes_still_import():
    pricelist = parse_pricelist(yaml_offer("quantity", "1.5e3"), import_format=ImportFormat.YAML)
    assert (pricelist.offers[0].quantity, pricelist.offers[0].price) == (1500, Decimal("10.00"))
