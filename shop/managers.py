from django.db import models


class OfferQuerySet(models.QuerySet):
    def visible(self) -> "OfferQuerySet":
        """Offers a customer may see and buy: active, from shops that accept orders."""
        return self.filter(is_active=True, shop__accepts_orders=True)

    def in_stock(self) -> "OfferQuerySet":
        return self.filter(quantity__gt=0)
