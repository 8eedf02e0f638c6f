"""Resending the confirmation link, changing the password, the e-mail address and the language, and the
list of configured social logins."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import EmailConfirmation, User
from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import EmailConfirmationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Fresh-Copper-Kettle-7"


def post(client, path, body, callbacks):
    with callbacks(execute=True):
        return client.post(path, body, format="json")


class TestResendConfirmation:
    def test_sends_a_new_link_to_a_pending_account_and_answers_alike_for_any_address(
        self, api_client, django_capture_on_commit_callbacks
    ):
        pending = UserFactory(email="pending@example.com", is_active=False)
        EmailConfirmation.objects.create(user=pending)
        EmailConfirmation.objects.filter(user=pending).update(created_at=timezone.now() - timedelta(hours=1))
        UserFactory(email="active@example.com")
        answers = [
            post(api_client, "/api/v1/register/resend/", {"email": email}, django_capture_on_commit_callbacks)
            for email in ("PENDING@example.com", "active@example.com", "nobody@example.com")
        ]

        assert {answer.status_code for answer in answers} == {202}
        assert len({answer.content for answer in answers}) == 1
        [message] = mail.outbox
        assert message.to == ["pending@example.com"]
        newest = pending.email_confirmations.order_by("-created_at").first()
        assert f"/confirm-email/{newest.pk}" in message.body

    def test_does_not_repeat_a_link_sent_moments_ago(self, api_client, django_capture_on_commit_callbacks):
        EmailConfirmationFactory(user__email="pending@example.com")

        answer = post(
            api_client, "/api/v1/register/resend/", {"email": "pending@example.com"}, django_capture_on_commit_callbacks
        )

        assert answer.status_code == 202
        assert mail.outbox == []

    def test_is_throttled_with_the_auth_scope(self, api_client, monkeypatch):
        monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "2/min")
        codes = [
            api_client.post("/api/v1/register/resend/", {"email": "x@example.com"}, format="json").status_code
            for _ in range(3)
        ]
        assert codes == [202, 202, 429]


class TestChangePassword:
    def test_needs_the_current_password_and_a_strong_new_one(self, api_client_for):
        user = UserFactory()
        client = api_client_for(user)

        wrong = client.post("/api/v1/users/me/password/", {"old_password": "nope", "new_password": NEW_PASSWORD})
        weak = client.post("/api/v1/users/me/password/", {"old_password": PASSWORD, "new_password": "123"})

        assert wrong.status_code == 400 and "old_password" in wrong.json()
        assert weak.status_code == 400 and "new_password" in weak.json()
        user.refresh_from_db()
        assert user.check_password(PASSWORD)

    def test_changes_it_and_ends_every_session_but_gives_this_device_a_new_pair(self, api_client, api_client_for):
        user = UserFactory()
        other_device = issue_token_pair(user=user)

        answer = api_client_for(user).post(
            "/api/v1/users/me/password/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
        )

        assert answer.status_code == 200
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        refreshed = api_client.post("/api/v1/token/refresh/", {"refresh": other_device.refresh}, format="json")
        assert refreshed.status_code == 401
        other_access = api_client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {other_device.access}")
        assert other_access.status_code == 401
        # The device that changed it goes on with the new pair of the answer.
        this_device = api_client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {answer.json()['access']}")
        assert this_device.status_code == 200
        assert api_client.post("/api/v1/token/refresh/", {"refresh": answer.json()["refresh"]}).status_code == 200

    def test_needs_a_login(self, api_client):
        answer = api_client.post("/api/v1/users/me/password/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD})
        assert answer.status_code == 401


class TestChangeEmail:
    def ask(self, client, email, callbacks, password=PASSWORD):
        return post(client, "/api/v1/users/me/email/", {"email": email, "password": password}, callbacks)

    def link(self, message, kind="confirm-email-change") -> str:
        return re.search(rf"/{kind}/(\S+)", message.body).group(1)

    def test_the_new_address_replaces_the_old_only_once_its_link_is_opened_and_the_old_one_is_told(
        self, api_client, api_client_for, settings, django_capture_on_commit_callbacks
    ):
        settings.FRONTEND_URL = "https://shop.example.com"
        user = UserFactory(email="old@example.com")

        assert self.ask(api_client_for(user), "new@example.com", django_capture_on_commit_callbacks).status_code == 202

        [message] = mail.outbox
        assert message.to == ["new@example.com"]
        token = re.search(r"https://shop\.example\.com/confirm-email-change/(\S+)", message.body).group(1)
        user.refresh_from_db()
        assert user.email == "old@example.com"

        confirmed = post(api_client, f"/api/v1/users/me/email/confirm/{token}/", {}, django_capture_on_commit_callbacks)

        assert confirmed.status_code == 200
        user.refresh_from_db()
        assert user.email == "new@example.com"
        assert user.emailaddress_set.get().verified
        # The link named the old address: used once, it cannot switch the account again.
        assert api_client.post(f"/api/v1/users/me/email/confirm/{token}/").status_code == 404
        notice = mail.outbox[1]
        assert notice.to == ["old@example.com"] and "new@example.com" in notice.body
        assert "https://shop.example.com/undo-email-change/" in notice.body

    def test_needs_the_current_password(self, api_client_for, django_capture_on_commit_callbacks):
        client = api_client_for(UserFactory())
        wrong = self.ask(client, "new@example.com", django_capture_on_commit_callbacks, password="stolen-token-only")
        missing = post(
            client, "/api/v1/users/me/email/", {"email": "new@example.com"}, django_capture_on_commit_callbacks
        )
        assert wrong.status_code == 400 and "password" in wrong.json()
        assert missing.status_code == 400 and "password" in missing.json()
        assert mail.outbox == []

    def test_an_address_another_account_uses_gets_the_same_answer_and_its_owner_is_told(
        self, api_client_for, django_capture_on_commit_callbacks
    ):
        UserFactory(email="taken@example.com")
        client = api_client_for(UserFactory())
        taken = self.ask(client, "TAKEN@example.com", django_capture_on_commit_callbacks)
        free = self.ask(client, "free@example.com", django_capture_on_commit_callbacks)
        assert (taken.status_code, taken.json()) == (free.status_code, free.json())
        notice, link = mail.outbox
        assert notice.to == ["taken@example.com"] and "/confirm-email-change/" not in notice.body
        assert link.to == ["free@example.com"]

    def test_a_password_reset_ends_every_pending_change(
        self, api_client, api_client_for, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="old@example.com")
        self.ask(api_client_for(user), "thief@example.com", django_capture_on_commit_callbacks)
        token = self.link(mail.outbox[0])
        post(api_client, "/api/v1/password-reset/", {"email": "old@example.com"}, django_capture_on_commit_callbacks)
        reset = self.link(mail.outbox[1], kind="reset-password")
        api_client.post("/api/v1/password-reset/confirm/", {"token": reset, "password": NEW_PASSWORD}, format="json")

        assert api_client.post(f"/api/v1/users/me/email/confirm/{token}/").status_code == 404
        assert User.objects.get(pk=user.pk).email == "old@example.com"

    def test_the_undo_link_puts_the_old_address_back_and_locks_out_whoever_changed_it(
        self, api_client, api_client_for, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="old@example.com")
        self.ask(api_client_for(user), "thief@example.com", django_capture_on_commit_callbacks)
        post(
            api_client,
            f"/api/v1/users/me/email/confirm/{self.link(mail.outbox[0])}/",
            {},
            django_capture_on_commit_callbacks,
        )
        thief = issue_token_pair(user=User.objects.get(pk=user.pk))
        undo = self.link(mail.outbox[1], kind="undo-email-change")

        answer = api_client.post(f"/api/v1/users/me/email/undo/{undo}/")

        assert answer.status_code == 200 and answer.json()["detail"]
        user.refresh_from_db()
        assert user.email == "old@example.com" and not user.has_usable_password()
        assert user.emailaddress_set.get().email == "old@example.com"
        assert api_client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {thief.access}").status_code == 401
        assert api_client.post("/api/v1/token/refresh/", {"refresh": thief.refresh}, format="json").status_code == 401
        # A second click changes nothing, so it cannot wipe the new password the owner sets next.
        user.set_password(NEW_PASSWORD)
        user.save()
        assert api_client.post(f"/api/v1/users/me/email/undo/{undo}/").status_code == 200
        assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
        assert api_client.post("/api/v1/users/me/email/undo/forged:token/").status_code == 404

    def test_a_forged_link_is_not_found(self, api_client):
        assert api_client.post("/api/v1/users/me/email/confirm/forged:token/").status_code == 404

    def test_another_account_taking_the_address_meanwhile_is_a_400(
        self, api_client, api_client_for, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="old@example.com")
        self.ask(api_client_for(user), "new@example.com", django_capture_on_commit_callbacks)
        token = self.link(mail.outbox[0])
        UserFactory(email="NEW@example.com")

        answer = api_client.post(f"/api/v1/users/me/email/confirm/{token}/")

        assert answer.status_code == 400
        assert User.objects.get(pk=user.pk).email == "old@example.com"


class TestLanguage:
    def test_is_stored_on_the_account_and_shown_with_it(self, api_client_for):
        user = UserFactory()
        client = api_client_for(user)
        assert client.get("/api/v1/users/me/").json()["language"] == "en"

        answer = client.patch("/api/v1/profile/", {"language": "ru"}, format="json")

        assert answer.status_code == 200 and answer.json()["language"] == "ru"
        user.refresh_from_db()
        assert user.language == "ru"
        assert client.patch("/api/v1/profile/", {"language": "de"}, format="json").status_code == 400

    def test_registration_takes_it(self, api_client, django_capture_on_commit_callbacks):
        body = {
            "email": "ivan@example.com",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
            "language": "ru",
        }
        assert post(api_client, "/api/v1/register/", body, django_capture_on_commit_callbacks).status_code == 201
        assert User.objects.get(email="ivan@example.com").language == "ru"
        # The confirmation e-mail is in the account's language.
        assert mail.outbox[0].subject == "Подтвердите адрес e-mail"

    def test_api_messages_follow_accept_language(self, api_client):
        answer = api_client.post(
            "/api/v1/register/", {"email": "not-an-address"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
        )
        assert answer.status_code == 400
        assert answer.json()["email"] == ["Введите правильный адрес электронной почты."]
        assert answer.json()["password"] == ["Требуется заполнить это поле."]


class TestSocialProviders:
    def test_lists_none_while_the_client_ids_are_placeholders(self, api_client):
        answer = api_client.get("/api/v1/auth/providers/")
        assert answer.status_code == 200
        assert answer.json() == []

    def test_lists_the_configured_ones(self, api_client, settings):
        settings.SOCIALACCOUNT_PROVIDERS = {
            **settings.SOCIALACCOUNT_PROVIDERS,
            "google": {
                **settings.SOCIALACCOUNT_PROVIDERS["google"],
                "APPS": [{"client_id": "1234.apps", "secret": "s"}],
            },
        }
        answer = api_client.get("/api/v1/auth/providers/")
        assert answer.json() == [
            {"id": "google-oauth2", "name": "Google", "login_url": "/api/v1/auth/login/google-oauth2/"}
        ]
