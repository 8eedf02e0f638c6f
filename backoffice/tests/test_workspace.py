"""The supplier's workspace: its own shop's dashboard, offers, shipments, price lists and settings; nothing of
another shop (404) and none of the staff's sections (refused), page by page."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import SupplierFactory
from imports.models import FeedFetch, FeedFetchStatus, PriceListFeed
from imports.tests.factories import ImportRunFactory
from shop.models import OfferChange, Shop, ShopMember
from shop.order_status import ShipmentStatus
from shop.tests.factories import OfferFactory, OrderFactory, OrderItemFactory, ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two shops, each with an offer, an import and a shipment in one shared order."""
    mine, theirs = ShopFactory(name="Мой магазин"), ShopFactory(name="Чужой магазин")
    order = OrderFactory()
    my_offer = OfferFactory(shop=mine, price=Decimal("150.00"), price_rrc=Decimal("120.00"), quantity=2)
    their_offer = OfferFactory(shop=theirs, name="Secret gadget")
    my_item = OrderItemFactory(order=order, offer=my_offer, quantity=3)
    their_item = OrderItemFactory(order=order, offer=their_offer)
    return {
        "mine": mine,
        "theirs": theirs,
        "my_offer": my_offer,
        "their_offer": their_offer,
        "my_shipment": my_item.shipment,
        "their_shipment": their_item.shipment,
        "my_run": ImportRunFactory(shop=mine),
        "their_run": ImportRunFactory(shop=theirs),
        "order": order,
    }


@pytest.fixture
def supplier(client, world):
    user = SupplierFactory()
    ShopMember.objects.create(shop=world["mine"], user=user)
    client.force_login(user)
    return user


def own_urls(world) -> list[str]:
    """Every workspace page a supplier opens, for its own shop's objects."""
    offer, shipment, run = world["my_offer"].pk, world["my_shipment"].pk, world["my_run"].pk
    return [
        "/admin/",
        reverse("wagtailadmin_sprite"),
        reverse("wagtailadmin_account"),
        reverse("workspace_offers:index"),
        reverse("workspace_offers:index_results"),
        reverse("workspace_offers:inspect", args=[offer]),
        reverse("workspace_offers:edit", args=[offer]),
        reverse("workspace_shipments:index"),
        reverse("workspace_shipments:index_results"),
        reverse("workspace_shipments:inspect", args=[shipment]),
        reverse("workspace_shipments:move", args=[shipment, "assembled"]),
        reverse("workspace_shipments:packing_slip", args=[shipment]),
        reverse("workspace_settings:edit"),
        reverse("imports:index"),
        reverse("imports:upload"),
        reverse("imports:detail", args=[run]),
        reverse("imports:status", args=[run]),
        reverse("imports:rollback", args=[run]),
    ]


def others_urls(world) -> list[str]:
    """The same pages for another shop's objects."""
    offer, shipment, run = world["their_offer"].pk, world["their_shipment"].pk, world["their_run"].pk
    return [
        reverse("workspace_offers:inspect", args=[offer]),
        reverse("workspace_offers:edit", args=[offer]),
        reverse("workspace_shipments:inspect", args=[shipment]),
        reverse("workspace_shipments:move", args=[shipment, "assembled"]),
        reverse("workspace_shipments:packing_slip", args=[shipment]),
        reverse("imports:detail", args=[run]),
        reverse("imports:status", args=[run]),
        reverse("imports:rollback", args=[run]),
    ]


def staff_urls(world) -> list[str]:
    """The staff's sections, which a supplier never enters."""
    order, offer, shop = world["order"].pk, world["their_offer"].pk, world["theirs"].pk
    return [
        "/admin/snippets/shop/shop/",
        f"/admin/snippets/shop/shop/edit/{shop}/",
        f"/admin/snippets/shop/shop/suppliers/{shop}/",
        "/admin/snippets/shop/offer/",
        f"/admin/snippets/shop/offer/edit/{offer}/",
        "/admin/snippets/shop/product/",
        "/admin/snippets/shop/category/",
        "/admin/snippets/shop/parameter/",
        "/admin/snippets/shop/searchsynonym/",
        "/admin/snippets/shop/order/",
        f"/admin/snippets/shop/order/inspect/{order}/",
        f"/admin/snippets/shop/order/shipment/{world['their_shipment'].pk}/packing-slip/",
        "/admin/snippets/shop/contact/",
        "/admin/snippets/imports/importrun/",
        "/admin/customers/",
        "/admin/shop-reports/low-stock/",
        "/admin/shop-reports/above-rrc/",
        "/admin/settings/core/storesettings/",
        "/admin/snippets/notifications/emailtemplate/",
        "/admin/snippets/notifications/outboxmessage/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/pages/",
        "/admin/reports/site-history/",
        "/admin/sites/",
        "/admin/workflows/list/",
    ]


