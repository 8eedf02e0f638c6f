"""The whole browser OAuth flow through Django's test client; only Google's and GitHub's HTTP endpoints are faked."""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import responses
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User, UserType
from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import EmailConfirmationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUCCESS_URL = "https://spa.example.com/social-login-success"
CALLBACKS = {"google": "/accounts/google/login/callback/", "github": "/accounts/github/login/callback/"}


@pytest.fixture(autouse=True)
def _spa(settings):
    settings.FRONTEND_SOCIAL_LOGIN_SUCCESS_URL = SUCCESS_URL


def client_id(provider: str) -> str:
    return settings.SOCIALACCOUNT_PROVIDERS[provider]["APPS"][0]["client_id"]


def fake_google(mocked: responses.RequestsMock, *, sub: str, email: str, verified: bool = True) -> None:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": client_id("google"),
        "sub": sub,
        "email": email,
        "email_verified": verified,
        "given_name": "Gleb",
        "family_name": "Googler",
        "iat": now,
        "exp": now + 600,
    }
    mocked.post(
        "https://oauth2.googleapis.com/token",
        json={
            "access_token": "google-access",
            "expires_in": 3599,
            "token_type": "Bearer",
            "id_token": jwt.encode(claims, "google-signs-its-id-tokens-with-a-key-we-never-check", algorithm="HS256"),
        },
    )


def fake_github(mocked: responses.RequestsMock, *, uid: int, email: str) -> None:
    mocked.post(
        "https://github.com/login/oauth/access_token",
        json={"access_token": "github-access", "token_type": "bearer", "scope": "user:email"},
    )
    mocked.get("https://api.github.com/user", json={"id": uid, "login": "octo", "name": "Octo Cat", "email": None})
    mocked.get(
        "https://api.github.com/user/emails",
        json=[
            {"email": "octo@users.noreply.github.com", "primary": False, "verified": True},
            {"email": email, "primary": True, "verified": True},
        ],
    )


def start(client, our_path: str, provider_authorize_url: str, provider: str) -> str:
    """Follow our start URL into allauth and on to the provider; returns the `state` the provider must echo."""
    response = client.get(our_path)
    assert response.status_code == 302
    into_allauth = urlsplit(response["Location"])
    assert into_allauth.path == f"/accounts/{provider}/login/"

    response = client.get(response["Location"])
    assert response.status_code == 302
    authorize = urlsplit(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == provider_authorize_url
    query = parse_qs(authorize.query)
    assert query["client_id"] == [client_id(provider)]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACKS[provider]}"]
    return query["state"][0]


def finish(
    client, provider: str, state: str, complete: str = "/api/v1/auth/social/complete/", names=("access", "refresh")
) -> dict:
    """The provider sends the browser back; we end on the SPA with SimpleJWT tokens in the fragment."""
    response = client.get(CALLBACKS[provider], {"code": "one-time-code", "state": state})
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == complete

    response = client.get(response["Location"])
    assert response.status_code == 302
    landing = urlsplit(response["Location"])
    assert f"{landing.scheme}://{landing.netloc}{landing.path}" == SUCCESS_URL
    assert landing.query == ""  # servers and proxies log queries; a fragment never leaves the browser
    tokens = {key: values[0] for key, values in parse_qs(landing.fragment).items()}
    assert set(tokens) == set(names)
    assert "_auth_user_id" not in client.session  # the SPA holds the only credentials
    return tokens


def me(tokens: dict) -> dict:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = api.get("/api/v1/users/me/")
    assert response.status_code == 200
    return response.json()


def google_login(client, *, sub="g-1", email="gleb@gmail.com", verified=True) -> dict:
    with responses.RequestsMock() as mocked:
        state = start(
            client, "/api/v1/auth/login/google-oauth2/", "https://accounts.google.com/o/oauth2/v2/auth", "google"
        )
        fake_google(mocked, sub=sub, email=email, verified=verified)
        return finish(client, "google", state)


def github_login(client, *, uid=42, email="octo@example.com") -> dict:
    with responses.RequestsMock() as mocked:
        state = start(client, "/api/v1/auth/login/github/", "https://github.com/login/oauth/authorize", "github")
        fake_github(mocked, uid=uid, email=email)
        return finish(client, "github", state)


