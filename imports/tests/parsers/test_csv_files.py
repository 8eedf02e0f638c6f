"""CSV files as Russian Excel, LibreOffice and people save them: read right, or refused at the row to fix."""

import codecs
from decimal import Decimal

import pytest

from imports.exceptions import ERRORS_KEPT
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist

from .files import refusal


def parse(content: bytes):
    return parse_pricelist(content, import_format=ImportFormat.CSV)


def errors_of(content: bytes) -> list[dict]:
    return refusal(content, ImportFormat.CSV)


# "Сохранить как → CSV (разделители — точки с запятой)" in a Russian Excel: cp1251, `;`, decimal commas,
# NBSP between thousands, CRLF, a title and a blank row above the header, every row padded to the width.
RUSSIAN_EXCEL = (
    "Прайс-лист ООО «Ромашка» от 01.12.2026;;;;;;\r\n"
    ";;;;;;\r\n"
    "category;product;name;price;price_rrc;quantity;Цвет\r\n"
    "Телефоны;Телефон X;Телефон X 64 ГБ;1\u00a0299,90;1 499,00;1 000;Чёрный\r\n"
    'Телефоны;Телефон X;"Телефон X; 128 ГБ";12,5;15;3;Белый\r\n'
)


def test_a_russian_excel_csv_is_read_right_and_says_its_header_row():
    pricelist = parse(RUSSIAN_EXCEL.encode("cp1251"))
    assert [(o.name, o.price, o.price_rrc, o.quantity, o.parameters, o.line) for o in pricelist.offers] == [
        ("Телефон X 64 ГБ", Decimal("1299.90"), Decimal("1499.00"), 1000, {"Цвет": "Чёрный"}, 4),
        ("Телефон X; 128 ГБ", Decimal("12.50"), Decimal("15.00"), 3, {"Цвет": "Белый"}, 5),
    ]
    notes = {warning["message"] for warning in pricelist.warnings}
    assert "The header (the column names) is row 3; the rows above it are not read." in notes
    assert "The file is not UTF-8; it was read as Windows-1251 (Cyrillic)." in notes


def test_excels_sep_line_sets_the_separator_and_counts_as_a_line():
    content = ("sep=;\r\n" + RUSSIAN_EXCEL).encode("utf-8-sig")
    pricelist = parse(content)
    assert [offer.line for offer in pricelist.offers] == [5, 6]
    assert {
        "row": 4,
        "field": "file",
        "message": "The header (the column names) is row 4; the rows above it are not read.",
    } in pricelist.warnings


def test_excels_unicode_text_is_utf16_with_tabs():
    text = 'category\tproduct\tname\tprice\tquantity\nЧай\tЧай зелёный\tЧай 100 г\t"1 299,90"\t5\n'
    for content in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16-be")):
        offer = parse(content).offers[0]
        assert (offer.name, offer.price, offer.quantity, offer.line) == ("Чай 100 г", Decimal("1299.90"), 5, 2)


def test_a_non_utf8_file_that_is_not_russian_is_refused_not_guessed():
    content = "category,product,name,price,quantity\nCafé,Crème,Crème brûlée,1,1\n".encode("latin-1")
    assert errors_of(content)[0]["message"].endswith("save it as CSV UTF-8.")


HEADER = "category,product,name,description,price,quantity\n"


def test_an_unclosed_quote_is_refused_at_the_row_where_it_opens():
    content = HEADER + 'C,P,A,"fine,1,1\nC,P,B,ok,2,2\nC,P,C,ok,3,3\n'
    assert errors_of(content.encode()) == [
        {
            "row": 2,
            "field": "file",
            "message": 'A quote (") opens in this row and is never closed, so the rest of the file would be one '
            'cell: close it, or write a quote inside a cell as "".',
        }
    ]


def test_a_quote_that_swallows_rows_until_another_quote_is_refused_at_its_row():
    content = HEADER + 'C,P,A,1,1,1\nC,P,B,"fine,2,2\nC,P,C,ok,3,3\nC,P,D,done",4,4\n'
    errors = errors_of(content.encode())
    assert [(error["row"], error["field"]) for error in errors] == [(3, "file")]
    assert "takes the next rows into one cell" in errors[0]["message"]


