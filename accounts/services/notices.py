"""Notices to the owner of an address that someone tried to use for another account (registration or an
e-mail change): the answer to the asker is the same as for a free address, so it tells nobody else."""

from django.conf import settings

from accounts.models import User
from notifications.services import queue_notification


def tell_owner_the_address_is_in_use(*, owner: User) -> None:
    """E-mail `owner` that its address was asked for again, with the way back in (a password reset)."""
    queue_notification(
        key="address_in_use",
        to=[owner.email],
        language=owner.language,
        context={
            "name": owner.get_full_name() or owner.email,
            "reset_page_url": f"{settings.FRONTEND_URL}/forgot-password",
        },
    )
