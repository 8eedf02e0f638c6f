"""The admin's own account page: name, language and password are one's own to change; the e-mail is not (it
would change without confirmation, so a stolen back-office session would take the account over)."""

import pytest

from accounts.tests.factories import SupplierFactory, admin_account_form
from shop.models import ShopMember
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

URL = "/admin/account/"
NEW_PASSWORD = "Brand-New-Lantern-77"


@pytest.fixture(params=["supplier", "superuser"])
def account_user(request, client, admin_user):
    if request.param == "superuser":
        user = admin_user
    else:
        user = SupplierFactory(password="password")
        ShopMember.objects.create(shop=ShopFactory(), user=user)
    client.force_login(user)
    return user


def test_the_account_page_changes_name_language_and_password_but_not_the_e_mail(client, account_user):
    address = account_user.email
    assert 'name="name_email-email"' not in client.get(URL).content.decode()

    response = client.post(
        URL,
        admin_account_form(
            **{
                "name_email-email": "thief@example.com",
                "name_email-last_name": "Lovelace",
                "locale-preferred_language": "ru",
                "password-old_password": "password",
                "password-new_password1": NEW_PASSWORD,
                "password-new_password2": NEW_PASSWORD,
            }
        ),
    )

    assert response.status_code == 302
    account_user.refresh_from_db()
    assert account_user.email == address
    assert (account_user.first_name, account_user.last_name) == ("Ada", "Lovelace")
    assert account_user.wagtail_userprofile.preferred_language == "ru"
    assert account_user.check_password(NEW_PASSWORD)
