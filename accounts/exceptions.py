"""Domain errors of the accounts app; the API maps them to HTTP in core.errors.api_exception_handler."""

from core.errors import DomainError


class ConfirmationNotFound(DomainError):
    """An e-mail confirmation link that was never issued."""

    status_code = 404


class InvitationInvalid(DomainError):
    """An invitation link that is unknown, used, revoked or expired (we never tell which)."""

    status_code = 404


class AccountNotInvitable(DomainError):
    """The address belongs to an account that cannot be invited for this purpose."""
