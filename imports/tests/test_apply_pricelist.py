from decimal import Decimal

import pytest

from imports.exceptions import PriceListInvalid
from imports.parsers import parse_yaml
from imports.services import apply_pricelist
from shop.models import Offer
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

PRICELIST = """
name: Test shop
categories:
  - name: Phones
    products:
      - name: Phone X
        product_infos:
          - {name: Phone X 64GB, external_id: 1, price: 100, price_rrc: 120, quantity: 5,
             parameters: [{name: Colour, value: Black}]}
          - {name: Phone X 128GB, external_id: 2, price: 150, price_rrc: 170, quantity: 3}
"""


def test_apply_creates_then_updates_and_withdraws():
    shop = ShopFactory()
    run = apply_pricelist(shop=shop, pricelist=parse_yaml(PRICELIST), source="test.yaml")
    assert (run.created_count, run.updated_count, run.withdrawn_count) == (2, 0, 0)
    offer = Offer.objects.get(shop=shop, external_id="1")
    assert offer.price == Decimal("100.00")
    assert dict(offer.offer_parameters.values_list("parameter__name", "value")) == {"Colour": "Black"}

    changed = PRICELIST.replace("price: 100,", "price: 90,").replace(
        "- {name: Phone X 128GB, external_id: 2, price: 150, price_rrc: 170, quantity: 3}", ""
    )
    run = apply_pricelist(shop=shop, pricelist=parse_yaml(changed), source="test.yaml")
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 1, 0, 1)
    assert Offer.objects.get(shop=shop, external_id="1").price == Decimal("90.00")
    assert Offer.objects.get(shop=shop, external_id="2").is_active is False


def test_an_invalid_price_list_reports_every_problem():
    broken = PRICELIST.replace("price: 100,", "price: -1,").replace("quantity: 3", "quantity: 2.5")
    with pytest.raises(PriceListInvalid) as caught:
        parse_yaml(broken)
    fields = {error["field"] for error in caught.value.errors}
    assert any(field.endswith(".price") for field in fields)
    assert any(field.endswith(".quantity") for field in fields)
