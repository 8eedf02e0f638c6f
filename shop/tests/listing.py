"""The invariant every listing-summary test checks: the stored summary equals one computed from the offers."""

from shop.models import Offer, Product
from shop.services.listing import listing_summary

SUMMARY_FIELDS = list(listing_summary(Offer.objects.visible()))


def stale_listings() -> list[dict]:
    """Products whose stored summary differs from what their visible offers say now (with both values)."""
    expected = listing_summary(Offer.objects.visible())
    rows = Product.objects.annotate(**{f"now_{name}": expected[name] for name in SUMMARY_FIELDS}).values(
        "pk", *SUMMARY_FIELDS, *(f"now_{name}" for name in SUMMARY_FIELDS)
    )
    return [row for row in rows if any(row[name] != row[f"now_{name}"] for name in SUMMARY_FIELDS)]
