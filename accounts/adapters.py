"""django-allauth glue: social logins end on the SPA; password sign-ups go through our API's e-mail confirmation."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import urlencode

from .selectors import awaits_first_confirmation, email_is_taken, user_owning_email
from .services.registration import activate_by_verified_email, release_unverified_address

logger = logging.getLogger(__name__)

# Set in the session by a completed social login: only such a session may be traded for API tokens.
SOCIAL_LOGIN_SESSION_KEY = "accounts.social_login"


def spa_landing(**fragment: str) -> HttpResponseRedirect:
    """Redirect to the SPA's social-login page; the values ride in the fragment, which browsers never send on."""
    return HttpResponseRedirect(f"{settings.FRONTEND_SOCIAL_LOGIN_SUCCESS_URL}#{urlencode(fragment)}")


def back_to_spa(error: str) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(spa_landing(error=error))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """allauth's own sign-up pages stay closed: `POST /api/v1/register/` confirms the e-mail first."""
        return False

    def post_login(self, request, user, *, signal_kwargs=None, **kwargs):
        """Mark a session that a social login opened, so /admin/'s sessions can never be traded for tokens."""
        if signal_kwargs and signal_kwargs.get("sociallogin"):
            request.session[SOCIAL_LOGIN_SESSION_KEY] = True
        return super().post_login(request, user, signal_kwargs=signal_kwargs, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def authenticate_by_email(self, sociallogin):
        """Link a provider-verified address only to the account whose own e-mail it is, or that verified it here.

        allauth would also match an address merely listed, unverified, on some account: whoever listed a
        victim's address would receive the victim's login.
        """
        for address in sociallogin.email_addresses:
            if address.verified and (user := user_owning_email(email=address.email)) is not None:
                return user, address.email
        return None

    def pre_social_login(self, request, sociallogin) -> None:
        """Settle the cases allauth would answer with its own HTML pages, before it logs anyone in.

        - A provider-verified e-mail proves what our confirmation link would: an account still awaiting its
          first confirmation is activated. allauth then wipes its password (the address was never verified
          here), so whoever registered it with someone else's address cannot log in with that password.
          Any other inactive account (deactivated by staff) stays shut: `#error=account_inactive`.
        - A new social user needs an e-mail that no account uses; an unverified provider address of an
          existing account must not take it over, so the SPA gets `#error=email_in_use` / `email_missing`.
          A verified one frees the address from other accounts' unverified listings, which must not block it.
        """
        user = sociallogin.user
        if sociallogin.is_existing:
            if not user.is_active:
                if not self._verified(sociallogin, user.email) or not awaits_first_confirmation(user=user):
                    raise back_to_spa("account_inactive")
                activate_by_verified_email(user=user)
        elif not user.email:
            raise back_to_spa("email_missing")
        elif email_is_taken(email=user.email):
            raise back_to_spa("email_in_use")
        elif self._verified(sociallogin, user.email):
            release_unverified_address(email=user.email)
        super().pre_social_login(request, sociallogin)

    @staticmethod
    def _verified(sociallogin, email: str) -> bool:
        return any(
            address.verified and address.email.lower() == email.lower() for address in sociallogin.email_addresses
        )

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """Send the browser back to the SPA with the reason in the fragment instead of allauth's error page."""
        logger.warning("social login with %s failed: %s", provider.id, error, exc_info=exception)
        raise back_to_spa(error or "unknown")
