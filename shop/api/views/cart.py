"""The customer's cart: read, add an offer, change or remove a line, empty it."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from shop import selectors
from shop.services import cart as cart_services

from .. import serializers as s


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
            offer_id=serializer.validated_data["offer_id"],
            quantity=serializer.validated_data["quantity"],
        )
        return cart_response(request.user, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CartMergeView(APIView):
    @extend_schema(
        request=s.CartMergeSerializer,
        responses={200: s.CartSerializer, **errors(400, *AUTHENTICATED)},
        description="Adds a guest cart's lines in one transaction; each line is capped at the stock, "
        "unknown or sold-out offers are skipped.",
    )
    def post(self, request):
        serializer = s.CartMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lines = [(line["offer_id"], line["quantity"]) for line in serializer.validated_data["items"]]
        cart_services.merge_into_cart(user=request.user, lines=lines)
        return cart_response(request.user)


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
