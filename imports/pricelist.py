"""The normalised price list every parser produces and every import step consumes."""

import gc
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from sys import intern


# not frozen: nothing changes an offer once made, and a frozen dataclass is built three times slower (a
# generic setattr per field), which a 100,000-offer file pays twice (parse, then apply's read-back)
@dataclass(slots=True)
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


# offers encoded (and decoded) a batch at a time: one compress call and one join per batch, not per offer
_BATCH = 5000


# json.dumps with an argument builds a new encoder per call, a third of the time of a short row
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def dump_pricelist(pricelist: PriceList) -> bytes:
    """A compact, compressed form of a validated price list (stored by preview, read back by apply):
    a header line, then one JSON array per offer and line, compressed as it is written."""
    compressor = zlib.compressobj(1)
    header = {
        "shop_name": pricelist.shop_name,
        "category_descriptions": pricelist.category_descriptions,
        "warnings": pricelist.warnings,
    }
    parts = [compressor.compress(_ENCODE(header).encode() + b"\n")]
    offers = pricelist.offers
    for start in range(0, len(offers), _BATCH):
        rows = "".join(
            _ENCODE(
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
            + "\n"
            for o in offers[start : start + _BATCH]
        )
        parts.append(compressor.compress(rows.encode()))
    parts.append(compressor.flush())
    return b"".join(parts)


def load_dumped_pricelist(data: bytes) -> PriceList:
    with collector_paused():
        return _loaded(data)


def _loaded(data: bytes) -> PriceList:
    lines = zlib.decompress(data).split(b"\n")
    header = json.loads(lines[0])
    offers = []
    for start in range(1, len(lines), _BATCH):
        stop = min(start + _BATCH, len(lines))
        rows = json.loads(b"[" + b",".join(line for line in lines[start:stop] if line) + b"]")
        lines[start:stop] = [b""] * (stop - start)  # the batch's text is dropped once read
        for category, product, name, price, price_rrc, quantity, external_id, description, parameters, line in rows:
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
    return PriceList(header["shop_name"], offers, header["category_descriptions"], header.get("warnings", []))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a price list is read.

    Reading allocates millions of objects that all stay alive, and each allocation burst makes the collector
    scan the growing heap again: a third of a big parse's time, for nothing, as reading makes no cycles
    (the YAML loader's mappings reach their document only weakly). Re-enabled afterwards if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
