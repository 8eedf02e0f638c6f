"""Onboarding suppliers: staff invite a shop's users from its admin page; the one-time link sets a password and
opens the back office; re-send, revoke, expiry; the owner field takes supplier accounts only."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import AccountInvitation, User, UserType
from accounts.tests.factories import SupplierFactory, UserFactory
from notifications.models import OutboxMessage
from shop.models import ShopMember
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/admin/invitation/([\w-]+)/")
PASSWORD = "Lantern-Orbit-93"


def suppliers_url(shop) -> str:
    return f"/admin/snippets/shop/shop/suppliers/{shop.pk}/"


@pytest.fixture
def merchandiser(staff_client):
    return staff_client("Merchandisers")


@pytest.fixture
def invitee():
    """The invited person's own browser (the `client` fixture is the merchandiser's)."""
    return Client()


def invite(client, shop, email, capture, **fields):
    with capture(execute=True):
        return client.post(
            suppliers_url(shop), {"email": email, "language": "ru", "first_name": "Oleg", **fields}, follow=True
        )


def link_path(message) -> str:
    return "/admin/invitation/" + LINK.search(message.body).group(1) + "/"


def accept(client, path, password=PASSWORD):
    return client.post(path, {"password": password, "password_again": password})


def test_staff_invite_the_owner_who_sets_a_password_and_lands_in_the_back_office(
    merchandiser, invitee, django_capture_on_commit_callbacks
):
    shop = ShopFactory(name="Связной")

    invite(merchandiser, shop, "owner@supplier.example", django_capture_on_commit_callbacks, as_owner="on")

    user = User.objects.get(email="owner@supplier.example")
    shop.refresh_from_db()
    assert user.user_type == UserType.SUPPLIER and not user.has_usable_password()
    assert shop.owner == user and ShopMember.objects.get(user=user).shop == shop
    [message] = mail.outbox
    assert message.to == ["owner@supplier.example"]
    assert "Связной" in message.subject and "Вас приглашают" in message.subject  # Russian, as chosen
    path = link_path(message)
    assert invitee.get(path).status_code == 200
    response = accept(invitee, path)

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert invitee.get("/admin/").status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    invitee.logout()
    assert invitee.get(path).status_code == 404  # single use
    signed_in = invitee.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/"


def test_the_outbox_keeps_the_link_sealed_and_the_database_its_hash(merchandiser, django_capture_on_commit_callbacks):
    shop = ShopFactory()
    invite(merchandiser, shop, "anna@supplier.example", django_capture_on_commit_callbacks)

    token = LINK.search(mail.outbox[0].body).group(1)
    message = OutboxMessage.objects.get(key="account_invitation")
    stored = json.dumps(message.context) + message.sealed_context
    assert token not in stored and "/invitation/" not in stored
    invitation = AccountInvitation.objects.get(user__email="anna@supplier.example")
    assert token != invitation.token_hash


def test_the_members_page_shows_who_accepted(merchandiser, invitee, django_capture_on_commit_callbacks):
    shop = ShopFactory()
    invite(merchandiser, shop, "owner@supplier.example", django_capture_on_commit_callbacks, as_owner="on")
    invite(merchandiser, shop, "packer@supplier.example", django_capture_on_commit_callbacks)
    accept(invitee, link_path(mail.outbox[0]))

    page = merchandiser.get(suppliers_url(shop)).content.decode()

    assert "owner@supplier.example" in page and "packer@supplier.example" in page
    assert ShopMember.objects.filter(shop=shop).count() == 2
    statuses = re.findall(r"<td>(accepted|waiting)</td>", page)
    assert statuses == ["accepted", "waiting"]


def test_re_sending_replaces_the_link_and_revoking_kills_it(merchandiser, invitee, django_capture_on_commit_callbacks):
    shop = ShopFactory()
    invite(merchandiser, shop, "anna@supplier.example", django_capture_on_commit_callbacks)
    member = ShopMember.objects.get(user__email="anna@supplier.example")
    first = link_path(mail.outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        merchandiser.post(f"{suppliers_url(shop)}{member.pk}/resend/")
    second = link_path(mail.outbox[1])
    assert first != second
    assert invitee.get(first).status_code == 404
    assert invitee.get(second).status_code == 200

    merchandiser.post(f"{suppliers_url(shop)}{member.pk}/revoke/")
    assert invitee.get(second).status_code == 404
    assert accept(invitee, second).status_code == 404
    assert not User.objects.get(email="anna@supplier.example").has_usable_password()


def test_an_expired_link_sets_nothing(merchandiser, invitee, django_capture_on_commit_callbacks):
    invite(merchandiser, ShopFactory(), "anna@supplier.example", django_capture_on_commit_callbacks)
    AccountInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert accept(invitee, link_path(mail.outbox[0])).status_code == 404
    assert not User.objects.get(email="anna@supplier.example").has_usable_password()


def test_a_weak_password_is_refused_and_the_link_still_works(merchandiser, invitee, django_capture_on_commit_callbacks):
    invite(merchandiser, ShopFactory(), "anna@supplier.example", django_capture_on_commit_callbacks)
    path = link_path(mail.outbox[0])

    response = accept(invitee, path, password="123")

    assert response.status_code == 200 and response.context["form"].errors["password"]
    assert accept(invitee, path).status_code == 302


def test_an_unknown_token_answers_404(client):
    assert client.get("/admin/invitation/" + "a" * 64 + "/").status_code == 404


@pytest.mark.parametrize("kind", ["customer", "other shop's supplier"])
def test_a_customer_or_another_shops_supplier_cannot_be_invited(kind, merchandiser, django_capture_on_commit_callbacks):
    if kind == "customer":
        UserFactory(email="taken@example.com")
    else:
        ShopMember.objects.create(shop=ShopFactory(), user=SupplierFactory(email="taken@example.com"))
    shop = ShopFactory()

    response = invite(merchandiser, shop, "TAKEN@example.com", django_capture_on_commit_callbacks)

    assert response.context["form"].errors["email"]
    assert not ShopMember.objects.filter(shop=shop).exists() and not mail.outbox
    assert not AccountInvitation.objects.exists()


def test_only_staff_with_the_permission_invite(staff_client):
    client = staff_client("Import managers")
    shop = ShopFactory()

    assert client.get(suppliers_url(shop)).status_code in (302, 403)
    assert client.post(suppliers_url(shop), {"email": "x@example.com", "language": "en"}).status_code in (302, 403)
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_shop_page_links_to_its_supplier_users(merchandiser):
    shop = ShopFactory()
    page = merchandiser.get(f"/admin/snippets/shop/shop/edit/{shop.pk}/").content.decode()
    assert suppliers_url(shop) in page


def test_the_owner_field_takes_supplier_accounts_only(merchandiser):
    shop = ShopFactory()
    customer, supplier = UserFactory(), SupplierFactory()
    form = {"name": shop.name, "slug": shop.slug, "email": "", "accepts_orders": "on", "source_file": ""}

    refused = merchandiser.post(f"/admin/snippets/shop/shop/edit/{shop.pk}/", {**form, "owner": customer.pk})
    assert "owner" in refused.context["form"].errors
    merchandiser.post(f"/admin/snippets/shop/shop/edit/{shop.pk}/", {**form, "owner": supplier.pk})
    shop.refresh_from_db()
    assert shop.owner == supplier
