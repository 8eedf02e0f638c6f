"""Domain errors of the shop app. The API maps them to HTTP statuses in one place."""


class ShopError(Exception):
    """Base of the shop's domain errors; `detail` is safe to show to the user."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class InvalidOrderStatus(ShopError):
    """The requested status change is not allowed from the order's current status."""
