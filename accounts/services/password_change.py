"""Changing the password while logged in: the old one proves it is the owner, and every session ends."""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from accounts.models import User

from .passwords import password_errors
from .tokens import TokenPair, issue_token_pair

logger = logging.getLogger(__name__)


@transaction.atomic
def change_password(*, user: User, old_password: str, new_password: str) -> TokenPair:
    """Replace the password of `user`; every session it had ends, this one's too (accounts.receivers), and a
    new token pair is returned for the device that asked.

    Atomic. Raises ValidationError on `old_password` when it is wrong and on `new_password` when it is too
    weak or the same as the old one; then nothing changes.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(old_password):
        raise ValidationError({"old_password": [_("The current password is wrong.")]})
    if old_password == new_password:
        raise ValidationError({"new_password": [_("The new password must differ from the current one.")]})
    if errors := password_errors(new_password, user):
        raise ValidationError({"new_password": errors})
    user.set_password(new_password)
    user.save(update_fields=["password"])
    logger.info("user %s changed the password", user.pk)
    return issue_token_pair(user=user)
