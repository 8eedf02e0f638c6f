"""Stock moves shared by checkout (taking) and cancelling (returning)."""

from django.db.models import Case, F, IntegerField, Value, When

from ..models import Offer


def adjust_stock(deltas: dict[int, int]) -> None:
    """Add each delta (negative to take) to its offer's quantity, in one UPDATE.

    The caller holds the offers' row locks, taken in primary-key order; the database's CHECK
    constraint refuses any quantity below zero.
    """
    if not deltas:
        return
    change = Case(*(When(pk=pk, then=Value(delta)) for pk, delta in deltas.items()), output_field=IntegerField())
    Offer.objects.filter(pk__in=deltas).update(quantity=F("quantity") + change)
