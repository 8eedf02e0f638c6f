"""A supplier's own shop: whether it accepts orders, and the orders with its offers in them."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from core.permissions import IsSupplier
from shop import selectors
from shop.models import Order
from shop.services import catalogue as catalogue_services

from .. import serializers as s


class SupplierAcceptsOrdersView(APIView):
    """Whether the supplier's own shop accepts orders."""

    permission_classes = [IsSupplier]

    @extend_schema(responses={200: s.ShopStateSerializer, **errors(403, 404, *AUTHENTICATED)})
    def get(self, request):
        return Response(s.ShopStateSerializer(selectors.supplier_shop(request.user)).data)

    @extend_schema(
        request=s.ShopStateSerializer, responses={200: s.ShopStateSerializer, **errors(400, 403, 404, *AUTHENTICATED)}
    )
    def post(self, request):
        serializer = s.ShopStateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shop = catalogue_services.set_shop_accepting_orders(
            shop=selectors.supplier_shop(request.user), accepts_orders=serializer.validated_data["accepts_orders"]
        )
        return Response(s.ShopStateSerializer(shop).data)


@extend_schema(responses={200: s.OrderSerializer(many=True), **errors(403, 404, *AUTHENTICATED)})
class SupplierOrderListView(generics.ListAPIView):
    """Orders with the supplier's offers in them, each showing only the supplier's own lines."""

    permission_classes = [IsSupplier]
    serializer_class = s.OrderSerializer
    queryset = Order.objects.none()  # the model, for the schema; get_queryset() scopes to the shop

    def get_queryset(self):
        return selectors.supplier_order_list(shop=selectors.supplier_shop(self.request.user))
