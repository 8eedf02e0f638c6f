import pytest
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory


@pytest.fixture
def staff_client(client):
    """A client signed in as a user of one back-office role: `staff_client("Order managers")`."""

    def sign_in(group_name: str):
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        client.user = user
        return client

    return sign_in
