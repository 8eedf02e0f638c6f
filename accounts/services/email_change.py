"""Changing the e-mail address: the current password asks for it, a signed link to the new address carries it
out, and the old address is told, with a link that undoes it.

Links are stateless (django.core.signing). The confirmation link names the account, its current and its new
address and a fingerprint of its password: it stops working as soon as the address or the password changes
by any means (a reset ends every pending change), and expires after a day. The undo link puts the old
address back and wipes the password (every session ends; the owner sets a new one through a reset).
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from rest_framework.exceptions import ValidationError

from accounts.exceptions import ConfirmationNotFound
from accounts.models import EMAIL_CONFIRMATION_LIFETIME, User
from notifications.services import queue_notification

from .notices import tell_owner_the_address_is_in_use

logger = logging.getLogger(__name__)

SALT = "accounts.email-change"
UNDO_SALT = "accounts.email-change-undo"
UNDO_LIFETIME = timedelta(days=7)
TAKEN = _("Another account uses this e-mail address now.")
INVALID_LINK = _("This link is invalid or has expired.")


def _password_fingerprint(user: User) -> str:
    return salted_hmac(SALT, user.password, algorithm="sha256").hexdigest()[:32]


@sensitive_variables("password", "token")
def request_email_change(*, user: User, new_email: str, password: str) -> None:
    """E-mail a confirmation link to `new_email`; the account's address stays as it is until the link is opened.

    Raises ValidationError on `password` when it is not the account's current one, and on `email` when
    `new_email` is already the account's. When another account uses `new_email`, that account's owner is told
    instead and nothing else happens: the answer does not say whether an address is registered.
    """
    if not user.check_password(password):
        raise ValidationError({"password": [_("The current password is wrong.")]})
    new_email = User.objects.normalize_email(new_email)
    if new_email.lower() == user.email.lower():
        raise ValidationError({"email": [_("This is already your e-mail address.")]})
    owner = User.objects.filter(email__iexact=new_email).first()
    if owner is not None:
        tell_owner_the_address_is_in_use(owner=owner)
        logger.info("user %s asked for an address another account uses", user.pk)
        return
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email, "pw": _password_fingerprint(user)}, salt=SALT
    )
    queue_notification(
        key="email_change",
        to=[new_email],
        language=user.language,
        context={
            "name": user.get_full_name() or user.email,
            "new_email": new_email,
            "valid_hours": int(EMAIL_CONFIRMATION_LIFETIME.total_seconds() // 3600),
        },
        secret_context={"confirm_url": f"{settings.FRONTEND_URL}/confirm-email-change/{token}"},
    )
    logger.info("user %s asked to change the e-mail address", user.pk)


def _load(token: str, *, salt: str, max_age: timedelta) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:
        raise ConfirmationNotFound(str(INVALID_LINK)) from exc


def _set_address(user: User, email: str) -> None:
    """Give the locked `user` the address `email`, recorded as its only, verified one."""
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:
        raise ValidationError({"email": [TAKEN]}) from exc
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=True)


@sensitive_variables("token", "undo")
@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    """Replace the account's address with the one the link was sent to, record it as verified, and e-mail the old
    address a link that undoes the change.

    Atomic, locks the account. Raises ConfirmationNotFound (404) for a forged, expired or outdated link (the
    address or the password changed since it was sent) and ValidationError on `email` when another account
    took the address meanwhile.
    """
    claim = _load(token, salt=SALT, max_age=EMAIL_CONFIRMATION_LIFETIME)
    user = User.objects.select_for_update().filter(pk=claim["user"], email=claim["old"]).first()
    if user is None or claim.get("pw") != _password_fingerprint(user):
        raise ConfirmationNotFound(str(INVALID_LINK))
    _set_address(user, claim["new"])
    undo = signing.dumps({"user": user.pk, "old": claim["old"]}, salt=UNDO_SALT)
    queue_notification(
        key="email_changed",
        to=[claim["old"]],
        language=user.language,
        context={
            "name": user.get_full_name() or claim["old"],
            "new_email": user.email,
            "valid_days": UNDO_LIFETIME.days,
        },
        secret_context={"undo_url": f"{settings.FRONTEND_URL}/undo-email-change/{undo}"},
    )
    logger.info("user %s confirmed a new e-mail address", user.pk)
    return user


@sensitive_variables("token")
@transaction.atomic
def undo_email_change(*, token: str) -> User:
    """Put back the address an e-mail change replaced, wipe the password and so end every session and every
    pending e-mail change (accounts.receivers); the owner chooses a new password through a reset.

    Atomic, locks the account. Whatever address the account has moved to since, the link restores its own;
    once restored, a second click changes nothing. Raises ConfirmationNotFound (404) for a forged or expired
    link and ValidationError on `email` when another account uses the old address now.
    """
    claim = _load(token, salt=UNDO_SALT, max_age=UNDO_LIFETIME)
    user = User.objects.select_for_update().filter(pk=claim["user"]).first()
    if user is None:
        raise ConfirmationNotFound(str(INVALID_LINK))
    if user.email.lower() == claim["old"].lower():
        return user
    _set_address(user, claim["old"])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    logger.info("user %s undid an e-mail change; sessions ended, password wiped", user.pk)
    return user
