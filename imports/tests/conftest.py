import pytest
from django.core.files.base import ContentFile

from imports.services import create_upload_run, preview_import, run_import
from shop.models import Category, Offer, OfferParameter, Parameter, Product
from shop.tests.factories import ShopFactory

PRICELIST = """\
name: Test shop
categories:
  - name: Phones
    description: Mobile phones
    products:
      - name: Phone X
        product_infos:
          - name: Phone X 64GB
            external_id: 1
            price: 100
            price_rrc: 120
            quantity: 5
            parameters:
              - {name: Colour, value: Black}
              - {name: Storage, value: "64"}
          - name: Phone X 128GB
            external_id: 2
            price: 150
            price_rrc: 170
            quantity: 3
            parameters:
              - {name: Colour, value: White}
  - name: Cables
    products:
      - name: USB-C cable
        product_infos:
          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}
"""

# PRICELIST without the phones: applied after it, withdraws two of its three offers
ONLY_CABLE = """\
name: Test shop
categories:
  - name: Cables
    products:
      - name: USB-C cable
        product_infos:
          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}
"""


@pytest.fixture
def shop():
    return ShopFactory(name="Test shop", slug="test-shop")


def upload(shop, text: str | bytes, filename: str = "pricelist.yaml", **kwargs):
    content = text.encode() if isinstance(text, str) else text
    return create_upload_run(shop=shop, file=ContentFile(content, name=filename), **kwargs)


def preview(shop, text, filename="pricelist.yaml"):
    run, _ = preview_import(run_id=upload(shop, text, filename).pk)
    return run


def import_text(shop, text, filename="pricelist.yaml"):
    """Preview and apply, withdrawals confirmed: the guards have their own tests (services/test_guards.py)."""
    return run_import(run_id=upload(shop, text, filename, confirm_withdrawals=True).pk)


def catalogue_snapshot() -> dict:
    """Everything an import may touch, as plain values (timestamps of change left out)."""
    return {
        "offers": list(
            Offer.objects.order_by("pk").values(
                *[f.attname for f in Offer._meta.concrete_fields if f.name != "updated_at"]
            )
        ),
        "parameters": list(
            OfferParameter.objects.order_by("offer_id", "parameter_id").values_list("offer_id", "parameter_id", "value")
        ),
        "parameter_names": list(Parameter.objects.order_by("pk").values_list("pk", "name")),
        "products": list(Product.objects.order_by("pk").values_list("pk", "category_id", "name", "description")),
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name", "description")),
        "shop_categories": list(
            Category.shops.through.objects.order_by("shop_id", "category_id").values_list("shop_id", "category_id")
        ),
    }