def test_google_login_creates_an_active_client_and_hands_the_spa_working_tokens(client):
    tokens = google_login(client)

    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name) == ("gleb@gmail.com", "Gleb", "Googler")
    assert user.is_active and user.user_type == UserType.CLIENT
    assert me(tokens)["id"] == user.pk
    refreshed = APIClient().post("/api/v1/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200


def test_github_login_uses_the_verified_primary_address(client):
    tokens = github_login(client)

    user = User.objects.get()
    assert user.email == "octo@example.com" and user.is_active and user.user_type == UserType.CLIENT
    assert SocialAccount.objects.get(user=user).provider == "github"
    assert me(tokens)["email"] == "octo@example.com"


def test_logging_in_again_finds_the_same_account(client):
    first = me(github_login(client))
    second = me(github_login(client))
    assert first["id"] == second["id"] and User.objects.count() == 1


def test_an_existing_confirmed_account_is_linked_not_duplicated(client, django_capture_on_commit_callbacks):
    api = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/register/",
            {"email": "octo@example.com", "password": "Sturdy-Lantern-42", "password_confirm": "Sturdy-Lantern-42"},
            format="json",
        )
    registered = {"id": User.objects.get().pk}
    confirmation = User.objects.get().email_confirmations.get()
    assert api.get(f"/api/v1/confirm-email/{confirmation.pk}/").status_code == 200

    assert me(github_login(client))["id"] == registered["id"]
    assert me(google_login(client, email="Octo@example.com"))["id"] == registered["id"]

    assert User.objects.count() == 1
    assert set(SocialAccount.objects.values_list("provider", flat=True)) == {"github", "google"}
    password_login = api.post("/api/v1/login/", {"email": "octo@example.com", "password": "Sturdy-Lantern-42"})
    assert password_login.status_code == 200


def test_a_pending_account_is_activated_but_whoever_set_its_password_is_locked_out(client):
    """Someone registered gleb@gmail.com without owning it; Google vouches for the real owner."""
    pending = EmailConfirmationFactory(user__email="gleb@gmail.com").user

    assert me(google_login(client))["id"] == pending.pk

    pending.refresh_from_db()
    assert pending.is_active and not pending.has_usable_password()
    assert User.objects.count() == 1


def test_an_unverified_provider_address_does_not_take_over_an_account(client):
    owner = EmailConfirmationFactory(user__email="gleb@gmail.com", user__is_active=True).user

    with responses.RequestsMock() as mocked:
        state = start(
            client, "/api/v1/auth/login/google-oauth2/", "https://accounts.google.com/o/oauth2/v2/auth", "google"
        )
        fake_google(mocked, sub="g-evil", email="gleb@gmail.com", verified=False)
        response = client.get(CALLBACKS["google"], {"code": "one-time-code", "state": state})

    assert response.status_code == 302 and response["Location"] == f"{SUCCESS_URL}#error=email_in_use"
    assert not SocialAccount.objects.filter(user=owner).exists()
    assert User.objects.count() == 1


def test_a_provider_without_an_email_sends_the_spa_an_error(client):
    with responses.RequestsMock() as mocked:
        state = start(client, "/api/v1/auth/login/github/", "https://github.com/login/oauth/authorize", "github")
        fake_github(mocked, uid=7, email="hidden@example.com")
        mocked.replace(responses.GET, "https://api.github.com/user/emails", json=[])
        response = client.get(CALLBACKS["github"], {"code": "one-time-code", "state": state})

    assert response.status_code == 302 and response["Location"] == f"{SUCCESS_URL}#error=email_missing"
    assert not User.objects.exists()


def test_a_forged_state_lands_on_the_spa_with_an_error_and_no_tokens(client):
    start(client, "/api/v1/auth/login/github/", "https://github.com/login/oauth/authorize", "github")

    response = client.get(CALLBACKS["github"], {"code": "one-time-code", "state": "forged"})

    assert response.status_code == 302
    landing = urlsplit(response["Location"])
    assert f"{landing.scheme}://{landing.netloc}{landing.path}" == SUCCESS_URL
    assert "error" in parse_qs(landing.fragment) and "access" not in landing.fragment
    assert not User.objects.exists()


def test_the_completion_view_without_a_login_sends_an_error(client):
    response = client.get("/api/v1/auth/social/complete/")
    assert response.status_code == 302 and response["Location"] == f"{SUCCESS_URL}#error=login_failed"


def test_allauths_own_password_signup_is_closed(client):
    password = "Sturdy-Lantern-42"
    client.post("/accounts/signup/", {"email": "sneaky@example.com", "password1": password, "password2": password})
    assert not User.objects.exists()


