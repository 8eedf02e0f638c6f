"""What an applied import leaves to recompute in the catalogue: search documents and listing summaries."""

from shop.services.search import refresh_shop_products

from ..models import ImportRun, ImportSnapshotChunk, SnapshotKind


def refresh_products_of_import(run: ImportRun) -> None:
    """Inside the apply's transaction: every product the shop offers now, plus those its changed offers
    belonged to before (an offer the price list moved to another product leaves the old one behind)."""
    before = ImportSnapshotChunk.objects.filter(run=run, kind=SnapshotKind.OFFERS).order_by("position")
    previous = {row[1] for rows in before.values_list("rows", flat=True).iterator(chunk_size=1) for row in rows}
    refresh_shop_products(run.shop_id, previous)
