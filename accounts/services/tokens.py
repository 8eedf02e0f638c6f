"""JWT pairs: issue one at login, revoke one at logout, revoke them all when the password changes."""

from dataclasses import dataclass

from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def blacklist_all_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token issued to `user`; idempotent. Returns how many were newly blacklisted."""
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    created = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(created)


def revoke_refresh_token(*, refresh: str) -> None:
    """Blacklist one refresh token (logout). Raises InvalidToken (401) if it is invalid, expired or already revoked."""
    try:
        RefreshToken(refresh).blacklist()
    except TokenError as exc:
        raise InvalidToken(exc.args[0]) from exc


def issue_token_pair(*, user: User) -> TokenPair:
    """Issue a SimpleJWT refresh/access pair for `user` (the refresh token is recorded for blacklisting)."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))
