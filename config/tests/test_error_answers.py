"""Every error under /api/ answers JSON `{detail, code}`, whatever raised it; oversized bodies are refused unread."""

import pytest
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core.errors import DomainError

pytestmark = pytest.mark.django_db


def crash(request):
    raise RuntimeError("the database password is hunter2")


urlpatterns = [path("api/v1/crash/", crash), *project_urlpatterns]
handler400 = "config.handlers.bad_request"
handler404 = "config.handlers.page_not_found"
handler500 = "config.handlers.server_error"


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code and isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("debug", [False, True])
def test_a_bad_host_is_json(debug, settings, client):
    settings.DEBUG = debug
    assert_json_error(client.get("/api/v1/users/me/", HTTP_HOST="evil.example.com"), 400, "bad_request")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_path_is_json(debug, settings, client):
    settings.DEBUG = debug
    assert_json_error(client.get("/api/v1/no-such-thing/"), 404, "not_found")


@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_is_json_without_its_message(debug, settings):
    settings.DEBUG = debug
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    body = assert_json_error(client.get("/api/v1/crash/"), 500, "internal_server_error")
    assert "hunter2" not in str(body)


def test_a_wrong_method_is_json(client, api_client):
    assert_json_error(api_client.get("/api/v1/login/"), 405, "method_not_allowed")
    assert_json_error(client.post("/api/v1/auth/social/complete/"), 405, "method_not_allowed")


def test_drf_errors_carry_a_code(api_client):
    assert_json_error(api_client.get("/api/v1/users/me/"), 401, "not_authenticated")


def test_a_domain_error_carries_its_code():
    class ShelfEmpty(DomainError):
        pass

    assert ShelfEmpty.code == "shelf_empty" and DomainError.code == "domain_error"


def test_field_errors_keep_their_shape(api_client):
    response = api_client.post("/api/v1/register/", {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert "code" not in response.json() and isinstance(response.json()["email"], list)


def test_a_json_body_over_the_limit_is_413_json(settings, api_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api_client.post("/api/v1/login/", {"email": "a@example.com", "password": "x" * 2_000}, format="json")
    assert_json_error(response, 413, "request_too_large")


def test_a_multipart_body_over_the_limit_is_refused_before_it_is_read(settings, client, monkeypatch):
    """Anonymous, with a huge declared length: refused from the header, the body is never parsed or stored."""
    settings.MULTIPART_BODY_LIMITS = [("/api/", 10_000)]
    monkeypatch.setattr(
        "django.http.multipartparser.MultiPartParser.parse",
        lambda self: pytest.fail("the body was parsed"),
    )
    response = client.generic(
        "PATCH",
        "/api/v1/profile/",
        b"--x\r\n" + b"a" * 20_000,
        content_type="multipart/form-data; boundary=x",
    )
    assert_json_error(response, 413, "request_too_large")


def test_an_upload_within_its_path_limit_passes(settings, client):
    settings.MULTIPART_BODY_LIMITS = [("/api/v1/partner/update/", 100_000), ("/api/", 10_000)]
    response = client.generic(
        "POST", "/api/v1/partner/update/", b"--x\r\n" + b"a" * 20_000, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 401


def test_outside_the_api_a_body_over_the_limit_is_a_plain_413(settings, client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(
        "/admin/login/", f"username={'x' * 2_000}&password=y", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413 and response["Content-Type"].startswith("text/plain")


def test_a_chunked_body_is_refused_with_411_instead_of_read_as_empty(client):
    response = client.generic(
        "POST",
        "/api/v1/partner/update/",
        b"",
        content_type="multipart/form-data; boundary=x",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert_json_error(response, 411, "length_required")
    outside = client.post("/admin/login/", {}, HTTP_TRANSFER_ENCODING="chunked")
    assert outside.status_code == 411 and outside["Content-Type"].startswith("text/plain")
