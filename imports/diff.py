"""Diff of a price list against a shop's current offers: what an import would create, update, keep and withdraw.

Reading only: two streamed queries read side by side (offers with their product and category names, and their
parameters), whatever the number of offers. Matching is by names, so a preview needs no new categories or products.
"""

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from sys import intern

from django.utils.translation import gettext as _

from shop.managers import is_above_rrc
from shop.models import Offer, OfferParameter

from .pricelist import PriceList, PriceListOffer, collector_paused

READ_CHUNK = 10_000
WARNINGS_KEPT = 1_000
# a new price below half the old one, or above twice it, is warned of: most often a typo (a decimal point
# or a digit too many), and a ×100,000 rise as much as a fall
PRICE_DROP_WARNING = Decimal("0.5")
PRICE_RISE_WARNING = Decimal("2")


@dataclass(slots=True)
class CurrentOffer:
    id: int
    external_id: str | None
    category: str
    product: str
    product_id: int
    name: str
    description: str
    price: Decimal
    price_rrc: Decimal
    quantity: int
    is_active: bool
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Update:
    current: CurrentOffer
    item: PriceListOffer
    changes: dict[str, list]


@dataclass(slots=True)
class PriceListDiff:
    created: list[PriceListOffer] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    unchanged: int = 0
    withdrawn: list[CurrentOffer] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    warnings_total: int = 0
    parameter_ids: dict[str, int] = field(default_factory=dict)
    # whether offers missing from the price list are withdrawn (a store setting, read when the diff was made)
    withdraw_missing: bool = True

    @property
    def change_count(self) -> int:
        """Offers an apply writes: the created, the updated and the withdrawn."""
        return len(self.created) + len(self.updated) + len(self.withdrawn)

    def run_summary(self) -> dict:
        """The ImportRun columns that summarise this diff (counts and warnings)."""
        return {
            "created_count": len(self.created),
            "updated_count": len(self.updated),
            "unchanged_count": self.unchanged,
            "withdrawn_count": len(self.withdrawn),
            "warnings": self.stored_warnings(),
            "errors": [],
        }

    def warn(self, item: PriceListOffer, message: str) -> None:
        self.warnings_total += 1
        if len(self.warnings) < WARNINGS_KEPT:
            self.warnings.append(
                {"line": item.line, "external_id": item.external_id, "name": item.name, "message": message}
            )

    def stored_warnings(self) -> list[dict]:
        if self.warnings_total > len(self.warnings):
            more = self.warnings_total - len(self.warnings)
            return [*self.warnings, {"message": _("… and %s more warnings.") % more}]
        return self.warnings


# the columns of CurrentOffer, in its order (parameters aside)
_OFFER_COLUMNS = (
    "id",
    "external_id",
    "product__category__name",
    "product__name",
    "product_id",
    "name",
    "description",
    "price",
    "price_rrc",
    "quantity",
    "is_active",
)


def current_offers(shop_id: int, offer_ids: list[int] | None = None) -> tuple[list[CurrentOffer], dict[str, int]]:
    """The shop's offers (all, or those of `offer_ids`) with their parameters by name, and the ids of
    those parameter names."""
    parameter_ids: dict[str, int] = {}
    if offer_ids is None:
        return _read_offers(Offer.objects.filter(shop_id=shop_id), parameter_ids), parameter_ids
    offers: list[CurrentOffer] = []
    for start in range(0, len(offer_ids), READ_CHUNK):
        batch = offer_ids[start : start + READ_CHUNK]
        offers.extend(_read_offers(Offer.objects.filter(shop_id=shop_id, pk__in=batch), parameter_ids))
    return offers, parameter_ids


def _read_offers(queryset, parameter_ids: dict[str, int]) -> list[CurrentOffer]:
    return [_current_offer(row, parameters) for row, parameters in _offer_rows(queryset, parameter_ids)]


