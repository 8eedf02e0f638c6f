"""Issue 21: stock while an import is previewed and applied.

The rule: the file states the supplier's stock when it was made, taken to be when its preview read the
shop; apply writes the file's quantity minus the units sold since the preview; an order placed before
that moment and cancelled after the apply returns no units (the file already counted them); one placed
after it returns its units as usual.
"""

import pytest

from accounts.tests.factories import UserFactory
from imports.models import ImportStatus
from imports.services import apply_import, rollback_import
from shop.models import Offer
from shop.services.cart import add_to_cart
from shop.services.checkout import place_order
from shop.services.orders import cancel_order
from shop.tests.factories import ContactFactory, cart_total

from ..conftest import PRICELIST, import_text, preview

pytestmark = pytest.mark.django_db

# PRICELIST states 5 units of "Phone X 64GB" (external id 1)
RESTOCKED = PRICELIST.replace("quantity: 5\n", "quantity: 120\n")
CHEAPER = PRICELIST.replace("price: 100\n", "price: 95\n")


def phone() -> Offer:
    return Offer.objects.get(external_id="1")


def buy(units: int, offer: Offer | None = None):
    user = UserFactory()
    add_to_cart(user=user, offer_id=(offer or phone()).pk, quantity=units)
    return place_order(user=user, contact_id=ContactFactory(user=user).pk, expected_total=cart_total(user)).order


def test_units_sold_after_the_preview_are_subtracted_from_the_files_stock(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, RESTOCKED)
    buy(2)
    assert phone().quantity == 3
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED
    assert phone().quantity == 118


def test_an_offer_the_import_changes_otherwise_keeps_the_sales_made_after_the_preview(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, CHEAPER)
    buy(2)
    apply_import(run_id=run.pk)
    assert (phone().price, phone().quantity) == (95, 3)


def test_units_sold_before_the_preview_are_in_the_files_stock(shop):
    import_text(shop, PRICELIST)
    buy(2)
    apply_import(run_id=preview(shop, RESTOCKED).pk)
    assert phone().quantity == 120


def test_an_order_placed_before_the_import_and_cancelled_after_it_returns_no_units(shop):
    import_text(shop, PRICELIST)
    earlier = buy(2)
    apply_import(run_id=preview(shop, RESTOCKED).pk)
    cancel_order(user=earlier.user, order_id=earlier.pk)
    assert phone().quantity == 120


def test_an_order_placed_after_the_preview_and_cancelled_after_the_import_returns_its_units(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, RESTOCKED)
    later = buy(2)
    apply_import(run_id=run.pk)
    assert phone().quantity == 118
    cancel_order(user=later.user, order_id=later.pk)
    assert phone().quantity == 120


def test_sales_after_the_preview_do_not_make_it_out_of_date_when_the_diff_is_recomputed(shop):
    import_text(shop, PRICELIST)
    run = preview(shop, RESTOCKED)
    buy(2)
    buy(1, Offer.objects.get(name="USB-C cable 1m"))  # an offer the file leaves as it is
    Offer.objects.get(name="USB-C cable 1m").save()  # bumps the catalogue version: the diff is recomputed
    assert apply_import(run_id=run.pk).status == ImportStatus.APPLIED
    assert phone().quantity == 118
    assert Offer.objects.get(name="USB-C cable 1m").quantity == 99


def test_rollback_after_sales_keeps_them_and_restores_the_cancellation_rule(shop):
    import_text(shop, PRICELIST)
    before_import = buy(1)
    run = preview(shop, RESTOCKED)
    buy(2)
    apply_import(run_id=run.pk)
    assert phone().quantity == 118
    rollback_import(run_id=run.pk)
    assert phone().quantity == 2  # 5 − 1 before the import − 2 since
    cancel_order(user=before_import.user, order_id=before_import.pk)
    assert phone().quantity == 3  # placed after the first import's preview: its units come back
