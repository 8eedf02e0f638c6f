"""Every password change ends every API session, whichever path it comes from; no other reset flow serves customers."""

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm
from rest_framework.test import APIClient
from wagtail.admin.forms.auth import PasswordChangeForm

from accounts.models import User
from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand-New-Lantern-77"


def refresh_works(refresh: str) -> bool:
    return APIClient().post("/api/v1/token/refresh/", {"refresh": refresh}, format="json").status_code == 200


def test_a_password_set_anywhere_blacklists_every_refresh_token():
    user = UserFactory()
    tokens = [issue_token_pair(user=user).refresh for _ in range(2)]

    User.objects.get(pk=user.pk).set_password(NEW_PASSWORD)  # not saved: nothing changes yet
    assert refresh_works(tokens[0])
    user.set_password(NEW_PASSWORD)
    user.save()

    assert not any(refresh_works(token) for token in tokens[1:])


def test_saving_other_fields_keeps_the_tokens():
    user = UserFactory()
    refresh = issue_token_pair(user=user).refresh
    user.first_name = "Renamed"
    user.save()
    assert refresh_works(refresh)


def test_the_admins_change_password_form_ends_api_sessions(admin_user):
    """The form of the password panel on /admin/account/."""
    refresh = issue_token_pair(user=admin_user).refresh
    form = PasswordChangeForm(
        admin_user, {"old_password": "password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert form.is_valid(), form.errors
    form.save()

    assert not refresh_works(refresh)


def test_staff_setting_a_users_password_ends_its_api_sessions():
    customer = UserFactory()
    refresh = issue_token_pair(user=customer).refresh
    form = AdminPasswordChangeForm(customer, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert form.is_valid(), form.errors
    form.save()

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
