"""The supplier's dashboard: its shop's shipments waiting, sales (today, 30 days, the chart), low stock, the
last import, offers above RRC, and its price-list feed's latest fetches and standing error. A fixed number
of queries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from core.store_settings import low_stock_threshold
from imports.selectors import feed_fetch_history, feed_state

from ..charts import sales_chart
from ..selectors import daily_sales, sales_windows
from .access import workspace_shop
from .selectors import shop_figures


class ShopDashboardPanel(Component):
    name = "workspace"
    order = 40
    template_name = "backoffice/workspace/dashboard.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        shop = workspace_shop(self.request)
        series = daily_sales(days=30, shop=shop)
        today, month = sales_windows(series, windows=(1, 30))
        threshold = low_stock_threshold(self.request)
        feed = feed_state(shop_id=shop.pk)
        shipments = reverse("workspace_shipments:index")
        offers = reverse("workspace_offers:index")
        return {
            "shop": shop,
            "figures": shop_figures(shop=shop, low_stock_threshold=threshold),
            "threshold": threshold,
            "windows": [(_("Today"), today), (_("Last 30 days"), month)],
            "chart": sales_chart(series),
            "orders_url": shipments,
            "shipments_url": shipments,
            "offers_url": offers,
            "imports_url": reverse("imports:index"),
            "feed_settings_url": reverse("workspace_settings:edit") + "#feed",
            "feed": feed,
            "feed_fetches": feed_fetch_history(shop_id=shop.pk, limit=5) if feed else [],
        }
