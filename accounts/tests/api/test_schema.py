import pytest

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("/api/v1/register/", "post"): {"201", "400", "429"},
    ("/api/v1/confirm-email/{confirmation_id}/", "get"): {"200", "400", "404"},
    ("/api/v1/login/", "post"): {"200", "400", "401", "429"},
    ("/api/v1/token/refresh/", "post"): {"200", "400", "401", "429"},
    ("/api/v1/logout/", "post"): {"205", "400", "401", "429"},
    ("/api/v1/password-reset/", "post"): {"202", "400", "429"},
    ("/api/v1/password-reset/confirm/", "post"): {"200", "400", "429"},
    ("/api/v1/users/me/", "get"): {"200", "401"},
    ("/api/v1/profile/", "get"): {"200", "401"},
    ("/api/v1/profile/", "put"): {"200", "400", "401", "413"},
    ("/api/v1/profile/", "patch"): {"200", "400", "401", "413"},
    ("/api/v1/auth/login/google-oauth2/", "get"): {"302"},
    ("/api/v1/auth/login/github/", "get"): {"302"},
    ("/api/v1/register/resend/", "post"): {"202", "400", "429"},
    ("/api/v1/users/me/password/", "post"): {"200", "400", "401", "429"},
    ("/api/v1/users/me/email/", "post"): {"202", "400", "401", "429"},
    ("/api/v1/users/me/email/confirm/{token}/", "post"): {"200", "400", "404", "429"},
    ("/api/v1/users/me/email/undo/{token}/", "post"): {"200", "400", "404", "429"},
    ("/api/v1/auth/providers/", "get"): {"200"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_every_accounts_operation_documents_its_answers(schema):
    for (path, method), statuses in EXPECTED.items():
        assert set(schema["paths"][path][method]["responses"]) == statuses, (path, method)


def test_answer_shapes_are_declared(schema):
    components = schema["components"]["schemas"]
    assert set(components["Login"]["properties"]) == {"access", "refresh", "user_info"}
    assert set(components["User"]["properties"]) == {
        "id",
        "email",
        "first_name",
        "last_name",
        "user_type",
        "avatar",
        "language",
    }
    assert set(components["Registered"]["properties"]) == {"email", "detail"}
    assert set(components["PasswordChanged"]["properties"]) == {"detail", "access", "refresh"}
    profile = schema["paths"]["/api/v1/profile/"]["patch"]["requestBody"]["content"]
    assert profile["multipart/form-data"]["schema"]["$ref"].endswith("PatchedProfileUpdateRequest")
    assert components["PatchedProfileUpdateRequest"]["properties"]["avatar"]["format"] == "binary"
