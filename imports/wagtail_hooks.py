from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ImportRun


class ImportRunViewSet(SnippetViewSet):
    model = ImportRun
    icon = "download"
    menu_label = _("Import history")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["__str__", "shop", "status", "created_count", "updated_count", "withdrawn_count", "created_at"]
    list_filter = ["status", "shop"]
    search_fields = ["source"]

    def get_queryset(self, request):
        return ImportRun.objects.select_related("shop")


register_snippet(ImportRunViewSet)
