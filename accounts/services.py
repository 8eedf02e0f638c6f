"""Account writes: registration and e-mail confirmation, password reset, profile and avatar, JWT pairs."""

import hashlib
import io
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import PurePath

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from rest_framework.exceptions import ValidationError
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from core.errors import DomainError
from notifications.services import queue_notification

from .models import (
    AVATAR_THUMBNAIL_SIZE,
    EMAIL_CONFIRMATION_LIFETIME,
    PASSWORD_RESET_LIFETIME,
    EmailConfirmation,
    PasswordResetToken,
    User,
)

logger = logging.getLogger(__name__)


LINK_EXPIRED = _("This confirmation link has expired. If your account still awaits confirmation, a new link is sent.")


class ConfirmationNotFound(DomainError):
    status_code = 404


class ConfirmationExpired(DomainError):
    status_code = 400


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _hash_reset_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        return list(exc.messages)
    return []


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str) -> bool:
    """Create the demo superuser if no account has this e-mail; returns whether it was created."""
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_superuser(email=email, password=password, first_name="Demo", last_name="Admin")
    return True


@transaction.atomic
def register_user(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create an inactive client account and e-mail it a confirmation link (after commit).

    Atomic. Raises ValidationError on `email` when the address is taken in any case (the database's
    case-insensitive unique constraint settles races) and on `password` when it is too weak.
    """
    user = User(email=User.objects.normalize_email(email), first_name=first_name, last_name=last_name, is_active=False)
    if errors := _password_errors(password, user):
        raise ValidationError({"password": errors})
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"email": [_("An account with this e-mail already exists.")]}) from exc
    confirmation = _send_confirmation(user)
    logger.info("user %s registered, confirmation %s queued", user.pk, confirmation.pk)
    return user


def _send_confirmation(user: User) -> EmailConfirmation:
    confirmation = EmailConfirmation.objects.create(user=user)
    queue_notification(
        key="account_confirmation",
        to=[user.email],
        context={
            "name": user.get_full_name() or user.email,
            "confirm_url": f"{settings.FRONTEND_URL}/confirm-email/{confirmation.pk}",
            "api_confirm_url": f"{settings.SITE_URL}/api/v1/confirm-email/{confirmation.pk}/",
            "valid_hours": int(EMAIL_CONFIRMATION_LIFETIME.total_seconds() // 3600),
        },
    )
    return confirmation


def _locked_confirmation(confirmation_id: uuid.UUID | str) -> EmailConfirmation | None:
    try:
        pk = uuid.UUID(str(confirmation_id))
    except ValueError:
        return None
    return EmailConfirmation.objects.select_for_update().select_related("user").filter(pk=pk).first()


def confirm_email(*, confirmation_id: uuid.UUID | str) -> User:
    """Activate the account of a confirmation link and record its e-mail as verified for allauth.

    Atomic, locks the confirmation row; idempotent (a second click on a valid link changes nothing).
    Raises ConfirmationNotFound (404) for an unknown link. An expired link (over 24 hours) raises
    ConfirmationExpired (400) after e-mailing a fresh link to a still-inactive account, at most one a day.
    """
    with transaction.atomic():
        confirmation = _locked_confirmation(confirmation_id)
        if confirmation is None:
            raise ConfirmationNotFound(str(_("This confirmation link is unknown.")))
        user = confirmation.user
        now = timezone.now()
        if confirmation.confirmed_at is not None:
            return user
        if not confirmation.is_expired(now):
            _activate(user=user, confirmation=confirmation, now=now)
            return user
    _resend_confirmation(user=user, now=now)
    raise ConfirmationExpired(str(LINK_EXPIRED))


def _activate(*, user: User, confirmation: EmailConfirmation, now: datetime) -> None:
    confirmation.confirmed_at = now
    confirmation.save(update_fields=["confirmed_at"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    # A verified address lets a later Google/GitHub login link to this account without wiping its password.
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email.lower(), "verified": True, "primary": True}
    )
    logger.info("user %s confirmed e-mail with %s", user.pk, confirmation.pk)


@transaction.atomic
def _resend_confirmation(*, user: User, now: datetime) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    recent = user.email_confirmations.filter(created_at__gt=now - EMAIL_CONFIRMATION_LIFETIME).exists()
    if user.is_active or recent:
        return
    confirmation = _send_confirmation(user)
    logger.info("user %s: confirmation link expired, sent %s", user.pk, confirmation.pk)


def activate_by_verified_email(*, user: User) -> None:
    """Activate a pending account whose e-mail a social provider has verified (social login glue)."""
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    logger.info("user %s activated by a provider-verified e-mail", user.pk)


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
        context={
            "name": user.get_full_name() or user.email,
            "reset_url": f"{settings.FRONTEND_URL}/reset-password/{token}",
            "valid_minutes": int(PASSWORD_RESET_LIFETIME.total_seconds() // 60),
        },
    )
    logger.info("password reset link queued for user %s", user.pk)


@transaction.atomic
def reset_password(*, token: str, password: str) -> User:
    """Set a new password with a one-time token and end every session: all the user's refresh tokens are blacklisted.

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
    if errors := _password_errors(password, user):
        raise ValidationError({"password": errors})
    user.set_password(password)
    user.save(update_fields=["password"])
    reset.used_at = now
    reset.save(update_fields=["used_at"])
    blacklist_all_refresh_tokens(user=user)
    logger.info("user %s reset the password", user.pk)
    return user


def blacklist_all_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token issued to `user`; idempotent. Returns how many were newly blacklisted."""
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    created = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(created)


def revoke_refresh_token(*, refresh: str) -> None:
    """Blacklist one refresh token (logout). Raises InvalidToken (401) if it is invalid, expired or already revoked."""
    try:
        RefreshToken(refresh).blacklist()
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc


def issue_token_pair(*, user: User) -> TokenPair:
    """Issue a SimpleJWT refresh/access pair for `user` (the refresh token is recorded for blacklisting)."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


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
) -> User:
    """Change the names and/or the avatar of `user`; None leaves a value as it is.

    Atomic. A new avatar is stored at once and its 150×150 thumbnail is made by a Celery task queued
    after commit; the files of a replaced or removed avatar are deleted after commit.
    """
    from .tasks import make_avatar_thumbnail

    fields = []
    if first_name is not None:
        user.first_name = first_name
        fields.append("first_name")
    if last_name is not None:
        user.last_name = last_name
        fields.append("last_name")
    if avatar is not None or remove_avatar:
        old_files = [name for name in (user.avatar.name, user.avatar_thumbnail.name) if name]
        storage = user.avatar.storage
        transaction.on_commit(partial(_delete_files, storage, old_files))
        user.avatar_thumbnail = ""
        if avatar is None:
            user.avatar = ""
        else:
            # A random name: the uploaded file's own name may say more than the user meant to publish.
            user.avatar.save(f"{uuid.uuid4().hex}{PurePath(avatar.name).suffix.lower()}", avatar, save=False)
            transaction.on_commit(partial(make_avatar_thumbnail.delay, user.pk, user.avatar.name))
        fields += ["avatar", "avatar_thumbnail"]
    if fields:
        user.save(update_fields=fields)
    return user


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