def test_allauths_email_management_page_is_gone_so_no_one_can_list_a_victims_address(client):
    attacker = UserFactory(email="attacker@example.com")
    client.force_login(attacker)
    response = client.post("/accounts/email/", {"action_add": "", "email": "gleb@gmail.com"})
    assert response.status_code == 404
    assert not EmailAddress.objects.filter(email="gleb@gmail.com").exists()


def test_an_unverified_address_listed_on_another_account_does_not_capture_the_victims_login(client):
    """The attack as it was: the victim's address sits unverified on the attacker's account."""
    attacker = UserFactory(email="attacker@example.com")
    EmailAddress.objects.create(user=attacker, email="gleb@gmail.com", verified=False, primary=False)
    attacker_refresh = issue_token_pair(user=attacker).refresh

    victim = me(google_login(client, email="gleb@gmail.com"))

    assert victim["id"] != attacker.pk and victim["email"] == "gleb@gmail.com"
    assert not SocialAccount.objects.filter(user=attacker).exists()
    assert APIClient().post("/api/v1/token/refresh/", {"refresh": attacker_refresh}).status_code == 200


def test_a_verified_extra_address_links_to_its_account_and_ends_its_api_sessions(client):
    owner = UserFactory(email="owner@example.com")
    EmailAddress.objects.create(user=owner, email="gleb@gmail.com", verified=True, primary=False)
    old_refresh = issue_token_pair(user=owner).refresh

    assert me(google_login(client, email="gleb@gmail.com"))["id"] == owner.pk

    assert SocialAccount.objects.get().user == owner
    refused = APIClient().post("/api/v1/token/refresh/", {"refresh": old_refresh}, format="json")
    assert refused.status_code == 401


def test_a_deactivated_account_is_not_reactivated_by_a_social_login(client):
    switched_off = UserFactory(email="gleb@gmail.com", is_active=False)
    EmailConfirmationFactory(user=switched_off, confirmed_at=timezone.now())

    with responses.RequestsMock() as mocked:
        state = start(
            client, "/api/v1/auth/login/google-oauth2/", "https://accounts.google.com/o/oauth2/v2/auth", "google"
        )
        fake_google(mocked, sub="g-1", email="gleb@gmail.com")
        response = client.get(CALLBACKS["google"], {"code": "one-time-code", "state": state})

    assert response["Location"] == f"{SUCCESS_URL}#error=account_inactive"
    switched_off.refresh_from_db()
    assert not switched_off.is_active and not SocialAccount.objects.exists()


def test_a_deactivated_account_without_any_confirmation_stays_shut(client):
    UserFactory(email="octo@example.com", is_active=False)
    with responses.RequestsMock() as mocked:
        state = start(client, "/api/v1/auth/login/github/", "https://github.com/login/oauth/authorize", "github")
        fake_github(mocked, uid=42, email="octo@example.com")
        response = client.get(CALLBACKS["github"], {"code": "one-time-code", "state": state})
    assert response["Location"] == f"{SUCCESS_URL}#error=account_inactive"
    assert not User.objects.get().is_active


@pytest.mark.parametrize(
    ("provider", "start_path", "authorize_url", "fake"),
    [
        ("google", "/auth/login/google-oauth2/", "https://accounts.google.com/o/oauth2/v2/auth", fake_google),
        ("github", "/auth/login/github/", "https://github.com/login/oauth/authorize", fake_github),
    ],
)
def test_the_original_clients_calls_log_in_with_its_token_names_in_the_fragment(
    client, provider, start_path, authorize_url, fake
):
    """The original React client starts at /auth/login/<provider>/ and reads access_token/refresh_token on
    /social-login-success: it gets them there, in the fragment rather than the query."""
    with responses.RequestsMock() as mocked:
        state = start(client, start_path, authorize_url, provider)
        fake(
            mocked,
            **(
                {"sub": "g-9", "email": "old@gmail.com"}
                if provider == "google"
                else {"uid": 9, "email": "old@example.com"}
            ),
        )
        tokens = finish(
            client,
            provider,
            state,
            complete="/api/v1/auth/social/complete/?client=original",
            names=("access_token", "refresh_token"),
        )

    assert me({"access": tokens["access_token"]})["email"] == User.objects.get().email
    refreshed = APIClient().post("/api/v1/token/refresh/", {"refresh": tokens["refresh_token"]}, format="json")
    assert refreshed.status_code == 200
