"""Domain errors carry their HTTP meaning; the API maps them to responses in one handler."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class DomainError(Exception):
    """A refusal the user should read: `detail` is safe to show; `extra` is merged into the answer."""

    status_code = 400

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class ConflictError(DomainError):
    """The request is valid but conflicts with the current state (stock, status, a closed shop)."""

    status_code = 409


class ConfirmationExpired(DomainError):
    """A confirmation link (account e-mail, order contact) is older than its lifetime."""


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": exc.detail, **exc.extra}, status=exc.status_code)
    return drf_exception_handler(exc, context)
