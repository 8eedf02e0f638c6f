"""Price-list parsers: YAML (nested or flat supplier format), CSV and XLSX → one normalised PriceList.

Every parser validates the whole file and raises PriceListInvalid with *all* problems found, each with
its line (YAML) or row (CSV/XLSX) and field, so an invalid file is refused before anything is written.
"""

import io
import sys
from array import array
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

import tablib
import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import PriceListInvalid, PriceListTooLarge
from .models import ImportFormat
from .pricelist import PriceList, PriceListOffer

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIX_FORMATS = {".yaml": ImportFormat.YAML, ".yml": ImportFormat.YAML, ".csv": ImportFormat.CSV}
SUFFIX_FORMATS[".xlsx"] = ImportFormat.XLSX

# Column limits of shop.models, checked here so a long name is a row error, not a database error.
MAX_LENGTH = {"category": 200, "product": 255, "name": 255, "external_id": 100, "parameter": 100, "value": 255}
CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")

CATEGORY_LABEL = gettext_lazy("The category name")
PRODUCT_LABEL = gettext_lazy("The product name")
OFFER_LABEL = gettext_lazy("The offer name")

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}


def detect_format(filename: str, given: str | None = None) -> str:
    """The import format: the one given, else the file's suffix; an unknown one is a file error."""
    if given:
        if given not in ImportFormat.values:
            raise PriceListInvalid([{"field": "format", "message": _("Unknown format: %s") % given}])
        return given
    found = SUFFIX_FORMATS.get(Path(filename).suffix.lower())
    if found is None:
        raise PriceListInvalid(
            [{"field": "file", "message": _("Use a .yaml, .yml, .csv or .xlsx file, or give the format.")}]
        )
    return found


def check_size(size: int) -> None:
    if size > settings.PRICELIST_MAX_BYTES:
        raise PriceListTooLarge(size=size, limit=settings.PRICELIST_MAX_BYTES)


def parse_pricelist(content: bytes, *, import_format: str) -> PriceList:
    """Parse and validate a whole price list of the given format."""
    check_size(len(content))
    if import_format == ImportFormat.YAML:
        return parse_yaml(content)
    return parse_tabular(content, import_format=import_format)


# --- YAML -------------------------------------------------------------------------------------------


class _Mapping(dict):
    """A YAML mapping that remembers its line and the line of each key (in insertion order; None when
    every key is on the mapping's own line)."""

    __slots__ = ("key_lines", "line")

    def line_of(self, key: str) -> int:
        if self.key_lines is None:
            return self.line
        for index, candidate in enumerate(self):
            if candidate == key:
                return self.key_lines[index]
        return self.line


class _Sequence(list):
    __slots__ = ("line",)


