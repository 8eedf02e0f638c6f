"""Validation shared by every format: raw offer fields become PriceListOffers, or row/line errors."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from sys import intern
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.exceptions import PriceListInvalid
from imports.pricelist import PriceList, PriceListOffer

from .numbers import MAX_NUMBER_CHARACTERS, NotANumber, NumberTooLarge, NumberTooLong, NumberTooPrecise, read_number

# Column limits of shop.models, checked here so a long name is a row error, not a database error.
MAX_LENGTH = {"category": 200, "product": 255, "name": 255, "external_id": 100, "parameter": 100, "value": 255}


CENT = Decimal("0.01")


MAX_MONEY = Decimal("9999999999.99")


MAX_QUANTITY = 2_147_483_647


# what a message suggests writing in each numeric field
EXAMPLES = {"price": "1299.90", "price_rrc": "1499.00", "quantity": "5"}


# the longest value a message quotes; a longer one is cut (a hostile file may hold megabytes in one field)
SHOWN_CHARACTERS = 40


CATEGORY_LABEL = gettext_lazy("The category name")


PRODUCT_LABEL = gettext_lazy("The product name")


OFFER_LABEL = gettext_lazy("The offer name")


# NUL and lone surrogates: PostgreSQL's text columns refuse them, so they are a row error, never a 500
_REFUSED_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


class RefusedText(ValueError):
    """A value holds a character the database cannot store."""


class NotText(ValueError):
    """A list or a mapping where a text is expected (a YAML value indented one level too far, `{x: 1}`)."""


class OfferCollector:
    """Turns raw offer fields into PriceListOffers, collecting every problem with its line or row."""

    def __init__(self, *, location: str):
        self.location = location
        self.offers: list[PriceListOffer] = []
        self.errors: list[dict] = []
        self.descriptions: dict[str, str] = {}
        self.seen: dict[tuple, int] = {}
        self.warnings: list[dict] = []

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
        parameter_where=None,
        product_field="product",
    ) -> None:
        """One offer's raw fields; `parameters` are (name, value, reference) and a parameter's error is at
        parameter_where(reference, name), or at the reference itself without one."""
        offer = _plain_offer(category, product, name, external_id, description, price, price_rrc, quantity, parameters)
        if offer is not None:
            external_id = offer.external_id
            identity = ("ext", external_id) if external_id else ("name", offer.category, offer.product, offer.name)
            if identity not in self.seen:
                self.seen[identity] = offer.line = where
                self.offers.append(offer)
                return
        errors = self.errors
        found = len(errors)
        category = self._text(category, "category", field_where)
        product = self._text(product, product_field, field_where)
        name = self._text(name, "name", field_where)
        external_id = self._text(external_id, "external_id", field_where) or None
        description = self._text(description, "description", field_where)
        for field, value, label in (
            ("category", category, CATEGORY_LABEL),
            (product_field, product, PRODUCT_LABEL),
            ("name", name, OFFER_LABEL),
        ):
            if not value:
                self.error(field_where(field), field, _("%s is missing.") % label)
            elif len(value) > MAX_LENGTH.get(field, 255):
                self.error(field_where(field), field, _("Too long (at most %s characters).") % MAX_LENGTH[field])
        if external_id and len(external_id) > MAX_LENGTH["external_id"]:
            self.error(field_where("external_id"), "external_id", _("Too long (at most 100 characters)."))
        price = self._money(price, "price", field_where)
        price_rrc = self._money(price_rrc, "price_rrc", field_where)
        quantity = self._quantity(quantity, field_where)
        clean_parameters: dict[str, str] = {}
        first_written: dict[str, tuple] = {}
        for written, value, reference in parameters:
            parameter_line = _where(parameter_where, reference, written)
            try:
                parameter, value = _clean(written), _clean(value)
            except RefusedText:
                self.error(parameter_line, "parameters", REFUSED_TEXT_MESSAGE)
                continue
            except NotText:
                self.error(parameter_line, "parameters", NOT_TEXT_MESSAGE)
                continue
            if not parameter or len(parameter) > MAX_LENGTH["parameter"]:
                message = _("A parameter name must have 1 to 100 characters.")
                self.error(parameter_line, "parameters", message)
            elif value is None:
                message = _('The parameter %s has no value: write one ("" for an empty value), or remove it.')
                self.error(parameter_line, "parameters", message % parameter)
            elif len(value) > MAX_LENGTH["value"]:
                message = _("The value of %s is too long (at most 255).") % parameter
                self.error(parameter_line, "parameters", message)
            elif parameter in first_written:
                message = _("The parameter %(name)s appears twice in this offer (first at %(where)s %(first)s).")
                first = _where(parameter_where, *first_written[parameter])
                self.error(
                    parameter_line, "parameters", message % {"name": parameter, "where": self.location, "first": first}
                )
            else:
                first_written[parameter] = (reference, written)
                clean_parameters[intern(parameter)] = intern(value)
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
        if len(errors) > found:
            return
        self.offers.append(
            PriceListOffer(
                intern(category),
                intern(product),
                name,
                price,
                price_rrc,
                quantity,
                external_id,
                description,
                clean_parameters,
                where,
            )
        )

    def _text(self, value: Any, field: str, field_where) -> str:
        try:
            return _clean(value) or ""
        except RefusedText:
            self.error(field_where(field), field, REFUSED_TEXT_MESSAGE)
        except NotText:
            self.error(field_where(field), field, NOT_TEXT_MESSAGE)
        return ""

    def _money(self, value: Any, field: str, field_where) -> Decimal:
        where = field_where(field)
        written = self._number(value, field, where, limit=MAX_MONEY)
        if written is None:
            return Decimal("0")
        amount = written.quantize(CENT, rounding=ROUND_HALF_UP)
        if amount != written:
            message = _("%(value)s is rounded to %(amount)s.") % {"value": shown(value), "amount": amount}
            self.warnings.append({self.location: where, "field": field, "message": message})
        return amount

    def _quantity(self, value: Any, field_where) -> int:
        where = field_where("quantity")
        number = self._number(value, "quantity", where, limit=MAX_QUANTITY)
        if number is None:
            return 0
        if number != number.to_integral_value():
            message = _("%(value)s is not a whole number: write the units in stock, e.g. 5.") % {"value": shown(value)}
            self.error(where, "quantity", message)
            return 0
        return int(number)

    def _number(self, value: Any, field: str, where, *, limit: Decimal | int) -> Decimal | None:
        """The number a field writes, within 0..limit; None after reporting why it is not one."""
        if value is None or value == "":
            self.error(where, field, _("The value is missing: write a number, e.g. %s.") % EXAMPLES[field])
            return None
        if isinstance(value, dict | list):
            self.error(where, field, NOT_TEXT_MESSAGE)
            return None
        text = number_text(value)
        try:
            number = read_number(text)
        except NumberTooLong:
            message = _("%(value)s is too long for a number (at most %(limit)s characters).") % {
                "value": shown(text),
                "limit": MAX_NUMBER_CHARACTERS,
            }
        except NotANumber:
            message = _("%(value)s is not a number: write digits with a point before the decimals, e.g. %(example)s.")
            message %= {"value": shown(text), "example": EXAMPLES[field]}
        except NumberTooLarge:
            message = _("%(value)s is too large: at most %(limit)s.") % {"value": shown(text), "limit": limit}
        except NumberTooPrecise:
            message = _("%(value)s has too many decimal places: round it, e.g. %(example)s.")
            message %= {"value": shown(text), "example": EXAMPLES[field]}
        else:
            if number < 0:
                message = _("%(value)s is negative: write 0 or more.") % {"value": shown(text)}
            elif number > limit:
                message = _("%(value)s is too large: at most %(limit)s.") % {"value": shown(text), "limit": limit}
            else:
                return number
        self.error(where, field, message)
        return None

    def result(self, *, shop_name: str) -> PriceList:
        if self.errors:
            raise PriceListInvalid(sorted(self.errors, key=lambda error: error.get(self.location) or 0))
        return PriceList(
            shop_name=shop_name, offers=self.offers, category_descriptions=self.descriptions, warnings=self.warnings
        )


REFUSED_TEXT_MESSAGE = gettext_lazy("Holds a character that cannot be stored (NUL or a lone surrogate).")


def unknown_category_message(category_id: str) -> str:
    """One message for a good naming a category id the file does not define, whatever the format."""
    return _("No category with the id %s in the file: use an id from the categories list.") % category_id


NOT_TEXT_MESSAGE = gettext_lazy(
    "A list or a mapping is written where a text is expected: write the text after the key on its line, "
    "in quotes if it holds ': ' or starts with [ or {."
)


def shown(value: Any) -> str:
    """A value as a message quotes it: its text, cut after SHOWN_CHARACTERS."""
    text = str(value) if not isinstance(value, str) else value
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"


def number_text(value: Any) -> str:
    """A numeric field's value as the text read_number judges: text as written; a spreadsheet's number
    (int, float) in its shortest form; anything else (a date, a boolean cell) as its text, which is no number."""
    if type(value) is str:
        return value
    if type(value) is int:
        # a spreadsheet's 1e300 arrives as an int of 301 digits: its magnitude, not its digits, is the point
        return str(value) if value.bit_length() <= 128 else f"{Decimal(value):.3e}"
    if type(value) is float:
        return repr(value)
    return str(value)


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        value = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return str(value).strip()


# a plain price of at most this many characters (digits and one point) is within Decimal's precision
_PLAIN_NUMBER_CHARACTERS = 20


def _plain_offer(
    category, product, name, external_id, description, price, price_rrc, quantity, parameters
) -> PriceListOffer | None:
    """The offer when every field is plainly valid: ASCII text without NUL within its length, prices in
    cents within range, a quantity of digits; None for anything else, which OfferCollector.add then checks
    field by field (the same offer, or its errors and warnings). Most offers of a big file pass here."""
    external_id = "" if external_id is None else external_id
    description = "" if description is None else description
    try:
        joined = "".join((category, product, name, external_id, description))
    except TypeError:
        return None
    if not joined.isascii() or "\x00" in joined:
        return None
    category, product, name = category.strip(), product.strip(), name.strip()
    external_id, description = external_id.strip(), description.strip()
    if (
        not category
        or not product
        or not name
        or len(category) > MAX_LENGTH["category"]
        or len(product) > MAX_LENGTH["product"]
        or len(name) > MAX_LENGTH["name"]
        or len(external_id) > MAX_LENGTH["external_id"]
        or type(quantity) is not str
    ):
        return None
    amounts = []
    for value in (price, price_rrc):
        if type(value) is not str:
            return None
        value = value.strip()
        # digits with at most one point, short: a plain price, converted without read_number's checks
        if not (0 < len(value) <= _PLAIN_NUMBER_CHARACTERS and value.isascii() and value.replace(".", "", 1).isdigit()):
            return None
        written = Decimal(value)
        amount = written.quantize(CENT, rounding=ROUND_HALF_UP)
        if amount != written or amount > MAX_MONEY:
            return None
        amounts.append(amount)
    quantity = quantity.strip()
    if not (0 < len(quantity) <= 10 and quantity.isascii() and quantity.isdigit()) or int(quantity) > MAX_QUANTITY:
        return None
    clean_parameters = {}
    for parameter, value, _reference in parameters:
        try:
            pair = parameter + value
        except TypeError:
            return None
        if not pair.isascii() or "\x00" in pair:
            return None
        parameter, value = parameter.strip(), value.strip()
        if not parameter or len(parameter) > MAX_LENGTH["parameter"] or len(value) > MAX_LENGTH["value"]:
            return None
        clean_parameters[intern(parameter)] = intern(value)
    if len(clean_parameters) != len(parameters):
        return None  # a name given twice: the slow path names it
    return PriceListOffer(
        intern(category),
        intern(product),
        name,
        amounts[0],
        amounts[1],
        int(quantity),
        external_id or None,
        description,
        clean_parameters,
    )


def _where(parameter_where, reference, parameter):
    return reference if parameter_where is None else parameter_where(reference, parameter)


def _clean(value: Any) -> str | None:
    """clean_text, with the common case (ASCII text) first; None stays None (no value)."""
    if type(value) is str:
        text = value.strip()
        if text.isascii():
            if "\x00" in text:
                raise RefusedText(text)
            return text
    if value is None:
        return None
    return clean_text(value)


def clean_text(value: Any) -> str:
    """Trimmed, NFC-normalised text (the same name typed in two Unicode forms is one name); RefusedText when
    it holds a character the database refuses, NotText for a list or a mapping."""
    if isinstance(value, dict | list):
        raise NotText(value)
    text = as_text(value)
    if not text.isascii():
        if _REFUSED_CHARACTERS.search(text):
            raise RefusedText(text)
        text = unicodedata.normalize("NFC", text)
    elif "\x00" in text:
        raise RefusedText(text)
    return text
