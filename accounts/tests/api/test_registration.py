import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.utils import timezone

from accounts.models import EmailConfirmation, User
from accounts.tests.factories import EmailConfirmationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sturdy-Lantern-42"


def register(api_client, **overrides):
    body = {"email": "Nina@Example.com", "password": PASSWORD, "password_confirm": PASSWORD, "first_name": "Nina"}
    return api_client.post("/api/v1/register/", {**body, **overrides}, format="json")


def test_register_creates_an_inactive_account_and_emails_a_confirmation_link(
    api_client, settings, django_capture_on_commit_callbacks
):
    settings.FRONTEND_URL = "https://shop.example.com"
    settings.SITE_URL = "https://api.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client)

    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {
        "email": "Nina@example.com",
        "detail": "A confirmation link is on its way to this address.",
    }
    assert not user.is_active and user.first_name == "Nina"
    confirmation = EmailConfirmation.objects.get(user=user)
    [message] = mail.outbox
    assert message.to == ["Nina@example.com"]
    assert f"https://shop.example.com/confirm-email/{confirmation.pk}" in message.body
    assert f"https://api.example.com/api/v1/confirm-email/{confirmation.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="https://shop.example.com/confirm-email/{confirmation.pk}"' in html


def test_login_is_refused_until_the_email_is_confirmed(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(api_client)
    credentials = {"email": "nina@example.com", "password": PASSWORD}
    assert api_client.post("/api/v1/login/", credentials).status_code == 401

    link = re.search(r"/api/v1/confirm-email/[0-9a-f-]+/", mail.outbox[0].body).group(0)
    response = api_client.get(link)

    assert response.status_code == 200 and response.json()["detail"]
    assert User.objects.get().is_active
    assert api_client.post("/api/v1/login/", credentials).status_code == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "not-an-address"}, "email"),
        ({"password_confirm": "Another-Lantern-42"}, "password_confirm"),
        ({"password": "123456", "password_confirm": "123456"}, "password"),
        ({"password": "password", "password_confirm": "password"}, "password"),
    ],
)
def test_bad_registrations_are_field_errors_and_create_nothing(api_client, overrides, field):
    UserFactory(email="taken@example.com")

    response = register(api_client, **overrides)

    assert response.status_code == 400
    assert field in response.json() and response.json()[field]
    assert User.objects.count() == 1 and not EmailConfirmation.objects.exists()
    assert mail.outbox == []


def test_password_similar_to_the_email_is_weak(api_client):
    response = register(
        api_client, email="lanternkeeper@example.com", password="lanternkeeper", password_confirm="lanternkeeper"
    )
    assert response.status_code == 400 and "password" in response.json()


@pytest.mark.parametrize("link", ["6f1c3b9e-8f0e-4c1a-9d5c-0a4f3e2b1c7d", "not-a-uuid"])
def test_unknown_confirmation_link_is_a_json_404(api_client, link):
    response = api_client.get(f"/api/v1/confirm-email/{link}/")
    assert response.status_code == 404 and response.json()["detail"]


def test_confirmation_link_older_than_a_day_is_refused_and_a_new_one_is_sent_once(
    api_client, django_capture_on_commit_callbacks
):
    confirmation = EmailConfirmationFactory()
    day_ago = timezone.now() - timedelta(hours=24, minutes=1)
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(created_at=day_ago)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/")
        assert response.status_code == 400 and response.json()["detail"]

    confirmation.user.refresh_from_db()
    assert not confirmation.user.is_active
    fresh = EmailConfirmation.objects.exclude(pk=confirmation.pk).get()
    [message] = mail.outbox
    assert message.to == [confirmation.user.email] and str(fresh.pk) in message.body
    assert api_client.get(f"/api/v1/confirm-email/{fresh.pk}/").status_code == 200


def test_confirmation_link_still_works_just_before_a_day(api_client):
    confirmation = EmailConfirmationFactory()
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(
        created_at=timezone.now() - timedelta(hours=23, minutes=59)
    )

    assert api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200


def test_confirming_twice_is_harmless_and_records_a_verified_address_for_allauth(api_client):
    from allauth.account.models import EmailAddress

    confirmation = EmailConfirmationFactory(user__email="Mixed@Example.com")

    assert api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200
    assert api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200

    address = EmailAddress.objects.get(user=confirmation.user)
    assert (address.email, address.verified, address.primary) == ("mixed@example.com", True, True)


def registering(api_client, callbacks, **overrides):
    with callbacks(execute=True):
        return register(api_client, **overrides)


@pytest.mark.parametrize("state", [{"is_active": True}, {"is_active": False}])
def test_a_registered_address_gets_the_same_answer_and_its_owner_is_told(
    api_client, state, settings, django_capture_on_commit_callbacks
):
    settings.FRONTEND_URL = "https://shop.example.com"
    UserFactory(email="owner@example.com", first_name="Olga", language="ru", **state)

    taken = registering(api_client, django_capture_on_commit_callbacks, email="OWNER@example.com")
    free = registering(api_client, django_capture_on_commit_callbacks, email="free@example.com")

    assert taken.status_code == free.status_code == 201
    assert set(taken.json()) == set(free.json()) == {"email", "detail"}
    assert taken.json()["detail"] == free.json()["detail"]
    notice, confirmation = mail.outbox
    assert notice.to == ["owner@example.com"] and notice.subject == "У вашего адреса e-mail уже есть учётная запись"
    assert "https://shop.example.com/forgot-password" in notice.body
    assert confirmation.to == ["free@example.com"]
    assert User.objects.get(email="owner@example.com").check_password("correct-horse-battery")


def confirmation_link(message) -> str:
    return re.search(r"/api/v1/confirm-email/[0-9a-f-]+/", message.body).group(0)


def test_whoever_registers_an_address_first_cannot_keep_a_password_on_the_account_its_owner_confirms(
    api_client, django_capture_on_commit_callbacks
):
    registering(
        api_client,
        django_capture_on_commit_callbacks,
        email="victim@example.com",
        password="Attackers-Pick-91",
        password_confirm="Attackers-Pick-91",
    )
    registering(api_client, django_capture_on_commit_callbacks, email="victim@example.com", first_name="Vika")
    attackers_link, owners_link = (confirmation_link(message) for message in mail.outbox)

    assert api_client.get(owners_link).status_code == 200

    user = User.objects.get(email="victim@example.com")
    assert user.is_active and user.first_name == "Vika"
    login = {"email": "victim@example.com"}
    assert api_client.post("/api/v1/login/", {**login, "password": "Attackers-Pick-91"}).status_code == 401
    assert api_client.post("/api/v1/login/", {**login, "password": PASSWORD}).status_code == 200
    # The other registration's link died with the activation: it cannot bring its password back.
    assert api_client.get(attackers_link).status_code == 404
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_leftover_link_neither_brings_back_its_password_nor_reopens_a_switched_off_account(api_client):
    pending = EmailConfirmationFactory(user__email="gleb@example.com", password=make_password("Squatters-Pick-5")).user
    leftover = EmailConfirmation.objects.create(user=pending, password=make_password("Another-Pick-6"))
    User.objects.filter(pk=pending.pk).update(is_active=True, last_login=timezone.now())  # a provider confirmed it

    assert api_client.get(f"/api/v1/confirm-email/{leftover.pk}/").status_code == 200
    assert not User.objects.get(pk=pending.pk).check_password("Another-Pick-6")
    User.objects.filter(pk=pending.pk).update(is_active=False)  # staff switch it off
    assert api_client.get(f"/api/v1/confirm-email/{leftover.pk}/").status_code == 200
    assert not User.objects.get(pk=pending.pk).is_active
