"""Stock moves shared by checkout (taking) and cancelling (returning)."""

from django.db.models import Case, F, IntegerField, Value, When

from ..models import Offer
from .listing import refresh_listings


def adjust_stock(deltas: dict[int, int]) -> None:
    """Add each delta (negative to take) to its offer's quantity, in one UPDATE, and recompute the listing
    summaries (in stock, lowest price in stock) of those offers' products only.

    The caller holds the offers' row locks, taken in primary-key order; the database's CHECK
    constraint refuses any quantity below zero. Products are updated in primary-key order too.
    """
    if not deltas:
        return
    change = Case(*(When(pk=pk, then=Value(delta)) for pk, delta in deltas.items()), output_field=IntegerField())
    Offer.objects.filter(pk__in=deltas).update(quantity=F("quantity") + change)
    refresh_listings(Offer.objects.filter(pk__in=deltas).values_list("product_id", flat=True))
