from decimal import Decimal

import pytest

from core.models import StoreSettings
from imports.models import ChangeKind, ImportStatus
from imports.services import preview_import
from shop.models import Category, Offer, Parameter, Product
from shop.tests.factories import OfferFactory

from ..conftest import PRICELIST, catalogue_snapshot, import_text, preview

pytestmark = pytest.mark.django_db


def test_preview_of_a_new_shop_lists_every_offer_as_created_and_writes_nothing(shop):
    before = catalogue_snapshot()
    run = preview(shop, PRICELIST)
    assert run.status == ImportStatus.PREVIEWED
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (3, 0, 0, 0)
    assert catalogue_snapshot() == before
    assert not Category.objects.exists() and not Product.objects.exists() and not Parameter.objects.exists()
    [page] = run.changes.filter(kind=ChangeKind.CREATED)
    assert page.rows[0] == {
        "line": 8,
        "external_id": "1",
        "category": "Phones",
        "product": "Phone X",
        "name": "Phone X 64GB",
        "price": "100.00",
        "price_rrc": "120.00",
        "quantity": 5,
        "parameters": {"Colour": "Black", "Storage": "64"},
    }


def test_preview_shows_old_to_new_unchanged_withdrawn_and_warnings(shop):
    import_text(shop, PRICELIST)
    gone = OfferFactory(shop=shop, external_id="old-1")
    changed = (
        PRICELIST.replace("price: 100\n", "price: 40\n")
        .replace("{name: Colour, value: White}", "{name: Colour, value: Red}")
        .replace("price: 10, price_rrc: 12", "price: 13, price_rrc: 12")
        .replace("  - name: Cables", "  - name: Wires")
    )
    before = catalogue_snapshot()
    run = preview(shop, changed)
    assert catalogue_snapshot() == before
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (1, 2, 0, 2)
    updates = {row["external_id"]: row["changes"] for row in run.changes.get(kind=ChangeKind.UPDATED).rows}
    assert updates["1"] == {"price": ["100.00", "40.00"]}
    assert updates["2"] == {"parameters": [{"Colour": "White"}, {"Colour": "Red"}]}
    # without an external id, the identity is (category, product, name): a new category is a new offer
    assert run.changes.get(kind=ChangeKind.CREATED).rows[0]["category"] == "Wires"
    withdrawn = run.changes.get(kind=ChangeKind.WITHDRAWN).rows
    assert {"offer_id": gone.pk, "external_id": "old-1", "name": gone.name, "product": gone.product.name} in withdrawn
    assert {row["name"] for row in withdrawn} == {gone.name, "USB-C cable 1m"}
    messages = {(warning["line"], warning["message"]) for warning in run.warnings}
    assert (8, "The price falls by more than 50 % (100.00 → 40.00): check it before applying.") in messages
    assert (27, "The price is above the recommended retail price.") in messages


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("10000000", "The price more than doubles (100.00 → 10000000.00): check it before applying."),
        ("201", "The price more than doubles (100.00 → 201.00): check it before applying."),
        ("49.99", "The price falls by more than 50 % (100.00 → 49.99): check it before applying."),
    ],
)
def test_a_price_that_rises_or_falls_far_is_warned_of_with_both_prices(shop, price, message):
    import_text(shop, PRICELIST)
    run = preview(
        shop, PRICELIST.replace("price: 100\n", f"price: {price}\n").replace("price_rrc: 120", "price_rrc: 1e8")
    )
    assert (8, message) in {(warning["line"], warning["message"]) for warning in run.warnings}


def test_a_price_within_twice_and_half_is_not_warned_of(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: 200\n").replace("price: 150\n", "price: 75\n"))
    assert not [warning for warning in run.warnings if "doubles" in warning["message"] or "falls" in warning["message"]]


def test_a_category_change_of_an_offer_with_external_id_is_an_update(shop):
    import_text(shop, PRICELIST)
    moved = PRICELIST.replace("  - name: Phones", "  - name: Smartphones")
    run = preview(shop, moved)
    changes = {row["external_id"]: row["changes"] for row in run.changes.get(kind=ChangeKind.UPDATED).rows}
    assert changes["1"] == {"category": ["Phones", "Smartphones"]}


def test_an_invalid_file_fails_the_run_with_every_error_and_no_changes(shop):
    run = preview(shop, PRICELIST.replace("price: 100\n", "price: -1\n").replace("quantity: 3", "quantity: x"))
    assert run.status == ImportStatus.FAILED
    assert [(error["line"], error["field"]) for error in run.errors] == [(10, "price"), (20, "quantity")]
    assert not run.changes.exists()
    assert not Offer.objects.exists()


def test_previewing_twice_gives_the_same_diff(shop):
    run = preview(shop, PRICELIST)
    again, _ = preview_import(run_id=run.pk)
    assert again.created_count == 3 and again.changes.count() == 1
    assert Offer.objects.count() == 0
    assert Decimal(again.changes.get().rows[1]["price"]) == Decimal("150")


def test_a_file_with_thousands_of_errors_keeps_the_first_thousand_and_a_count(shop):
    lines = ["name: Bad", "categories:", "  - name: C", "    products:", "      - name: P", "        product_infos:"]
    lines += [f"          - {{name: O{i}, price: -1, price_rrc: 1, quantity: 1}}" for i in range(1200)]
    run = preview(shop, "\n".join(lines) + "\n")
    assert run.status == ImportStatus.FAILED and len(run.errors) == 1001
    assert run.errors[0] == {"line": 7, "field": "price", "message": "-1 is negative: write 0 or more."}
    assert run.errors[-1]["message"] == "… and 200 more problems."


def test_missing_offers_stay_active_when_the_store_settings_say_so(shop):
    import_text(shop, PRICELIST)
    kept = OfferFactory(shop=shop, external_id="old-1")
    store = StoreSettings.load()
    store.imports_withdraw_missing = False
    store.save()
    run = import_text(shop, PRICELIST)
    assert run.withdrawn_count == 0
    assert Offer.objects.get(pk=kept.pk).is_active
