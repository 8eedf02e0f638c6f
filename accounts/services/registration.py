"""Registration: the inactive account, its e-mail confirmation link, activation (also by a social provider)."""

import logging
import uuid
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from rest_framework.exceptions import ValidationError

from accounts.exceptions import ConfirmationNotFound
from accounts.models import EMAIL_CONFIRMATION_LIFETIME, EmailConfirmation, Language, User
from accounts.selectors import awaits_first_confirmation
from core.errors import ConfirmationExpired
from notifications.services import queue_notification

from .notices import tell_owner_the_address_is_in_use
from .passwords import password_errors
from .tokens import TokenPair, issue_token_pair

logger = logging.getLogger(__name__)

# How long after a link confirmed its account it may still log the customer in (once). Short, because the
# link sits in a mailbox: a scanner's GET confirms but never logs in, the customer's POST that follows does.
CONFIRMATION_LOGIN_WINDOW = timedelta(minutes=30)

LINK_EXPIRED = _("This confirmation link has expired. If your account still awaits confirmation, a new link is sent.")


@transaction.atomic
def ensure_demo_staff(*, email: str, password: str) -> bool:
    """Create the demo superuser if no account has this e-mail; returns whether it was created."""
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_superuser(email=email, password=password, first_name="Demo", last_name="Admin")
    return True


@sensitive_variables("password", "password_hash")
@transaction.atomic
def register_user(
    *, email: str, password: str, first_name: str = "", last_name: str = "", language: str = Language.ENGLISH
) -> None:
    """Register `email`, answering alike whether or not an account has it (nothing tells the asker which).

    Atomic. A free address gets an inactive client account and a confirmation link. An address whose account
    still awaits its first confirmation gets a new link too, carrying this registration's password and names:
    whoever registered it first cannot keep a password on the account its owner confirms. Any other account's
    owner is told by e-mail that someone tried to register the address. Raises ValidationError on `password`
    when it is too weak; then nothing changes.
    """
    email = User.objects.normalize_email(email)
    profile = {"first_name": first_name, "last_name": last_name, "language": language}
    if errors := password_errors(password, User(email=email, **profile)):
        raise ValidationError({"password": errors})
    # Hashed whatever happens next, so the time of the answer does not tell either.
    password_hash = make_password(password)
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = _create_pending_account(email=email, password_hash=password_hash, profile=profile)
    elif user.is_active or not awaits_first_confirmation(user=user):
        tell_owner_the_address_is_in_use(owner=user)
        logger.info("registration asked for the address of user %s; its owner is told", user.pk)
        return
    else:
        User.objects.filter(pk=user.pk).update(password=password_hash, **profile)
        user.refresh_from_db()
    confirmation = _send_confirmation(user, password_hash=password_hash)
    logger.info("user %s registered, confirmation %s queued", user.pk, confirmation.pk)


def _create_pending_account(*, email: str, password_hash: str, profile: dict) -> User:
    """A new inactive account, or the one a concurrent registration of the same address has just made."""
    try:
        with transaction.atomic():
            return User.objects.create(email=email, password=password_hash, is_active=False, **profile)
    except IntegrityError:
        return User.objects.select_for_update().get(email__iexact=email)


@sensitive_variables("confirmation")
def _send_confirmation(user: User, *, password_hash: str = "") -> EmailConfirmation:
    confirmation = EmailConfirmation.objects.create(user=user, password=password_hash)
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

    Atomic, locks the confirmation row; idempotent (a second click on a valid link changes nothing), and a
    link of an account confirmed since changes nothing either.
    Raises ConfirmationNotFound (404) for an unknown link. An expired link (over 24 hours) raises
    ConfirmationExpired (400) after e-mailing a fresh link to a still-inactive account, at most one a day.
    """
    user, _tokens = _confirm(confirmation_id=confirmation_id, log_in=False)
    return user


def confirm_email_and_log_in(*, confirmation_id: uuid.UUID | str) -> tuple[User, TokenPair | None]:
    """confirm_email, then a token pair if this link confirmed the account within CONFIRMATION_LOGIN_WINDOW
    and has not given one before; None otherwise (the customer logs in with the password). Same errors."""
    return _confirm(confirmation_id=confirmation_id, log_in=True)


def _confirm(*, confirmation_id: uuid.UUID | str, log_in: bool) -> tuple[User, TokenPair | None]:
    with transaction.atomic():
        confirmation = _locked_confirmation(confirmation_id)
        if confirmation is None:
            raise ConfirmationNotFound(str(_("This confirmation link is unknown.")))
        user = confirmation.user
        now = timezone.now()
        # A link opened after its account was confirmed (by another link or a provider) changes nothing: it
        # neither brings back its registration's password nor re-activates an account switched off since.
        pending = confirmation.confirmed_at is None and awaits_first_confirmation(user=user)
        if not (pending and confirmation.is_expired(now)):
            if pending:
                _activate(user=user, confirmation=confirmation, now=now)
            return user, _one_time_login(confirmation=confirmation, now=now) if log_in else None
    # Outside the transaction above: the fresh link must be sent although the answer is an error.
    _resend_confirmation(user=user, now=now)
    raise ConfirmationExpired(str(LINK_EXPIRED))


def _one_time_login(*, confirmation: EmailConfirmation, now: datetime) -> TokenPair | None:
    """The link's single login: only if the link itself confirmed the account moments ago (a link forwarded or
    found later opens nothing) and the account is still active; the confirmation row is locked by the caller."""
    confirmed_at = confirmation.confirmed_at
    if confirmation.logged_in_at is not None or confirmed_at is None or confirmed_at < now - CONFIRMATION_LOGIN_WINDOW:
        return None
    if not confirmation.user.is_active:
        return None
    confirmation.logged_in_at = now
    confirmation.save(update_fields=["logged_in_at"])
    logger.info("user %s logged in by confirming with %s", confirmation.user_id, confirmation.pk)
    return issue_token_pair(user=confirmation.user)


def _activate(*, user: User, confirmation: EmailConfirmation, now: datetime) -> None:
    confirmation.confirmed_at = now
    confirmation.save(update_fields=["confirmed_at"])
    # The other registrations' links die with their passwords: the account is the one this link opened.
    user.email_confirmations.filter(confirmed_at__isnull=True).exclude(pk=confirmation.pk).delete()
    user.is_active = True
    fields = ["is_active"]
    if confirmation.password:
        user.password = confirmation.password
        fields.append("password")
    user.save(update_fields=fields)
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
