"""The dashboard: sales figures for today / 7 / 30 days, the 30-day chart, low stock and latest imports."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.charts import sales_chart
from backoffice.selectors import daily_sales, sales_windows
from core.models import StoreSettings
from imports.tests.factories import ImportRunFactory
from shop.models import Order
from shop.tests.factories import OfferFactory, OrderItemFactory

pytestmark = pytest.mark.django_db


def order_placed(days_ago: int, amount: str, status: str = "new") -> Order:
    item = OrderItemFactory(price=Decimal(amount), quantity=1)
    created = timezone.now() - timedelta(days=days_ago)
    Order.objects.filter(pk=item.order_id).update(created_at=created, status=status)
    return item.order


def test_sales_windows_count_orders_and_revenue_excluding_cancelled():
    order_placed(0, "100.00")
    order_placed(0, "999.00", status="canceled")
    order_placed(3, "50.00")
    order_placed(20, "25.00")
    order_placed(45, "1000.00")
    series = daily_sales(days=30)
    assert len(series) == 30 and series[-1].day == timezone.localdate()
    windows = {window.days: (window.orders, window.revenue) for window in sales_windows(series)}
    assert windows == {1: (1, Decimal("100.00")), 7: (2, Decimal("150.00")), 30: (3, Decimal("175.00"))}


def test_chart_has_one_bar_per_day_scaled_to_the_best_day():
    order_placed(0, "100.00")
    order_placed(1, "50.00")
    chart = sales_chart(daily_sales(days=30))
    assert len(chart.bars) == 30
    today, yesterday = chart.bars[-1], chart.bars[-2]
    assert today.height == pytest.approx(2 * yesterday.height)
    assert chart.bars[0].height == 0
    assert today.title.endswith(": 100.00\xa0₽ / 1") and chart.max_revenue == "100\xa0₽"
    assert len(chart.line_points.split()) == 30


def test_dashboard_shows_sales_chart_low_stock_and_imports(admin_client):
    order_placed(0, "1234.50")
    OfferFactory(quantity=2)
    OfferFactory(quantity=50)
    OfferFactory(quantity=0, is_active=False)
    settings = StoreSettings.load()
    settings.low_stock_threshold = 3
    settings.save()
    ImportRunFactory(status="failed")

    response = admin_client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-revenue="1234.50"' in html and "1,234.50\xa0₽" in html
    assert "<svg" in html and html.count('class="bo-chart__bar"') == 30
    assert "data-low-stock-count>1<" in html
    assert 'data-import-status="failed"' in html
    assert "http://" not in html.split('class="bo-chart"')[1].split("</svg>")[0].replace("http://www.w3.org", "")


def test_dashboard_queries_do_not_grow_with_orders_or_imports(admin_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/").status_code == 200
        return len(captured)

    order_placed(0, "10.00")
    ImportRunFactory()
    admin_client.get("/admin/")
    few = queries()
    for days_ago in range(25):
        order_placed(days_ago, "10.00")
    ImportRunFactory.create_batch(6)
    assert queries() == few


def test_panels_follow_permissions(staff_client):
    client = staff_client("Merchandisers")
    html = client.get("/admin/").content.decode()
    assert 'id="low-stock' in html or "data-low-stock-count" in html
    assert "bo-chart" not in html and "data-import-status" not in html
    client = staff_client("Order managers")
    html = client.get("/admin/").content.decode()
    assert "bo-chart" in html
