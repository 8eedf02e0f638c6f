"""The normalised price list every parser produces and every import step consumes."""

import json
import zlib
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


def dump_pricelist(pricelist: PriceList) -> bytes:
    """A compact, compressed form of a validated price list (stored by preview, read back by apply)."""
    document = {
        "shop_name": pricelist.shop_name,
        "category_descriptions": pricelist.category_descriptions,
        "offers": [
            [
                o.category,
                o.product,
                o.name,
                str(o.price),
                str(o.price_rrc),
                o.quantity,
                o.external_id,
                o.description,
                o.parameters,
                o.line,
            ]
            for o in pricelist.offers
        ],
    }
    return zlib.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), level=1)


def load_dumped_pricelist(data: bytes) -> PriceList:
    document = json.loads(zlib.decompress(data))
    offers = [
        PriceListOffer(
            category,
            product,
            name,
            Decimal(price),
            Decimal(price_rrc),
            quantity,
            external_id,
            description,
            parameters,
            line,
        )
        for category, product, name, price, price_rrc, quantity, external_id, description, parameters, line in document[
            "offers"
        ]
    ]
    return PriceList(document["shop_name"], offers, document["category_descriptions"])
