"""Money as people read it, the same in e-mails, admin pages, charts and reports: two decimals, digits
grouped the way the active language groups them, then the currency sign ("1 234,50 ₽" in Russian)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

CURRENCY_SIGNS = {"RUB": "₽"}
NBSP = "\xa0"


def format_money(amount: Decimal | int | str, currency: str = "RUB", *, decimal_places: int = 2) -> str:
    """`amount` may be a string: e-mail contexts carry amounts as "1234.50" through the broker.

    Raises ValueError when `amount` is not a number.
    """
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        raise ValueError(f"not an amount of money: {amount!r}") from None
    # number_format cuts extra digits off; money is rounded half up, as people round it.
    rounded = value.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
    grouped = number_format(rounded, decimal_places, force_grouping=True)
    return f"{grouped}{NBSP}{CURRENCY_SIGNS.get(currency, currency)}"
