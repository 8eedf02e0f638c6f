"""The two YAML price-list dialects: nested (categories → products → offers) and the flat supplier format."""

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid
from imports.pricelist import PriceList

from . import yaml_slices
from .validation import OfferCollector, as_text
from .yaml_loader import LinedMapping, load_yaml_document, read_yaml_bytes
from .yaml_slices import SlicedSequence, SlicingFailed, load_sliced

# the big sequences of the two dialects, read in slices in a big file (see yaml_slices)
SLICED_KEYS = ("goods", "categories")


def parse_yaml(stream: IO[bytes] | IO[str] | bytes | str) -> PriceList:
    content = read_yaml_bytes(stream)
    if len(content) > yaml_slices.SLICE_BYTES:
        try:
            document = load_sliced(content, SLICED_KEYS)
            if document is not None:
                return _parse_document(document)
        except SlicingFailed:
            pass  # not a shape the slices read exactly: the whole file decides, errors and all
    return _parse_document(load_yaml_document(content))


def _parse_document(document: Any) -> PriceList:
    if not isinstance(document, dict):
        raise PriceListInvalid([{"line": 1, "field": "file", "message": _("The price list must be a mapping.")}])
    builder = OfferCollector(location="line")
    if "goods" in document:
        _collect_flat(document, builder)
    else:
        _collect_nested(document, builder)
    return builder.result(shop_name=as_text(document.get("name") or document.get("shop")))


def _items(mapping: LinedMapping, key: str, builder: OfferCollector) -> Iterator[Any]:
    """The items under `key` (none when absent), each dropped from a list once used, so a big file is not
    held twice; anything else (`products: 5`) is an error at its line."""
    value = mapping.get(key)
    if value is None:
        return
    if type(value) is SlicedSequence:
        yield from value
        return
    if not isinstance(value, list):
        builder.error(mapping.line_of(key), key, _("Must be a list."))
        return
    for index, item in enumerate(value):
        yield item
        # dropped once used, not before: a mapping finds its node (for a line) from the document down
        value[index] = None


def _collect_nested(document: LinedMapping, builder: OfferCollector) -> None:
    for category in _items(document, "categories", builder):
        if not isinstance(category, dict):
            builder.error(getattr(category, "line", document.line), "categories", _("A category must be a mapping."))
            continue
        category_name = as_text(category.get("name"))
        if not category_name:
            builder.error(category.line, "category", _("The category name is missing."))
            continue
        builder.describe_category(category_name, as_text(category.get("description")))
        for product in _items(category, "products", builder):
            if not isinstance(product, dict):
                builder.error(category.line, "products", _("A product must be a mapping."))
                continue
            product_name = as_text(product.get("name"))
            if not product_name:
                builder.error(product.line, "product", _("The product name is missing."))
                continue
            for raw in _items(product, "product_infos", builder):
                if not isinstance(raw, dict):
                    builder.error(product.line, "product_infos", _("An offer must be a mapping."))
                    continue
                parameters = raw.get("parameters") or []
                pairs = []
                if isinstance(parameters, list):
                    for item in parameters:
                        if isinstance(item, dict) and "name" in item:
                            pairs.append((item["name"], item.get("value"), item))
                        else:
                            builder.error(raw.line_of("parameters"), "parameters", _("Use {name, value} items."))
                else:
                    builder.error(raw.line_of("parameters"), "parameters", _("Must be a list."))
                builder.add(
                    where=raw.line,
                    field_where=raw.line_of,
                    category=category_name,
                    product=product_name,
                    name=raw.get("name"),
                    external_id=raw.get("external_id"),
                    description=raw.get("description"),
                    price=raw.get("price"),
                    price_rrc=raw.get("price_rrc", raw.get("price")),
                    quantity=raw.get("quantity"),
                    parameters=pairs,
                    parameter_where=_name_line,
                )


def _collect_flat(document: LinedMapping, builder: OfferCollector) -> None:
    """The widespread supplier format: `categories: [{id, name}]`, `goods: [{id, category, model, name, …}]`.

    Category ids are local to the file. The good's `name` is the product; its `model`, when given, names
    the offer (one product sold in several models), else the offer takes the product's name.
    """
    local_categories: dict[str, str] = {}
    for category in _items(document, "categories", builder):
        if not isinstance(category, dict) or not isinstance(category.get("name"), str) or not category["name"].strip():
            builder.error(getattr(category, "line", document.line), "category", _("The category name is missing."))
            continue
        local_categories[_local_id(category.get("id"))] = as_text(category.get("name"))
        builder.describe_category(as_text(category.get("name")), as_text(category.get("description")))
    if not isinstance(document.get("goods"), list | SlicedSequence):
        builder.error(document.line_of("goods"), "goods", _("Must be a list."))
        return
    for raw in _items(document, "goods", builder):
        if not isinstance(raw, dict):
            builder.error(document.line_of("goods"), "goods", _("A good must be a mapping."))
            continue
        category = local_categories.get(_local_id(raw.get("category")))
        if category is None:
            builder.error(raw.line_of("category"), "category", _("No category with this id in the file."))
        parameters = raw.get("parameters") or {}
        if isinstance(parameters, dict):
            pairs = [(name, value, parameters) for name, value in parameters.items()]
        else:
            pairs = []
            builder.error(raw.line_of("parameters"), "parameters", _("Must be a mapping of name: value."))
        product = as_text(raw.get("name"))
        builder.add(
            where=raw.line,
            field_where=raw.line_of,
            # an unknown id is reported above; a stand-in name keeps the good's other fields checked
            category=category or "?",
            product=product,
            name=raw.get("model") or product,
            external_id=raw.get("id"),
            description=raw.get("description"),
            price=raw.get("price"),
            price_rrc=raw.get("price_rrc", raw.get("price")),
            quantity=raw.get("quantity"),
            parameters=pairs,
            parameter_where=LinedMapping.line_of,
            product_field="name",
        )


def _name_line(parameter: LinedMapping, _name: str) -> int | None:
    return parameter.line_of("name")


def _local_id(value: Any) -> str:
    """A category id of the flat format as text; a mapping or a list is no id (and matches none)."""
    return "" if isinstance(value, dict | list) else as_text(value)
