import datetime
from decimal import Decimal

import pytest

from core.spreadsheets import neutralise_csv_cell, restore_neutralised_cell


class Named:
    """A related object (a Category, a Shop) that an export writes by its name."""

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return self.name


HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "+1-2",
    "+7 999 123-45-67+SUM(A1)",
    "+7 999 123 45 67;=1",
    "+HYPERLINK(1234567)",
    "-7 999 123-45-67",
    "\t+7 999 123-45-67",
]
PHONES = ["+7 999 123-45-67", "+79990001122", "+7 (999) 123-45-67", "+44 20 7946 0958", "+1-202-555-0143"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_looking_text_gets_a_quote(value):
    assert neutralise_csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", HOSTILE)
def test_an_object_is_written_as_its_name_and_neutralised(value):
    assert neutralise_csv_cell(Named(value)) == "'" + value


@pytest.mark.parametrize(
    "value", ["Phone", "", "1=1", 5, None, -3, Decimal("-2.50"), -1.5, True, datetime.date(2026, 1, 1)]
)
def test_other_cells_are_unchanged(value):
    assert neutralise_csv_cell(value) == value


@pytest.mark.parametrize("value", PHONES)
def test_a_phone_number_keeps_its_plus_without_a_quote(value):
    assert neutralise_csv_cell(value) == value


@pytest.mark.parametrize(
    "value", [*HOSTILE, *PHONES, "'+7 999 123-45-67", "'=quoted", "''@twice", "'plain", "it's", "", "Phone"]
)
def test_reading_back_undoes_exactly_what_the_export_did(value):
    assert restore_neutralised_cell(neutralise_csv_cell(value)) == value


def test_a_quote_before_a_formula_is_kept_apart_from_the_exports_own():
    assert neutralise_csv_cell("'=quoted") == "''=quoted"
