"""Profile changes: names and the avatar file; the thumbnail is queued to accounts.tasks."""

from functools import partial

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from accounts.tasks import make_avatar_thumbnail
from core.uploads import reencoded_image


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


@transaction.atomic
def update_profile(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
    language: str | None = None,
) -> User:
    """Change the names, the language and/or the avatar of `user`; None leaves a value as it is.

    Atomic. A new avatar is stored at once and its 150×150 thumbnail is made by a Celery task queued
    after commit; the files of a replaced or removed avatar are deleted after commit.
    """

    fields = []
    if first_name is not None:
        user.first_name = first_name
        fields.append("first_name")
    if last_name is not None:
        user.last_name = last_name
        fields.append("last_name")
    if language is not None:
        user.language = language
        fields.append("language")
    if avatar is not None or remove_avatar:
        old_files = [name for name in (user.avatar.name, user.avatar_thumbnail.name) if name]
        storage = user.avatar.storage
        transaction.on_commit(partial(_delete_files, storage, old_files))
        user.avatar_thumbnail = ""
        if avatar is None:
            user.avatar = ""
        else:
            # Re-encoded under a random name: neither appended bytes nor the client's file name are published.
            image = reencoded_image(avatar)
            user.avatar.save(image.name, image, save=False)
            transaction.on_commit(partial(make_avatar_thumbnail.delay, user.pk, user.avatar.name))
        fields += ["avatar", "avatar_thumbnail"]
    if fields:
        user.save(update_fields=fields)
    return user
