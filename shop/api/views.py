"""Thin API views: validate with a serializer, call one service or selector, serialize the answer."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, generics, mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, DetailSerializer, errors

from .. import selectors
from ..catalogue_cache import catalogue_cache_key, catalogue_cache_timeout
from ..exceptions import NotFoundError
from ..filters import OfferFilter, StableOrderingFilter
from ..models import Contact, Order, Product, Shop
from ..services import cart as cart_services
from ..services import catalogue as catalogue_services
from ..services import contacts as contact_services
from ..services.checkout import place_order
from ..services.orders import cancel_order
from . import serializers as s
from .permissions import CanManageProductImage, IsSupplier
from .throttles import CatalogueRateThrottle

# ---------------------------------------------------------------- catalogue


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
class OfferViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalogue: offers of shops that accept orders (API.md's product-infos/)."""

    cache_name = "offers"
    serializer_class = s.OfferListSerializer
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, StableOrderingFilter]
    filterset_class = OfferFilter
    search_fields = ["product__name", "name", "product__category__name"]
    ordering_fields = ["price", "quantity", "product_name"]

    def get_queryset(self):
        return selectors.offer_list()


@extend_schema_view(retrieve=extend_schema(responses={200: s.ProductDetailSerializer, **errors(404, 429)}))
class ProductViewSet(CachedCatalogueMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    cache_name = "product"
    serializer_class = s.ProductDetailSerializer

    def get_queryset(self):
        return selectors.product_detail_queryset()


@extend_schema_view(list=extend_schema(responses={200: s.CategorySerializer(many=True), **errors(404, 429)}))
class CategoryViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    cache_name = "categories"
    serializer_class = s.CategorySerializer

    def get_queryset(self):
        return selectors.category_list()


@extend_schema_view(list=extend_schema(responses={200: s.ShopSerializer(many=True), **errors(404, 429)}))
class ShopViewSet(CachedCatalogueMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
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


# ---------------------------------------------------------------- cart


def cart_response(user, status_code: int = status.HTTP_200_OK) -> Response:
    cart = selectors.cart_detail(cart=cart_services.get_or_create_cart(user=user))
    return Response(s.CartSerializer(cart).data, status=status_code)


class CartView(APIView):
    @extend_schema(responses={200: s.CartSerializer, **errors(*AUTHENTICATED)})
    def get(self, request):
        return cart_response(request.user)

    @extend_schema(responses={204: None, **errors(*AUTHENTICATED)})
    def delete(self, request):
        cart_services.clear_cart(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartAddView(APIView):
    @extend_schema(
        request=s.CartAddSerializer,
        responses={
            200: s.CartSerializer,
            201: s.CartSerializer,
            409: s.StockConflictSerializer,
            **errors(400, 404, *AUTHENTICATED),
        },
        description="201 when a new line was added, 200 when the quantity went onto an existing line.",
    )
    def post(self, request):
        serializer = s.CartAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _item, created = cart_services.add_to_cart(
            user=request.user,
            offer_id=serializer.validated_data["product_info_id"],
            quantity=serializer.validated_data["quantity"],
        )
        return cart_response(request.user, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CartItemView(APIView):
    def _update(self, request, pk: int) -> Response:
        serializer = s.QuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart_services.update_cart_item(user=request.user, item_id=pk, quantity=serializer.validated_data["quantity"])
        return cart_response(request.user)

    @extend_schema(
        request=s.QuantitySerializer,
        responses={200: s.CartSerializer, 409: s.StockConflictSerializer, **errors(400, 404, *AUTHENTICATED)},
    )
    def put(self, request, pk: int):
        return self._update(request, pk)

    @extend_schema(
        request=s.QuantitySerializer,
        responses={200: s.CartSerializer, 409: s.StockConflictSerializer, **errors(400, 404, *AUTHENTICATED)},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk)

    @extend_schema(responses={204: None, **errors(404, *AUTHENTICATED)})
    def delete(self, request, pk: int):
        cart_services.remove_cart_item(user=request.user, item_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- contacts


@extend_schema_view(
    list=extend_schema(responses={200: s.ContactSerializer(many=True), **errors(404, *AUTHENTICATED)}),
    create=extend_schema(responses={201: s.ContactSerializer, **errors(400, *AUTHENTICATED)}),
    retrieve=extend_schema(responses={200: s.ContactSerializer, **errors(404, *AUTHENTICATED)}),
    update=extend_schema(responses={200: s.ContactSerializer, **errors(400, 404, *AUTHENTICATED)}),
    partial_update=extend_schema(responses={200: s.ContactSerializer, **errors(400, 404, *AUTHENTICATED)}),
    destroy=extend_schema(responses={204: None, **errors(404, 409, *AUTHENTICATED)}),
)
class ContactViewSet(viewsets.ModelViewSet):
    """The user's own delivery addresses; anyone else's answer 404."""

    serializer_class = s.ContactSerializer
    queryset = Contact.objects.none()  # the model, for the schema; get_queryset() scopes to the user

    def get_queryset(self):
        return Contact.objects.filter(user=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.instance = contact_services.create_contact(user=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = contact_services.update_contact(
            user=self.request.user, contact_id=serializer.instance.pk, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        contact_services.delete_contact(user=self.request.user, contact_id=instance.pk)


class SendContactConfirmationView(APIView):
    # Sends e-mail: the strict `auth` scope, as accounts' confirmation sends.
    throttle_classes = [ScopedRateThrottle, UserRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=s.ContactIdSerializer, responses={202: DetailSerializer, **errors(400, 404, 409, *AUTHENTICATED)}
    )
    def post(self, request):
        serializer = s.ContactIdSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact_services.send_contact_confirmation(
            user=request.user, contact_id=serializer.validated_data["contact_id"]
        )
        return Response({"detail": _("A confirmation link is on its way.")}, status=status.HTTP_202_ACCEPTED)


class ConfirmContactView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: DetailSerializer, **errors(400, 404, 429)})
    def get(self, request, token):
        contact_services.confirm_contact(token=token)
        return Response({"detail": _("The contact is confirmed.")})


# ---------------------------------------------------------------- orders


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Repeat a request with the same key to get the same order back (200) instead of a second one.",
)


class ConfirmOrderView(APIView):
    @extend_schema(
        request=s.ConfirmOrderSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: s.OrderSerializer,
            200: s.OrderSerializer,
            409: s.CheckoutConflictSerializer,
            **errors(400, 404, *AUTHENTICATED),
        },
    )
    def post(self, request):
        serializer = s.ConfirmOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = s.IdempotencyKeySerializer(data={"key": request.headers.get("Idempotency-Key")})
        if not key.is_valid():
            return Response({"Idempotency-Key": key.errors["key"]}, status=status.HTTP_400_BAD_REQUEST)
        placed = place_order(
            user=request.user,
            contact_id=serializer.validated_data["contact_id"],
            cart_id=serializer.validated_data.get("cart_id"),
            idempotency_key=key.validated_data.get("key"),
        )
        order = selectors.order_list(user=request.user).get(pk=placed.order.pk)
        return Response(
            s.OrderSerializer(order).data, status=status.HTTP_201_CREATED if placed.created else status.HTTP_200_OK
        )


@extend_schema_view(
    list=extend_schema(responses={200: s.OrderSerializer(many=True), **errors(404, *AUTHENTICATED)}),
    retrieve=extend_schema(responses={200: s.OrderSerializer, **errors(404, *AUTHENTICATED)}),
)
class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """The customer's own orders, newest first."""

    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()  # the model, for the schema; get_queryset() scopes to the user

    def get_queryset(self):
        return selectors.order_list(user=self.request.user)

    @extend_schema(request=None, responses={200: s.OrderSerializer, **errors(404, 409, *AUTHENTICATED)})
    def cancel(self, request, pk: int):
        cancel_order(user=request.user, order_id=pk)
        return Response(s.OrderSerializer(self.get_queryset().get(pk=pk)).data)


# ---------------------------------------------------------------- supplier


def supplier_shop(user) -> Shop:
    shop = Shop.objects.filter(owner=user).first()
    if shop is None:
        raise NotFoundError(_("Your account does not own a shop."))
    return shop


class PartnerStateView(APIView):
    """Whether the supplier's own shop accepts orders (the original service's `state`)."""

    permission_classes = [IsSupplier]

    @extend_schema(responses={200: s.ShopStateSerializer, **errors(403, 404, *AUTHENTICATED)})
    def get(self, request):
        return Response(s.ShopStateSerializer(supplier_shop(request.user)).data)

    @extend_schema(
        request=s.ShopStateSerializer, responses={200: s.ShopStateSerializer, **errors(400, 403, 404, *AUTHENTICATED)}
    )
    def post(self, request):
        serializer = s.ShopStateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shop = catalogue_services.set_shop_accepting_orders(
            shop=supplier_shop(request.user), accepts_orders=serializer.validated_data["accepts_orders"]
        )
        return Response(s.ShopStateSerializer(shop).data)


@extend_schema(responses={200: s.OrderSerializer(many=True), **errors(403, 404, *AUTHENTICATED)})
class PartnerOrderListView(generics.ListAPIView):
    """Orders with the supplier's offers in them, each showing only the supplier's own lines."""

    permission_classes = [IsSupplier]
    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()  # the model, for the schema; get_queryset() scopes to the shop

    def get_queryset(self):
        return selectors.supplier_order_list(shop=supplier_shop(self.request.user))
