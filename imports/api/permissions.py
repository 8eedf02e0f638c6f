from rest_framework.permissions import BasePermission

from ..selectors import can_import


class CanImport(BasePermission):
    """Staff, superusers and suppliers; which shops each may touch is decided by the selectors (else 404)."""

    def has_permission(self, request, view) -> bool:
        return can_import(request.user)


class IsStaff(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and (request.user.is_staff or request.user.is_superuser))
