"""JSON bodies nested too deep are a 400 on every JSON endpoint of the API, before the decoder recurses
(core/parsers.py)."""

import pytest

from accounts.tests.factories import UserFactory
from core.parsers import MAX_JSON_DEPTH


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def post_json(client, url: str, body: str):
    return client.post(url, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ru")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/register/", "/api/v1/login/", "/api/v1/token/refresh/", "/api/v1/password-reset/"]
)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_a_deeply_nested_body_is_a_400_for_anonymous_callers(api_client, url, depth):
    response = post_json(api_client, url, '{"email":' + nested(depth) + "}")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["detail"] == f"Тело JSON вложено глубже чем на {MAX_JSON_DEPTH} уровня."


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/cart/add/", "/api/v1/cart/merge/", "/api/v1/users/me/password/"])
def test_a_deeply_nested_body_is_a_400_for_signed_in_callers(api_client_for, url):
    response = api_client_for(UserFactory()).post(url, data=nested(5_000), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.django_db
def test_ordinary_bodies_still_parse(api_client):
    response = api_client.post(
        "/api/v1/login/", data={"email": "nobody@example.com", "password": "x" * 12}, format="json"
    )
    assert response.status_code in {400, 401}
    assert response.json().get("code") != "parse_error"
