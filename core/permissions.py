"""API permissions that need only the user: which kind of account is asking."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsSupplier(BasePermission):
    message = _("Only supplier accounts may do this.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_supplier)
