"""Wagtail's API v2 for the SPA: published pages, public and read-only, at /api/cms/.

Search is off (the SPA asks for pages by type and slug; the search backend answered some queries with a
500), and there is no images endpoint: it listed the URL of every original image, and the SPA uses none.
Errors answer in the API's `{detail, code}` shape.
"""

from django.http import Http404
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

SEARCH_PARAMETERS = {"search", "search_operator"}


class PublicPagesAPIViewSet(PagesAPIViewSet):
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = [backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - SEARCH_PARAMETERS

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"detail": str(exc), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"detail": str(exc), "code": "bad_request"}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("cms_api")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
