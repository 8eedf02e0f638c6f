"""Warnings given once when the service starts."""

import logging

from django.conf import settings

logger = logging.getLogger("orderservice.security")

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "testserver", ".localhost"}


def exposed_debug_hosts() -> list[str]:
    """The ALLOWED_HOSTS other than loopback ones while DEBUG is on (empty when DEBUG is off)."""
    if not settings.DEBUG:
        return []
    return [host for host in settings.ALLOWED_HOSTS if host not in LOOPBACK_HOSTS]


def warn_if_debug_is_exposed() -> None:
    """DEBUG shows tracebacks and settings to whoever reaches the service: say so loudly when that is not just us."""
    if hosts := exposed_debug_hosts():
        logger.warning(
            "DEBUG is on while ALLOWED_HOSTS admits %s: error pages reveal code and settings to anyone who can "
            "reach this service. Set DEBUG=0 (and SECRET_KEY) for any deployment.",
            ", ".join(hosts),
        )


def warn_if_feeds_may_reach_private_networks() -> None:
    """PRICELIST_FEED_ALLOW_PRIVATE exists for tests against a local server: anywhere else it lets a supplier's
    feed URL reach the servers' own network (metadata services, databases, the admin)."""
    if settings.PRICELIST_FEED_ALLOW_PRIVATE and not settings.DEBUG:
        logger.warning(
            "PRICELIST_FEED_ALLOW_PRIVATE is on with DEBUG off: price-list feeds may fetch private, loopback and "
            "link-local addresses. It is meant for tests only; unset it for any deployment."
        )
