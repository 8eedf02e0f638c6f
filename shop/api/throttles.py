from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class CatalogueRateThrottle(AnonRateThrottle):
    """Anonymous catalogue browsing: its own, more generous scope than other anonymous requests."""

    scope = "catalogue"


class AuthRateThrottle(UserRateThrottle):
    """The strict scope for requests that send e-mails or guess secrets (per user, else per address)."""

    scope = "auth"
