import gc
from decimal import Decimal

import pytest

from imports import pricelist as module
from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist
from imports.pricelist import PriceList, PriceListOffer, dump_pricelist, load_dumped_pricelist


def test_a_dumped_price_list_reads_back_the_same_across_batches(monkeypatch):
    monkeypatch.setattr(module, "_BATCH", 2)
    offers = [
        PriceListOffer("Телефоны", "P", f"N{n}", Decimal("1.50"), Decimal("2.00"), n, None if n % 2 else str(n))
        for n in range(5)
    ]
    offers[0].parameters.update({"Цвет": "чёрный"})
    pricelist = PriceList("Shop é", offers, {"Телефоны": "d"}, [{"line": 3, "field": "price", "message": "m"}])
    again = load_dumped_pricelist(dump_pricelist(pricelist))
    assert again == pricelist
    assert again.offers[0].price == Decimal("1.50") and str(again.offers[0].price) == "1.50"


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
