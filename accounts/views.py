"""The page an invitation link opens: the invited person sets a password and lands in the back office."""

from django import forms
from django.contrib.auth import login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.errors import DomainError

from .services.invitations import accept_invitation, open_invitation

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SetPasswordForm(forms.Form):
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autofocus": True}))
    password_again = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return cleaned


@never_cache
@sensitive_post_parameters("password", "password_again")
def accept_invitation_view(request, token: str):
    """GET shows the form (404 page for a dead link); POST sets the password, logs in and opens /admin/."""
    try:
        invitation = open_invitation(token=token)
    except DomainError as error:
        return TemplateResponse(request, "accounts/invitation_invalid.html", {"message": error.detail}, status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, errors = accept_invitation(token=token, password=form.cleaned_data["password"])
        except DomainError as error:
            return TemplateResponse(request, "accounts/invitation_invalid.html", {"message": error.detail}, status=404)
        if user is not None:
            login(request, user, backend=LOGIN_BACKEND)
            return redirect("wagtailadmin_home")
        for message in errors:
            form.add_error("password", message)
    return TemplateResponse(request, "accounts/accept_invitation.html", {"form": form, "email": invitation.user.email})
