"""django-allauth glue: social logins end on the SPA, and a verified provider e-mail confirms a pending account."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import urlencode

from . import services

logger = logging.getLogger(__name__)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        """A provider-verified e-mail proves what our confirmation link would: activate a still-pending account.

        allauth then wipes the password of such an account (its address was never verified here), so
        whoever registered it with someone else's address cannot log in with that password.
        """
        user = sociallogin.user
        if sociallogin.is_existing and not user.is_active:
            verified = {address.email.lower() for address in sociallogin.email_addresses if address.verified}
            if user.email.lower() in verified:
                services.activate_by_verified_email(user=user)
        super().pre_social_login(request, sociallogin)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """Send the browser back to the SPA with the reason in the fragment instead of allauth's error page."""
        logger.warning("social login with %s failed: %s", provider.id, error, exc_info=exception)
        fragment = urlencode({"error": error or "unknown"})
        raise ImmediateHttpResponse(HttpResponseRedirect(f"{settings.FRONTEND_SOCIAL_LOGIN_SUCCESS_URL}#{fragment}"))
