"""The supplier users of a shop, from its admin page: invite (the owner or a colleague), re-send, revoke, and
who has accepted. Staff with shop.invite_supplier only (the Merchandisers role)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from accounts.models import Language
from core.errors import DomainError

from .models import Shop, ShopMember
from .selectors import shop_members
from .services.suppliers import invite_shop_member, resend_shop_invitation, revoke_shop_invitation

INVITE_PERMISSION = "shop.invite_supplier"
URL_NAME = "wagtailsnippets_shop_shop:suppliers"


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mail"), choices=Language.choices, initial=Language.RUSSIAN
    )
    as_owner = forms.BooleanField(label=gettext_lazy("Make this person the shop's owner"), required=False)


def _require_permission(request) -> None:
    if not request.user.has_perm(INVITE_PERMISSION):
        raise PermissionDenied


def _status(member, now) -> str:
    """The state of the member's latest invitation."""
    if member.invited_at is None:
        return "—"
    if member.invitation_accepted_at is not None:
        return _("accepted")
    if member.invitation_revoked_at is not None:
        return _("revoked")
    return _("waiting") if now < member.invitation_expires_at else _("expired")


def suppliers(request, pk: int):
    """GET: the members and the invitation form; POST: invite."""
    _require_permission(request)
    shop = get_object_or_404(Shop.objects.select_related("owner"), pk=pk)
    form = InviteForm(request.POST or None, initial={"as_owner": shop.owner_id is None})
    if request.method == "POST" and form.is_valid():
        try:
            member = invite_shop_member(shop=shop, invited_by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error("email", error.detail)
        else:
            messages.success(request, _("An invitation is being e-mailed to %(email)s.") % {"email": member.user.email})
            return redirect(URL_NAME, shop.pk)
    now = timezone.now()
    members = [(member, _status(member, now)) for member in shop_members(shop)]
    return TemplateResponse(request, "shop/admin/shop_suppliers.html", {"shop": shop, "members": members, "form": form})


def _member(request, pk: int, member_pk: int) -> ShopMember:
    _require_permission(request)
    return get_object_or_404(ShopMember.objects.select_related("shop", "user"), pk=member_pk, shop_id=pk)


@require_POST
def resend(request, pk: int, member_pk: int):
    member = _member(request, pk, member_pk)
    resend_shop_invitation(member=member, invited_by=request.user)
    messages.success(request, _("A new invitation is being e-mailed to %(email)s.") % {"email": member.user.email})
    return redirect(URL_NAME, pk)


@require_POST
def revoke(request, pk: int, member_pk: int):
    member = _member(request, pk, member_pk)
    if revoke_shop_invitation(member=member):
        messages.success(request, _("The invitation of %(email)s is revoked.") % {"email": member.user.email})
    else:
        messages.warning(request, _("%(email)s has no open invitation.") % {"email": member.user.email})
    return redirect(URL_NAME, pk)
