"""Contacts (delivery addresses): at most a few per user, kept while an order uses them, confirmable by e-mail."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ConfirmationExpired
from notifications.services import queue_notification

from ..exceptions import (
    ContactAlreadyConfirmed,
    ContactInUse,
    ContactLimitReached,
    NotFoundError,
)
from ..models import Contact, ContactConfirmation

logger = logging.getLogger(__name__)

# Changing one of these means the confirmed address is no longer the one on file.
CONFIRMED_FIELDS = ("email", "phone")


def _own_contact(user: User, contact_id: int, *, lock: bool = False) -> Contact:
    contacts = Contact.objects.select_for_update() if lock else Contact.objects
    contact = contacts.filter(user=user, pk=contact_id).first()
    if contact is None:
        raise NotFoundError(_("No such contact."))
    return contact


@transaction.atomic
def create_contact(*, user: User, data: dict) -> Contact:
    """Create a contact for `user`, refusing (ContactLimitReached) past settings.MAX_CONTACTS_PER_USER.

    The user row is locked so that parallel requests cannot both slip under the limit.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    limit = settings.MAX_CONTACTS_PER_USER
    if Contact.objects.filter(user=user).count() >= limit:
        raise ContactLimitReached(_("You can keep at most %(limit)s contacts.") % {"limit": limit})
    return Contact.objects.create(user=user, **data)


@transaction.atomic
def update_contact(*, user: User, contact_id: int, data: dict) -> Contact:
    """Change the user's own contact; a new e-mail or phone needs confirming again."""
    contact = _own_contact(user, contact_id, lock=True)
    if any(field in data and data[field] != getattr(contact, field) for field in CONFIRMED_FIELDS):
        contact.is_confirmed = False
    for field, value in data.items():
        setattr(contact, field, value)
    contact.save()
    return contact


@transaction.atomic
def delete_contact(*, user: User, contact_id: int) -> None:
    """Delete the user's own contact, unless an order delivers to it (ContactInUse, 409)."""
    contact = _own_contact(user, contact_id, lock=True)
    try:
        with transaction.atomic():
            contact.delete()
    except ProtectedError as exc:
        raise ContactInUse(_("This contact is used by an order and cannot be deleted.")) from exc


@transaction.atomic
def send_contact_confirmation(*, user: User, contact_id: int) -> ContactConfirmation:
    """E-mail (after commit) a one-time confirmation link to the address of the user's own contact."""
    contact = _own_contact(user, contact_id)
    if contact.is_confirmed:
        raise ContactAlreadyConfirmed(_("This contact is already confirmed."))
    confirmation = ContactConfirmation.objects.create(contact=contact)
    path = reverse("shop-api:confirm-contact", kwargs={"token": confirmation.token})
    queue_notification(
        key="contact_confirmation",
        to=[contact.email],
        language=user.language,
        context={
            "name": f"{contact.first_name} {contact.last_name}".strip(),
            "address": str(contact),
            "valid_hours": settings.CONTACT_CONFIRMATION_TTL_HOURS,
        },
        secret_context={"link": f"{settings.SITE_URL}{path}"},
    )
    logger.info("contact %s: confirmation sent", contact.pk)
    return confirmation


@transaction.atomic
def confirm_contact(*, token: uuid.UUID) -> Contact:
    """Mark the token's contact confirmed and spend all its links.

    An unknown (or already spent) token is NotFoundError; one older than the TTL is ConfirmationExpired.
    """
    confirmation = ContactConfirmation.objects.select_for_update().select_related("contact").filter(token=token).first()
    if confirmation is None:
        raise NotFoundError(_("This confirmation link is not valid."))
    if confirmation.created_at < timezone.now() - timedelta(hours=settings.CONTACT_CONFIRMATION_TTL_HOURS):
        raise ConfirmationExpired(_("This confirmation link has expired; ask for a new one."))
    contact = confirmation.contact
    contact.is_confirmed = True
    contact.save(update_fields=["is_confirmed"])
    ContactConfirmation.objects.filter(contact=contact).delete()
    logger.info("contact %s confirmed", contact.pk)
    return contact
