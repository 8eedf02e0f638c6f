"""Numbers as people and spreadsheet programs write them in a CSV or XLSX cell, rewritten into the shape
`numbers.read_number` judges: `1 299,90` (space, NBSP or narrow NBSP between thousands, a Russian
spreadsheet's decimal comma), `1,299.90`, `1.299,90`, a currency sign or word before or after (`1 299 ₽`,
`$12.50`, `12,50 руб.`).

Anything else is left as written, so read_number refuses it with the value and the expected form: `1_000`,
digits of other scripts, and `1,299`, which could be a thousand and more or one and a bit.
"""

import re

from .numbers import MAX_NUMBER_CHARACTERS

_CURRENCY = re.compile(
    r"^(?:[$€£¥₽₸₴]|руб\.?|р\.|RUB|USD|EUR|KZT|BYN)\s*"
    r"|\s*(?:[$€£¥₽₸₴]|руб(?:лей|ля|ль)?\.?|р\.?|RUB|USD|EUR|KZT|BYN)$",
    re.IGNORECASE,
)
# the separators put between groups of three digits
_THOUSANDS_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}(?:\D|$))")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_COMMA_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+,\d+", re.ASCII)
_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}", re.ASCII)


def number_as_written(value):
    """A cell's text in read_number's shape when it is a number written one of the ways above; anything
    else (other text, a number a spreadsheet typed) unchanged."""
    if type(value) is not str or len(value) > MAX_NUMBER_CHARACTERS or _PLAIN.fullmatch(value):
        return value
    text = _THOUSANDS_SPACE.sub("", _CURRENCY.sub("", value.strip()).strip())
    if _PLAIN.fullmatch(text):
        return text
    if _AMBIGUOUS.fullmatch(text):
        return value
    if _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    if _COMMA_THOUSANDS.fullmatch(text):
        return text.replace(",", "")
    if _DOT_THOUSANDS.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    return value
