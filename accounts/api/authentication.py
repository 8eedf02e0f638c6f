"""The API's JWT authentication: SimpleJWT's, refusing a token issued before the account's sessions last ended."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed

from accounts.services.tokens import token_is_current


class VersionedJWTAuthentication(JWTAuthentication):
    """An access token stops working as soon as a logout, password change or reset ends its account's sessions,
    not only when it expires (accounts.services.tokens.end_all_sessions)."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if not token_is_current(token=validated_token, user=user):
            raise AuthenticationFailed(_("This session has ended; log in again."), code="session_ended")
        return user


class VersionedJWTScheme(SimpleJWTScheme):
    """The OpenAPI description of the bearer JWT: the same scheme as SimpleJWT's."""

    target_class = VersionedJWTAuthentication
