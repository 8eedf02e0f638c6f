"""Domain errors of the shop app; the API maps them to HTTP in core.errors.api_exception_handler."""

from core.errors import ConflictError, DomainError


class InvalidOrderStatus(ConflictError):
    """The requested status change is not allowed from the order's current status."""


class UndoNotAllowed(ConflictError):
    """The last move of a shipment is not the caller's, is too old, or is itself an undo."""


class NotFoundError(DomainError):
    """The object does not exist or belongs to someone else (we never tell which)."""

    status_code = 404


class InsufficientStock(ConflictError):
    """More units were asked for than the offer has in stock; `extra` says how many are available."""


class TotalChanged(ConflictError):
    """The cart's current total differs from the one the customer was shown; `extra` lists the changed lines."""


class ShopClosed(ConflictError):
    """A shop in the cart does not accept orders at the moment."""


class EmptyCart(DomainError):
    """Checkout of a cart without lines."""


class ContactLimitReached(DomainError):
    """A user may keep only so many contacts."""


class ContactInUse(ConflictError):
    """An order delivers to this contact, so it stays."""


class ContactAlreadyConfirmed(ConflictError):
    """A confirmation was requested for a contact that is already confirmed."""


class SupplierNotInvitable(DomainError):
    """The address belongs to a customer, or to a supplier user of another shop."""
