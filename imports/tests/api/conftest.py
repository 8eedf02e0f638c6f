import pytest
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory


@pytest.fixture
def run_callbacks(django_capture_on_commit_callbacks):
    """Eager tasks are queued on commit; run them as the request's transaction would."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


@pytest.fixture
def staff():
    """A member of staff in the Import managers role: the API asks for the same permissions as the admin."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Import managers"))
    return user
