"""Failed log-ins counted per account from each client address, and per client address, shared by every login
form (the API and /admin/).

Counters live in the cache for LOGIN_FAILURE_WINDOW_SECONDS from the first failure; past either limit the
form refuses that client even a right password until the window ends. The account's limit is counted per
client, so wrong passwords sent from elsewhere never lock its owner out (anyone could otherwise keep any
account, the superuser's too, shut for good). A success forgets the account's failures from that client,
not the address's, so one's own account cannot be used to reset the count for guessing others.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext
from rest_framework.throttling import BaseThrottle

from core.throttling import THROTTLE_CACHE_ALIAS

logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """The client's address as the API throttles see it: X-Forwarded-For only through NUM_PROXIES trusted proxies."""
    return BaseThrottle().get_ident(request)


def _account_key(email: str, address: str) -> str:
    # Hashed: any text may be typed as an e-mail, and cache keys must stay short and plain.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login-failures:account:{account}:{address}"


def _address_key(address: str) -> str:
    return f"login-failures:address:{address}"


def login_paused(*, email: str, address: str) -> bool:
    """Whether log-ins from `address` are paused, for `email` or for every account, after too many failures."""
    counts = _counters().get_many([_account_key(email, address), _address_key(address)])
    return (
        counts.get(_account_key(email, address), 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT
        or counts.get(_address_key(address), 0) >= settings.LOGIN_FAILURES_PER_IP
    )


def record_login_failure(*, email: str, address: str) -> None:
    for key in (_account_key(email, address), _address_key(address)):
        _counters().add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            _counters().incr(key)
        except ValueError:  # expired between add and incr
            _counters().set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    logger.info("failed log-in from %s", address)


def forget_login_failures(*, email: str, address: str) -> None:
    _counters().delete(_account_key(email, address))


def pause_minutes() -> int:
    return max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)


def login_paused_message() -> str:
    return gettext("Too many failed log-ins. Try again in %(minutes)s minutes.") % {"minutes": pause_minutes()}


def _counters():
    """The throttle cache: with Redis down it falls back to a per-process store, so logins stay limited."""
    return caches[THROTTLE_CACHE_ALIAS]
