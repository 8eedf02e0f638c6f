"""Failed log-ins are limited per account (from each client) and per address on every login form; wrong passwords
sent from elsewhere never lock the owner out; X-Forwarded-For is not trusted."""

import pytest
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _tight_limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_IP = 5


def api_login(api_client, email, password, **headers):
    return api_client.post("/api/v1/login/", {"email": email, "password": password}, format="json", **headers)


def test_an_account_is_paused_after_its_failures_even_from_changing_spoofed_addresses(api_client):
    UserFactory(email="vera@example.com")
    for attempt in range(3):
        spoofed = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{attempt}"}
        assert api_login(api_client, "vera@example.com", "wrong", **spoofed).status_code == 401

    paused = api_login(api_client, "VERA@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert paused.status_code == 429 and paused.json()["code"] == "throttled" and paused["Retry-After"]


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out_of_the_api(api_client):
    UserFactory(email="vera@example.com")
    for attempt in range(10):
        api_login(api_client, "vera@example.com", "wrong", REMOTE_ADDR=f"203.0.113.{attempt % 2}")
    assert api_login(api_client, "vera@example.com", "wrong", REMOTE_ADDR="203.0.113.1").status_code == 429

    assert api_login(api_client, "vera@example.com", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_an_address_is_paused_after_failures_over_many_accounts(api_client):
    UserFactory(email="vera@example.com")
    for number in range(5):
        assert api_login(api_client, f"guess{number}@example.com", "wrong").status_code == 401
    assert api_login(api_client, "vera@example.com", PASSWORD).status_code == 429


def test_a_success_forgets_the_accounts_failures(api_client):
    UserFactory(email="vera@example.com")
    for _ in range(2):
        api_login(api_client, "vera@example.com", "wrong")
    assert api_login(api_client, "vera@example.com", PASSWORD).status_code == 200
    for _ in range(2):
        api_login(api_client, "vera@example.com", "wrong")
    assert api_login(api_client, "vera@example.com", PASSWORD).status_code == 200


def test_the_api_throttle_ignores_x_forwarded_for_by_default(api_client, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "2/min")
    for number in range(2):
        api_client.post("/api/v1/password-reset/", {"email": "a@example.com"}, HTTP_X_FORWARDED_FOR=f"10.1.1.{number}")
    response = api_client.post("/api/v1/password-reset/", {"email": "a@example.com"}, HTTP_X_FORWARDED_FOR="10.2.2.2")
    assert response.status_code == 429


def admin_login(client, email, password):
    return client.post("/admin/login/", {"username": email, "password": password})


def test_the_admin_login_is_paused_after_failures_with_a_clear_message(admin_user):
    client = Client()
    for _ in range(3):
        assert b"didn" in admin_login(client, admin_user.email, "wrong").content

    response = admin_login(client, admin_user.email, "password")

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert b"Too many failed log-ins. Try again in 15 minutes." in response.content


def test_wrong_passwords_from_elsewhere_never_lock_the_superuser_out_of_the_admin(admin_user):
    attacker, owner = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(4):
        admin_login(attacker, admin_user.email, "wrong")
    assert b"Too many failed log-ins" in admin_login(attacker, admin_user.email, "password").content

    assert admin_login(owner, admin_user.email, "password").status_code == 302
    assert "_auth_user_id" in owner.session


def test_the_admin_login_refuses_a_clients_right_password_and_api_login_failures_count_there_too(api_client):
    UserFactory(email="client@example.com")
    client = Client()
    response = admin_login(client, "client@example.com", PASSWORD)
    assert response.status_code == 200 and "_auth_user_id" not in client.session

    for _ in range(2):
        api_login(api_client, "client@example.com", "wrong")
    assert api_login(api_client, "client@example.com", PASSWORD).status_code == 429


def test_an_admin_session_is_not_traded_for_api_tokens(admin_user, settings):
    settings.FRONTEND_SOCIAL_LOGIN_SUCCESS_URL = "https://spa.example.com/done"
    client = Client()
    assert admin_login(client, admin_user.email, "password").status_code == 302

    response = client.get("/api/v1/auth/social/complete/")

    assert response["Location"] == "https://spa.example.com/done#error=login_failed"
    assert "access" not in response["Location"]
