"""A stolen access token dies with the session: logout, a password change or reset end every token issued before
(access tokens included, not only refresh tokens), and a pre-registered account cannot be kept by its registrant
once its owner resets the password."""

import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Fresh-Copper-Kettle-7"


def me(api_client, access: str) -> int:
    return api_client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code


def test_logout_ends_every_access_and_refresh_token_of_the_account(api_client):
    user = UserFactory()
    this_device, other_device = issue_token_pair(user=user), issue_token_pair(user=user)
    assert me(api_client, this_device.access) == me(api_client, other_device.access) == 200

    assert api_client.post("/api/v1/logout/", {"refresh": this_device.refresh}, format="json").status_code == 205

    assert me(api_client, this_device.access) == me(api_client, other_device.access) == 401
    for refresh in (this_device.refresh, other_device.refresh):
        assert api_client.post("/api/v1/token/refresh/", {"refresh": refresh}, format="json").status_code == 401
    assert api_client.post("/api/v1/logout/", {"refresh": this_device.refresh}, format="json").status_code == 401
    fresh = api_client.post("/api/v1/login/", {"email": user.email, "password": PASSWORD}, format="json").json()
    assert me(api_client, fresh["access"]) == 200


def test_a_rotated_pair_keeps_working_until_the_session_ends(api_client):
    user = UserFactory()
    first = issue_token_pair(user=user)
    rotated = api_client.post("/api/v1/token/refresh/", {"refresh": first.refresh}, format="json").json()
    assert me(api_client, rotated["access"]) == 200
    api_client.post("/api/v1/logout/", {"refresh": rotated["refresh"]}, format="json")
    assert me(api_client, rotated["access"]) == me(api_client, first.access) == 401


def test_a_password_reset_ends_access_tokens_issued_before(api_client, django_capture_on_commit_callbacks):
    user = UserFactory(email="vera@example.com")
    stolen = issue_token_pair(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post("/api/v1/password-reset/", {"email": "vera@example.com"}, format="json")
    token = re.search(r"/reset-password/([\w-]+)", mail.outbox[0].body).group(1)

    api_client.post("/api/v1/password-reset/confirm/", {"token": token, "password": NEW_PASSWORD}, format="json")

    assert me(api_client, stolen.access) == 401


def test_the_pre_registration_hijack_fails_once_the_owner_resets_the_password(
    api_client, django_capture_on_commit_callbacks
):
    """The attacker registers the victim's address, waits for the victim to confirm it, logs in with the password
    they chose and asks to move the account to their own address; the victim then resets the password."""

    def post(path, body, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(path, body, format="json", **headers)

    chosen = "Attackers-Pick-91"
    post("/api/v1/register/", {"email": "victim@example.com", "password": chosen, "password_confirm": chosen})
    api_client.get(re.search(r"/api/v1/confirm-email/[0-9a-f-]+/", mail.outbox[0].body).group(0))
    attacker = post("/api/v1/login/", {"email": "victim@example.com", "password": chosen}).json()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {attacker['access']}"}
    assert (
        post("/api/v1/users/me/email/", {"email": "thief@example.com", "password": chosen}, **bearer).status_code == 202
    )
    change = re.search(r"/confirm-email-change/(\S+)", mail.outbox[-1].body).group(1)

    post("/api/v1/password-reset/", {"email": "victim@example.com"})
    reset = re.search(r"/reset-password/([\w-]+)", mail.outbox[-1].body).group(1)
    assert post("/api/v1/password-reset/confirm/", {"token": reset, "password": NEW_PASSWORD}).status_code == 200

    assert me(api_client, attacker["access"]) == 401
    assert post("/api/v1/token/refresh/", {"refresh": attacker["refresh"]}).status_code == 401
    assert post(f"/api/v1/users/me/email/confirm/{change}/", {}).status_code == 404
    assert User.objects.get().email == "victim@example.com"