def test_every_own_page_opens(client, supplier, world):
    for url in own_urls(world):
        assert client.get(url).status_code == 200, url


def test_another_shops_objects_answer_404(client, supplier, world):
    for url in others_urls(world):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("workspace_shipments:move", args=[world["their_shipment"].pk, "assembled"])).status_code
        == 404
    )
    assert (
        client.post(reverse("workspace_offers:edit", args=[world["their_offer"].pk]), {"price": "1"}).status_code == 404
    )
    world["their_shipment"].refresh_from_db()
    assert world["their_shipment"].status == ShipmentStatus.NEW


def test_the_staffs_sections_are_refused(client, supplier, world):
    for url in staff_urls(world):
        answer = client.get(url, follow=True)
        # Wagtail answers a refusal with a redirect to the dashboard (some pages redirect to a page that does).
        refused = answer.status_code in (403, 404) or (
            answer.redirect_chain and answer.redirect_chain[-1][0] == "/admin/"
        )
        assert refused, (url, answer.status_code, answer.redirect_chain)


def test_the_menu_shows_the_workspace_and_price_lists_only(client, supplier, world):
    menu = client.get("/admin/").content.decode()
    for url in ("/admin/my-shop/offers/", "/admin/my-shop/shipments/", "/admin/my-shop/settings/", "/admin/imports/"):
        assert url in menu, url
    for url in ("/admin/snippets/", "/admin/customers/", "/admin/images/", "/admin/reports/"):
        assert url not in menu, url


def test_the_dashboard_shows_the_shops_own_figures(client, supplier, world):
    page = client.get("/admin/").content.decode()

    assert "Мой магазин" in page and "Чужой магазин" not in page
    assert "Secret gadget" not in page
    assert 'data-revenue="450.00"' in page  # 3 × 150 of its own line, not the other shop's
    assert f'href="/admin/imports/{world["my_run"].pk}/"' in page


def test_lists_hold_the_shops_own_objects_only(client, supplier, world):
    offers = client.get(reverse("workspace_offers:index")).context["object_list"]
    assert list(offers) == [world["my_offer"]]
    shipments = client.get(reverse("workspace_shipments:index")).context["object_list"]
    assert list(shipments) == [world["my_shipment"]]
    above = client.get(reverse("workspace_offers:index"), {"above_rrc": "true"}).context["object_list"]
    assert list(above) == [world["my_offer"]]

    export = client.get(reverse("workspace_shipments:index"), {"export": "csv"})
    _headings, *rows = csv.reader(io.StringIO(b"".join(export.streaming_content).decode()))
    assert [row[0] for row in rows] == [str(world["my_shipment"].pk)]
    assert "Secret gadget" not in "".join(",".join(row) for row in rows)
    assert client.get(reverse("workspace_shipments:index"), {"export": "xlsx"}).status_code == 200


def test_an_offer_edit_is_recorded(client, supplier, world):
    offer = world["my_offer"]
    form = {"price": "99.90", "price_rrc": "120.00", "quantity": "7", "is_active": "on"}

    answer = client.post(reverse("workspace_offers:edit", args=[offer.pk]), form)

    assert answer.status_code == 302
    offer.refresh_from_db()
    assert offer.price == Decimal("99.90") and offer.quantity == 7
    changes = {(c.field, c.old_value, c.new_value, c.changed_by_id) for c in OfferChange.objects.all()}
    assert changes == {("price", "150.00", "99.90", supplier.pk), ("quantity", "2", "7", supplier.pk)}
    assert "150.00 → 99.90" in client.get(reverse("workspace_offers:inspect", args=[offer.pk])).content.decode()


