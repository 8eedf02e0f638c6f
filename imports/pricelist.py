"""The normalised price list every parser produces and every import step consumes."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PriceListOffer:
    category: str
    product: str
    name: str
    price: Decimal
    price_rrc: Decimal
    quantity: int
    external_id: str | None = None
    description: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    line: int | None = None


@dataclass(slots=True)
class PriceList:
    shop_name: str
    offers: list[PriceListOffer]
    category_descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def category_names(self) -> list[str]:
        return sorted({offer.category for offer in self.offers} | set(self.category_descriptions))
