from decimal import Decimal

import pytest
from django.db.models import F

from imports.exceptions import ImportConflict
from imports.models import ImportSnapshotChunk, ImportStatus, SnapshotKind
from imports.services import rollback_import
from imports.services.apply import offer_fingerprints
from imports.services.rollback import edited_since_import
from shop.catalogue_cache import catalogue_generation
from shop.models import Offer, OfferParameter, Product, Shipment
from shop.order_status import ShipmentStatus
from shop.tests.factories import OfferFactory, OrderItemFactory, ShopFactory
from shop.tests.listing import stale_listings

from ..conftest import PRICELIST, catalogue_snapshot, import_text

pytestmark = pytest.mark.django_db

CHANGED = (
    PRICELIST.replace("price: 100\n", "price: 90\n")
    .replace("quantity: 5", "quantity: 50")
    .replace("{name: Colour, value: Black}", "{name: Colour, value: Blue}")
    .replace("{name: Colour, value: White}", "{name: Finish, value: Matte}")
    .replace("  - name: Phones\n", "  - name: Smartphones\n")
    .replace("          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}\n", "")
    + "      - name: Charger\n        product_infos:\n"
    + "          - {name: Charger 20W, external_id: 9, price: 5, price_rrc: 6, quantity: 7}\n"
)


def test_apply_then_rollback_gives_back_the_catalogue_exactly(shop, django_capture_on_commit_callbacks):
    import_text(shop, PRICELIST)
    other = OfferFactory(shop=ShopFactory())  # another shop's offer is left alone
    before = catalogue_snapshot()
    run = import_text(shop, CHANGED)
    assert (run.created_count, run.updated_count, run.withdrawn_count) == (1, 2, 1)
    assert catalogue_snapshot() != before
    generation = catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        rolled = rollback_import(run_id=run.pk)
    assert rolled.status == ImportStatus.ROLLED_BACK and rolled.rolled_back_at
    assert catalogue_snapshot() == before
    assert catalogue_generation() == generation + 1
    assert Offer.objects.filter(pk=other.pk).exists()


def test_rolling_back_the_first_import_empties_the_shop(shop):
    before = catalogue_snapshot()
    run = import_text(shop, PRICELIST)
    rollback_import(run_id=run.pk)
    assert catalogue_snapshot() == before


def test_units_sold_since_the_import_are_not_resurrected(shop):
    import_text(shop, PRICELIST)  # quantity of offer 1: 5, of offer 2: 3
    run = import_text(shop, PRICELIST.replace("quantity: 5", "quantity: 40").replace("quantity: 3", "quantity: 30"))
    first = Offer.objects.get(shop=shop, external_id="1")
    second = Offer.objects.get(shop=shop, external_id="2")
    OrderItemFactory(offer=first, quantity=2)
    OrderItemFactory(offer=first, quantity=1)
    OrderItemFactory(offer=second, quantity=10)
    # Returned to stock, not sold: a cancelled shipment, though the rest of its order goes on.
    cancelled = OrderItemFactory(offer=first, quantity=4)
    OrderItemFactory(order=cancelled.order)  # another shop's line
    Shipment.objects.filter(pk=cancelled.shipment_id).update(status=ShipmentStatus.CANCELED)
    Offer.objects.filter(pk__in=[first.pk, second.pk]).update(quantity=F("quantity") - 3)
    rollback_import(run_id=run.pk)
    assert Offer.objects.get(pk=first.pk).quantity == 5 - 3
    assert Offer.objects.get(pk=second.pk).quantity == 0  # 3 - 10, never below 0


def test_an_offer_created_by_the_import_and_ordered_since_is_withdrawn_not_deleted(shop):
    import_text(shop, PRICELIST)
    run = import_text(shop, CHANGED)
    charger = Offer.objects.get(shop=shop, external_id="9")
    OrderItemFactory(offer=charger, quantity=1)
    rollback_import(run_id=run.pk)
    charger.refresh_from_db()
    assert charger.is_active is False


def test_only_the_latest_applied_run_can_be_rolled_back(shop):
    first = import_text(shop, PRICELIST)
    second = import_text(shop, CHANGED)
    with pytest.raises(ImportConflict) as caught:
        rollback_import(run_id=first.pk)
    assert f"#{second.pk}" in caught.value.detail
    rollback_import(run_id=second.pk)
    with pytest.raises(ImportConflict):
        rollback_import(run_id=second.pk)  # already rolled back
    rollback_import(run_id=first.pk)  # now the latest applied
    assert not Offer.objects.filter(shop=shop).exists()
    first.refresh_from_db()
    assert first.status == ImportStatus.ROLLED_BACK


