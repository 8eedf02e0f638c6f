"""A supplier's changes of its own offers' terms (price, RRC, stock, visibility), each recorded."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..exceptions import NotFoundError
from ..models import Offer, OfferChange, Shop

logger = logging.getLogger(__name__)

EDITABLE_TERMS = ("price", "price_rrc", "quantity", "is_active")


@transaction.atomic
def update_offer_terms(*, offer_id: int, shop: Shop, changed_by: User, terms: dict) -> list[OfferChange]:
    """Set the given terms of the shop's offer and record each that changes (who, when, old → new).

    Atomic, under the offer's row lock. An offer of another shop is NotFoundError (404). Values must be
    validated already (a model form does); unknown terms are a programming error (ValueError). The offer is
    saved through the model, so its listing, search document, catalogue version and cache follow.
    Returns the recorded changes (none when nothing differs).
    """
    if unknown := set(terms) - set(EDITABLE_TERMS):
        raise ValueError(f"not editable here: {sorted(unknown)}")
    offer = Offer.objects.select_for_update().filter(pk=offer_id, shop=shop).first()
    if offer is None:
        raise NotFoundError(_("No such offer."))
    changes = []
    for field, value in terms.items():
        old = getattr(offer, field)
        if old != value:
            setattr(offer, field, value)
            changes.append(
                OfferChange(offer=offer, field=field, old_value=str(old), new_value=str(value), changed_by=changed_by)
            )
    if changes:
        offer.save(update_fields=[change.field for change in changes] + ["updated_at"])
        OfferChange.objects.bulk_create(changes)
        logger.info("offer %s: %s changed by %s", offer.pk, [change.field for change in changes], changed_by.pk)
    return changes
