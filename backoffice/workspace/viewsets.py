"""The base of the workspace's lists: Wagtail's ModelViewSet, scoped to the supplier's shop, with its own
permission policy passed to its views (the model's global policy stays the staff's)."""

from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from .access import ScopedEditView, ScopedIndexView, ScopedInspectView, WorkspacePermissionPolicy, is_workspace_user


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_workspace_user(request.user)


class WorkspaceViewSet(ModelViewSet):
    """A list (with search, filters and export), an inspect page and, with "change" in `actions`, an edit form."""

    actions: frozenset[str] = frozenset({"view"})
    shop_path = "shop"
    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    edit_view_class = ScopedEditView
    menu_item_class = WorkspaceMenuItem
    copy_view_enabled = False

    @cached_property
    def workspace_policy(self) -> WorkspacePermissionPolicy:
        return WorkspacePermissionPolicy(self.model, actions=self.actions, shop_path=self.shop_path)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(permission_policy=self.workspace_policy, **kwargs)

    def register_permissions(self):
        """Nothing to register: the right comes from working for the shop, not from a permission."""

    def get_urlpatterns(self):
        """The list, the inspect page and, if the supplier may change the objects, the edit form: no add,
        delete, history or usage pages."""
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
        if "change" in self.actions:
            patterns.append(path("edit/<int:pk>/", self.edit_view, name="edit"))
        return patterns
