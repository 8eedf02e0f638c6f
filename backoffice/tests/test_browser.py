"""Headless Chromium: log in, read the dashboard, open an order and move it; screenshots in var/screenshots/."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from imports.tests.factories import ImportRunFactory
from shop.models import Order
from shop.order_status import OrderStatus
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("wagtail_site")]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def shop_with_sales():
    for days_ago in range(0, 30, 3):
        item = OrderItemFactory(price=Decimal(1000 + 150 * days_ago), quantity=1 + days_ago % 3)
        Order.objects.filter(pk=item.order_id).update(created_at=timezone.now() - timedelta(days=days_ago))
    OfferFactory(name="Nearly gone", quantity=1)
    ImportRunFactory(status="applied")
    ImportRunFactory(status="failed", created_count=0, updated_count=0, withdrawn_count=0)
    order = OrderFactory()
    OrderItemFactory(order=order, offer=OfferFactory(name="Phone X", price=Decimal("75000.00")), quantity=2)
    User.objects.create_superuser(email="boss@example.com", password=PASSWORD)
    return order


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
def test_manager_logs_in_reads_the_dashboard_and_confirms_an_order(live_server, shop_with_sales):
    from playwright.sync_api import expect, sync_playwright

    order = shop_with_sales
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "boss@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

        expect(page.locator("svg.bo-chart")).to_be_visible()
        assert page.locator("svg.bo-chart rect.bo-chart__bar").count() == 30
        expect(page.locator("[data-low-stock-count]")).to_have_text("1")
        expect(page.locator('[data-import-status="failed"]')).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

        page.goto(f"{live_server.url}/admin/snippets/shop/order/inspect/{order.pk}/")
        expect(page.locator("[data-order-total]")).to_contain_text("150")
        expect(page.locator('[data-transition="sent"]')).to_have_count(0)
        page.screenshot(path=str(SCREENSHOTS / "order.png"), full_page=True)
        page.click('[data-transition="confirmed"]')
        page.fill("textarea[name=note]", "Checked with the customer")
        page.click("[data-confirm-move]")
        expect(page.locator("[data-order-status]")).to_have_text("Confirmed")
        expect(page.locator('[data-transition="assembled"]')).to_be_visible()
        expect(page.locator("[data-undo]")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "order-confirmed.png"), full_page=True)
        browser.close()

    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert {path.name for path in SCREENSHOTS.glob("*.png")} >= {"dashboard.png", "order.png", "order-confirmed.png"}
