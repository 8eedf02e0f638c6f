"""`{% load money %}{{ order.total|money }}` or `{{ amount|money:"USD" }}`: see core.money.format_money."""

from django import template

from core.money import format_money

register = template.Library()


@register.filter(name="money")
def money(amount, currency: str = "RUB") -> str:
    """Like Django's own number filters, an empty or non-numeric value shows as nothing rather than failing the page."""
    if amount is None or amount == "":
        return ""
    try:
        return format_money(amount, currency)
    except ValueError:
        return ""