def test_a_failed_or_previewed_run_cannot_be_rolled_back(shop):
    failed = import_text(shop, "name: [")
    with pytest.raises(ImportConflict):
        rollback_import(run_id=failed.pk)


def test_listing_summaries_follow_apply_and_rollback_even_for_offers_moved_between_products(shop):
    import_text(shop, PRICELIST)
    phones = Product.objects.get(name="Phone X", category__name="Phones")
    elsewhere = OfferFactory(product=phones, shop=ShopFactory(), price=Decimal("500"))
    phones.refresh_from_db()
    assert (phones.lowest_price, phones.shops_offering, phones.lowest_price_shop_id) == (100, 2, shop.pk)
    run = import_text(shop, CHANGED)  # "Phones" renamed: the shop's offers move to a new product
    assert stale_listings() == []
    phones.refresh_from_db()
    assert (phones.lowest_price, phones.shops_offering, phones.lowest_price_shop_id) == (500, 1, elsewhere.shop_id)
    moved = Product.objects.get(name="Phone X", category__name="Smartphones")
    assert (moved.listed, moved.lowest_price) == (True, 90)
    assert not Product.objects.get(name="USB-C cable").listed  # withdrawn
    rollback_import(run_id=run.pk)
    assert stale_listings() == []
    phones.refresh_from_db()
    assert (phones.lowest_price, phones.shops_offering, phones.lowest_price_shop_id) == (100, 2, shop.pk)
    assert Product.objects.get(name="USB-C cable").listed


REWRITTEN = """\
name: Test shop
categories:
  - name: Smartphones
    products:
      - name: Phone X
        product_infos:
          - name: Phone X 64GB, renamed
            external_id: 1
            description: 'Now "quoted", with ünïcode'
            price: 99.5
            price_rrc: 120
            quantity: 6
            parameters:
              - {name: Colour, value: Blue}
              - {name: Weight, value: "180 g"}
  - name: Cables
    products:
      - name: USB-C cable
        product_infos:
          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}
          - name: USB-C cable 2m
            external_id: 9
            price: 12.3
            price_rrc: "-0"
            quantity: 4
            parameters:
              - {name: Length, value: "2 m"}
"""


def stored_after_image(run) -> list[list]:
    chunks = ImportSnapshotChunk.objects.filter(run=run, kind=SnapshotKind.AFTER).order_by("position")
    return [row for rows in chunks.values_list("rows", flat=True) for row in rows]


def assert_after_image_is_what_a_read_back_gives(run) -> None:
    stored = stored_after_image(run)
    read = offer_fingerprints([offer_id for offer_id, _quantity, _fingerprint in stored])
    assert stored == [[offer_id, *read[offer_id]] for offer_id, _quantity, _fingerprint in stored]
    assert edited_since_import(run) == []


def test_the_after_image_apply_computes_is_what_a_read_back_gives(shop):
    first = import_text(shop, PRICELIST)
    assert first.created_count == 3
    assert_after_image_is_what_a_read_back_gives(first)

    # renamed, repriced to a one-decimal price, moved to a new category, parameters changed, added and
    # removed; one unchanged offer without external id; one withdrawn with its parameters; one created
    second = import_text(shop, REWRITTEN)
    summary = (second.created_count, second.updated_count, second.unchanged_count, second.withdrawn_count)
    assert summary == (1, 1, 1, 1)
    assert_after_image_is_what_a_read_back_gives(second)
    assert len(stored_after_image(second)) == 3

    third = import_text(shop, REWRITTEN.replace("quantity: 6", "quantity: 8"))  # the quantity alone
    assert (third.updated_count, third.unchanged_count) == (1, 2)
    assert_after_image_is_what_a_read_back_gives(third)


def test_a_parameter_edited_by_hand_after_the_import_is_detected(shop):
    import_text(shop, PRICELIST)
    run = import_text(shop, REWRITTEN)
    offer = Offer.objects.get(shop=shop, external_id="9")
    OfferParameter.objects.filter(offer=offer).update(value="3 m")
    assert [row["offer_id"] for row in edited_since_import(run)] == [offer.pk]