class _YamlRefused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _YamlBuilder:
    """Builds plain Python values from the parser's event stream, refusing anchors, aliases and tags
    beyond plain YAML types. No node graph is kept, so no alias can ever be expanded."""

    def __init__(self, loader):
        self.loader = loader
        self.resolved: dict[str, Any] = {}

    def document(self) -> Any:
        self._expect(yaml.StreamStartEvent)
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        if not isinstance(event, yaml.DocumentStartEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Unexpected YAML content."))
        value = self._value(self._next())
        event = self._next()
        if not isinstance(event, yaml.DocumentEndEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Only one YAML document is allowed."))
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Only one YAML document is allowed."))
        return value

    def _next(self):
        return self.loader.get_event()

    def _expect(self, kind):
        event = self._next()
        if not isinstance(event, kind):
            raise _YamlRefused(event.start_mark.line + 1, _("Unexpected YAML content."))

    def _value(self, event) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent and event.anchor is None:
            return self._scalar(event)
        line = event.start_mark.line + 1
        if kind is yaml.AliasEvent or event.anchor is not None:
            raise _YamlRefused(line, _("YAML anchors and aliases are not allowed."))
        if event.tag not in _COLLECTION_TAGS:
            raise _YamlRefused(line, _("YAML tag %s is not allowed.") % event.tag)
        next_event, value_of = self.loader.get_event, self._value
        if kind is yaml.MappingStartEvent:
            mapping = _Mapping()
            mapping.line = line
            key_lines = []
            while type(event := next_event()) is not yaml.MappingEndEvent:
                key = value_of(event)
                if isinstance(key, dict | list):
                    raise _YamlRefused(event.start_mark.line + 1, _("Mapping keys must be plain values."))
                key_lines.append(event.start_mark.line + 1)
                mapping[sys.intern(key) if type(key) is str else key] = value_of(next_event())
            # a flow mapping sits on one line: no per-key lines to keep (a big file has 100,000s of them)
            mapping.key_lines = None if all(at == line for at in key_lines) else array("I", key_lines)
            return mapping
        sequence = _Sequence()
        sequence.line = line
        while type(event := next_event()) is not yaml.SequenceEndEvent:
            sequence.append(value_of(event))
        return sequence

    def _scalar(self, event) -> Any:
        value = event.value
        tag = event.tag
        implicit = tag is None or tag == "!"
        if implicit:
            if not event.implicit[0]:
                return value
            cached = self.resolved.get(value)
            if cached is not None:
                return cached
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        elif tag not in _PLAIN_SCALAR_TAGS:
            raise _YamlRefused(event.start_mark.line + 1, _("YAML tag %s is not allowed.") % tag)
        if tag == f"{_TAG}str" or tag == f"{_TAG}timestamp":
            return value
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}float":
            try:
                result = Decimal(value.replace("_", ""))
            except InvalidOperation:
                return value
        else:
            method = {f"{_TAG}int": "construct_yaml_int", f"{_TAG}bool": "construct_yaml_bool"}.get(tag)
            if method is None:
                raise _YamlRefused(event.start_mark.line + 1, _("YAML tag %s is not allowed.") % tag)
            try:
                result = getattr(self.loader, method)(yaml.ScalarNode(tag, value))
            except (ValueError, yaml.YAMLError):
                return value
        if implicit and len(value) <= 16:
            self.resolved[value] = result
        return result


def load_yaml_document(stream: IO[bytes] | IO[str] | bytes | str) -> Any:
    loader = SafeLoader(stream)
    try:
        return _YamlBuilder(loader).document()
    except _YamlRefused as exc:
        raise PriceListInvalid([{"line": exc.line, "field": "file", "message": exc.message}]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PriceListInvalid(
            [{"line": line, "field": "file", "message": _("Not valid YAML: %s") % exc.problem}]
        ) from exc
    except yaml.YAMLError as exc:
        raise PriceListInvalid([{"field": "file", "message": _("Not valid YAML: %s") % exc}]) from exc
    finally:
        loader.dispose()


def parse_yaml(stream: IO[bytes] | IO[str] | bytes | str) -> PriceList:
    document = load_yaml_document(stream)
    if not isinstance(document, dict):
        raise PriceListInvalid([{"line": 1, "field": "file", "message": _("The price list must be a mapping.")}])
    builder = _OfferCollector(location="line")
    if "goods" in document:
        _collect_flat(document, builder)
    else:
        _collect_nested(document, builder)
    return builder.result(shop_name=_text(document.get("name") or document.get("shop")))


def _collect_nested(document: "_Mapping", builder: "_OfferCollector") -> None:
    categories = document.get("categories") or []
    if not isinstance(categories, list):
        builder.error(document.line_of("categories"), "categories", _("Must be a list."))
        return
    for category in categories:
        if not isinstance(category, dict):
            builder.error(getattr(category, "line", document.line), "categories", _("A category must be a mapping."))
            continue
        category_name = _text(category.get("name"))
        if not category_name:
            builder.error(category.line, "category", _("The category name is missing."))
            continue
        builder.describe_category(category_name, _text(category.get("description")))
        for product in category.get("products") or []:
            if not isinstance(product, dict):
                builder.error(category.line, "products", _("A product must be a mapping."))
                continue
            product_name = _text(product.get("name"))
            if not product_name:
                builder.error(product.line, "product", _("The product name is missing."))
                continue
            for raw in product.get("product_infos") or []:
                if not isinstance(raw, dict):
                    builder.error(product.line, "product_infos", _("An offer must be a mapping."))
                    continue
                parameters = raw.get("parameters") or []
                pairs = []
                if isinstance(parameters, list):
                    for item in parameters:
                        if isinstance(item, dict) and "name" in item:
                            pairs.append((item.get("name"), item.get("value"), item.line))
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
                    quantity=raw.get("quantity", 0),
                    parameters=pairs,
                )


def _collect_flat(document: "_Mapping", builder: "_OfferCollector") -> None:
    """The widespread supplier format: `categories: [{id, name}]`, `goods: [{id, category, model, name, …}]`.

    Category ids are local to the file. The good's `name` is the product; its `model`, when given, names
    the offer (the original service's ProductInfo.model), else the offer takes the product's name.
    """
    local_categories: dict[Any, str] = {}
    for category in document.get("categories") or []:
        if not isinstance(category, dict) or not _text(category.get("name")):
            builder.error(getattr(category, "line", document.line), "category", _("The category name is missing."))
            continue
        local_categories[category.get("id")] = _text(category.get("name"))
        builder.describe_category(_text(category.get("name")), _text(category.get("description")))
    goods = document.get("goods")
    if not isinstance(goods, list):
        builder.error(document.line_of("goods"), "goods", _("Must be a list."))
        return
    for index, raw in enumerate(goods):
        goods[index] = None  # each good is dropped once converted, so a big file is not held twice
        if not isinstance(raw, dict):
            builder.error(document.line_of("goods"), "goods", _("A good must be a mapping."))
            continue
        category = local_categories.get(raw.get("category"))
        if category is None:
            builder.error(raw.line_of("category"), "category", _("No category with this id in the file."))
        parameters = raw.get("parameters") or {}
        if isinstance(parameters, dict):
            pairs = [(name, value, parameters.line_of(name)) for name, value in parameters.items()]
        else:
            pairs = []
            builder.error(raw.line_of("parameters"), "parameters", _("Must be a mapping of name: value."))
        product = _text(raw.get("name"))
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
            quantity=raw.get("quantity", 0),
            parameters=pairs,
            product_field="name",
        )


