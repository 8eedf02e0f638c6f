"""The public catalogue: offers, products, categories and shops, answered from the catalogue cache."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import filters, mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from core.throttling import UserRateThrottle
from shop import selectors
from shop.catalogue_cache import catalogue_cache_key, catalogue_cache_timeout
from shop.filters import OfferFilter, StableOrderingFilter
from shop.models import Product
from shop.services import catalogue as catalogue_services

from .. import serializers as s
from ..permissions import CanManageProductImage
from ..throttles import CatalogueRateThrottle


class CachedCatalogueMixin:
    """Public catalogue reads, answered from the cache under the current catalogue generation.

    The key holds the host (pagination links are absolute) and the sorted query string; any catalogue
    write bumps the generation, so the next request misses and sees the change.
    """

    permission_classes = [AllowAny]
    throttle_classes = [CatalogueRateThrottle, UserRateThrottle]
    cache_name: str

    def cached(self, request, build) -> Response:
        query = urlencode(sorted(request.query_params.lists()), doseq=True)
        fingerprint = hashlib.sha256(f"{request.get_host()}|{request.path}|{query}".encode()).hexdigest()
        key = catalogue_cache_key(self.cache_name, fingerprint)
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, catalogue_cache_timeout())
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
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, StableOrderingFilter]
    filterset_class = OfferFilter
    search_fields = ["product__name", "name", "product__category__name"]
    ordering_fields = ["price", "quantity", "product_name"]

    def get_queryset(self):
        return selectors.offer_list()


@extend_schema_view(retrieve=extend_schema(responses={200: s.ProductDetailSerializer, **errors(404, 429)}))
class CatalogueProductViewSet(CachedCatalogueMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    cache_name = "product"
    serializer_class = s.ProductDetailSerializer

    def get_queryset(self):
        return selectors.product_detail_queryset()


@extend_schema_view(list=extend_schema(responses={200: s.CategorySerializer(many=True), **errors(404, 429)}))
class CatalogueCategoryViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    cache_name = "categories"
    serializer_class = s.CategorySerializer

    def get_queryset(self):
        return selectors.category_list()


@extend_schema_view(list=extend_schema(responses={200: s.ShopSerializer(many=True), **errors(404, 429)}))
class CatalogueShopViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    cache_name = "shops"
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
