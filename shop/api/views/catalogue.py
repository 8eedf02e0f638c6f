"""The public catalogue: offers, products, categories and shops, answered from the catalogue cache."""

import hashlib
from collections.abc import Iterable
from functools import cached_property, partial
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator as DjangoPaginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from core.pagination import PageNumberPagination
from core.search_limits import BoundedSearchFilter
from core.throttling import UserRateThrottle
from shop import search, selectors
from shop.catalogue_cache import catalogue_cache_key, catalogue_cache_timeout
from shop.filters import OfferFilter, ProductFilter, StableOrderingFilter
from shop.models import Offer, Product
from shop.search import query_words
from shop.services import catalogue as catalogue_services

from .. import serializers as s
from ..permissions import CanManageProductImage
from ..throttles import CatalogueRateThrottle

PAGINATION_DEFAULTS = {"page": "1", "page_size": str(PageNumberPagination.page_size)}


def normalised_query(query_params, allowed: Iterable[str]) -> list[tuple[str, str]]:
    """The documented parameters of a request, sorted, blank and default values dropped, unknown ones ignored.

    Both the cache key and the answer's page links are made from it, so `?junk=<random>` neither makes new
    cache entries nor reaches another visitor through a cached link.
    """
    params = []
    for name in sorted(set(allowed)):
        value = query_params.get(name, "").strip()
        if value and PAGINATION_DEFAULTS.get(name) != value:
            params.append((name, value))
    return params


class CountedPaginator(DjangoPaginator):
    """A paginator told the number of rows, when the view knows it without a COUNT."""

    def __init__(self, object_list, per_page, *, known_count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count


class CataloguePagination(PageNumberPagination):
    """Page links built from the normalised query only; the count from the view's `known_count()` if any."""

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        known = view.known_count() if hasattr(view, "known_count") else None
        self.django_paginator_class = partial(CountedPaginator, known_count=known)
        return super().paginate_queryset(queryset, request, view)

    def _link(self, number: int) -> str:
        params = [(name, value) for name, value in self.view.cache_params() if name != "page"]
        if number > 1:
            params.append(("page", str(number)))
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?{urlencode(sorted(params))}" if params else url

    def get_next_link(self):
        return self._link(self.page.next_page_number()) if self.page.has_next() else None

    def get_previous_link(self):
        return self._link(self.page.previous_page_number()) if self.page.has_previous() else None


class CachedCatalogueMixin:
    """Public catalogue reads, answered from the cache under the current catalogue generation.

    The key holds the host (page links are absolute), the path and the normalised documented parameters;
    catalogue edits and imports bump the generation, so the next request misses and sees them. Stock moves
    (checkout, cancel) do not: answers showing stock expire within CATALOGUE_AVAILABILITY_MAX_AGE instead.
    """

    permission_classes = [AllowAny]
    throttle_classes = [CatalogueRateThrottle, UserRateThrottle]
    pagination_class = CataloguePagination
    cache_name: str
    shows_stock = True

    def cached_parameter_names(self) -> list[str]:
        filterset_class = getattr(self, "filterset_class", None)
        names = list(filterset_class.base_filters) if filterset_class else []
        if getattr(self, "search_fields", None):
            names.append("search")
        if getattr(self, "ordering_fields", None):
            names.append("ordering")
        if self.pagination_class is not None:
            names += ["page", "page_size"]
        return names

    def cache_params(self) -> list[tuple[str, str]]:
        return normalised_query(self.request.query_params, self.cached_parameter_names())

    def cached(self, request, build) -> Response:
        query = urlencode(self.cache_params())
        fingerprint = hashlib.sha256(f"{request.get_host()}|{request.path}|{query}".encode()).hexdigest()
        key = catalogue_cache_key(self.cache_name, fingerprint)
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, catalogue_cache_timeout(shows_stock=self.shows_stock))
        return Response(data)

    def list(self, request, *args, **kwargs):
        return self.cached(request, lambda: super(CachedCatalogueMixin, self).list(request, *args, **kwargs).data)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(request, lambda: super(CachedCatalogueMixin, self).retrieve(request, *args, **kwargs).data)


