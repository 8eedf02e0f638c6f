import pytest

from accounts.models import User
from accounts.services.avatars import make_avatar_thumbnail_for
from accounts.services.profile import update_profile
from accounts.services.registration import register_user
from accounts.tests.factories import UserFactory, image_upload

pytestmark = pytest.mark.django_db


def test_a_late_thumbnail_task_for_a_replaced_avatar_changes_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        update_profile(user=user, avatar=image_upload(name="old.png"))
    old_name = user.avatar.name
    with django_capture_on_commit_callbacks(execute=False):
        update_profile(user=user, avatar=image_upload(name="new.png"))

    assert make_avatar_thumbnail_for(user_id=user.pk, avatar_name=old_name) is False
    assert not User.objects.get(pk=user.pk).avatar_thumbnail


def test_thumbnail_task_is_idempotent_and_keeps_one_file(django_capture_on_commit_callbacks, settings):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=user, avatar=image_upload(size=(150, 600)))
    user.refresh_from_db()
    first = user.avatar_thumbnail.name

    assert make_avatar_thumbnail_for(user_id=user.pk, avatar_name=user.avatar.name) is True

    user.refresh_from_db()
    thumbnails = list((settings.MEDIA_ROOT / "avatars" / "thumbnails").rglob("*.webp"))
    assert user.avatar_thumbnail.name != first and len(thumbnails) == 1


def test_registering_a_registered_address_changes_nothing_and_raises_nothing(django_capture_on_commit_callbacks):
    owner = UserFactory(email="race@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        register_user(email="RACE@example.com", password="Sturdy-Lantern-42")
    assert User.objects.get() == owner and not owner.email_confirmations.exists()
    assert User.objects.get().check_password("correct-horse-battery")
