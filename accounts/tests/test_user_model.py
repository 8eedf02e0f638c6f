import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from accounts.models import User, UserType

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case():
    UserFactory(email="Anna@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="anna@example.com", password="x")


def test_user_type_outside_the_choices_is_refused_by_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(user_type="wizard")


def test_login_by_email_ignores_case():
    user = UserFactory(email="boris@example.com")
    assert authenticate(username="BORIS@example.com", password="correct-horse-battery") == user


def test_new_users_are_clients_and_superusers_are_staff():
    assert User.objects.create_user(email="c@example.com", password="x").user_type == UserType.CLIENT
    admin = User.objects.create_superuser(email="root@example.com", password="x")
    assert admin.is_staff and admin.is_superuser
