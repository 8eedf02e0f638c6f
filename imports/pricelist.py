"""The normalised price list every parser produces and every import step consumes."""

import json
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from sys import intern

# One encoder for every row: json.dumps(…, ensure_ascii=False) would build a new one per call.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False)
DUMP_BATCH = 1_000


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
    # what the validation noticed but allows (a price rounded to cents); the diff reports them
    warnings: list[dict] = field(default_factory=list)


def dump_pricelist(pricelist: PriceList) -> bytes:
    """A compact, compressed form of a validated price list (stored by preview, read back by apply):
    a header line, then one JSON array per offer and line, compressed as it is written."""
    compressor = zlib.compressobj(1)
    header = {
        "shop_name": pricelist.shop_name,
        "category_descriptions": pricelist.category_descriptions,
        "warnings": pricelist.warnings,
    }
    parts = [compressor.compress(json.dumps(header, ensure_ascii=False).encode() + b"\n")]
    encode = _ROW_ENCODER.encode
    for start in range(0, len(pricelist.offers), DUMP_BATCH):
        lines = [
            encode(
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
            )
            for o in pricelist.offers[start : start + DUMP_BATCH]
        ]
        parts.append(compressor.compress("\n".join(lines).encode() + b"\n"))
    parts.append(compressor.flush())
    return b"".join(parts)


def load_dumped_pricelist(data: bytes) -> PriceList:
    lines = zlib.decompress(data).split(b"\n")
    header = json.loads(lines[0])
    offers = []
    for index in range(1, len(lines)):
        if lines[index]:
            category, product, name, price, price_rrc, quantity, external_id, description, parameters, line = (
                json.loads(lines[index])
            )
            offers.append(
                PriceListOffer(
                    intern(category),
                    intern(product),
                    name,
                    Decimal(price),
                    Decimal(price_rrc),
                    quantity,
                    external_id,
                    description,
                    {intern(key): intern(value) for key, value in parameters.items()},
                    line,
                )
            )
        lines[index] = b""
    return PriceList(header["shop_name"], offers, header["category_descriptions"], header.get("warnings", []))
