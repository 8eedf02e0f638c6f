"""A shop's supplier users: staff invite them by e-mail (the owner and colleagues), re-send and revoke the
invitation. The account, its one-time link and the e-mail are accounts.services.invitations' work."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Language, User, UserType
from accounts.services.invitations import invite_account, revoke_invitations

from ..exceptions import SupplierNotInvitable
from ..models import Shop, ShopMember

logger = logging.getLogger(__name__)


def _invite(member: ShopMember, invited_by: User) -> None:
    invite_account(
        user=member.user,
        invited_by=invited_by,
        context={"shop_name": member.shop.name, "invited_by": invited_by.get_full_name() or invited_by.email},
    )


@transaction.atomic
def invite_shop_member(
    *,
    shop: Shop,
    email: str,
    first_name: str = "",
    last_name: str = "",
    language: str = Language.RUSSIAN,
    as_owner: bool = False,
    invited_by: User,
) -> ShopMember:
    """Make (or find) the supplier account of `email`, add it to `shop` and e-mail it an invitation.

    Atomic, under the shop's row lock. Refuses (SupplierNotInvitable) an address of a customer or of another
    shop's supplier user; then nothing is written. `as_owner` makes the account the shop's owner; a former
    owner stays a member. Inviting a member again sends a fresh link and closes the older one.
    """
    shop = Shop.objects.select_for_update().get(pk=shop.pk)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        user = User.objects.create_user(
            email=email.strip(),
            password=None,
            user_type=UserType.SUPPLIER,
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
    elif not user.is_supplier:
        raise SupplierNotInvitable(_("This address belongs to a customer account; a supplier needs its own."))
    elif Shop.objects.filter(Q(owner=user) | Q(members__user=user)).exclude(pk=shop.pk).exists():
        raise SupplierNotInvitable(_("This supplier account already works for another shop."))
    member, _created = ShopMember.objects.get_or_create(user=user, defaults={"shop": shop, "invited_by": invited_by})
    if as_owner and shop.owner_id != user.pk:
        shop.owner = user
        shop.save(update_fields=["owner"])
    _invite(member, invited_by)
    logger.info("shop %s: user %s invited by %s", shop.pk, user.pk, invited_by.pk)
    return member


@transaction.atomic
def resend_shop_invitation(*, member: ShopMember, invited_by: User) -> None:
    """E-mail the member a fresh one-time link; the previous one stops working. Atomic."""
    _invite(member, invited_by)


def revoke_shop_invitation(*, member: ShopMember) -> int:
    """Close the member's open invitation so its link stops working; returns how many were open."""
    return revoke_invitations(user=member.user)