def _current_offer(row: tuple, parameters: dict[str, str]) -> CurrentOffer:
    pk, external_id, category, product, *rest = row
    # names repeat across offers: one string object each keeps 100,000 offers small
    return CurrentOffer(
        pk,
        external_id,
        intern(category),
        intern(product),
        *rest,
        parameters={intern(name): intern(value) for name, value in parameters.items()},
    )


def _offer_rows(queryset, parameter_ids: dict[str, int]) -> Iterator[tuple[tuple, dict[str, str]]]:
    """Each offer of `queryset` as a row of _OFFER_COLUMNS with its parameters by name, in id order; the
    ids of the parameter names met are added to `parameter_ids`.

    Two streamed queries read side by side, both in offer id order, so only a chunk of each is in memory
    whatever the number of offers. A parameter of an offer the first query did not return (created
    between the two) is skipped."""
    rows = queryset.order_by("id").values_list(*_OFFER_COLUMNS)
    parameter_rows = (
        OfferParameter.objects.filter(offer__in=queryset.values("pk"))
        .order_by("offer_id", "id")
        .values_list("offer_id", "parameter_id", "parameter__name", "value")
        .iterator(chunk_size=READ_CHUNK)
    )
    parameter = next(parameter_rows, None)
    for row in rows.iterator(chunk_size=READ_CHUNK):
        pk = row[0]
        parameters = {}
        while parameter is not None and parameter[0] <= pk:
            offer_id, parameter_id, name, value = parameter
            parameter_ids[name] = parameter_id
            if offer_id == pk:
                parameters[name] = value
            parameter = next(parameter_rows, None)
        yield row, parameters


def diff_pricelist(
    *, shop_id: int, pricelist: PriceList, withdraw_missing: bool = True, sold: dict[int, int] | None = None
) -> PriceListDiff:
    """What applying `pricelist` would change; offers it no longer lists are withdrawn only if `withdraw_missing`.

    `sold` ({offer id: units}, the units sold since the preview) is added back to the offers' quantities
    before they are compared: sales since the preview are no change of the supplier's (apply subtracts them).

    The shop's offers are streamed (see _offer_rows) and each is compared with the price-list offer it
    matches (by external id, else by category, product and name) as it is read; only the offers that
    change or are withdrawn are kept. Created and updated offers and the warnings are in price-list order,
    withdrawn offers in id order."""
    with collector_paused():  # 100,000 rows read, no cycle made: see collector_paused
        return _diff(shop_id, pricelist, withdraw_missing, sold or {})


def _diff(shop_id: int, pricelist: PriceList, withdraw_missing: bool, sold: dict[int, int]) -> PriceListDiff:
    items = pricelist.offers
    by_external_id: dict[str, int] = {}
    by_name: dict[tuple[str, str, str], int] = {}
    for position, item in enumerate(items):
        if item.external_id:
            by_external_id[item.external_id] = position
        else:
            by_name[(item.category, item.product, item.name)] = position
    matched = bytearray(len(items))
    updates: dict[int, Update] = {}
    withdrawn: list[CurrentOffer] = []
    parameter_ids: dict[str, int] = {}
    for row, parameters in _offer_rows(Offer.objects.filter(shop_id=shop_id), parameter_ids):
        pk, external_id, category, product, _product, name, description, price, price_rrc, quantity, is_active = row
        position = by_external_id.get(external_id) if external_id else by_name.get((category, product, name))
        # the database's unique constraints let one offer at most match an item: a second one is not matched
        if position is None or matched[position]:
            if withdraw_missing and is_active:
                withdrawn.append(_current_offer(row, parameters))
            continue
        matched[position] = 1
        item = items[position]
        # the comparison _changes makes, without building the offer: most offers of a re-import are unchanged
        if (
            is_active
            and quantity + sold.get(pk, 0) == item.quantity
            and price == item.price
            and price_rrc == item.price_rrc
            and name == item.name
            and product == item.product
            and category == item.category
            and description == item.description
            and parameters == item.parameters
        ):
            continue
        current = _current_offer(row, parameters)
        updates[position] = Update(current=current, item=item, changes=_changes(current, item, sold.get(pk, 0)))
    result = PriceListDiff(parameter_ids=parameter_ids, withdrawn=withdrawn, withdraw_missing=withdraw_missing)
    for warning in pricelist.warnings:
        result.warnings_total += 1
        if len(result.warnings) < WARNINGS_KEPT:
            result.warnings.append(warning)
    for position, item in enumerate(items):
        if is_above_rrc(item.price, item.price_rrc):
            result.warn(item, _("The price is above the recommended retail price."))
        if not item.price:
            result.warn(item, _("The price is 0."))
        if not matched[position]:
            result.created.append(item)
            continue
        update = updates.get(position)
        if update is None:
            result.unchanged += 1
            continue
        offer = update.current
        if offer.price and item.price < offer.price * PRICE_DROP_WARNING:
            message = _("The price falls by more than 50 %% (%(old)s → %(new)s): check it before applying.")
            result.warn(item, message % {"old": offer.price, "new": item.price})
        elif offer.price and item.price > offer.price * PRICE_RISE_WARNING:
            message = _("The price more than doubles (%(old)s → %(new)s): check it before applying.")
            result.warn(item, message % {"old": offer.price, "new": item.price})
        result.updated.append(update)
    return result


