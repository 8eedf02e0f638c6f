import gc
import json
import zlib
from decimal import Decimal

import pytest

from imports import pricelist as module
from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist
from imports.pricelist import PriceList, PriceListOffer, dump_pricelist, load_dumped_pricelist


@pytest.mark.parametrize("decode_bytes", [1, 150, 1 << 20])
def test_a_dumped_price_list_reads_back_the_same_across_batches(monkeypatch, decode_bytes):
    monkeypatch.setattr(module, "_BATCH", 2)
    monkeypatch.setattr(module, "_DECODE_BYTES", decode_bytes)
    offers = [
        PriceListOffer("Телефоны", "P", f"N{n}", Decimal("1.50"), Decimal("2.00"), n, None if n % 2 else str(n))
        for n in range(5)
    ]
    offers[0].parameters.update({"Цвет": "чёрный"})
    pricelist = PriceList("Shop é", offers, {"Телефоны": "d"}, [{"line": 3, "field": "price", "message": "m"}])
    again = load_dumped_pricelist(dump_pricelist(pricelist))
    assert again == pricelist
    assert again.offers[0].price == Decimal("1.50") and str(again.offers[0].price) == "1.50"


def test_a_price_list_dumped_one_offer_to_a_line_still_reads_back():
    # as previews stored before the offers were dumped a batch to a line hold them
    header = {"shop_name": "S", "category_descriptions": {"C": ""}, "warnings": []}
    rows = [["C", "P", f"N{n}", "1.50", "2.00", n, str(n), "", {"Colour": "Red"}, n + 3] for n in range(3)]
    text = "\n".join(json.dumps(row) for row in [header, *rows]) + "\n"
    again = load_dumped_pricelist(zlib.compress(text.encode()))
    assert again == PriceList(
        "S",
        [
            PriceListOffer("C", "P", f"N{n}", Decimal("1.50"), Decimal("2.00"), n, str(n), "", {"Colour": "Red"}, n + 3)
            for n in range(3)
        ],
        {"C": ""},
    )


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_price_list_leaves_the_garbage_collector_as_it_found_it(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(PriceListInvalid):
            parse_pricelist(b"name: [unclosed\n", import_format=ImportFormat.YAML)
        assert gc.isenabled() is enabled
        load_dumped_pricelist(dump_pricelist(PriceList("S", [])))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