# --- CSV and XLSX -----------------------------------------------------------------------------------

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
    columns = {header.lower(): index for index, header in enumerate(headers)}
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise PriceListInvalid(
            [{"row": 1, "field": column, "message": _("This column is missing.")} for column in missing]
        )
    parameter_columns = [
        (index, header)
        for index, header in enumerate(headers)
        if header and header.lower() not in TABULAR_COLUMNS and header.lower() != "shop"
    ]
    builder = _OfferCollector(location="row")
    shop_name = ""
    for number, row in enumerate(dataset, start=2):

        def cell(column, row=row):
            index = columns.get(column)
            return None if index is None else row[index]

        shop_name = shop_name or _text(cell("shop"))
        category = _text(cell("category"))
        if cell("category_description"):
            builder.describe_category(category, _text(cell("category_description")))
        builder.add(
            where=number,
            field_where=lambda _field, number=number: number,
            category=category,
            product=_text(cell("product")),
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


# --- shared validation ------------------------------------------------------------------------------


class _OfferCollector:
    """Turns raw offer fields into PriceListOffers, collecting every problem with its line or row."""

    def __init__(self, *, location: str):
        self.location = location
        self.offers: list[PriceListOffer] = []
        self.errors: list[dict] = []
        self.descriptions: dict[str, str] = {}
        self.seen: dict[tuple, int] = {}

    def error(self, where: int, field: str, message: str) -> None:
        self.errors.append({self.location: where, "field": field, "message": str(message)})

    def describe_category(self, name: str, description: str) -> None:
        if name and (description or name not in self.descriptions):
            self.descriptions[name] = description

    def add(
        self,
        *,
        where,
        field_where,
        category,
        product,
        name,
        external_id,
        description,
        price,
        price_rrc,
        quantity,
        parameters,
        product_field="product",
    ) -> None:
        found = len(self.errors)
        name = _text(name)
        for field, value, label in (
            ("category", category, CATEGORY_LABEL),
            (product_field, product, PRODUCT_LABEL),
            ("name", name, OFFER_LABEL),
        ):
            if not value:
                self.error(field_where(field), field, _("%s is missing.") % label)
            elif len(value) > MAX_LENGTH.get(field, 255):
                self.error(field_where(field), field, _("Too long (at most %s characters).") % MAX_LENGTH[field])
        external_id = None if external_id in (None, "") else _text(external_id)
        if external_id and len(external_id) > MAX_LENGTH["external_id"]:
            self.error(field_where("external_id"), "external_id", _("Too long (at most 100 characters)."))
        price = self._money(price, "price", field_where)
        price_rrc = self._money(price_rrc, "price_rrc", field_where)
        quantity = self._quantity(quantity, field_where)
        clean_parameters: dict[str, str] = {}
        for parameter, value, line in parameters:
            parameter, value = _text(parameter), _text(value)
            if not parameter or len(parameter) > MAX_LENGTH["parameter"]:
                self.error(line, "parameters", _("A parameter name must have 1 to 100 characters."))
            elif len(value) > MAX_LENGTH["value"]:
                self.error(line, "parameters", _("The value of %s is too long (at most 255).") % parameter)
            else:
                clean_parameters[sys.intern(parameter)] = sys.intern(value)
        identity = ("ext", external_id) if external_id else ("name", category, product, name)
        first = self.seen.get(identity)
        if first is not None:
            self.error(
                where,
                "external_id" if external_id else "name",
                _("The same offer appears twice in the file (first at %(where)s %(first)s).")
                % {"where": self.location, "first": first},
            )
        else:
            self.seen[identity] = where
        if len(self.errors) > found:
            return
        self.offers.append(
            PriceListOffer(
                category=sys.intern(category),
                product=sys.intern(product),
                name=name,
                price=price,
                price_rrc=price_rrc,
                quantity=quantity,
                external_id=external_id,
                description=_text(description),
                parameters=clean_parameters,
                line=where,
            )
        )

    def _money(self, value: Any, field: str, field_where) -> Decimal:
        amount = None
        if not isinstance(value, bool) and value not in (None, ""):
            try:
                amount = Decimal(str(value).strip()).quantize(CENT)
            except (InvalidOperation, ValueError):
                amount = None
        if amount is None or not amount.is_finite():
            self.error(field_where(field), field, _("Must be a number."))
            return Decimal("0")
        if amount < 0:
            self.error(field_where(field), field, _("Must not be negative."))
        elif amount > MAX_MONEY:
            self.error(field_where(field), field, _("Too large."))
        return amount

    def _quantity(self, value: Any, field_where) -> int:
        number = None
        if not isinstance(value, bool) and value not in (None, ""):
            try:
                decimal = Decimal(str(value).strip())
                if decimal.is_finite() and decimal == decimal.to_integral_value():
                    number = int(decimal)
            except (InvalidOperation, ValueError):
                number = None
        if number is None or number < 0 or number > 2_147_483_647:
            self.error(field_where("quantity"), "quantity", _("The quantity must be a whole number ≥ 0."))
            return 0
        return number

    def result(self, *, shop_name: str) -> PriceList:
        if self.errors:
            raise PriceListInvalid(sorted(self.errors, key=lambda error: error.get(self.location) or 0))
        return PriceList(shop_name=shop_name, offers=self.offers, category_descriptions=self.descriptions)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        value = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return str(value).strip()
