"""The two YAML price-list dialects: nested (categories → products → offers) and the flat supplier format."""

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.exceptions import PriceListInvalid
from imports.pricelist import PriceList

from . import yaml_slices
from .validation import NOT_TEXT_MESSAGE, OfferCollector, as_text, unknown_category_message
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
    """A price list is a mapping with the shop's name and its offers' list: `categories` (nested) or `goods`
    (flat), present even when empty (`goods: []`). Anything else — an HTML error page, another YAML file,
    a file with both lists — is refused as a whole, so it never reads as a valid list of no offers."""
    if not isinstance(document, dict) or ("goods" not in document and "categories" not in document):
        raise PriceListInvalid([{"line": 1, "field": "file", "message": str(NOT_A_PRICE_LIST)}])
    if "goods" in document and _has_nested_categories(document.get("categories")):
        message = _(
            "The file has both goods (the flat format) and categories with products (the nested format): "
            "write it in one of them."
        )
        raise PriceListInvalid([{"line": document.line_of("goods"), "field": "file", "message": message}])
    builder = OfferCollector(location="line")
    shop_key = "shop" if document.get("name") is None and "shop" in document else "name"
    shop_name = _text_of(document, shop_key, builder, shop_key)
    if shop_name == "":
        message = _(
            "The shop's name is missing: start the file with name: and the shop's name (shop: in the flat format)."
        )
        builder.error(1, shop_key, message)
    if "goods" in document:
        _collect_flat(document, builder)
    else:
        if document.get("categories") is None:
            message = _("Must be a list (categories: [] for a price list with no offers).")
            builder.error(document.line_of("categories"), "categories", message)
        _collect_nested(document, builder)
    return builder.result(shop_name=shop_name or "")


NOT_A_PRICE_LIST = gettext_lazy(
    "This is not a price list: it needs the shop's name and a categories list (the nested format) or a goods "
    "list (the flat format). Is it the right file?"
)


def _has_nested_categories(categories: Any) -> bool:
    """Whether the categories are the nested format's (with products); of a big sequence read in slices,
    the first tells (only its first slice is read)."""
    if type(categories) is SlicedSequence:
        categories = [next(iter(categories), None)]
    return isinstance(categories, list) and any(isinstance(item, dict) and "products" in item for item in categories)


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
        category_name = _text_of(category, "name", builder, "category")
        if category_name is None:
            continue
        if not category_name:
            builder.error(category.line, "category", _("The category name is missing."))
            continue
        builder.describe_category(category_name, _text_of(category, "description", builder, "description") or "")
        for product in _items(category, "products", builder):
            if not isinstance(product, dict):
                builder.error(category.line, "products", _("A product must be a mapping."))
                continue
            product_name = _text_of(product, "name", builder, "product")
            if product_name is None:
                continue
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
    category_lines: dict[str, int | None] = {}
    for category in _items(document, "categories", builder):
        if not isinstance(category, dict):
            builder.error(getattr(category, "line", document.line), "category", _("A category must be a mapping."))
            continue
        name = _text_of(category, "name", builder, "category")
        local_id = _text_of(category, "id", builder, "category")
        if name is None or local_id is None:
            continue
        if not name:
            builder.error(category.line, "category", _("The category name is missing."))
            continue
        if not local_id:
            message = _("The category %s has no id: give it the id its goods refer to.") % name
            builder.error(category.line, "category", message)
            continue
        if local_id in local_categories:
            message = _("The category id %(id)s is used twice (first at line %(first)s): give each category its own.")
            builder.error(
                category.line_of("id"), "category", message % {"id": local_id, "first": category_lines[local_id]}
            )
            continue
        local_categories[local_id] = name
        category_lines[local_id] = category.line_of("id")
        builder.describe_category(name, _text_of(category, "description", builder, "description") or "")
    if not isinstance(document.get("goods"), list | SlicedSequence):
        builder.error(document.line_of("goods"), "goods", _("Must be a list."))
        return
    for raw in _items(document, "goods", builder):
        if not isinstance(raw, dict):
            builder.error(document.line_of("goods"), "goods", _("A good must be a mapping."))
            continue
        local_id = _text_of(raw, "category", builder, "category")
        category = local_categories.get(local_id) if local_id is not None else None
        if category is None and local_id is not None:
            builder.error(raw.line_of("category"), "category", unknown_category_message(local_id))
        parameters = raw.get("parameters") or {}
        if isinstance(parameters, dict):
            pairs = [(name, value, parameters) for name, value in parameters.items()]
        else:
            pairs = []
            builder.error(raw.line_of("parameters"), "parameters", _("Must be a mapping of name: value."))
        product = raw.get("name")
        builder.add(
            where=raw.line,
            field_where=raw.line_of,
            # an unknown id is reported above; a stand-in name keeps the good's other fields checked
            category=category or "?",
            product=product,
            name=product if raw.get("model") in (None, "") else raw.get("model"),
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


def _text_of(mapping: LinedMapping, key: str, builder: OfferCollector, field: str) -> str | None:
    """The text under `key` ("" when absent or null); None after reporting a list or a mapping there."""
    value = mapping.get(key)
    if isinstance(value, dict | list):
        builder.error(mapping.line_of(key), field, NOT_TEXT_MESSAGE)
        return None
    return as_text(value)