def test_a_quote_closed_mid_cell_is_refused_at_its_row():
    content = HEADER + 'C,P,A,"fine" and more,1,1\n'
    errors = errors_of(content.encode())
    assert errors[0]["row"] == 2 and "closes in the middle of a cell on line 2" in errors[0]["message"]


def test_a_description_over_several_lines_is_still_read():
    content = HEADER + 'C,P,A,"Size: 10, 20\nColours: red, green",1,1\nC,P,B,x,2,2\n'
    pricelist = parse(content.encode())
    assert pricelist.offers[0].description == "Size: 10, 20\nColours: red, green"
    assert [offer.line for offer in pricelist.offers] == [2, 4]


@pytest.mark.parametrize(
    ("price", "number"), [("1 299 ₽", "1299"), ("$12.50", "12.50"), ("12,50 руб.", "12.50"), ("1,299.90", "1299.90")]
)
def test_prices_with_a_currency_or_thousands_are_read(price, number):
    content = f"category;product;name;price;quantity\nC;P;A;{price};1\n"
    assert parse(content.encode()).offers[0].price == Decimal(number)


@pytest.mark.parametrize(("value", "field"), [("1_000", "price"), ("\u0661\u0662", "price"), ("1_000", "quantity")])
def test_underscores_and_other_scripts_digits_are_not_numbers(value, field):
    row = {"price": "5", "quantity": "1", field: value}
    content = f"category;product;name;price;quantity\nC;P;A;{row['price']};{row['quantity']}\n"
    errors = errors_of(content.encode())
    assert errors[0]["row"] == 2 and errors[0]["field"] == field
    assert errors[0]["message"].startswith(f"{value} is not a number: write digits with a point")


def test_two_price_columns_are_an_error_at_the_header():
    content = b"category,product,name,price,quantity,Price\nC,P,A,10,1,5\n"
    assert errors_of(content) == [
        {
            "row": 1,
            "field": "Price",
            "message": "The column “Price” appears twice (columns 4 and 6): keep one.",
        }
    ]


def test_a_parameter_column_named_twice_is_an_error_at_the_header():
    content = b"\ncategory,product,name,price,quantity,Colour,Size,param:Colour\nC,P,A,10,1,Red,M,Blue\n"
    errors = errors_of(content)
    assert [(error["row"], error["field"]) for error in errors] == [(2, "param:Colour")]
    assert "(columns 6 and 8)" in errors[0]["message"]


def test_values_under_a_column_without_a_name_are_reported():
    content = b"category,product,name,price,quantity,\nC,P,A,10,1,\nC,P,B,10,1,forgotten\n"
    pricelist = parse(content)
    assert [offer.name for offer in pricelist.offers] == ["A", "B"]
    assert pricelist.warnings == [
        {
            "row": 3,
            "field": "file",
            "message": "A column without a name in the header row holds values; they are not read.",
        }
    ]


def test_a_file_without_a_header_names_the_missing_columns_of_the_closest_row():
    content = b"Price list\ncategory,product,name,cost,quantity\nC,P,A,10,1\n"
    assert errors_of(content) == [{"row": 2, "field": "price", "message": "This column is missing."}]


def test_a_cell_beyond_the_csv_field_limit_is_refused_at_its_row():
    content = HEADER + 'C,P,A,"' + "x" * 200_000 + '",1,1\n'
    errors = errors_of(content.encode())
    assert errors[0]["row"] == 2 and "longer than 131072 characters" in errors[0]["message"]


def test_reading_stops_after_the_problems_a_run_keeps():
    content = HEADER + "C,P,A,x,-1,1\n" * 5000
    errors = errors_of(content.encode())
    assert len(errors) == ERRORS_KEPT + 2
    assert (
        errors[-1]["message"] == "Reading stopped at this row after 1000 problems: fix those and upload the file again."
    )
