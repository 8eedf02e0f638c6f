import pytest
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import UserType
from accounts.tests.factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def login(api_client, email, password=PASSWORD):
    return api_client.post("/api/v1/login/", {"email": email, "password": password}, format="json")


def test_login_answers_a_token_pair_and_who_logged_in(api_client):
    user = SupplierFactory(email="vera@example.com", first_name="Vera", last_name="Shop")

    response = login(api_client, "VERA@example.com")

    assert response.status_code == 200
    body = response.json()
    assert body["user_info"] == {
        "id": user.pk,
        "email": "vera@example.com",
        "first_name": "Vera",
        "last_name": "Shop",
        "user_type": UserType.SUPPLIER,
    }
    me = api_client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == 200 and me.json()["id"] == user.pk


@pytest.mark.parametrize("email, password", [("vera@example.com", "wrong-horse"), ("nobody@example.com", PASSWORD)])
def test_wrong_credentials_are_401(api_client, email, password):
    UserFactory(email="vera@example.com")
    response = login(api_client, email, password)
    assert response.status_code == 401 and response.json()["detail"]


def test_inactive_account_cannot_log_in(api_client):
    UserFactory(email="vera@example.com", is_active=False)
    assert login(api_client, "vera@example.com").status_code == 401


def test_missing_fields_are_400(api_client):
    response = api_client.post("/api/v1/login/", {"email": "vera@example.com"}, format="json")
    assert response.status_code == 400 and "password" in response.json()


def test_refresh_rotates_and_a_rotated_away_token_stops_working(api_client):
    UserFactory(email="vera@example.com")
    first = login(api_client, "vera@example.com").json()["refresh"]

    rotated = api_client.post("/api/v1/token/refresh/", {"refresh": first}, format="json")
    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"} and rotated.json()["refresh"] != first

    reused = api_client.post("/api/v1/token/refresh/", {"refresh": first}, format="json")
    assert reused.status_code == 401
    again = api_client.post("/api/v1/token/refresh/", {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_logout_ends_every_session_of_the_account(api_client):
    UserFactory(email="vera@example.com")
    phone = login(api_client, "vera@example.com").json()["refresh"]
    laptop = login(api_client, "vera@example.com").json()["refresh"]

    response = api_client.post("/api/v1/logout/", {"refresh": phone}, format="json")

    assert response.status_code == 205
    assert api_client.post("/api/v1/token/refresh/", {"refresh": phone}, format="json").status_code == 401
    assert api_client.post("/api/v1/logout/", {"refresh": phone}, format="json").status_code == 401
    assert api_client.post("/api/v1/token/refresh/", {"refresh": laptop}, format="json").status_code == 401


def test_logout_with_garbage_is_401_and_without_token_400(api_client):
    assert api_client.post("/api/v1/logout/", {"refresh": "garbage"}, format="json").status_code == 401
    assert api_client.post("/api/v1/logout/", {}, format="json").status_code == 400


@pytest.mark.parametrize(
    "path, body",
    [
        ("/api/v1/login/", {"email": "vera@example.com", "password": "wrong"}),
        ("/api/v1/register/", {"email": "x"}),
        ("/api/v1/password-reset/", {"email": "vera@example.com"}),
    ],
)
def test_auth_endpoints_share_the_strict_scope_and_429_says_when_to_retry(api_client, monkeypatch, path, body):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "3/min")
    for _ in range(3):
        assert api_client.post(path, body, format="json").status_code != 429

    response = api_client.post(path, body, format="json")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_the_auth_scope_is_separate_from_browsing(api_client, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth", "1/min")
    UserFactory(email="vera@example.com")
    assert login(api_client, "vera@example.com").status_code == 200
    assert login(api_client, "vera@example.com").status_code == 429
    confirm = api_client.get("/api/v1/confirm-email/6f1c3b9e-8f0e-4c1a-9d5c-0a4f3e2b1c7d/")
    assert confirm.status_code == 404


def test_the_refresh_token_of_a_deleted_account_is_401(api_client):
    user = UserFactory(email="gone@example.com")
    refresh = login(api_client, "gone@example.com").json()["refresh"]
    user.delete()

    response = api_client.post("/api/v1/token/refresh/", {"refresh": refresh}, format="json")

    assert response.status_code == 401 and response.json()["code"] == "token_not_valid"
