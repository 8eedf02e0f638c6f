"""Numbers of a price list, judged by their text before anything converts them.

Every format's numeric fields (prices, quantities) go through `read_number`. It looks at the text only —
its length, its shape, the size its exponent gives it — and builds the Decimal last, so a few bytes such as
`1E+1000000` cost microseconds, not the minutes `int(Decimal(…))` spends writing out a million digits.

Accepted: ASCII digits with an optional sign, one decimal point and an exponent (`1299.90`, `-5`, `1.5e3`).
Not numbers: `1_000`, digits of other scripts (`١٢٣`), `0x1F`, `inf`, `NaN`. A format that allows more
(decimal commas, thousands separators) rewrites its text into this shape first and calls `read_number`.
"""

import re
from decimal import Decimal

# Far above any price or stock count (a 20-digit number with decimals), far below any cost to convert.
MAX_NUMBER_CHARACTERS = 40


# The powers of ten a number's first digit may reach, whatever column it is for: each column checks its own
# range afterwards, these only keep the Decimal cheap and inside its context (`1e30` is read, then refused
# as too large by the column; `1e31` is refused here).
MAX_MAGNITUDE = 30
MIN_MAGNITUDE = -30


_NUMBER = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.ASCII)


class NotANumber(ValueError):
    """The text is not a number in the accepted shape."""


class NumberTooLong(NotANumber):
    """The text is longer than any real number of a price list."""


class NumberTooLarge(ValueError):
    """A well-formed number beyond every column's range."""


class NumberTooPrecise(ValueError):
    """A well-formed number so small that no column keeps any of its digits (`1e-40`)."""


def read_number(text: str) -> Decimal:
    """The number `text` writes, exactly (a Decimal); NotANumber (NumberTooLong), NumberTooLarge or
    NumberTooPrecise otherwise. Surrounding blanks are ignored."""
    text = text.strip()
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise NumberTooLong(text)
    found = _NUMBER.fullmatch(text)
    if found is None:
        raise NotANumber(text)
    _sign, whole, fraction, exponent = found.groups()
    fraction = fraction or ""
    if not whole and not fraction:
        raise NotANumber(text)
    significant_whole = whole.lstrip("0")
    if not significant_whole and not fraction.strip("0"):
        return Decimal(0)  # zero, whatever its exponent (`0e99999999`)
    # the power of ten of the first significant digit, counted in the text: the places above the point, or
    # the zeros that open the fraction
    opening_zeros = len(fraction) - len(fraction.lstrip("0"))
    first = len(significant_whole) - 1 if significant_whole else -opening_zeros - 1
    magnitude = first + int(exponent or 0)  # at most MAX_NUMBER_CHARACTERS digits: a cheap int
    if magnitude > MAX_MAGNITUDE:
        raise NumberTooLarge(text)
    if magnitude < MIN_MAGNITUDE:
        raise NumberTooPrecise(text)
    return Decimal(text)
