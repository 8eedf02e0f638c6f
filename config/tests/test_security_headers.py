"""Content-Security-Policy by area: the JSON API, its docs, the admin and the SPA each get their own."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value[0] if value else "" for name, *value in directives}


def test_json_answers_may_load_nothing_nor_be_framed(api_client):
    answer = policy(api_client.get("/api/v1/users/me/"))
    assert answer["default-src"] == "'none'" and answer["frame-ancestors"] == "'none'"


def test_the_spa_runs_only_its_own_scripts_and_styles(client, settings, tmp_path):
    settings.FRONTEND_DIST_DIR = tmp_path
    (tmp_path / "index.html").write_text('<script type="module" src="/assets/app.js"></script>')
    spa = policy(client.get("/cart"))
    assert spa["script-src"] == "'self'" and spa["style-src"] == "'self'"
    assert spa["object-src"] == "'none'" and spa["base-uri"] == "'self'"


def test_a_separate_media_origin_is_allowed_for_images_only(client, settings, tmp_path):
    settings.FRONTEND_DIST_DIR = tmp_path
    (tmp_path / "index.html").write_text("<div id=root></div>")
    settings.MEDIA_URL = "https://media.example-cdn.com/"
    spa = policy(client.get("/cart"))
    assert "https://media.example-cdn.com" in spa["img-src"]
    assert "media.example-cdn.com" not in spa["script-src"] + spa["default-src"]


def test_the_admin_allows_inline_styles_but_only_its_own_scripts(admin_client):
    admin = policy(admin_client.get("/admin/"))
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert re.fullmatch(r"'self' 'nonce-[\w-]{24}'", admin["script-src"])
    assert admin["object-src"] == "'none'" and admin["frame-ancestors"] == "'self'"


def test_each_admin_answer_has_a_fresh_nonce(admin_client):
    assert policy(admin_client.get("/admin/"))["script-src"] != policy(admin_client.get("/admin/"))["script-src"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/shop/offer/add/",  # snippet choosers, an inline panel and its empty-form template
        "/admin/snippets/shop/product/add/",  # image chooser
        "/admin/users/",  # date filters
        "/admin/redirects/add/",  # page chooser
    ],
)
def test_every_inline_script_of_the_admin_carries_the_answers_nonce(admin_client, path):
    response = admin_client.get(path)
    nonce = policy(response)["script-src"].split("'nonce-")[1].rstrip("'")
    html = response.content.decode()
    inline = [
        attributes
        for attributes in re.findall(r"<script([^>]*)>", html)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    assert inline, "the page should exercise at least one of Wagtail's inline scripts"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline), inline


def test_the_spa_entry_page_has_no_inline_script(settings):
    index = (settings.BASE_DIR / "frontend" / "index.html").read_text()
    assert "<script>" not in index and 'type="module" src=' in index


def test_media_keeps_its_own_sandbox_policy(client, settings):
    (settings.MEDIA_ROOT / "avatars").mkdir(parents=True)
    (settings.MEDIA_ROOT / "avatars" / "a.png").write_bytes(b"png")
    assert client.get("/media/avatars/a.png")["Content-Security-Policy"].startswith("sandbox")


def test_the_api_docs_load_only_our_own_files(client):
    """Swagger UI shares the SPA's origin (and its refresh token in localStorage): no third-party script."""
    response = client.get("/api/docs/")
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        if asset.startswith(settings.STATIC_URL):
            assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset
    docs = policy(response)
    assert "http" not in response["Content-Security-Policy"] and "*" not in response["Content-Security-Policy"]
    assert docs["script-src"] == "'self'" and docs["style-src"] == "'self'"
