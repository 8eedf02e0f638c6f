"""Money is written one way everywhere: two decimals, grouped per language, the currency sign."""

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from core.money import format_money


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("en", Decimal("1234.5"), "1,234.50\xa0₽"),
        ("ru", Decimal("1234.5"), "1\xa0234,50\xa0₽"),
        ("en", "99", "99.00\xa0₽"),
        ("en", 1000000, "1,000,000.00\xa0₽"),
        ("en", Decimal("-3.456"), "-3.46\xa0₽"),
    ],
)
def test_amounts_are_grouped_per_language_with_two_decimals_and_the_sign(language, amount, expected):
    with translation.override(language):
        assert format_money(amount) == expected


def test_other_currencies_and_whole_amounts():
    with translation.override("en"):
        assert format_money("5", "USD") == "5.00\xa0USD"
        assert format_money(Decimal("12345.67"), decimal_places=0) == "12,346\xa0₽"


@pytest.mark.parametrize("amount", ["abc", None, ""])
def test_something_that_is_not_money_is_refused(amount):
    with pytest.raises(ValueError):
        format_money(amount)


def test_the_template_filter_formats_and_leaves_non_amounts_blank():
    template = engines["django"].from_string("{% load money %}[{{ a|money }}|{{ b|money:'USD' }}|{{ c|money }}]")
    with translation.override("en"):
        assert template.render({"a": "1500.5", "b": 2, "c": None}) == "[1,500.50\xa0₽|2.00\xa0USD|]"
        assert template.render({"a": "n/a", "b": "", "c": ""}) == "[||]"
