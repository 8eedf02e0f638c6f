from celery import shared_task

from accounts.services.avatars import make_avatar_thumbnail_for


@shared_task(name="accounts.make_avatar_thumbnail", autoretry_for=(OSError,), retry_backoff=10, max_retries=3)
def make_avatar_thumbnail(user_id: int, avatar_name: str) -> bool:
    """Make the 150×150 thumbnail of a freshly uploaded avatar."""
    return make_avatar_thumbnail_for(user_id=user_id, avatar_name=avatar_name)