def _changes(offer: CurrentOffer, item: PriceListOffer, sold: int = 0) -> dict[str, list]:
    """What the item changes of the offer; its quantity is compared as it was before the `sold` units went."""
    changes: dict[str, list] = {}
    for name, old, new in (
        ("category", offer.category, item.category),
        ("product", offer.product, item.product),
        ("name", offer.name, item.name),
        ("description", offer.description, item.description),
        ("price", offer.price, item.price),
        ("price_rrc", offer.price_rrc, item.price_rrc),
        ("quantity", offer.quantity + sold, item.quantity),
        ("is_active", offer.is_active, True),
    ):
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    if offer.parameters != item.parameters:
        changes["parameters"] = [offer.parameters, item.parameters]
    return changes


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def dump_diff_plan(diff: PriceListDiff, pricelist: PriceList) -> bytes:
    """The diff by position in the price list and offer id, compressed: enough for apply to rebuild it
    without reading the whole catalogue again (see diff_from_plan)."""
    positions = {id(item): position for position, item in enumerate(pricelist.offers)}
    plan = {
        "created": [positions[id(item)] for item in diff.created],
        "updated": [[positions[id(update.item)], update.current.id] for update in diff.updated],
        "unchanged": diff.unchanged,
        "withdrawn": [offer.id for offer in diff.withdrawn],
        "withdraw_missing": diff.withdraw_missing,
    }
    return zlib.compress(json.dumps(plan).encode(), 1)


def diff_from_plan(
    *, shop_id: int, pricelist: PriceList, plan: bytes, sold: dict[int, int] | None = None
) -> PriceListDiff:
    """The diff a preview stored, rebuilt from its plan: valid only while the shop's catalogue is unchanged,
    since the current offers read back are only those it updates or withdraws. `sold` as in diff_pricelist."""
    sold = sold or {}
    stored = json.loads(zlib.decompress(plan))
    offer_ids = [offer_id for _position, offer_id in stored["updated"]] + stored["withdrawn"]
    offers, parameter_ids = current_offers(shop_id, offer_ids)
    by_id = {offer.id: offer for offer in offers}
    result = PriceListDiff(
        parameter_ids=parameter_ids,
        unchanged=stored["unchanged"],
        withdraw_missing=stored.get("withdraw_missing", True),
    )
    result.created = [pricelist.offers[position] for position in stored["created"]]
    for position, offer_id in stored["updated"]:
        current, item = by_id[offer_id], pricelist.offers[position]
        result.updated.append(
            Update(current=current, item=item, changes=_changes(current, item, sold.get(offer_id, 0)))
        )
    result.withdrawn = [by_id[offer_id] for offer_id in stored["withdrawn"]]
    return result
