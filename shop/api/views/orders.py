"""The customer's orders: checkout of the cart, the order history, cancelling."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from shop import selectors
from shop.models import Order
from shop.services.checkout import place_order
from shop.services.orders import cancel_order

from .. import serializers as s

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
            expected_total=serializer.validated_data["expected_total"],
            expected_prices=serializer.validated_data.get("expected_prices"),
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
class CustomerOrderViewSet(viewsets.ReadOnlyModelViewSet):
    """The customer's own orders, newest first."""

    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()  # the model, for the schema; get_queryset() scopes to the user

    def get_queryset(self):
        return selectors.order_list(user=self.request.user)

    @extend_schema(
        request=s.CancelOrderSerializer, responses={200: s.OrderSerializer, **errors(400, 404, 409, *AUTHENTICATED)}
    )
    def cancel(self, request, pk: int):
        serializer = s.CancelOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cancel_order(user=request.user, order_id=pk, reason=serializer.validated_data.get("reason", ""))
        return Response(s.OrderSerializer(self.get_queryset().get(pk=pk)).data)
