"""Panels of the Wagtail dashboard: sales figures and chart, low stock, latest imports.

Each panel shows only to users allowed to read what it summarises, and costs a fixed number of queries.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from core.store_settings import low_stock_threshold

from .charts import sales_chart
from .selectors import daily_sales, latest_imports, low_stock_offers, sales_windows

WINDOW_LABELS = {1: _("Today"), 7: _("Last 7 days"), 30: _("Last 30 days")}


class DashboardPanel(Component):
    permission: str = ""

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return self.request.user.has_perm(self.permission)


class SalesPanel(DashboardPanel):
    name = "sales"
    order = 50
    permission = "shop.view_order"
    template_name = "backoffice/panels/sales.html"

    def get_context_data(self, parent_context=None):
        series = daily_sales(days=30)
        windows = [(WINDOW_LABELS[window.days], window) for window in sales_windows(series)]
        return {
            "windows": windows,
            "chart": sales_chart(series),
            "orders_url": reverse("wagtailsnippets_shop_order:list"),
        }


class LowStockPanel(DashboardPanel):
    name = "low_stock"
    order = 60
    permission = "shop.view_offer"
    template_name = "backoffice/panels/low_stock.html"

    def get_context_data(self, parent_context=None):
        threshold = low_stock_threshold(self.request)
        return {
            "threshold": threshold,
            "count": low_stock_offers(threshold=threshold).count(),
            "report_url": reverse("backoffice_reports:low_stock"),
        }


class LatestImportsPanel(DashboardPanel):
    name = "latest_imports"
    order = 70
    permission = "imports.view_importrun"
    template_name = "backoffice/panels/latest_imports.html"

    def get_context_data(self, parent_context=None):
        return {"runs": latest_imports(limit=5)}


def dashboard_panels(request) -> list[DashboardPanel]:
    panels = (SalesPanel(request), LowStockPanel(request), LatestImportsPanel(request))
    return [panel for panel in panels if panel.is_shown()]
