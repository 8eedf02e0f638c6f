"""The roles made by the data migration: exact permissions, and each group can do its job and nothing else."""

import pytest
from django.contrib.auth.models import Group
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import GroupCollectionPermission

from accounts.tests.factories import UserFactory
from imports.tests.factories import ImportRunFactory
from shop.tests.factories import ContactFactory, OfferFactory, OrderItemFactory, ShopFactory

pytestmark = pytest.mark.django_db

CATALOGUE = ("shop", "category", "product", "offer", "parameter", "offerparameter")


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_groups_have_exactly_their_permissions():
    assert codenames("Merchandisers") == {
        f"shop.{action}_{model}"
        for model in (*CATALOGUE, "searchsynonym")
        for action in ("add", "change", "delete", "view")
    } | {"shop.invite_supplier", "wagtailadmin.access_admin"}
    assert codenames("Import managers") == {
        "imports.add_importrun",
        "imports.change_importrun",
        "imports.view_importrun",
        "shop.view_shop",
        "wagtailadmin.access_admin",
    }
    assert codenames("Order managers") == {
        "shop.view_order",
        "shop.change_order",
        "shop.view_contact",
        "shop.change_contact",
        "accounts.view_user",
        *{f"shop.view_{model}" for model in CATALOGUE},
        "notifications.view_outboxmessage",
        "notifications.change_outboxmessage",
        "wagtailadmin.access_admin",
    }
    image_rights = GroupCollectionPermission.objects.filter(group__name="Merchandisers")
    assert set(image_rights.values_list("permission__codename", flat=True)) == {
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
    }


def import_admin_url(user, run) -> str | None:
    """Wherever the imports admin lives, the URL finder knows the page of a run for users allowed to see it."""
    return AdminURLFinder(user).get_edit_url(run)


def allowed(client, url: str) -> bool:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    status = client.get(url).status_code
    assert status in (200, 302, 403), (url, status)
    return status == 200


def test_merchandiser_curates_the_catalogue_and_sees_no_sales_or_imports(staff_client):
    client = staff_client("Merchandisers")
    offer = OfferFactory()
    assert import_admin_url(client.user, ImportRunFactory()) is None
    for url in (
        "/admin/",
        "/admin/snippets/shop/offer/",
        "/admin/snippets/shop/offer/add/",
        f"/admin/snippets/shop/offer/edit/{offer.pk}/",
        f"/admin/snippets/shop/offer/delete/{offer.pk}/",
        "/admin/snippets/shop/product/add/",
        "/admin/snippets/shop/category/add/",
        "/admin/snippets/shop/shop/add/",
        "/admin/snippets/shop/parameter/add/",
        "/admin/images/",
        "/admin/images/multiple/add/",
    ):
        assert allowed(client, url), url
    for url in (
        "/admin/snippets/shop/order/",
        "/admin/snippets/shop/contact/",
        "/admin/customers/",
        "/admin/settings/core/storesettings/",
        "/admin/snippets/notifications/emailtemplate/",
        "/admin/snippets/notifications/outboxmessage/",
        "/admin/users/",
    ):
        assert not allowed(client, url), url


def test_import_manager_runs_imports_and_cannot_touch_the_catalogue_or_orders(staff_client):
    client = staff_client("Import managers")
    run = ImportRunFactory()
    assert client.user.has_perms(["imports.add_importrun", "imports.change_importrun"])
    for url in ("/admin/", "/admin/snippets/shop/shop/", import_admin_url(client.user, run)):
        assert allowed(client, url), url
    for url in (
        "/admin/snippets/shop/shop/add/",
        f"/admin/snippets/shop/shop/edit/{run.shop_id}/",
        "/admin/snippets/shop/offer/",
        "/admin/snippets/shop/order/",
        "/admin/snippets/shop/contact/",
        "/admin/images/",
    ):
        assert not allowed(client, url), url


def test_order_manager_handles_orders_and_contacts_and_reads_the_catalogue(staff_client):
    client = staff_client("Order managers")
    order = OrderItemFactory().order
    contact = ContactFactory()
    offer = OfferFactory()
    assert import_admin_url(client.user, ImportRunFactory()) is None
    for url in (
        "/admin/",
        "/admin/snippets/shop/order/",
        f"/admin/snippets/shop/order/inspect/{order.pk}/",
        "/admin/snippets/shop/contact/",
        f"/admin/snippets/shop/contact/edit/{contact.pk}/",
        "/admin/customers/",
        "/admin/snippets/shop/offer/",
        "/admin/snippets/shop/product/",
        "/admin/snippets/notifications/outboxmessage/",
    ):
        assert allowed(client, url), url
    for url in (
        "/admin/snippets/shop/offer/add/",
        f"/admin/snippets/shop/offer/edit/{offer.pk}/",
        f"/admin/snippets/shop/offer/delete/{offer.pk}/",
        "/admin/snippets/shop/shop/add/",
        f"/admin/snippets/shop/contact/delete/{contact.pk}/",
        "/admin/images/",
    ):
        assert not allowed(client, url), url
    response = client.post(
        f"/admin/snippets/shop/offer/edit/{offer.pk}/", {"name": "hacked", "price": "1", "price_rrc": "1"}
    )
    offer.refresh_from_db()
    assert response.status_code in (302, 403) and offer.name != "hacked"


def test_a_user_without_a_role_cannot_enter_the_admin(client):
    client.force_login(UserFactory())
    ShopFactory()
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/snippets/shop/shop/").status_code == 302


def test_order_manager_edits_a_contact_but_not_its_owner(staff_client):
    client = staff_client("Order managers")
    contact = ContactFactory()
    owner = contact.user
    data = {
        "user": client.user.pk,
        "first_name": "Olga",
        "last_name": contact.last_name,
        "email": contact.email,
        "phone": contact.phone,
        "city": contact.city,
        "street": contact.street,
        "house": contact.house,
        "structure": "",
        "building": "",
        "apartment": "12",
    }
    assert client.post(f"/admin/snippets/shop/contact/edit/{contact.pk}/", data).status_code == 302
    contact.refresh_from_db()
    assert (contact.first_name, contact.apartment, contact.user) == ("Olga", "12", owner)
