from decimal import Decimal

from django.db import models
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def line_total(prefix: str = "") -> ExpressionWrapper:
    """Price × quantity of an order line; `prefix` reaches the line through a relation (e.g. "items__")."""
    return ExpressionWrapper(F(f"{prefix}price") * F(f"{prefix}quantity"), output_field=MONEY_FIELD)


ABOVE_RRC = Q(price__gt=F("price_rrc"))


def is_above_rrc(price: Decimal, price_rrc: Decimal) -> bool:
    """Whether a price not yet saved is "priced above RRC": strictly above; ABOVE_RRC is the same rule in SQL."""
    return price > price_rrc


class OfferQuerySet(models.QuerySet):
    def visible(self) -> "OfferQuerySet":
        """Offers a customer may see and buy: active, from shops that accept orders."""
        return self.filter(is_active=True, shop__accepts_orders=True)

    def in_stock(self) -> "OfferQuerySet":
        return self.filter(quantity__gt=0)

    def above_rrc(self, above: bool = True) -> "OfferQuerySet":
        """Offers priced above their recommended retail price (equal is fine), or with `above=False` the others."""
        return self.filter(ABOVE_RRC) if above else self.exclude(ABOVE_RRC)


class OrderQuerySet(models.QuerySet):
    def with_total(self) -> "OrderQuerySet":
        """Annotate `total_price`, the sum of each order's lines, as a correlated subquery (no row multiplication)."""
        line_model = self.model._meta.get_field("items").related_model
        lines = (
            line_model.objects.filter(order=OuterRef("pk"))
            .values("order")
            .annotate(total=Sum(line_total()))
            .values("total")
        )
        return self.annotate(
            total_price=Coalesce(Subquery(lines, output_field=MONEY_FIELD), 0, output_field=MONEY_FIELD)
        )
