"""The listing summary of products (Product.listed … lowest_available_price), kept exact by every write.

Each product carries what the catalogue list filters, sorts and counts by, taken over its visible offers
(active, from a shop accepting orders): whether it has one, the lowest price and its shop, how many shops
offer it, whether any has stock and the lowest price among those that do. One set-based UPDATE recomputes
the summaries of the given products from their offers; every path that changes offers calls it inside its
own transaction, so the list never disagrees with the offers it summarises:

- model saves and deletes (back office, admin, a supplier's order switch): shop/receivers.py;
- stock moves of checkout and cancel: shop/services/stock.py, for the order's products only;
- import apply: refresh_listings() for the products its writes changed; rollback: refresh_shop_products() in
  shop.services.search, for every product the shop offered before or after.
"""

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Offer, Product


def listing_summary(visible_offers: QuerySet) -> dict:
    """The summary columns as correlated subqueries over `visible_offers` of each product (portable SQL);
    the migration that adds the columns passes its historical offers."""
    visible = visible_offers.filter(product=OuterRef("pk"))
    cheapest = visible.order_by("price", "id")
    in_stock = visible.filter(quantity__gt=0)
    shops = visible.order_by().values("product").annotate(count=Count("shop_id", distinct=True)).values("count")
    return {
        "listed": Exists(visible),
        "lowest_price": Subquery(cheapest.values("price")[:1]),
        "lowest_price_shop_id": Subquery(cheapest.values("shop_id")[:1]),
        "shops_offering": Coalesce(Subquery(shops), 0),
        "available": Exists(in_stock),
        "lowest_available_price": Subquery(in_stock.order_by("price").values("price")[:1]),
    }


def refresh_listings(product_ids: Iterable[int] | None = None) -> int:
    """Recompute the summaries of `product_ids` (every product when None) in one UPDATE; rows updated.
    The ids go in sorted, so concurrent refreshes lock shared products in the same order."""
    products = Product.objects.all()
    if product_ids is not None:
        ids = sorted(set(product_ids))
        if not ids:
            return 0
        products = products.filter(pk__in=ids)
    return products.update(**listing_summary(Offer.objects.visible()))
