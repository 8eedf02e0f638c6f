"""A shop's current offers as a CSV/XLSX price list (tablib), in the columns the tabular parser reads back.

Parameter columns are written `param:<name>`, so a parameter named like a core column (`Name`, `Price`)
round-trips as a parameter; an offer without the parameter has an empty cell, an empty value is written `'`
(a spreadsheet's empty text), so both import back as they were.
"""

import tablib

from core.spreadsheets import neutralise_csv_cell
from shop.models import Offer, OfferParameter

from .models import ImportFormat
from .parsers.tabular import PARAMETER_PREFIX, TABULAR_COLUMNS, written_parameter_value

EXPORT_COLUMNS = [column for column in TABULAR_COLUMNS if column != "category_description"]


def export_pricelist(*, shop_id: int, export_format: str = ImportFormat.CSV) -> bytes:
    """The shop's active offers, one row each, parameters as `param:` columns; two queries whatever the size.

    Text cells that a spreadsheet would run as a formula get a `'` in front (core.spreadsheets), in CSV and XLSX.
    """
    offers = list(
        Offer.objects.filter(shop_id=shop_id, is_active=True)
        .order_by("pk")
        .values_list(
            "pk",
            "product__category__name",
            "product__name",
            "name",
            "external_id",
            "price",
            "price_rrc",
            "quantity",
            "description",
        )
    )
    parameters: dict[int, dict[str, str]] = {}
    rows = OfferParameter.objects.filter(offer__shop_id=shop_id, offer__is_active=True).values_list(
        "offer_id", "parameter__name", "value"
    )
    for offer_id, name, value in rows:
        parameters.setdefault(offer_id, {})[name] = value
    names = sorted({name for values in parameters.values() for name in values})
    dataset = tablib.Dataset(headers=[*EXPORT_COLUMNS, *(PARAMETER_PREFIX + name for name in names)])
    for pk, category, product, name, external_id, price, price_rrc, quantity, description in offers:
        own = parameters.get(pk, {})
        row = [category, product, name, external_id or "", str(price), str(price_rrc), quantity, description]
        values = [written_parameter_value(own.get(parameter)) for parameter in names]
        dataset.append([*(neutralise_csv_cell(cell) for cell in row), *values])
    exported = dataset.export("xlsx" if export_format == ImportFormat.XLSX else "csv")
    return exported if isinstance(exported, bytes) else exported.encode("utf-8")
