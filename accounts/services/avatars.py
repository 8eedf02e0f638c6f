"""Avatar thumbnails, rendered by the accounts.make_avatar_thumbnail task."""

import io
import logging
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from accounts.models import AVATAR_THUMBNAIL_SIZE, User

logger = logging.getLogger(__name__)


def _render_thumbnail(source) -> ContentFile:
    with Image.open(source) as image:
        image.load()
        thumbnail = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGBA"), AVATAR_THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumbnail.save(buffer, "WEBP", quality=85)
    return ContentFile(buffer.getvalue())


def make_avatar_thumbnail_for(*, user_id: int, avatar_name: str) -> bool:
    """Render the 150×150 thumbnail of the avatar `avatar_name` of a user; returns whether it was stored.

    Idempotent. A no-op when the user has meanwhile replaced or removed that avatar: the row is updated
    only while the avatar is still the same, so a late task never overwrites a newer thumbnail.
    """
    user = User.objects.filter(pk=user_id, avatar=avatar_name).first()
    if user is None:
        return False
    with user.avatar.open("rb") as source:
        content = _render_thumbnail(source)
    previous = user.avatar_thumbnail.name
    thumbnail = user.avatar_thumbnail
    thumbnail.save(f"{uuid.uuid4().hex}.webp", content, save=False)
    updated = User.objects.filter(pk=user_id, avatar=avatar_name).update(avatar_thumbnail=thumbnail.name)
    obsolete = previous if updated else thumbnail.name
    if obsolete:
        thumbnail.storage.delete(obsolete)
    logger.info("avatar thumbnail for user %s: %s", user_id, "made" if updated else "obsolete")
    return bool(updated)
