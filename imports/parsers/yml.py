"""Yandex Market YML price lists (XML), the format most Russian shop engines and ERPs export.

    <yml_catalog date="…"><shop>
      <name>…</name><company>…</company>
      <currencies>…</currencies>
      <categories><category id="1">Phones</category><category id="2" parentId="1">Smartphones</category></categories>
      <offers>
        <offer id="12" available="true"> <price>…</price> <currencyId>RUR</currencyId> <categoryId>2</categoryId>
          <name>…</name> (or type="vendor.model": <typePrefix>, <vendor>, <model>)
          <param name="Weight" unit="g">150</param> <picture>https://…</picture> <description>…</description>
        </offer>
      </offers>
    </shop></yml_catalog>

The file is read streaming by expat, one element at a time: nothing but the offers found so far is kept, and
every offer and field knows its line. The parser is hardened with defusedxml's handlers (entity
declarations and external references refused) and one of ours: a document type may name an external DTD
(old exports write `<!DOCTYPE yml_catalog SYSTEM "shops.dtd">`) but it is never read, and any internal
subset (where entities are declared: billion laughs, XXE) is refused before its first declaration, so no
entity is ever expanded and nothing is ever fetched. Nesting beyond
MAX_DEPTH, more than MAX_OFFERS offers or MAX_CATEGORIES categories stop the parse at once.

How YML maps onto a price list:
- the offer's category is its `categoryId`'s name (the catalogue's categories are flat; `parentId` is read
  only to check it names a category of the file);
- the product and the offer are named by `name`, else by `typePrefix vendor model`; `id` is the offer's
  external id; `vendor`, `vendorCode` and `barcode` become parameters of those names;
- `param` elements are parameters, `unit` written after the name: `Weight (g)`;
- `price` is the price and the RRC (YML has no RRC). `oldprice` is ignored: it is the shop's own previous
  price shown crossed out, not a recommended retail price, and the RRC drives the "above RRC" checks and is
  shown to customers as recommended;
- the quantity is `count` when given; `available="false"` (or "0", "no") is 0; an available offer without
  a count gets PRICELIST_YML_AVAILABLE_QUANTITY (one warning says how many);
- prices must be in roubles (`currencyId` RUR or RUB): any other currency is an error at its line;
- `picture` URLs are not fetched (never while a request or an import runs) nor kept: a product is shared by
  every shop that sells it, so one shop's feed may not replace its image; one warning says how many offers
  listed pictures;
- the description's markup is dropped (text only), CDATA or not.
"""

from xml.parsers import expat

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from imports.exceptions import PriceListInvalid
from imports.pricelist import PriceList

from .validation import OfferCollector, as_text, unknown_category_message

# yml_catalog → shop → offers → offer → param is five levels; a description's markup adds a few
MAX_DEPTH = 24
MAX_OFFERS = 1_000_000
MAX_CATEGORIES = 100_000
MAX_PARAMETERS = 200
ROUBLES = frozenset({"RUR", "RUB"})
# `available` as the spec writes it (false), and as some engines do
UNAVAILABLE = frozenset({"false", "0", "no"})
# the bytes handed to expat at a time
CHUNK_BYTES = 1 << 20

ROOT = "yml_catalog"

# defusedxml's SAX reader, for its refusing handlers only: they are set on our own expat parser, whose
# element handlers are plain functions (SAX's attribute objects and dispatch would double the parse time)
_DEFUSED = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)

# the offer's elements whose text is read; any other is skipped (its text too)
_OFFER_FIELDS = frozenset(
    {
        "price",
        "currencyId",
        "categoryId",
        "name",
        "typePrefix",
        "vendor",
        "model",
        "description",
        "vendorCode",
        "barcode",
        "count",
        "param",
    }
)

# the elements kept as parameters of the same name
_PARAMETER_FIELDS = ("vendor", "vendorCode", "barcode")

# where a field of the price list was read from, for an error's line
_FIELD_ELEMENTS = {
    "price": "price",
    "price_rrc": "price",
    "quantity": "count",
    "category": "categoryId",
    "description": "description",
    "name": "name",
    "product": "name",
}


