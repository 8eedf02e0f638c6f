"""The admin's login form: Wagtail's, with the API's failed-login limits and only for accounts that may use it."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm

from .services.login_limits import (
    client_address,
    forget_login_failures,
    login_paused,
    login_paused_message,
    record_login_failure,
)


class ThrottledAdminLoginForm(LoginForm):
    """Counts failures per account from each client and per address (accounts.services.login_limits); refuses
    accounts without admin access.

    A client's right password gets the same answer as a wrong one, so /admin/ never opens a session that
    could be traded for API tokens.
    """

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if login_paused(email=email, address=address):
            raise ValidationError(login_paused_message(), code="login_paused")
        try:
            cleaned = super().clean()
        except ValidationError:
            record_login_failure(email=email, address=address)
            raise
        forget_login_failures(email=email, address=address)
        return cleaned

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise self.get_invalid_login_error()