def test_the_parcel_is_assembled_then_sent_with_its_tracking_number(
    client, supplier, world, api_client_for, django_capture_on_commit_callbacks
):
    shipment = world["my_shipment"]
    shipment.status = ShipmentStatus.CONFIRMED
    shipment.save()
    assemble = reverse("workspace_shipments:move", args=[shipment.pk, "assembled"])
    send = reverse("workspace_shipments:move", args=[shipment.pk, "sent"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(assemble)
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.ASSEMBLED

    refused = client.post(send, {"tracking_number": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["tracking_number"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send, {"tracking_number": "RA123456789RU"})
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SENT and shipment.tracking_number == "RA123456789RU"
    assert any("RA123456789RU" in message.body for message in mail.outbox)

    customer_orders = api_client_for(world["order"].user).get(f"/api/v1/orders/{world['order'].pk}/").json()
    assert "RA123456789RU" in str(customer_orders)


def test_the_shop_settings_are_the_suppliers_own(client, supplier, world):
    answer = client.post(reverse("workspace_settings:edit"), {"email": "orders@my-shop.example"})

    assert answer.status_code == 302
    mine = Shop.objects.get(pk=world["mine"].pk)
    assert mine.email == "orders@my-shop.example" and not mine.accepts_orders
    assert Shop.objects.get(pk=world["theirs"].pk).accepts_orders


def test_staff_do_not_get_the_workspace(admin_client, world):
    assert admin_client.get(reverse("workspace_offers:index")).status_code in (302, 403)
    assert admin_client.get(reverse("workspace_settings:edit")).status_code == 404


def test_the_dashboard_shows_the_feeds_fetches_and_its_standing_error(client, supplier, world):
    feed = PriceListFeed.objects.create(shop=world["mine"], url="https://erp.example/prices.xml")
    FeedFetch.objects.create(feed=feed, status=FeedFetchStatus.APPLIED, run=world["my_run"])
    FeedFetch.objects.create(feed=feed, status=FeedFetchStatus.FAILED, error="connection refused")
    theirs = PriceListFeed.objects.create(shop=world["theirs"], url="https://secret.example/feed.xml")
    FeedFetch.objects.create(feed=theirs, status=FeedFetchStatus.FAILED, error="their trouble")

    page = client.get("/admin/").content.decode()

    assert "https://erp.example/prices.xml" in page and "connection refused" in page
    assert page.count("data-feed-fetch=") == 2
    assert "secret.example" not in page and "their trouble" not in page


FEED_FORM = {"feed-url": "https://erp.example/prices.yml", "feed-import_format": "", "feed-interval_hours": "6"}


def test_the_supplier_sets_changes_and_switches_off_its_own_feed(client, supplier, world):
    theirs = PriceListFeed.objects.create(shop=world["theirs"], url="https://their.example/feed.xml")

    created = client.post(reverse("workspace_settings:feed"), {**FEED_FORM, "feed-is_active": "on"})
    assert created.status_code == 302
    feed = PriceListFeed.objects.get(shop=world["mine"])
    assert (feed.url, feed.interval_hours, feed.is_active) == ("https://erp.example/prices.yml", 6, True)

    feed.etag = "v1"
    feed.save()
    moved = {"feed-url": "https://erp.example/v2.xml", "feed-import_format": "yml", "feed-interval_hours": "12"}
    changed = {**FEED_FORM, **moved, "shop": theirs.shop_id}
    client.post(reverse("workspace_settings:feed"), {**changed, "feed-is_active": "on"})
    feed.refresh_from_db()
    assert (feed.url, feed.import_format, feed.interval_hours) == ("https://erp.example/v2.xml", "yml", 12)
    assert feed.is_active and feed.etag == ""

    client.post(reverse("workspace_settings:feed"), changed)
    feed.refresh_from_db()
    assert not feed.is_active
    assert PriceListFeed.objects.get(pk=theirs.pk).url == "https://their.example/feed.xml"
    assert PriceListFeed.objects.count() == 2
    assert "switched off" in client.get(reverse("workspace_settings:edit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://erp.example/prices.yml",
        "http://127.0.0.1/prices.yml",
        "http://10.1.2.3/feed.xml",
        "http://[::1]:8000/feed.xml",
        "http://169.254.169.254/latest/",
        "http://localhost/feed.xml",
        "https://0x7f000001/feed.xml",
    ],
)
def test_a_refused_feed_url_is_a_form_error(client, supplier, world, settings, url):
    settings.PRICELIST_FEED_ALLOW_PRIVATE = False

    answer = client.post(reverse("workspace_settings:feed"), {**FEED_FORM, "feed-url": url, "feed-is_active": "on"})

    assert answer.status_code == 200
    assert answer.context["feed_form"].errors["url"]
    assert not PriceListFeed.objects.exists()


def test_the_settings_page_shows_the_feeds_history_and_no_other_shops(client, supplier, world):
    feed = PriceListFeed.objects.create(shop=world["mine"], url="https://erp.example/prices.xml")
    FeedFetch.objects.create(feed=feed, status=FeedFetchStatus.FAILED, error="connection refused")
    theirs = PriceListFeed.objects.create(shop=world["theirs"], url="https://secret.example/feed.xml")
    FeedFetch.objects.create(feed=theirs, status=FeedFetchStatus.FAILED, error="their trouble")

    page = client.get(reverse("workspace_settings:edit")).content.decode()

    assert 'value="https://erp.example/prices.xml"' in page and "connection refused" in page
    assert "secret.example" not in page and "their trouble" not in page
    assert reverse("workspace_settings:edit") in client.get("/admin/").content.decode()
    for page in ("edit", "inspect", "delete"):
        address = reverse(f"wagtailsnippets_imports_pricelistfeed:{page}", args=[theirs.pk])
        assert client.get(address).status_code == 404
        assert client.post(address, {"url": "https://mine.example/x.yml", "shop": world["mine"].pk}).status_code == 404
    assert PriceListFeed.objects.get(pk=theirs.pk).url == "https://secret.example/feed.xml"