def looks_like_yml(head: bytes) -> bool:
    """Whether the start of a file is XML (its prolog) or a YML catalogue."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<?xml") or b"<" + ROOT.encode() in head


def parse_yml(content: bytes) -> PriceList:
    """Parse and validate a YML price list; PriceListInvalid lists every problem with its line."""
    return _YmlReader().read(content)


class _YmlReader:
    def __init__(self):
        self.builder = OfferCollector(location="line")
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = _DEFUSED.defused_entity_decl
        parser.UnparsedEntityDeclHandler = _DEFUSED.defused_unparsed_entity_decl
        parser.ExternalEntityRefHandler = _DEFUSED.defused_external_entity_ref_handler
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser = parser
        self.depth = 0
        self.section = ""  # the shop's child being read: name, categories, offers
        self.text: list[str] | None = None  # the text of the element being read, None while none is
        self.shop_name = ""
        self.categories: dict[str, str] = {}
        self.parents: list[tuple[str, int]] = []
        self.category: tuple[str, str, int] | None = None  # (id, parent id, line) of the category being read
        self.offer: dict | None = None
        self.offer_count = 0
        self.pending: list[tuple[dict, dict]] = []  # offers met before their category
        self.without_count = 0
        self.with_pictures = 0
        self.first_picture_line: int | None = None
        self.first_assumed_line: int | None = None

    def read(self, content: bytes) -> PriceList:
        parser = self.parser
        try:
            for start in range(0, len(content), CHUNK_BYTES):
                parser.Parse(content[start : start + CHUNK_BYTES], False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            reason = expat.ErrorString(exc.code)
            message = _("The file is not well-formed XML: %s.") % reason
            raise PriceListInvalid([{"line": exc.lineno, "field": "file", "message": message}]) from exc
        except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
            message = _("Document type definitions and entities are not accepted in a price list.")
            raise PriceListInvalid([{"line": parser.CurrentLineNumber, "field": "file", "message": message}]) from exc
        except (LookupError, ValueError) as exc:
            # pyexpat refuses a declared encoding it has no codec for (LookupError) or that is multi-byte
            if isinstance(exc, ValueError) and "encoding" not in str(exc):
                raise
            message = _("The file's declared encoding cannot be read (%s): use UTF-8 or windows-1251.") % exc
            raise PriceListInvalid([{"line": 1, "field": "file", "message": message}]) from exc
        for offer, lines in self.pending:
            self._add(offer, lines)
        for category_id, line in self.parents:
            if category_id not in self.categories:
                self.builder.error(line, "parentId", unknown_category_message(category_id))
        self._summarise()
        return self.builder.result(shop_name=self.shop_name)

    def _stop(self, field: str, message: str) -> None:
        raise PriceListInvalid([{"line": self.parser.CurrentLineNumber, "field": field, "message": message}])

    def _doctype(self, name, system_id, public_id, has_internal_subset):
        """A DTD named is never read; one written into the file (where entities live) is refused whole."""
        if has_internal_subset:
            raise DTDForbidden(name, system_id, public_id)

    def _start(self, name: str, attributes: dict) -> None:
        self.depth = depth = self.depth + 1
        if depth == 5 and self.offer is not None:
            if name == "picture":
                self.offer.setdefault("picture", self.parser.CurrentLineNumber)
            elif name in _OFFER_FIELDS:
                self.offer["lines"][name] = self.parser.CurrentLineNumber
                self.text = []
                if name == "param":
                    self.offer["param"] = attributes
            return
        if depth == 4:
            if self.section == "offers" and name == "offer":
                self._open_offer(attributes)
            elif self.section == "categories" and name == "category":
                self._open_category(attributes)
            return
        if depth == 3:
            self.section = name
            if name == "name":
                self.text = []
            return
        if depth > MAX_DEPTH:
            self._stop("file", _("The elements nest deeper than %s levels.") % MAX_DEPTH)
        if depth == 1 and name != ROOT:
            self._stop(
                "file",
                _("This XML file is not a Yandex Market (YML) price list: its root is <%(root)s>, not <%(yml)s>.")
                % {"root": name, "yml": ROOT},
            )

    def _text(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def _end(self, name: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        if depth == 5 and self.offer is not None:
            if self.text is not None:
                self._offer_field(name, "".join(self.text))
                self.text = None
        elif depth == 4:
            if self.offer is not None:
                self._close_offer()
            elif self.category is not None:
                self._close_category()
        elif depth == 3:
            if name == "name" and self.text is not None:
                self.shop_name = as_text("".join(self.text))
            self.text = None
            self.section = ""

    def _open_category(self, attributes: dict) -> None:
        if len(self.categories) >= MAX_CATEGORIES:
            self._stop("category", _("At most %s categories are accepted.") % MAX_CATEGORIES)
        line = self.parser.CurrentLineNumber
        self.category = (as_text(attributes.get("id")), as_text(attributes.get("parentId")), line)
        self.text = []

    def _close_category(self) -> None:
        category_id, parent_id, line = self.category
        name = as_text("".join(self.text))
        self.category = self.text = None
        if not category_id:
            self.builder.error(line, "category", _("The category has no id."))
        elif not name:
            self.builder.error(line, "category", _("The category name is missing."))
        elif category_id in self.categories:
            self.builder.error(line, "category", _("Another category has the same id."))
        else:
            self.categories[category_id] = name
            if parent_id:
                self.parents.append((parent_id, line))

    def _open_offer(self, attributes: dict) -> None:
        self.offer_count += 1
        if self.offer_count > MAX_OFFERS:
            self._stop("offer", _("At most %s offers are accepted.") % MAX_OFFERS)
        self.offer = {
            "line": self.parser.CurrentLineNumber,
            "attributes": attributes,
            "lines": {},
            "parameters": [],
        }

    def _offer_field(self, name: str, text: str) -> None:
        offer = self.offer
        if name == "param":
            attributes = offer.pop("param")
            line = offer["lines"]["param"]
            if len(offer["parameters"]) >= MAX_PARAMETERS:
                self.builder.error(line, "param", _("At most %s parameters per offer are accepted.") % MAX_PARAMETERS)
                return
            parameter = as_text(attributes.get("name"))
            unit = as_text(attributes.get("unit"))
            offer["parameters"].append((f"{parameter} ({unit})" if unit and parameter else parameter, text, line))
        else:
            offer[name] = text

    def _close_offer(self) -> None:
        offer, self.offer, self.text = self.offer, None, None
        lines = offer["lines"]
        if "picture" in offer:
            self.with_pictures += 1
            self.first_picture_line = self.first_picture_line or offer["picture"]
        if as_text(offer.get("categoryId")) in self.categories:
            self._add(offer, lines)
        else:
            self.pending.append((offer, lines))

    def _add(self, offer: dict, lines: dict) -> None:
        builder = self.builder
        line = offer["line"]
        attributes = offer["attributes"]

        def field_where(field: str) -> int:
            return lines.get(_FIELD_ELEMENTS.get(field, ""), line)

        currency = as_text(offer.get("currencyId"))
        if currency.upper() not in ROUBLES:
            message = (
                _("Prices must be in roubles (RUR or RUB), not %s.") % currency
                if currency
                else _("The currency (currencyId) is missing.")
            )
            builder.error(lines.get("currencyId", line), "currencyId", message)
        category_id = as_text(offer.get("categoryId"))
        category = self.categories.get(category_id)
        if category is None:
            builder.error(lines.get("categoryId", line), "categoryId", unknown_category_message(category_id))
        name = offer.get("name")
        if name is None or not name.strip():
            name = " ".join(
                part for part in (as_text(offer.get(key)) for key in ("typePrefix", "vendor", "model")) if part
            )
            lines.setdefault("name", lines.get("model", line))
        quantity = self._quantity(offer, attributes, line)
        description = offer.get("description") or ""
        if "<" in description:
            description = strip_tags(description)
        parameters = offer["parameters"]
        for key in _PARAMETER_FIELDS:
            if key in offer and offer[key].strip():
                parameters.append((key, offer[key], lines[key]))
        builder.add(
            where=line,
            field_where=field_where,
            # an unknown id is reported above; a stand-in name keeps the offer's other fields checked
            category=category or "?",
            product=name,
            name=name,
            external_id=attributes.get("id"),
            description=description,
            price=offer.get("price"),
            price_rrc=offer.get("price"),
            quantity=quantity,
            parameters=parameters,
        )

    def _quantity(self, offer: dict, attributes: dict, line: int) -> str:
        if "count" in offer:
            return offer["count"]
        if attributes.get("available", "true").strip().lower() in UNAVAILABLE:
            return "0"
        self.without_count += 1
        self.first_assumed_line = self.first_assumed_line or line
        return str(settings.PRICELIST_YML_AVAILABLE_QUANTITY)

    def _summarise(self) -> None:
        """One warning for what the whole file shares, not one per offer."""
        if self.without_count:
            message = ngettext(
                "%(count)s available offer gives no count: its quantity is set to %(quantity)s.",
                "%(count)s available offers give no count: their quantity is set to %(quantity)s.",
                self.without_count,
            ) % {"count": self.without_count, "quantity": settings.PRICELIST_YML_AVAILABLE_QUANTITY}
            self.builder.warnings.append({"line": self.first_assumed_line, "field": "count", "message": message})
        if self.with_pictures:
            message = ngettext(
                "%(count)s offer lists pictures: pictures are not imported from price lists.",
                "%(count)s offers list pictures: pictures are not imported from price lists.",
                self.with_pictures,
            ) % {"count": self.with_pictures}
            self.builder.warnings.append({"line": self.first_picture_line, "field": "picture", "message": message})
