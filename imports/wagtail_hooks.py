from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ImportRun


class ImportsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return admin_views.can_see_imports(request.user)


class ImportsViewSet(ViewSet):
    """The back office's import pages; shown to superusers and holders of the ImportRun permissions."""

    name = "imports"
    icon = "download"
    menu_label = _("Imports")
    menu_order = 220
    add_to_admin_menu = True
    menu_item_class = ImportsMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("new/", admin_views.upload, name="upload"),
            path("<int:pk>/", admin_views.detail, name="detail"),
            path("<int:pk>/apply/", admin_views.apply, name="apply"),
            path("<int:pk>/rollback/", admin_views.rollback, name="rollback"),
            path("<int:pk>/fail/", admin_views.fail, name="fail"),
            path("<int:pk>/resume/", admin_views.resume, name="resume"),
            path("<int:pk>/status/", admin_views.status, name="status"),
        ]


@hooks.register("register_admin_viewset")
def register_imports_viewset():
    return ImportsViewSet()


class ImportRunViewSet(SnippetViewSet):
    """The runs as plain records under Snippets (filterable); the "Imports" pages above are the workflow."""

    model = ImportRun
    icon = "download"
    list_display = ["__str__", "shop", "status", "created_count", "updated_count", "withdrawn_count", "created_at"]
    list_filter = ["status", "shop"]
    search_fields = ["source"]

    def get_queryset(self, request):
        return ImportRun.objects.select_related("shop")


register_snippet(ImportRunViewSet)
