"""Price-list parsers: YAML in the nested format of API.md → a normalised PriceList."""

from decimal import Decimal, InvalidOperation
from typing import IO, Any

import yaml

from .exceptions import PriceListInvalid
from .pricelist import PriceList, PriceListOffer

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(stream: IO[bytes] | IO[str] | str) -> PriceList:
    try:
        document = yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        raise PriceListInvalid([{"field": "file", "message": f"Not valid YAML: {exc}"}]) from exc
    return build_pricelist(document)


def build_pricelist(document: Any) -> PriceList:
    errors: list[dict] = []
    if not isinstance(document, dict):
        raise PriceListInvalid([{"field": "file", "message": "The price list must be a mapping with a shop name."}])
    shop_name = str(document.get("name") or document.get("shop") or "").strip()
    if not shop_name:
        errors.append({"field": "name", "message": "The shop name is missing."})
    offers: list[PriceListOffer] = []
    descriptions: dict[str, str] = {}
    for c_index, category in enumerate(document.get("categories") or []):
        category_name = str(category.get("name") or "").strip()
        where = f"categories[{c_index}]"
        if not category_name:
            errors.append({"field": f"{where}.name", "message": "The category name is missing."})
            continue
        descriptions[category_name] = str(category.get("description") or "")
        for p_index, product in enumerate(category.get("products") or []):
            product_name = str(product.get("name") or "").strip()
            p_where = f"{where}.products[{p_index}]"
            if not product_name:
                errors.append({"field": f"{p_where}.name", "message": "The product name is missing."})
                continue
            for o_index, raw in enumerate(product.get("product_infos") or []):
                offer = _build_offer(raw, category_name, product_name, f"{p_where}.product_infos[{o_index}]", errors)
                if offer is not None:
                    offers.append(offer)
    if errors:
        raise PriceListInvalid(errors)
    return PriceList(shop_name=shop_name, offers=offers, category_descriptions=descriptions)


def _build_offer(raw: Any, category: str, product: str, where: str, errors: list[dict]) -> PriceListOffer | None:
    if not isinstance(raw, dict):
        errors.append({"field": where, "message": "An offer must be a mapping."})
        return None
    found = len(errors)
    name = str(raw.get("name") or "").strip()
    if not name:
        errors.append({"field": f"{where}.name", "message": "The offer name is missing."})
    price = _money(raw.get("price"), f"{where}.price", errors)
    price_rrc = _money(raw.get("price_rrc", raw.get("price")), f"{where}.price_rrc", errors)
    quantity = raw.get("quantity", 0)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        errors.append({"field": f"{where}.quantity", "message": "The quantity must be a whole number ≥ 0."})
    parameters = {
        str(item.get("name")).strip(): str(item.get("value"))
        for item in (raw.get("parameters") or [])
        if isinstance(item, dict) and item.get("name")
    }
    if len(errors) > found:
        return None
    external_id = raw.get("external_id")
    return PriceListOffer(
        category=category,
        product=product,
        name=name,
        price=price,
        price_rrc=price_rrc,
        quantity=quantity,
        external_id=str(external_id) if external_id not in (None, "") else None,
        description=str(raw.get("description") or ""),
        parameters=parameters,
    )


def _money(value: Any, field: str, errors: list[dict]) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        errors.append({"field": field, "message": "Must be a number."})
        return Decimal("0")
    if amount < 0:
        errors.append({"field": field, "message": "Must not be negative."})
    return amount
