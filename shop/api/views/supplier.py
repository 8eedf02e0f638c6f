"""A supplier's own shop: whether it accepts orders, the orders with its offers in them, its shipments."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, errors
from core.permissions import IsSupplier
from shop import selectors
from shop.models import Order, Shipment
from shop.order_status import ShipmentStatus
from shop.services import catalogue as catalogue_services
from shop.services.orders import change_shipment_status

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


@extend_schema(
    parameters=[OpenApiParameter("status", enum=ShipmentStatus.values, description="Only shipments in this status.")],
    responses={200: s.PartnerShipmentSerializer(many=True), **errors(400, 403, 404, *AUTHENTICATED)},
)
class SupplierShipmentListView(generics.ListAPIView):
    """The supplier's own shipments, newest first: what to pack and where it goes."""

    permission_classes = [IsSupplier]
    serializer_class = s.PartnerShipmentSerializer
    queryset = Shipment.objects.none()  # the model, for the schema; get_queryset() scopes to the shop

    def get_queryset(self):
        query = s.ShipmentFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.supplier_shipment_list(
            shop=selectors.supplier_shop(self.request.user), status=query.validated_data.get("status")
        )


class SupplierShipmentStatusView(APIView):
    """The supplier moves its own shipment: `assembled`, then `sent` (with a tracking number if it has one)."""

    permission_classes = [IsSupplier]

    @extend_schema(
        request=s.ShipmentStatusRequestSerializer,
        responses={200: s.PartnerShipmentSerializer, **errors(400, 403, 404, 409, *AUTHENTICATED)},
    )
    def post(self, request, pk: int):
        serializer = s.ShipmentStatusRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shop = selectors.supplier_shop(request.user)
        change_shipment_status(
            shipment_id=pk,
            to_status=serializer.validated_data["status"],
            tracking_number=serializer.validated_data.get("tracking_number", ""),
            carrier=serializer.validated_data.get("carrier", ""),
            changed_by=request.user,
            shop=shop,
        )
        return Response(s.PartnerShipmentSerializer(selectors.supplier_shipment_list(shop=shop).get(pk=pk)).data)
