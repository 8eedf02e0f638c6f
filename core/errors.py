"""Domain errors carry their HTTP meaning; the API maps them and every other error under /api/ to one JSON shape.

Every error answer under /api/ is `{"detail": "...", "code": "..."}` (plus a domain error's extra keys),
except a validation error on fields, which stays `{"field": ["message", ...]}`.
"""

import re
from http import HTTPStatus

from django.http import HttpRequest, JsonResponse
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class DomainError(Exception):
    """A refusal the user should read: `detail` is safe to show; `extra` is merged into the answer.

    `code` is the stable machine-readable name clients switch on; by default the class name in snake case.
    """

    status_code = 400
    code = "domain_error"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = _snake_case(cls.__name__)

    def __init__(self, detail: str, **extra):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class ConflictError(DomainError):
    """The request is valid but conflicts with the current state (stock, status, a closed shop)."""

    status_code = 409


class ConfirmationExpired(DomainError):
    """A confirmation link (account e-mail, order contact) is older than its lifetime."""


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def status_code_name(status: int) -> str:
    """`request_entity_too_large` for 413: the stable code of an error that has no more specific one."""
    return HTTPStatus(status).name.lower()


def api_error_response(status: int, detail: str | None = None, code: str | None = None) -> JsonResponse:
    """The JSON answer for an error Django itself raised (bad Host, body too large, no route, crash)."""
    return JsonResponse(
        {"detail": detail or HTTPStatus(status).phrase + ".", "code": code or status_code_name(status)}, status=status
    )


def _with_code(response: Response, exc: Exception) -> None:
    data = response.data
    if isinstance(exc, ValidationError) and isinstance(data, list):
        # A validation error not tied to a field: one message, in the shape of every other error.
        codes = exc.get_codes()
        response.data = {"detail": " ".join(str(message) for message in data), "code": codes[0] if codes else "invalid"}
    elif isinstance(data, dict) and "detail" in data and "code" not in data:
        codes = exc.get_codes() if isinstance(exc, APIException) else None
        data["code"] = codes if isinstance(codes, str) else status_code_name(response.status_code)


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": exc.detail, "code": exc.code, **exc.extra}, status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is not None:
        _with_code(response, exc)
    return response
