from decimal import Decimal

from imports import pricelist as module
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
