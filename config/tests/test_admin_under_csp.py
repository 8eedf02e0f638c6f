"""Headless Chromium walks the admin under its Content-Security-Policy: nothing the page needs is refused.

Every menu entry is opened, then up to three add/edit/inspect pages linked from each, then the widgets that
run scripts after load: an inline panel's "add" button, a snippet chooser and the image chooser modals.
"""

from pathlib import Path

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from accounts.models import User
from imports.tests.factories import ImportRunFactory
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("wagtail_site")]

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct-horse-battery"


def menu_urls(items, request) -> list[str]:
    urls = []
    for item in items:
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            urls += menu_urls(submenu.menu_items_for_request(request), request)
        elif item.url.startswith("/admin/"):
            urls.append(item.url)
    return urls


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
def test_every_admin_screen_runs_under_the_policy(live_server):
    from playwright.sync_api import expect, sync_playwright

    user = User.objects.create_superuser(email="boss@example.com", password=PASSWORD)
    OrderItemFactory(order=OrderFactory(), offer=OfferFactory())
    ImportRunFactory(status="applied")
    request = RequestFactory().get("/admin/")
    request.user = user
    screens = ["/admin/", *menu_urls(admin_menu.menu_items_for_request(request), request)]

    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()

        def note_refusal(message) -> None:
            if "Content Security Policy" in message.text:
                refused.append(f"{page.url}: {message.text[:300]}")

        page.on("console", note_refusal)
        page.on("pageerror", lambda error: refused.append(f"{page.url}: {error}"))

        def visit(path: str) -> None:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")

        visit("/admin/login/")
        page.fill("input[name=username]", "boss@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

        opened = set()
        for screen in screens:
            visit(screen)
            links = page.eval_on_selector_all(
                "main a[href*='/add/'], main a[href*='/edit/'], main a[href*='/inspect/']",
                "links => links.map(link => link.getAttribute('href'))",
            )
            for link in [link for link in links if link.startswith("/admin/") and link not in opened][:3]:
                opened.add(link)
                visit(link)

        visit("/admin/snippets/shop/offer/add/")
        page.click("#id_offer_parameters-ADD")
        new_parameter = page.locator("#inline_child_offer_parameters-0")
        expect(new_parameter).to_be_visible()
        new_parameter.locator(".unchosen [data-chooser-action-choose]").click()
        expect(page.locator(".modal-dialog")).to_be_visible()

        visit("/admin/snippets/shop/product/add/")
        page.locator("#id_image-chooser .unchosen [data-chooser-action-choose]").click()
        expect(page.locator(".modal-dialog")).to_be_visible()
        page.wait_for_load_state("networkidle")
        browser.close()

    assert len(opened) > 20
    assert refused == []
