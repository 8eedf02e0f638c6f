from rest_framework.permissions import BasePermission

from ..selectors import can_import


class CanImport(BasePermission):
    """Suppliers, and staff with the view's `staff_permission`; the selectors decide which shops (else 404)."""

    def has_permission(self, request, view) -> bool:
        return can_import(request.user, view.staff_permission)


class IsStaffWithPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user.is_authenticated and (user.is_staff or user.is_superuser) and user.has_perm(view.staff_permission)
        )
