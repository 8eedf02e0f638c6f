from core.throttling import AnonRateThrottle


class CatalogueRateThrottle(AnonRateThrottle):
    """Anonymous catalogue browsing: its own, more generous scope than other anonymous requests."""

    scope = "catalogue"
