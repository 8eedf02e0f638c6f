"""JWT pairs: issue one at login, and end every session of an account at once.

Every token carries the account's `token_version` (claim `ver`); ending the sessions raises the version, so
every access token issued before stops working at its next request (accounts.api.authentication), not only
when it expires, and blacklists every refresh token.
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import User

VERSION_CLAIM = "ver"


class VersionedRefreshToken(RefreshToken):
    """A refresh token stamped with its account's token version; its access tokens and rotations keep the stamp."""

    @classmethod
    def for_user(cls, user: User) -> "VersionedRefreshToken":
        token = super().for_user(user)
        token[VERSION_CLAIM] = user.token_version
        return token


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_is_current(*, token: Token, user: User) -> bool:
    """Whether `token` was issued after the last end of the account's sessions (tokens without a stamp are 0)."""
    return token.get(VERSION_CLAIM, 0) == user.token_version


def end_all_sessions(*, user: User) -> None:
    """End every API session of `user`: raise its token version (every access token issued so far is refused)
    and blacklist every refresh token it was issued. Idempotent in effect; `user.token_version` is refreshed."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def log_out(*, refresh: str) -> None:
    """Logout: end every session of the refresh token's account (all devices; see SECURITY.md).

    Raises InvalidToken (401) if the token is invalid, expired or already revoked; then nothing changes.
    """
    try:
        token = RefreshToken(refresh)
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc
    user = User.objects.filter(pk=token.get(api_settings.USER_ID_CLAIM)).first()
    if user is None:
        raise InvalidToken(_("The account of this token no longer exists."))
    end_all_sessions(user=user)


def issue_token_pair(*, user: User) -> TokenPair:
    """Issue a refresh/access pair for `user`, stamped with its token version (the refresh token is recorded)."""
    refresh = VersionedRefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))
