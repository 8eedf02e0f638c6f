from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .forms import PriceListFeedForm
from .models import FeedFetch, FeedFetchStatus, ImportRun, PriceListFeed
from .selectors import feed_fetch_history, feed_state


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
            path("<int:pk>/discard/", admin_views.discard, name="discard"),
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


class FeedInspectView(InspectView):
    """The feed with where it stands: its last error and its latest fetches."""

    computed_labels = {"last_error": _("Last error"), "fetch_history": _("Latest fetches")}

    def get_field_label(self, field_name, field):
        if field_name in self.computed_labels:
            return self.computed_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_last_error_display_value(self):
        state = feed_state(shop_id=self.object.shop_id)
        if state is None or state.last_error is None:
            return "—"
        error = state.last_error
        return format_html("{} — {}: {}", _date(error.started_at), error.get_status_display(), error.error or "—")

    def get_fetch_history_display_value(self):
        fetches = feed_fetch_history(shop_id=self.object.shop_id)
        if not fetches:
            return _("Not fetched yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    _date(fetch.started_at),
                    fetch.get_status_display(),
                    fetch.http_status or "—",
                    fetch.bytes_received,
                    _run_link(fetch.run_id),
                    fetch.error or "",
                )
                for fetch in fetches
            ),
        )
        return format_html(
            '<table class="listing"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("Started"),
            _("Status"),
            _("HTTP status"),
            _("Bytes"),
            _("Import"),
            _("Error"),
            rows,
        )


def _date(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _run_link(run_id: int | None):
    if run_id is None:
        return "—"
    return format_html('<a href="{}">#{}</a>', reverse("imports:detail", args=[run_id]), run_id)


def _last_status(feed: PriceListFeed) -> str:
    return FeedFetchStatus(feed.last_fetch_status).label if feed.last_fetch_status else "—"


class PriceListFeedViewSet(SnippetViewSet):
    """Shops' price-list feeds: the URL and schedule, and on each feed's page its fetch history."""

    model = PriceListFeed
    icon = "link"
    list_display = [
        "shop",
        "url",
        "interval_hours",
        BooleanColumn("is_active", label=_("Active")),
        Column("last_fetch_status", label=_("Last fetch"), accessor=_last_status),
        DateColumn("next_fetch_at", label=_("Next fetch")),
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "shop__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("shop", "url", "import_format", "interval_hours", "is_active", "next_fetch_at")],
        base_form_class=PriceListFeedForm,
    )
    inspect_view_enabled = True
    inspect_view_class = FeedInspectView
    inspect_view_fields = [
        "shop",
        "url",
        "import_format",
        "interval_hours",
        "is_active",
        "next_fetch_at",
        "last_error",
        "fetch_history",
    ]

    def get_queryset(self, request):
        latest = FeedFetch.objects.filter(feed=OuterRef("pk")).order_by("-started_at", "-id").values("status")[:1]
        return PriceListFeed.objects.select_related("shop").annotate(last_fetch_status=Subquery(latest))


register_snippet(PriceListFeedViewSet)
