"""Registration: the inactive account, its e-mail confirmation link, activation (also by a social provider)."""

import logging
import uuid
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from accounts.exceptions import ConfirmationNotFound
from accounts.models import EMAIL_CONFIRMATION_LIFETIME, EmailConfirmation, Language, User
from core.errors import ConfirmationExpired
from notifications.services import queue_notification

from .passwords import password_errors

logger = logging.getLogger(__name__)

LINK_EXPIRED = _("This confirmation link has expired. If your account still awaits confirmation, a new link is sent.")


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str) -> bool:
    """Create the demo superuser if no account has this e-mail; returns whether it was created."""
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_superuser(email=email, password=password, first_name="Demo", last_name="Admin")
    return True


@transaction.atomic
def register_user(
    *, email: str, password: str, first_name: str = "", last_name: str = "", language: str = Language.ENGLISH
) -> User:
    """Create an inactive client account and e-mail it a confirmation link (after commit).

    Atomic. Raises ValidationError on `email` when the address is taken in any case (the database's
    case-insensitive unique constraint settles races) and on `password` when it is too weak.
    """
    user = User(
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        language=language,
        is_active=False,
    )
    if errors := password_errors(password, user):
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
        language=user.language,
        context={
            "name": user.get_full_name() or user.email,
            "valid_hours": int(EMAIL_CONFIRMATION_LIFETIME.total_seconds() // 3600),
        },
        secret_context={
            "confirm_url": f"{settings.FRONTEND_URL}/confirm-email/{confirmation.pk}",
            "api_confirm_url": f"{settings.SITE_URL}/api/v1/confirm-email/{confirmation.pk}/",
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


def release_unverified_address(*, email: str) -> int:
    """Drop other accounts' unverified listings of `email` once a provider has shown who owns it; returns how many.

    An address listed without proof must neither capture nor block its owner's social sign-up.
    """
    deleted, _by_model = EmailAddress.objects.filter(email__iexact=email, verified=False).delete()
    if deleted:
        logger.info("released %s unverified listing(s) of an address claimed by its provider-verified owner", deleted)
    return deleted


# A pending account gets at most one fresh link in this window, however often it asks.
RESEND_INTERVAL = timedelta(minutes=5)


@transaction.atomic
def resend_confirmation(*, email: str) -> None:
    """E-mail a new confirmation link to the pending account of `email`, if there is one.

    Atomic, locks the account. Says nothing about whether the account exists or is already active; a link
    sent within the last RESEND_INTERVAL is not repeated, so the address cannot be flooded.
    """
    user = User.objects.select_for_update().filter(email__iexact=email, is_active=False).first()
    if user is None:
        logger.info("confirmation resend asked for an unknown or active address")
        return
    if user.email_confirmations.filter(created_at__gt=timezone.now() - RESEND_INTERVAL).exists():
        logger.info("user %s: confirmation resend skipped, one was sent moments ago", user.pk)
        return
    confirmation = _send_confirmation(user)
    logger.info("user %s: confirmation link resent as %s", user.pk, confirmation.pk)
