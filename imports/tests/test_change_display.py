"""Issue 21: the preview's diff as people read it, in their language."""

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from imports.change_display import describe_changes
from imports.models import ChangeKind
from shop.models import Offer
from shop.services.cart import add_to_cart
from shop.services.checkout import place_order
from shop.tests.factories import ContactFactory, cart_total

from .conftest import PRICELIST, import_text, preview

ROW = {
    "changes": {
        "price": ["12999.90", "11999.00"],
        "quantity": [1498, 2500],
        "is_active": [False, True],
        "parameters": [{"Цвет": "Черный", "Память": "64"}, {"Цвет": "Синий", "Память": "64", "Вес": "180"}],
    },
    "sold_since_import": 2,
}


def test_russian_labels_money_numbers_and_one_line_per_parameter():
    with translation.override("ru"):
        lines = describe_changes(ROW)
    assert [(line["label"], line["old"], line["new"]) for line in lines] == [
        ("Цена", "12\xa0999,90\xa0₽", "11\xa0999,00\xa0₽"),
        ("Остатки", "1\xa0500", "2\xa0500"),
        ("В продаже", "нет", "да"),
        ("Вес", "—", "180"),
        ("Цвет", "Черный", "Синий"),
    ]
    assert lines[1]["note"] == "продано с прошлого импорта: 2, сейчас в наличии: 1\xa0498"


def test_english_groups_digits_its_own_way():
    with translation.override("en"):
        lines = describe_changes(ROW)
    assert (lines[0]["label"], lines[0]["old"], lines[1]["old"]) == ("Price", "12,999.90\xa0₽", "1,500")


@pytest.mark.django_db
def test_stock_sold_since_the_last_import_is_no_change_of_the_suppliers(shop, staff_client, api_client_for):
    import_text(shop, PRICELIST)
    user = UserFactory()
    add_to_cart(user=user, offer_id=Offer.objects.get(external_id="1").pk, quantity=2)
    place_order(user=user, contact_id=ContactFactory(user=user).pk, expected_total=cart_total(user))
    run = preview(shop, PRICELIST.replace("Black", "Blue"))  # the supplier still states 5 units
    [row] = run.changes.get(kind=ChangeKind.UPDATED).rows
    with translation.override("en"):
        stock, colour = describe_changes(row)
    assert (stock["label"], stock["old"], stock["new"]) == ("Stock", "5", "5")
    assert stock["note"] == "2 sold since the last import, 3 in stock now"
    assert (colour["label"], colour["old"], colour["new"]) == ("Colour", "Black", "Blue")

    staff = UserFactory(is_staff=True, is_superuser=True)
    detail = api_client_for(staff).get(f"/api/v1/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    [shown] = detail.data["changes"]["updated"]
    assert [line["label"] for line in shown["display"]] == ["Остатки", "Colour"]
    page = staff_client("Import managers").get(f"/admin/imports/{run.pk}/").content.decode()
    assert "<strong>Colour</strong>: Black → Blue" in page
