"""Back office: dashboard panels and reports, and the supplier's workspace (backoffice.workspace)."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.viewsets.base import ViewSetGroup

from .panels import dashboard_panels
from .reports import AboveRrcReportView, LowStockReportView
from .workspace.access import is_workspace_user
from .workspace.offers import OwnOfferViewSet
from .workspace.panels import ShopDashboardPanel
from .workspace.shipments import OwnShipmentViewSet
from .workspace.shop_settings import ShopSettingsViewSet


@hooks.register("insert_global_admin_css")
def backoffice_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("backoffice/backoffice.css"))


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels) -> None:
    if is_workspace_user(request.user):
        panels[:] = [ShopDashboardPanel(request)]
    else:
        panels[:0] = dashboard_panels(request)


class WorkspaceGroup(ViewSetGroup):
    menu_label = _("My shop")
    menu_icon = "site"
    menu_order = 100
    items = (OwnShipmentViewSet, OwnOfferViewSet, ShopSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_workspace():
    return WorkspaceGroup()


# Besides its own shop, a supplier works only with its price lists (the imports pages, scoped to its shop).
WORKSPACE_MENU = {"my-shop", "imports"}


@hooks.register("construct_main_menu")
def workspace_menu_only(request, menu_items) -> None:
    """A supplier's menu is its workspace: Wagtail's own items (help, search …) are not its business."""
    if is_workspace_user(request.user):
        menu_items[:] = [item for item in menu_items if item.name in WORKSPACE_MENU]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("low-stock/", LowStockReportView.as_view(), name="low_stock"),
        path("low-stock/results/", LowStockReportView.as_view(results_only=True), name="low_stock_results"),
        path("above-rrc/", AboveRrcReportView.as_view(), name="above_rrc"),
        path("above-rrc/results/", AboveRrcReportView.as_view(results_only=True), name="above_rrc_results"),
    ]
    return [path("shop-reports/", include((urls, "backoffice_reports")))]


class OfferReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("shop.view_offer") or request.user.has_perm("shop.change_offer")


@hooks.register("register_reports_menu_item")
def register_low_stock_menu_item():
    return OfferReportMenuItem(_("Low stock"), reverse("backoffice_reports:low_stock"), icon_name="warning", order=700)


@hooks.register("register_reports_menu_item")
def register_above_rrc_menu_item():
    return OfferReportMenuItem(
        _("Priced above RRC"), reverse("backoffice_reports:above_rrc"), icon_name="tag", order=710
    )
