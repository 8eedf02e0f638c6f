"""Shared pieces of the OpenAPI schema: the `{detail}` answer and error answers declared once, listed per endpoint."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class DetailSerializer(serializers.Serializer):
    """An answer that only explains itself: `{"detail": "..."}` (errors and plain acknowledgements alike)."""

    detail = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """An error answer: `{"detail": "...", "code": "..."}`; `code` is stable for clients to switch on."""

    detail = serializers.CharField()
    code = serializers.CharField()


_DESCRIPTIONS = {
    400: "Invalid input: `{field: [messages]}` or `{detail, code}`.",
    401: "Not authenticated.",
    403: "Not allowed.",
    404: "Not found, or not yours.",
    409: "Conflicts with the current state.",
    413: "The upload is too large.",
    429: "Throttled; `Retry-After` says when to try again.",
}


def errors(*codes: int, described: dict[int, str] | None = None) -> dict[int, OpenApiResponse]:
    """Schema entries for the given error statuses (400 is free-form field errors, the rest `{detail, code}`).

    `described` adds statuses whose meaning is the endpoint's own, e.g. login's 401 is a wrong password.
    """
    descriptions = {code: _DESCRIPTIONS[code] for code in codes} | (described or {})
    return {
        code: OpenApiResponse(response=OpenApiTypes.OBJECT if code == 400 else ErrorSerializer, description=text)
        for code, text in descriptions.items()
    }


# Every endpoint that needs a login is throttled and may answer these.
AUTHENTICATED = (401, 429)
