"""The customer's delivery contacts and their e-mail confirmation."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import AUTHENTICATED, DetailSerializer, errors
from core.throttling import ScopedRateThrottle, UserRateThrottle
from shop.models import Contact
from shop.services import contacts as contact_services

from .. import serializers as s


@extend_schema_view(
    list=extend_schema(responses={200: s.ContactSerializer(many=True), **errors(404, *AUTHENTICATED)}),
    create=extend_schema(responses={201: s.ContactSerializer, **errors(400, *AUTHENTICATED)}),
    retrieve=extend_schema(responses={200: s.ContactSerializer, **errors(404, *AUTHENTICATED)}),
    update=extend_schema(responses={200: s.ContactSerializer, **errors(400, 404, *AUTHENTICATED)}),
    partial_update=extend_schema(responses={200: s.ContactSerializer, **errors(400, 404, *AUTHENTICATED)}),
    destroy=extend_schema(responses={204: None, **errors(404, 409, *AUTHENTICATED)}),
)
class CustomerContactViewSet(viewsets.ModelViewSet):
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
