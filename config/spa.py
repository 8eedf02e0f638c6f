"""Serves the React SPA's index.html for client-side routes; its assets come from WhiteNoise."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def spa_index(request: HttpRequest, path: str = "") -> HttpResponse:
    index = settings.FRONTEND_DIST_DIR / "index.html"
    if not index.exists():
        return HttpResponse(
            "The storefront is not built yet: run `make run` (or `npm --prefix frontend run build`).",
            status=503,
            content_type="text/plain",
        )
    return FileResponse(index.open("rb"), content_type="text/html")
