"""Numbers as spreadsheets and people write them: rewritten exactly, or left for read_number to refuse."""

from decimal import Decimal

import pytest

from imports.parsers.numbers import NotANumber, read_number
from imports.parsers.spreadsheet_numbers import number_as_written


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1299.90", "1299.90"),
        ("1 299,90", "1299.90"),
        ("1\u00a0299,90", "1299.90"),
        ("1\u202f299,90", "1299.90"),
        ("12 345 678,5", "12345678.5"),
        ("1,299.90", "1299.90"),
        ("1,299,000", "1299000"),
        ("1.299,90", "1299.90"),
        ("0,125", "0.125"),
        ("1 299 ₽", "1299"),
        ("$12.50", "12.50"),
        ("12,50 руб.", "12.50"),
        ("€ 10", "10"),
        ("10 RUB", "10"),
        (" 7 ", "7"),
    ],
)
def test_the_forms_people_write_are_read_exactly(text, number):
    assert read_number(number_as_written(text)) == Decimal(number)


@pytest.mark.parametrize("text", ["1_000", "\u0661\u0662\u0663", "\u06f1\u06f2", "12 34", "1,299", "1 299,90 ¤"])
def test_anything_else_is_left_for_read_number_to_refuse(text):
    assert number_as_written(text) == text
    with pytest.raises(NotANumber):
        read_number(number_as_written(text))
