"""Changing the e-mail address: a signed link goes to the new address, which replaces the old one once opened.

The link is stateless (django.core.signing): it names the account, its current and its new address, so it
stops working as soon as the account's address changes by any means, and expires after a day.
"""

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from accounts.exceptions import ConfirmationNotFound
from accounts.models import EMAIL_CONFIRMATION_LIFETIME, User
from accounts.selectors import email_is_taken
from notifications.services import queue_notification

logger = logging.getLogger(__name__)

SALT = "accounts.email-change"
TAKEN = _("An account with this e-mail already exists.")


def request_email_change(*, user: User, new_email: str) -> None:
    """E-mail a confirmation link to `new_email`; the account's address stays as it is until the link is opened.

    Raises ValidationError on `email` when it is the current address or another account uses it.
    """
    new_email = User.objects.normalize_email(new_email)
    if new_email.lower() == user.email.lower():
        raise ValidationError({"email": [_("This is already your e-mail address.")]})
    if email_is_taken(email=new_email):
        raise ValidationError({"email": [TAKEN]})
    token = signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=SALT)
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


@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    """Replace the account's address with the one the link was sent to, and record it as verified.

    Atomic, locks the account. Raises ConfirmationNotFound (404) for a forged, expired or outdated link and
    ValidationError on `email` when another account took the address meanwhile.
    """
    try:
        claim = signing.loads(token, salt=SALT, max_age=EMAIL_CONFIRMATION_LIFETIME)
    except signing.BadSignature as exc:
        raise ConfirmationNotFound(str(_("This link is invalid or has expired."))) from exc
    user = User.objects.select_for_update().filter(pk=claim["user"], email=claim["old"]).first()
    if user is None:
        raise ConfirmationNotFound(str(_("This link is invalid or has expired.")))
    user.email = claim["new"]
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:
        raise ValidationError({"email": [TAKEN]}) from exc
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email.lower(), verified=True, primary=True)
    logger.info("user %s confirmed a new e-mail address", user.pk)
    return user
