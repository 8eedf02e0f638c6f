from allauth.socialaccount.providers.github.provider import GitHubProvider
from allauth.socialaccount.providers.google.provider import GoogleProvider
from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns as oauth2_login_and_callback
from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import accept_invitation_view
from pages.api import api_router as cms_api_router

from .handlers import serve_media
from .health import healthz, readyz, workers
from .spa import spa_index

# Each app contributes its own routes to /api/v1/.
api_v1: list = [
    path("", include("accounts.api.urls")),
    path("", include("shop.api.urls")),
    path("", include("imports.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/workers", workers, name="healthz-workers"),
    path("readyz", readyz, name="readyz"),
    # Before the admin's own routes, which all require a login.
    path("admin/invitation/<str:token>/", accept_invitation_view, name="accept_invitation"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Only the OAuth login and callback of each provider: allauth's account pages (e-mail addresses,
    # password reset, sign-up) would let a logged-in user add someone else's address, and are not used.
    path("accounts/", include(oauth2_login_and_callback(GoogleProvider) + oauth2_login_and_callback(GitHubProvider))),
    path("api/v1/", include(api_v1)),
    path("auth/", include("accounts.api.original_client_urls")),
    path("api/cms/", cms_api_router.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("pages/", include(wagtail_urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

# Everything else is a client-side route of the SPA.
urlpatterns += [
    re_path(r"^(?!admin/|api/|accounts/|static/|media/|documents/|pages/|healthz|readyz)(?P<path>.*)$", spa_index),
]

handler400 = "config.handlers.bad_request"
handler403 = "config.handlers.permission_denied"
handler404 = "config.handlers.page_not_found"
handler500 = "config.handlers.server_error"
