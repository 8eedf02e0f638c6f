from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from ..models import Offer
from ..selectors import supplier_shops


class CanManageProductImage(BasePermission):
    """Staff allowed to change products (as in the admin), or a supplier whose shop has an active offer of it."""

    message = _("Only staff or a supplier offering this product may change its picture.")

    def has_object_permission(self, request, view, obj) -> bool:
        user = request.user
        if user.is_staff or user.is_superuser:
            return user.has_perm("shop.change_product")
        offers = Offer.objects.filter(product=obj, shop__in=supplier_shops(user), is_active=True)
        return user.is_supplier and offers.exists()
