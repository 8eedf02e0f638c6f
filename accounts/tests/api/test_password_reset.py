import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import PasswordResetToken
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh-Copper-Kettle-7"


def ask_reset(api_client, email, callbacks):
    with callbacks(execute=True):
        return api_client.post("/api/v1/password-reset/", {"email": email}, format="json")


def token_from_mail(message) -> str:
    return re.search(r"/reset-password/([\w-]+)", message.body).group(1)


def refresh_works(api_client, refresh) -> bool:
    response = api_client.post("/api/v1/token/refresh/", {"refresh": refresh}, format="json")
    return response.status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_account_exists(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="olga@example.com")
    UserFactory(email="sleeping@example.com", is_active=False)

    known = ask_reset(api_client, "OLGA@example.com", django_capture_on_commit_callbacks)
    unknown = ask_reset(api_client, "nobody@example.com", django_capture_on_commit_callbacks)
    inactive = ask_reset(api_client, "sleeping@example.com", django_capture_on_commit_callbacks)

    assert known.status_code == unknown.status_code == inactive.status_code == 202
    assert known.json() == unknown.json() == inactive.json()
    [message] = mail.outbox
    assert message.to == ["olga@example.com"]


def test_the_link_points_at_the_spa_and_only_a_hash_is_stored(api_client, settings, django_capture_on_commit_callbacks):
    settings.FRONTEND_URL = "https://shop.example.com"
    UserFactory(email="olga@example.com")

    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    token = token_from_mail(message)
    assert f"https://shop.example.com/reset-password/{token}" in message.body
    assert f'href="https://shop.example.com/reset-password/{token}"' in message.alternatives[0][0]
    stored = PasswordResetToken.objects.get()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
    assert timedelta(minutes=59) < stored.expires_at - timezone.now() <= timedelta(hours=1)


def test_reset_sets_the_password_once_and_ends_every_session(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="olga@example.com")
    sessions = [
        api_client.post("/api/v1/login/", {"email": "olga@example.com", "password": "correct-horse-battery"}).json()[
            "refresh"
        ]
        for _ in range(2)
    ]
    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)
    token = token_from_mail(mail.outbox[0])

    response = api_client.post("/api/v1/password-reset/confirm/", {"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 200 and response.json()["detail"]
    assert not any(refresh_works(api_client, refresh) for refresh in sessions)
    old = api_client.post("/api/v1/login/", {"email": "olga@example.com", "password": "correct-horse-battery"})
    assert old.status_code == 401
    new = api_client.post("/api/v1/login/", {"email": "olga@example.com", "password": NEW_PASSWORD})
    assert new.status_code == 200 and refresh_works(api_client, new.json()["refresh"])

    reused = api_client.post("/api/v1/password-reset/confirm/", {"token": token, "password": "Other-Copper-Kettle-8"})
    assert reused.status_code == 400 and "token" in reused.json()


def test_an_expired_link_is_refused(api_client, django_capture_on_commit_callbacks):
    user = UserFactory(email="olga@example.com")
    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)
    PasswordResetToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = api_client.post(
        "/api/v1/password-reset/confirm/", {"token": token_from_mail(mail.outbox[0]), "password": NEW_PASSWORD}
    )

    assert response.status_code == 400 and "token" in response.json()
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_a_weak_password_is_refused_and_the_link_stays_usable(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="olga@example.com")
    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)
    token = token_from_mail(mail.outbox[0])

    weak = api_client.post("/api/v1/password-reset/confirm/", {"token": token, "password": "12345678"})

    assert weak.status_code == 400 and "password" in weak.json()
    assert (
        api_client.post("/api/v1/password-reset/confirm/", {"token": token, "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_a_new_link_replaces_the_previous_one(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="olga@example.com")
    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)
    ask_reset(api_client, "olga@example.com", django_capture_on_commit_callbacks)
    first, second = (token_from_mail(message) for message in mail.outbox)

    assert (
        api_client.post("/api/v1/password-reset/confirm/", {"token": first, "password": NEW_PASSWORD}).status_code
        == 400
    )
    assert (
        api_client.post("/api/v1/password-reset/confirm/", {"token": second, "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_unknown_token_and_missing_fields_are_400(api_client):
    unknown = api_client.post("/api/v1/password-reset/confirm/", {"token": "nope", "password": NEW_PASSWORD})
    assert unknown.status_code == 400 and "token" in unknown.json()
    missing = api_client.post("/api/v1/password-reset/confirm/", {}, format="json")
    assert missing.status_code == 400 and {"token", "password"} <= set(missing.json())
