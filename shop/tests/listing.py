"""The invariant every listing-summary test checks: the stored summary equals one computed from the offers."""

from django.db import connection
from django.db.models import Count, Q

from shop.models import ListingCount, Offer, Product
from shop.services.listing import listing_summary

SUMMARY_FIELDS = list(listing_summary(Offer.objects.visible()))


def stale_listings() -> list[dict]:
    """Products whose stored summary differs from what their visible offers say now (with both values), and
    on PostgreSQL categories whose listing counters differ from a COUNT of the summaries."""
    expected = listing_summary(Offer.objects.visible())
    rows = Product.objects.annotate(**{f"now_{name}": expected[name] for name in SUMMARY_FIELDS}).values(
        "pk", *SUMMARY_FIELDS, *(f"now_{name}" for name in SUMMARY_FIELDS)
    )
    stale = [row for row in rows if any(row[name] != row[f"now_{name}"] for name in SUMMARY_FIELDS)]
    if connection.vendor == "postgresql":
        counted = {
            row["category_id"]: (row["listed"], row["available"])
            for row in Product.objects.values("category_id").annotate(
                listed=Count("pk", filter=Q(listed=True)), available=Count("pk", filter=Q(available=True))
            )
        }
        stored = {row.category_id: (row.listed, row.available) for row in ListingCount.objects.all()}
        for category_id in counted.keys() | stored.keys():
            if counted.get(category_id, (0, 0)) != stored.get(category_id, (0, 0)):
                stale.append(
                    {"category_id": category_id, "counted": counted.get(category_id), "stored": stored.get(category_id)}
                )
    return stale