@extend_schema_view(list=extend_schema(responses={200: s.OfferListSerializer(many=True), **errors(400, 404, 429)}))
class CatalogueOfferViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalogue: offers of shops that accept orders."""

    cache_name = "offers"
    serializer_class = s.OfferListSerializer
    filter_backends = [DjangoFilterBackend, BoundedSearchFilter, StableOrderingFilter]
    filterset_class = OfferFilter
    search_fields = ["product__name", "name", "product__category__name"]
    ordering_fields = ["price", "quantity", "product_name"]

    def get_queryset(self):
        return selectors.offer_list()


@extend_schema_view(list=extend_schema(responses={200: s.ProductCardSerializer(many=True), **errors(400, 404, 429)}))
class CatalogueProductListViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalogue by product: one card per product with its lowest price, and the facets of a query."""

    cache_name = "products"
    serializer_class = s.ProductCardSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductFilter

    def get_queryset(self):
        return Product.objects.all()

    def known_count(self) -> int | None:
        """The listing counters answer the count of a list filtered by category and stock only."""
        filterset = self.filterset_class(self.request.query_params, queryset=self.get_queryset(), request=self.request)
        return filterset.stored_count() if filterset.is_valid() else None

    @extend_schema(filters=True, responses={200: s.CatalogueFacetsSerializer, **errors(400, 429)})
    def facets(self, request):
        def build():
            filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
            if not filterset.is_valid():
                raise ValidationError(filterset.errors)
            offers = Offer.objects.visible().filter(filterset.offer_conditions())
            facets = selectors.catalogue_facets(filterset.matching_products(), offers)
            return s.CatalogueFacetsSerializer(facets).data

        self.cache_name = "facets"
        return self.cached(request, build)

    def cached_parameter_names(self) -> list[str]:
        names = super().cached_parameter_names()
        return [name for name in names if name not in PAGINATION_DEFAULTS] if self.action == "facets" else names


class SuggestionsView(APIView):
    """As-you-type suggestions: products and categories for the words typed so far, the last as a prefix."""

    permission_classes = [AllowAny]
    throttle_classes = [CatalogueRateThrottle, UserRateThrottle]

    @extend_schema(
        parameters=[s.SuggestionsQuerySerializer], responses={200: s.SuggestionsSerializer, **errors(400, 429)}
    )
    def get(self, request):
        params = s.SuggestionsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query, limit = params.validated_data["q"], params.validated_data["limit"]
        key = catalogue_cache_key(
            "suggestions", hashlib.sha256(f"{limit}|{' '.join(query_words(query))}".encode()).hexdigest()
        )
        data = cache.get(key)
        if data is None:
            data = s.SuggestionsSerializer(search.suggest(query, limit=limit)).data
            cache.set(key, data, catalogue_cache_timeout(shows_stock=False))
        return Response(data)


@extend_schema_view(retrieve=extend_schema(responses={200: s.ProductDetailSerializer, **errors(404, 429)}))
class CatalogueProductViewSet(CachedCatalogueMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One product with its offers. The cached answer gets each offer's current stock laid over it, so the
    page shows a purchase at once (stock moves do not bump the catalogue generation)."""

    cache_name = "product"
    serializer_class = s.ProductDetailSerializer

    def get_queryset(self):
        return selectors.product_detail_queryset()

    def retrieve(self, request, *args, **kwargs):
        product = super().retrieve(request, *args, **kwargs).data
        offers = product["product_infos"]
        stock = selectors.offer_stock(offer_ids=[offer["id"] for offer in offers])
        live = [{**offer, "quantity": stock.get(offer["id"], 0)} for offer in offers]
        return Response({**product, "product_infos": live})


@extend_schema_view(list=extend_schema(responses={200: s.CategorySerializer(many=True), **errors(404, 429)}))
class CatalogueCategoryViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    cache_name = "categories"
    shows_stock = False
    serializer_class = s.CategorySerializer

    def get_queryset(self):
        return selectors.category_list()


@extend_schema_view(list=extend_schema(responses={200: s.ShopSerializer(many=True), **errors(404, 429)}))
class CatalogueShopViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    cache_name = "shops"
    shows_stock = False
    serializer_class = s.ShopSerializer

    def get_queryset(self):
        return selectors.shop_list()


class ProductImageUploadView(APIView):
    """PUT a product's picture (staff, or a supplier offering the product); renditions follow in the background."""

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsAuthenticated, CanManageProductImage]

    @extend_schema(
        request={"multipart/form-data": s.ProductImageUploadSerializer},
        responses={202: s.ProductImageAcceptedSerializer, **errors(400, 403, 404, 413, *AUTHENTICATED)},
    )
    def put(self, request, pk: int):
        product = get_object_or_404(Product, pk=pk)
        self.check_object_permissions(request, product)
        serializer = s.ProductImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = catalogue_services.set_product_image(
            product_id=product.pk, upload=serializer.validated_data["original_image"], uploaded_by=request.user
        )
        answer = {
            "product_id": product.pk,
            "image_id": product.image_id,
            "detail": _("The picture is stored; its thumbnail and detail sizes are being made."),
        }
        return Response(s.ProductImageAcceptedSerializer(answer).data, status=status.HTTP_202_ACCEPTED)
