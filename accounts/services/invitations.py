"""Invitations: staff make an account for someone (a supplier's user) and e-mail a one-time link to set its
password. The link is single use, expires after INVITATION_LIFETIME and can be revoked or re-sent.

The link travels sealed in the outbox (queue_notification's secret_context), so no back-office screen shows
it; the database keeps only the token's SHA-256 to find the invitation by.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.exceptions import InvitationInvalid
from accounts.models import INVITATION_LIFETIME, AccountInvitation, User
from notifications.services import queue_notification

from .passwords import password_errors

logger = logging.getLogger(__name__)

NOTIFICATION_KEY = "account_invitation"
INVALID = _("This invitation link is invalid, used, revoked or expired.")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@sensitive_variables("token")
@transaction.atomic
def invite_account(*, user: User, invited_by: User | None, context: dict) -> AccountInvitation:
    """Close the user's open invitations and e-mail a new one-time link (queued in this transaction).

    `context` is what the e-mail says besides the link (plain values: who invites, to what). Atomic: the
    invitation and its outbox row are written together or not at all.
    """
    now = timezone.now()
    AccountInvitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = AccountInvitation.objects.create(
        user=user,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=now + INVITATION_LIFETIME,
    )
    queue_notification(
        key=NOTIFICATION_KEY,
        to=[user.email],
        language=user.language,
        context={
            **context,
            "name": user.get_full_name() or user.email,
            "valid_days": INVITATION_LIFETIME.days,
        },
        secret_context={"invite_url": settings.WAGTAILADMIN_BASE_URL + reverse("accept_invitation", args=[token])},
    )
    logger.info("invitation %s queued for user %s", invitation.pk, user.pk)
    return invitation


def revoke_invitations(*, user: User) -> int:
    """Close the user's open invitations so their links stop working; returns how many were open."""
    return AccountInvitation.objects.filter(user=user, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def open_invitation(*, token: str) -> AccountInvitation:
    """The open invitation of `token`; InvitationInvalid (404) when it is unknown, used, revoked or expired."""
    invitation = AccountInvitation.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if invitation is None or not invitation.is_open(timezone.now()) or not invitation.user.is_active:
        raise InvitationInvalid(INVALID)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> tuple[User | None, list[str]]:
    """Set the invited account's password with a one-time token.

    Atomic; locks the invitation row, so a link sets a password at most once. Raises InvitationInvalid when
    the link no longer works; returns (None, the password's problems) when the password is too weak, and
    then nothing changes.
    """
    invitation = open_invitation(token=token)
    invitation = AccountInvitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_open(timezone.now()):
        raise InvitationInvalid(INVALID)
    user = invitation.user
    if errors := password_errors(password, user):
        return None, errors
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    logger.info("user %s accepted invitation %s", user.pk, invitation.pk)
    return user, []
