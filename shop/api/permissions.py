from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from ..models import Offer


class CanManageProductImage(BasePermission):
    """Staff, or the supplier whose shop offers the product."""

    message = _("Only staff or a supplier offering this product may change its picture.")

    def has_object_permission(self, request, view, obj) -> bool:
        user = request.user
        if user.is_staff:
            return True
        return user.is_supplier and Offer.objects.filter(product=obj, shop__owner=user).exists()
