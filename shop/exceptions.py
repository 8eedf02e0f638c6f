"""Domain errors of the shop app; the API maps them to HTTP in config.errors.api_exception_handler."""

from config.errors import ConflictError


class InvalidOrderStatus(ConflictError):
    """The requested status change is not allowed from the order's current status."""
