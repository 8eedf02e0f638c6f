"""Confirming the e-mail by the SPA's POST logs the customer in once, right after the link confirmed the account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import EmailConfirmation, User
from accounts.tests.factories import EmailConfirmationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sturdy-Lantern-42"
LOGGED_IN = "Your e-mail address is confirmed; you are logged in."
LOG_IN_YOURSELF = "Your e-mail address is confirmed; you can log in."


def registered_link(api_client, callbacks) -> str:
    body = {"email": "nina@example.com", "password": PASSWORD, "password_confirm": PASSWORD, "first_name": "Nina"}
    with callbacks(execute=True):
        assert api_client.post("/api/v1/register/", body, format="json").status_code == 201
    return re.search(r"/api/v1/confirm-email/[0-9a-f-]+/", mail.outbox[-1].body).group(0)


def me_with(access: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get("/api/v1/users/me/")


def test_the_first_post_confirms_and_gives_a_working_token_pair_the_second_gives_none(
    api_client, django_capture_on_commit_callbacks
):
    link = registered_link(api_client, django_capture_on_commit_callbacks)

    first = api_client.post(link)

    assert first.status_code == 200
    assert first.json()["detail"] == LOGGED_IN
    assert User.objects.get().is_active
    me = me_with(first.json()["access"])
    assert me.status_code == 200 and me.json()["email"] == "nina@example.com"
    refreshed = api_client.post("/api/v1/token/refresh/", {"refresh": first.json()["refresh"]}, format="json")
    assert refreshed.status_code == 200

    second = api_client.post(link)
    assert second.status_code == 200 and second.json() == {"detail": LOG_IN_YOURSELF}
    assert api_client.post("/api/v1/login/", {"email": "nina@example.com", "password": PASSWORD}).status_code == 200


def test_opening_the_link_by_get_confirms_without_tokens_and_leaves_the_login_to_the_customers_post(
    api_client, django_capture_on_commit_callbacks
):
    link = registered_link(api_client, django_capture_on_commit_callbacks)

    scanned = api_client.get(link)  # a mail scanner, or the API link of the e-mail
    assert scanned.status_code == 200 and scanned.json() == {"detail": LOG_IN_YOURSELF}
    assert User.objects.get().is_active

    posted = api_client.post(link)
    assert posted.json()["detail"] == LOGGED_IN and me_with(posted.json()["access"]).status_code == 200
    assert "access" not in api_client.get(link).json()


def test_a_link_that_confirmed_its_account_more_than_half_an_hour_ago_gives_no_tokens(api_client):
    confirmation = EmailConfirmationFactory()
    assert api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200
    EmailConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=timezone.now() - timedelta(minutes=31))

    response = api_client.post(f"/api/v1/confirm-email/{confirmation.pk}/")

    assert response.status_code == 200 and response.json() == {"detail": LOG_IN_YOURSELF}
    assert EmailConfirmation.objects.get(pk=confirmation.pk).logged_in_at is None


def test_a_day_old_link_still_confirming_logs_in_but_an_expired_one_does_not(api_client):
    old = EmailConfirmationFactory()
    EmailConfirmation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=23))
    expired = EmailConfirmationFactory()
    EmailConfirmation.objects.filter(pk=expired.pk).update(created_at=timezone.now() - timedelta(hours=25))

    assert "access" in api_client.post(f"/api/v1/confirm-email/{old.pk}/").json()
    refused = api_client.post(f"/api/v1/confirm-email/{expired.pk}/")
    assert refused.status_code == 400 and "access" not in refused.json()
    assert not User.objects.get(pk=expired.user_id).is_active


def test_a_link_of_an_account_confirmed_otherwise_or_switched_off_since_gives_no_tokens(api_client):
    leftover = EmailConfirmationFactory()
    User.objects.filter(pk=leftover.user_id).update(is_active=True, last_login=timezone.now())  # by a provider
    assert api_client.post(f"/api/v1/confirm-email/{leftover.pk}/").json() == {"detail": LOG_IN_YOURSELF}

    confirmation = EmailConfirmationFactory()
    assert api_client.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200
    User.objects.filter(pk=confirmation.user_id).update(is_active=False)  # staff switch it off
    assert api_client.post(f"/api/v1/confirm-email/{confirmation.pk}/").json() == {"detail": LOG_IN_YOURSELF}


def test_an_unknown_link_posted_is_a_404(api_client):
    response = api_client.post("/api/v1/confirm-email/6f1c3b9e-8f0e-4c1a-9d5c-0a4f3e2b1c7d/")
    assert response.status_code == 404 and "access" not in response.json()
