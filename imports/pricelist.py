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


# offers encoded a batch at a time, one line per batch: one encoder call, one compress call per batch
_BATCH = 5000


# decoded a megabyte of lines at a time: few decoder calls, and only one group's rows in memory as lists
_DECODE_BYTES = 1 << 20


# json.dumps with an argument builds a new encoder per call, a third of the time of a short row
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def dump_pricelist(pricelist: PriceList) -> bytes:
    """A compact, compressed form of a validated price list (stored by preview, read back by apply):
    a header line, then lines of offers, each offer a JSON array and the offers of a line separated by
    commas, compressed as it is written."""
    with collector_paused():  # a batch's rows stay alive until it is encoded: see collector_paused
        return _dumped(pricelist)


def _dumped(pricelist: PriceList) -> bytes:
    compressor = zlib.compressobj(1)
    header = {
        "shop_name": pricelist.shop_name,
        "category_descriptions": pricelist.category_descriptions,
        "warnings": pricelist.warnings,
    }
    parts = [compressor.compress(_ENCODE(header).encode() + b"\n")]
    offers = pricelist.offers
    for start in range(0, len(offers), _BATCH):
        rows = [
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
            for o in offers[start : start + _BATCH]
        ]
        # the batch as one JSON array, less its brackets: its offers separated by commas
        parts.append(compressor.compress(_ENCODE(rows)[1:-1].encode() + b"\n"))
    parts.append(compressor.flush())
    return b"".join(parts)


def load_dumped_pricelist(data: bytes) -> PriceList:
    with collector_paused():
        return _loaded(data)


def _loaded(data: bytes) -> PriceList:
    # each line holds one offer or more (a dump made before the offers were written a batch to a line
    # holds one), so any group of lines joined by commas is a JSON array of offers
    lines = zlib.decompress(data).split(b"\n")
    header = json.loads(lines[0])
    offers = []
    start = 1
    while start < len(lines):
        stop, size = start, 0
        while stop < len(lines) and size < _DECODE_BYTES:
            size += len(lines[stop])
            stop += 1
        rows = json.loads(b"[" + b",".join(line for line in lines[start:stop] if line) + b"]")
        lines[start:stop] = [b""] * (stop - start)  # the group's text is dropped once read
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
        start = stop
    return PriceList(header["shop_name"], offers, header["category_descriptions"], header.get("warnings", []))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a price list is read, compared with the shop's offers or
    dumped.

    Reading allocates millions of objects that all stay alive, and each allocation burst makes the collector
    scan the growing heap again: a third of a big parse's time, for nothing, as reading makes no cycles
    (the YAML loader's mappings reach their document only weakly). Comparing and dumping keep thousands of
    rows alive at a time, each burst a scan of the whole price list. Re-enabled afterwards if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
