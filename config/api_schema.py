"""Error answers for the OpenAPI schema, declared once and listed per endpoint."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


_DESCRIPTIONS = {
    400: "Invalid input: `{field: [messages]}` or `{detail}`.",
    401: "Not authenticated.",
    403: "Not allowed.",
    404: "Not found, or not yours.",
    409: "Conflicts with the current state.",
    413: "The upload is too large.",
    429: "Throttled; `Retry-After` says when to try again.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the given error statuses (400 is free-form field errors, the rest `{detail}`)."""
    return {
        code: OpenApiResponse(
            response=OpenApiTypes.OBJECT if code == 400 else ErrorSerializer, description=_DESCRIPTIONS[code]
        )
        for code in codes
    }


# Every endpoint that needs a login is throttled and may answer these.
AUTHENTICATED = (401, 429)
