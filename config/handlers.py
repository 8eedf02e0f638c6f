"""Error pages and media: API clients get JSON (as docs/API.md promises), browsers get Django's HTML pages."""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views import defaults
from django.views.static import serve

from core.errors import api_error_response, is_api_request
from core.uploads import SERVED_IMAGE_TYPES

# Wagtail keeps documents under this media folder; they are served only by its permission-checking view.
DOCUMENTS_FOLDER = "documents/"


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(500)
    return defaults.server_error(request)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images, from MEDIA_ROOT as it is at request time; nothing else.

    Only image extensions are served, with the type the extension names, `nosniff` and a sandboxing CSP,
    so a file that slipped through could not run as a page on this origin. Documents stay private to
    Wagtail's document view.
    """
    normalised = posixpath.normpath(path).lstrip("/")
    extension = posixpath.splitext(normalised)[1].lower().lstrip(".")
    if normalised.startswith(DOCUMENTS_FOLDER) or extension not in SERVED_IMAGE_TYPES:
        raise Http404
    response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = SERVED_IMAGE_TYPES[extension]
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
