"""Content pages are edited in Wagtail and read by the SPA from /api/cms/ without logging in."""

import json

import pytest
from wagtail.models import Page

from pages.models import HomePage, InfoPage

pytestmark = pytest.mark.django_db

# The rich-text editor posts Draftail's JSON.
RICH_TEXT = json.dumps(
    {
        "blocks": [
            {"key": "a", "text": "Hello", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
        ],
        "entityMap": {},
    }
)


def test_the_migration_publishes_home_delivery_and_about_pages():
    home = HomePage.objects.get()
    assert home.live and home.hero_title
    assert sorted(page.slug for page in InfoPage.objects.child_of(home).live()) == ["about", "delivery-and-returns"]


def test_pages_are_public_in_the_api_with_their_fields(client):
    response = client.get("/api/cms/pages/", {"type": "pages.InfoPage", "fields": "intro,body"})
    assert response.status_code == 200
    items = {item["meta"]["slug"]: item for item in response.json()["items"]}
    assert set(items) == {"about", "delivery-and-returns"}
    assert items["about"]["body"].startswith("<p>")

    home = client.get("/api/cms/pages/", {"type": "pages.HomePage", "fields": "hero_title,hero_text,body"}).json()
    [page] = home["items"]
    assert page["hero_title"] == HomePage.objects.get().hero_title
    detail = client.get(f"/api/cms/pages/{page['id']}/").json()
    assert {"hero_title", "hero_text", "hero_image_wide", "body"} <= set(detail)


def test_an_edit_published_in_the_admin_reaches_the_api(admin_client, client):
    about = InfoPage.objects.get(slug="about")
    response = admin_client.post(
        f"/admin/pages/{about.pk}/edit/",
        {
            "title": "About Order Service",
            "slug": "about",
            "intro": "New intro",
            "body": RICH_TEXT,
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    data = client.get(f"/api/cms/pages/{about.pk}/").json()
    assert (data["title"], data["intro"]) == ("About Order Service", "New intro")
    assert "Hello" in data["body"]


def test_drafts_are_not_published(client):
    about = InfoPage.objects.get(slug="about")
    about.title = "Draft title"
    about.save_revision()
    assert client.get(f"/api/cms/pages/{about.pk}/").json()["title"] == "About us"
    Page.objects.filter(pk=about.pk).update(live=False)
    assert client.get(f"/api/cms/pages/{about.pk}/").status_code == 404


def test_pages_render_as_html(client):
    assert b"Delivery and returns" in client.get("/pages/delivery-and-returns/").content


@pytest.mark.parametrize("query", ['"', "\x00", "phone"])
def test_search_is_off_and_never_a_500(client, query):
    response = client.get("/api/cms/pages/", {"search": query})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_original_images_are_not_listed(client):
    assert client.get("/api/cms/images/", {"search": "\x00"}).status_code == 404
    assert client.get("/api/cms/images/").json()["code"] == "not_found"
    home = client.get("/api/cms/pages/", {"type": "pages.HomePage", "fields": "*"}).json()["items"][0]
    assert "hero_image" not in home and "hero_image_wide" in home
