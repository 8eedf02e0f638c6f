"""Error pages: API clients get JSON (as docs/API.md promises), browsers get Django's HTML pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.static import serve


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files, from MEDIA_ROOT as it is at request time."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
