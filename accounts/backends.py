"""Supplier accounts may enter the back office: there they see only their own shop's workspace, whose views
scope every object to the supplier's shop and whose menu hides everything else (backoffice.workspace)."""

from django.contrib.auth.backends import BaseBackend

ACCESS_ADMIN = "wagtailadmin.access_admin"


class SupplierAdminAccessBackend(BaseBackend):
    """Grants `wagtailadmin.access_admin`, and nothing more, to every active supplier account."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm == ACCESS_ADMIN and user_obj.is_active and getattr(user_obj, "is_supplier", False)
