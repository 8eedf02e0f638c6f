"""Every password change ends every API session, whichever path it comes from; no other reset flow serves customers."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import UserFactory, admin_account_form

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand-New-Lantern-77"


def refresh_works(refresh: str) -> bool:
    return APIClient().post("/api/v1/token/refresh/", {"refresh": refresh}, format="json").status_code == 200


def access_works(access: str) -> bool:
    return APIClient().get("/api/v1/users/me/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 200


def test_a_password_set_anywhere_ends_every_refresh_and_access_token():
    user = UserFactory()
    pairs = [issue_token_pair(user=user) for _ in range(2)]

    User.objects.get(pk=user.pk).set_password(NEW_PASSWORD)  # not saved: nothing changes yet
    assert refresh_works(pairs[0].refresh)
    user.set_password(NEW_PASSWORD)
    user.save()

    assert not any(refresh_works(pair.refresh) for pair in pairs[1:])
    assert not any(access_works(pair.access) for pair in pairs)
    assert access_works(issue_token_pair(user=user).access)


def test_saving_other_fields_keeps_the_tokens():
    user = UserFactory()
    refresh = issue_token_pair(user=user).refresh
    user.first_name = "Renamed"
    user.save()
    assert refresh_works(refresh)


def test_changing_ones_password_on_the_admins_account_page_ends_api_sessions(admin_client, admin_user):
    refresh = issue_token_pair(user=admin_user).refresh
    response = admin_client.post(
        "/admin/account/",
        admin_account_form(
            **{
                "password-old_password": "password",
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
            }
        ),
    )

    assert response.status_code == 302, response.context and response.context.get("panels_by_tab")
    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW_PASSWORD)
    assert not refresh_works(refresh)


def test_staff_setting_a_customers_password_in_the_admin_ends_its_api_sessions(admin_client):
    customer = UserFactory(first_name="Cleo", last_name="Customer")
    refresh = issue_token_pair(user=customer).refresh
    response = admin_client.post(
        f"/admin/users/edit/{customer.pk}/",
        {
            "email": customer.email,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "is_active": "on",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert not refresh_works(refresh)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/password_reset/",
        "/accounts/password/reset/",
        "/accounts/email/",
        "/accounts/signup/",
        "/accounts/login/",
    ],
)
def test_other_reset_and_account_pages_are_gone(client, path):
    assert client.get(path).status_code == 404
