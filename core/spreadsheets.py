"""Exports opened in a spreadsheet: a cell that looks like a formula is written as text (CSV injection).

Every CSV or XLSX the service writes passes each cell through `neutralise_csv_cell`, whatever its type: the
admin's lists and reports (ours and Wagtail's own, see `core/admin_exports.py`) and the price-list
exporter. The price-list parser takes the prefix off again (`restore_neutralised_cell`), so an exported price
list imports back unchanged.
"""

import datetime
import re
from decimal import Decimal

# A spreadsheet evaluates a cell starting with one of these; a tab or a line break can hide one that follows
# (and an XLSX file gives a carriage return back as a line feed).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
TEXT_PREFIX = "'"
# A phone number written as people write it ("+7 999 123-45-67"): a spreadsheet cannot run it as anything harmful
# (digits, spaces, brackets and minus signs name no function and no other cell), so its "+" is kept unquoted.
# Short sums such as "+1" or "+1-2" have too few digits to be a phone and stay quoted.
PHONE_NUMBER = re.compile(r"\+?[\d\s()\-]+")
PHONE_MIN_DIGITS = 5
# Written as what they are (a number, a date), never read as a formula: a negative number stays a number.
TYPED_VALUES = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def neutralise_csv_cell(value):
    """The cell as a spreadsheet should show it: numbers, dates and empty cells unchanged, anything else as text
    (a related object as its name), with a `'` in front when that text would run as a formula. A phone number
    starting with "+" is left alone: the quote would show in the cell and in every copy of the number.

    Text already starting with `'`s before a trigger gets one more, so `restore_neutralised_cell` is exact.
    """
    if value is None or isinstance(value, TYPED_VALUES):
        return value
    text = str(value)
    if is_phone_number(text):
        return text
    if text.lstrip(TEXT_PREFIX).startswith(FORMULA_TRIGGERS):
        return TEXT_PREFIX + text
    return text


def is_phone_number(text: str) -> bool:
    return (
        text.startswith("+")
        and PHONE_NUMBER.fullmatch(text) is not None
        and sum(character.isdigit() for character in text) >= PHONE_MIN_DIGITS
    )


def restore_neutralised_cell(value):
    """The inverse of `neutralise_csv_cell` for a cell read back from a file."""
    if type(value) is str and value.startswith(TEXT_PREFIX) and value.lstrip(TEXT_PREFIX).startswith(FORMULA_TRIGGERS):
        return value[len(TEXT_PREFIX) :]
    return value
