"""CSV and XLSX price lists: one row per offer, extra columns are parameters."""

import io

import tablib
from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.pricelist import PriceList

from .validation import OfferCollector, as_text

TABULAR_COLUMNS = (
    "category",
    "product",
    "name",
    "external_id",
    "price",
    "price_rrc",
    "quantity",
    "description",
    "category_description",
)


REQUIRED_COLUMNS = ("category", "product", "name", "price", "quantity")
# A parameter column may be written `param:<name>`, so a parameter called `Name` or `Price` is not a core column.
PARAMETER_PREFIX = "param:"


def parse_tabular(content: bytes, *, import_format: str) -> PriceList:
    """CSV/XLSX through tablib: one row per offer; columns beyond TABULAR_COLUMNS (and `shop`) are parameters."""
    try:
        if import_format == ImportFormat.CSV:
            dataset = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except UnicodeDecodeError as exc:
        raise PriceListInvalid([{"row": 1, "field": "file", "message": _("CSV files must be UTF-8.")}]) from exc
    except Exception as exc:  # tablib/openpyxl raise many kinds for a damaged file
        raise PriceListInvalid([{"row": 1, "field": "file", "message": _("Cannot read the file: %s") % exc}]) from exc
    headers = [str(header or "").strip() for header in (dataset.headers or [])]
    columns = {header.lower(): index for index, header in enumerate(headers) if not header.startswith(PARAMETER_PREFIX)}
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise PriceListInvalid(
            [{"row": 1, "field": column, "message": _("This column is missing.")} for column in missing]
        )
    parameter_columns = [
        (index, header.removeprefix(PARAMETER_PREFIX))
        for index, header in enumerate(headers)
        if header.startswith(PARAMETER_PREFIX)
        or (header and header.lower() not in TABULAR_COLUMNS and header.lower() != "shop")
    ]
    builder = OfferCollector(location="row")
    shop_name = ""
    for number, row in enumerate(dataset, start=2):

        def cell(column, row=row):
            index = columns.get(column)
            return None if index is None else row[index]

        shop_name = shop_name or as_text(cell("shop"))
        category = as_text(cell("category"))
        if cell("category_description"):
            builder.describe_category(category, as_text(cell("category_description")))
        builder.add(
            where=number,
            field_where=lambda _field, number=number: number,
            category=category,
            product=as_text(cell("product")),
            name=cell("name"),
            external_id=cell("external_id"),
            description=cell("description"),
            price=cell("price"),
            price_rrc=cell("price_rrc") if cell("price_rrc") not in (None, "") else cell("price"),
            quantity=cell("quantity"),
            parameters=[
                (header, row[index], number) for index, header in parameter_columns if row[index] not in (None, "")
            ],
        )
    return builder.result(shop_name=shop_name)
