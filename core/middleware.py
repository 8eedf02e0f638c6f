"""Request-level guards shared by every app: body size limits, JSON error answers under /api/, the admin's
search limit and the Content-Security-Policy."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .csp import new_script_nonce
from .errors import api_error_response, is_api_request
from .search_limits import bounded_search_text

MULTIPART = "multipart/form-data"


def request_body_limit(request: HttpRequest) -> int:
    """The largest body this request may send: an upload limit for multipart bodies, by path; else the form limit."""
    if request.content_type == MULTIPART:
        for prefix, limit in settings.MULTIPART_BODY_LIMITS:
            if request.path.startswith(prefix):
                return limit
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _refusal(request: HttpRequest, status: int, detail: str, code: str) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(status, detail, code)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    """Refuse (413) a body whose Content-Length is over its limit before a byte of it is read or written to disk.

    Django reads no more than Content-Length from the input, so the declared length is the whole of what could
    reach a parser. A chunked body declares none and would read as empty, losing an upload without a word:
    it is refused (411) instead, so the client learns to send its length.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            detail = _("Send the request body with a Content-Length; chunked bodies are not accepted.")
            return _refusal(request, 411, detail, "length_required")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_body_limit(request)
        if length > limit:
            detail = _("The request body is larger than %(limit)s bytes.") % {"limit": limit}
            return _refusal(request, 413, detail, "request_too_large")
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Any error answer under /api/ that is not JSON yet (Django's 400/404/405/500 pages) becomes `{detail, code}`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api_request(request)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        answer = api_error_response(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer


ADMIN_PREFIX = "/admin/"
# Every Wagtail search box (listings, choosers, pages, images, documents, users) sends its text as `q`.
ADMIN_SEARCH_PARAMETER = "q"


class AdminSearchLimitMiddleware:
    """An admin search longer than the search limits (core.search_limits) is shortened to them before any view
    reads it, whichever Wagtail or app view searches; the box then shows the shortened text, and a full page
    says why. Needs the message middleware before it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        text = request.GET.get(ADMIN_SEARCH_PARAMETER, "") if request.path.startswith(ADMIN_PREFIX) else ""
        bounded = bounded_search_text(text)
        if bounded != text:
            query = request.GET.copy()
            query.setlist(ADMIN_SEARCH_PARAMETER, [bounded])
            request.GET = query
            if request.headers.get("x-requested-with") != "XMLHttpRequest":  # a results fragment shows no messages
                messages.warning(request, _("The search was too long and has been shortened."))
        return self.get_response(request)


def _media_origin() -> str:
    """The origin images come from when MEDIA_URL points at another (cookieless) host, else nothing extra."""
    parts = urlsplit(settings.MEDIA_URL)
    return f" {parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(path: str, script_nonce: str) -> str:
    """The policy of a page by where it lives: the JSON API, its docs page, the admin, or the SPA and the rest."""
    if path.startswith("/api/docs/"):
        # Swagger UI's files are our static files (drf-spectacular-sidecar); its start script is served by us.
        return (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'"
        )
    if path.startswith("/api/"):
        return "default-src 'none'; frame-ancestors 'none'"
    media = _media_origin()
    common = (
        f"default-src 'self'; img-src 'self' data: blob:{media}; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'self'"
    )
    if path.startswith(ADMIN_PREFIX):
        # Wagtail 8 still writes style attributes, and a few inline scripts that carry this request's nonce.
        return f"{common}; script-src 'self' 'nonce-{script_nonce}'; style-src 'self' 'unsafe-inline'"
    return f"{common}; script-src 'self'; style-src 'self'"


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every answer that does not bring its own (media has a sandboxing one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = new_script_nonce()
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request.path, nonce))
        return response
