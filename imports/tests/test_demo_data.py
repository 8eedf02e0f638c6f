import pytest
from django.core.management import call_command

from accounts.models import User
from imports.models import ImportRun, ImportStatus
from shop.models import Category, Offer, OfferParameter, SearchSynonym, Shop

pytestmark = pytest.mark.django_db


def test_demo_data_loads_shops_categories_offers_and_a_staff_account():
    call_command("load_demo_data")
    assert Shop.objects.count() >= 3
    assert Category.objects.count() >= 8
    assert Offer.objects.filter(is_active=True).count() >= 60
    assert not Offer.objects.filter(offer_parameters__isnull=True).exists()
    assert OfferParameter.objects.count() >= 180
    assert ImportRun.objects.filter(status=ImportStatus.APPLIED).count() == Shop.objects.count()
    staff = User.objects.get(email="admin@example.com")
    assert staff.is_staff and staff.check_password("orderservice-demo")


def test_loading_twice_changes_nothing():
    call_command("load_demo_data")
    snapshot = list(Offer.objects.order_by("pk").values())
    call_command("load_demo_data")
    assert list(Offer.objects.order_by("pk").values()) == snapshot
    assert ImportRun.objects.count() == Shop.objects.count()


def test_create_initial_shops_names_each_shop_after_its_price_list(capsys):
    call_command("create_initial_shops")
    shops = dict(Shop.objects.values_list("source_file", "name"))
    assert shops == {"shop1.yaml": "TechMarket", "shop2.yaml": "Gadget House", "shop3.yaml": "Electro Hub"}
    assert "created" in capsys.readouterr().out


def test_the_demo_catalogue_finds_what_russian_shoppers_type(api_client):
    call_command("load_demo_data")
    found = api_client.get("/api/v1/products/", {"search": "айфон"}).json()["results"]
    assert found and all("iphone" in product["name"].lower() for product in found)


def test_reloading_keeps_synonyms_staff_edited():
    call_command("load_demo_data")
    SearchSynonym.objects.filter(term="айфон").update(expansions="apple")
    call_command("load_demo_data")
    assert SearchSynonym.objects.get(term="айфон").expansions == "apple"
