"""A supplier runs its own price lists through the same admin import pages as staff, scoped to its shop:
another shop's runs answer 404, the upload offers no other shop, and a file naming another shop is never
applied on the supplier's word."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import SupplierFactory
from imports.models import ImportRun, ImportStatus
from shop.models import Offer, ShopMember
from shop.tests.factories import ShopFactory

from .conftest import PRICELIST, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(client, shop):
    user = SupplierFactory()
    ShopMember.objects.create(shop=shop, user=user)
    client.force_login(user)
    return user


def upload(client, shop, text=PRICELIST):
    return client.post(
        reverse("imports:upload"),
        {"shop": shop.pk, "file": SimpleUploadedFile("prices.yaml", text.encode()), "format": ""},
    )


def test_the_supplier_uploads_previews_applies_and_rolls_back_its_own_price_list(
    client, supplier, shop, django_capture_on_commit_callbacks
):
    assert reverse("imports:index").encode() in client.get(reverse("wagtailadmin_home")).content
    form = client.get(reverse("imports:upload")).context["form"]
    assert list(form.fields["shop"].queryset) == [shop]

    answer = upload(client, shop)
    run = ImportRun.objects.get()
    assert answer["Location"] == reverse("imports:detail", args=[run.pk])
    assert b"Phone X 64GB" in client.get(answer["Location"]).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and Offer.objects.filter(shop=shop).count() == 3
    assert supplier.email.encode() in client.get(reverse("imports:index")).content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:rollback", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.ROLLED_BACK and not Offer.objects.filter(shop=shop, is_active=True).exists()


def test_another_shops_runs_answer_404_and_are_not_listed(client, supplier, shop):
    other = ShopFactory(name="Other shop")
    theirs = preview(other, PRICELIST.replace("Test shop", "Other shop"))

    history = client.get(reverse("imports:index")).content
    assert f"#{theirs.pk}".encode() not in history
    for name in ("detail", "status", "rollback"):
        assert client.get(reverse(f"imports:{name}", args=[theirs.pk])).status_code == 404, name
    for name in ("apply", "fail", "resume", "rollback"):
        assert client.post(reverse(f"imports:{name}", args=[theirs.pk])).status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.status == ImportStatus.PREVIEWED

    answer = upload(client, other)
    assert answer.status_code == 200 and answer.context["form"].errors["shop"]
    assert ImportRun.objects.filter(shop=other).count() == 1


def test_a_file_naming_another_shop_is_never_applied_on_the_suppliers_word(
    client, supplier, shop, django_capture_on_commit_callbacks
):
    upload(client, shop, PRICELIST.replace("Test shop", "Somebody else's shop"))
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert 'name="confirm_shop_name"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[run.pk]), {"confirm_shop_name": "1"})

    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and not run.shop_name_confirmed
    assert not Offer.objects.exists()
