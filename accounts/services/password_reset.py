"""Password reset: a one-time link by e-mail, then the new password ends every session."""

import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from rest_framework.exceptions import ValidationError

from accounts.models import PASSWORD_RESET_LIFETIME, PasswordResetToken, User
from notifications.services import queue_notification

from .passwords import password_errors

logger = logging.getLogger(__name__)


def _hash_reset_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@sensitive_variables("token")
@transaction.atomic
def request_password_reset(*, email: str) -> None:
    """E-mail a one-time reset link valid for one hour to the active account of `email`, if there is one.

    Atomic. Says nothing about whether the account exists. A new link replaces the account's unused ones;
    only the token's hash is stored.
    """
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        logger.info("password reset asked for an unknown or inactive address")
        return
    PasswordResetToken.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    PasswordResetToken.objects.create(
        user=user, token_hash=_hash_reset_token(token), expires_at=timezone.now() + PASSWORD_RESET_LIFETIME
    )
    queue_notification(
        key="password_reset",
        to=[user.email],
        language=user.language,
        context={
            "name": user.get_full_name() or user.email,
            "valid_minutes": int(PASSWORD_RESET_LIFETIME.total_seconds() // 60),
        },
        secret_context={"reset_url": f"{settings.FRONTEND_URL}/reset-password/{token}"},
    )
    logger.info("password reset link queued for user %s", user.pk)


@transaction.atomic
def reset_password(*, token: str, password: str) -> User:
    """Set a new password with a one-time token and end every session: all the user's refresh tokens are blacklisted
    (by accounts.receivers, as on every password change).

    Atomic, locks the token row so a token is used at most once. Raises ValidationError on `token`
    (unknown, used or expired) or on `password` (too weak); then nothing changes.
    """
    reset = (
        PasswordResetToken.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_hash_reset_token(token))
        .first()
    )
    now = timezone.now()
    if reset is None or reset.used_at is not None or reset.expires_at <= now or not reset.user.is_active:
        raise ValidationError({"token": [_("This password reset link is invalid, used or expired.")]})
    user = reset.user
    if errors := password_errors(password, user):
        raise ValidationError({"password": errors})
    user.set_password(password)
    user.save(update_fields=["password"])
    reset.used_at = now
    reset.save(update_fields=["used_at"])
    logger.info("user %s reset the password", user.pk)
    return user
