"""The streamed diff (offers compared chunk by chunk as they are read) against a plain whole-catalogue one."""

from decimal import Decimal

import pytest

from imports import diff as diff_module
from imports.diff import CurrentOffer, diff_pricelist
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist
from imports.pricelist import PriceList
from shop.models import Offer, OfferParameter
from shop.tests.factories import OfferFactory, OfferParameterFactory, ShopFactory

from .conftest import import_text

pytestmark = pytest.mark.django_db


def pricelist_text(offers: int, *, changed: bool) -> str:
    """Offers 0…offers-1, odd ones without an external id; `changed` edits, drops and adds some."""
    lines = ["name: Diff shop", "categories:"]
    for category in range(3):
        lines += [f"  - name: Kind {category}", "    products:"]
        for product in range(category, offers, 3):
            if changed and product % 7 == 3:
                continue  # dropped: withdrawn
            lines += [f"      - name: Product {product}", "        product_infos:"]
            price = 100 + product + (5 if changed and product % 4 == 0 else 0)
            name = f"Offer {product}" + (" renamed" if changed and product % 10 == 2 else "")
            lines += [f"          - name: {name}", f"            price: {price}", "            quantity: 2"]
            if product % 2 == 0:
                lines.append(f"            external_id: e{product}")
            parameters = [("Colour", "Red"), ("Size", str(product % 3))][: product % 3]
            if changed and product % 5 == 1:
                parameters = list(reversed(parameters))  # the same parameters in another order: unchanged
            if changed and product % 6 == 2:
                parameters = [("Colour", "Blue")]
            if parameters:
                lines.append("            parameters:")
                lines += [f"              - {{name: {name}, value: '{value}'}}" for name, value in parameters]
    if changed:
        lines += ["  - name: New category", "    products:", "      - name: New product", "        product_infos:"]
        lines += ["          - {name: New offer, price: 1, price_rrc: 0.5, quantity: 1, external_id: new}"]
    return "\n".join(lines) + "\n"


def whole_diff(shop_id: int, pricelist: PriceList, withdraw_missing: bool) -> dict:
    """What the diff must find, from every offer of the shop read at once through the ORM."""
    current = {}
    parameter_ids = {}
    for offer in Offer.objects.filter(shop_id=shop_id).select_related("product__category"):
        parameters = OfferParameter.objects.filter(offer=offer).select_related("parameter").order_by("id")
        current[offer.pk] = CurrentOffer(
            offer.pk,
            offer.external_id,
            offer.product.category.name,
            offer.product.name,
            offer.product_id,
            offer.name,
            offer.description,
            offer.price,
            offer.price_rrc,
            offer.quantity,
            offer.is_active,
            {parameter.parameter.name: parameter.value for parameter in parameters},
        )
        parameter_ids.update({parameter.parameter.name: parameter.parameter_id for parameter in parameters})
    by_key = {
        ("ext", offer.external_id) if offer.external_id else ("name", offer.category, offer.product, offer.name): offer
        for offer in current.values()
    }
    created, updated, unchanged, seen = [], [], 0, set()
    for position, item in enumerate(pricelist.offers):
        key = ("ext", item.external_id) if item.external_id else ("name", item.category, item.product, item.name)
        offer = by_key.get(key)
        if offer is None:
            created.append(position)
            continue
        seen.add(offer.id)
        changes = diff_module._changes(offer, item)
        if changes:
            updated.append((position, offer, changes))
        else:
            unchanged += 1
    withdrawn = sorted(pk for pk, offer in current.items() if withdraw_missing and offer.is_active and pk not in seen)
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "withdrawn": [current[pk] for pk in withdrawn],
        "parameter_ids": parameter_ids,
    }


def found(diff, pricelist: PriceList) -> dict:
    positions = {id(item): position for position, item in enumerate(pricelist.offers)}
    return {
        "created": [positions[id(item)] for item in diff.created],
        "updated": [(positions[id(update.item)], update.current, update.changes) for update in diff.updated],
        "unchanged": diff.unchanged,
        "withdrawn": diff.withdrawn,
        "parameter_ids": diff.parameter_ids,
    }


@pytest.mark.parametrize("withdraw_missing", [True, False])
@pytest.mark.parametrize("chunk", [1, 4, 10_000])
def test_the_streamed_diff_agrees_with_the_whole_one(monkeypatch, chunk, withdraw_missing):
    shop = ShopFactory(name="Diff shop")
    import_text(shop, pricelist_text(40, changed=False))
    Offer.objects.filter(shop=shop, external_id__in=["e4", "e6"]).update(is_active=False)  # e4 listed, e6 dropped
    Offer.objects.filter(shop=shop, external_id="e8").update(quantity=9, description="Edited by hand")
    stray = OfferFactory(shop=shop, external_id="stray", price=Decimal("5.00"))  # not in the file: withdrawn
    OfferParameterFactory(offer=stray, parameter__name="Colour", value="Green")
    OfferFactory(external_id="e10")  # another shop's offer, same external id: never compared
    pricelist = parse_pricelist(pricelist_text(40, changed=True).encode(), import_format=ImportFormat.YAML)
    monkeypatch.setattr(diff_module, "READ_CHUNK", chunk)

    diff = diff_pricelist(shop_id=shop.pk, pricelist=pricelist, withdraw_missing=withdraw_missing)

    expected = whole_diff(shop.pk, pricelist, withdraw_missing)
    assert found(diff, pricelist) == expected
    assert expected["created"] and expected["unchanged"] and len(expected["updated"]) > 5
    assert any(offer.external_id == "stray" for offer in expected["withdrawn"]) == withdraw_missing
    changed_kinds = {kind for _position, _offer, changes in expected["updated"] for kind in changes}
    assert changed_kinds >= {"price", "name", "parameters", "is_active", "quantity", "description"}
    assert [warning["external_id"] for warning in diff.warnings] == ["new"]
