"""Who uses the workspace, the shop it is scoped to, and the permission policy and views that enforce it."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import User
from shop.models import Shop
from shop.selectors import supplier_shops


def is_workspace_user(user) -> bool:
    """An active supplier account (staff keep the full back office instead)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_supplier", False)
        and not (user.is_staff or user.is_superuser)
    )


def workspace_shop(request) -> Shop:
    """The shop the signed-in supplier works for, read once per request; 404 for anybody else."""
    if not hasattr(request, "_workspace_shop"):
        request._workspace_shop = supplier_shops(request.user).first() if is_workspace_user(request.user) else None
    if request._workspace_shop is None:
        raise Http404
    return request._workspace_shop


class WorkspacePermissionPolicy(ModelPermissionPolicy):
    """A supplier may do `actions` to its own shop's objects (reached through `shop_path`), and nothing else."""

    def __init__(self, model, *, actions: frozenset[str], shop_path: str = "shop"):
        super().__init__(model)
        self.actions = actions
        self.shop_path = shop_path

    def user_has_permission(self, user, action) -> bool:
        return action in self.actions and is_workspace_user(user)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        return self.model._default_manager.filter(
            pk=instance.pk, **{f"{self.shop_path}__in": supplier_shops(user)}
        ).exists()

    def users_with_any_permission(self, actions):
        return User.objects.none()


class ShopScopedMixin:
    """Lists and pages over the signed-in supplier's own shop only; any other object is 404."""

    shop_path = "shop"

    def scope(self, queryset):
        return queryset.filter(**{self.shop_path: workspace_shop(self.request)})

    def get_object(self, queryset=None):
        pk = self.kwargs.get("pk", getattr(self, "pk", None))
        return get_object_or_404(self.scope(self.model._default_manager.all()), pk=unquote(str(pk)))


class ScopedIndexView(ShopScopedMixin, IndexView):
    def get_base_queryset(self):
        return self.scope(super().get_base_queryset())


class ScopedInspectView(ShopScopedMixin, InspectView):
    pass


class ScopedEditView(ShopScopedMixin, EditView):
    """Only the form: the workspace has no delete, history or usage pages."""

    def get_delete_url(self):
        return None

    def get_history_url(self):
        return None

    def get_usage_url(self):
        return None
