from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from config.email_backends import ConsoleAndFileEmailBackend
from shop.tests.factories import OfferFactory, OrderItemFactory


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_embedded_mail_goes_to_files_and_the_console(settings, tmp_path, capsys):
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    connection = ConsoleAndFileEmailBackend()
    sent = mail.EmailMessage("Hello", "Body text", "from@example.com", ["to@example.com"], connection=connection).send()
    assert sent == 1
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1 and "Body text" in files[0].read_text()
    assert "Subject: Hello" in capsys.readouterr().out


@pytest.mark.django_db
def test_spa_routes_fall_back_to_index_html(client, settings, tmp_path):
    settings.FRONTEND_DIST_DIR = tmp_path
    assert client.get("/cart").status_code == 503
    (tmp_path / "index.html").write_text("<div id=root></div>")
    response = client.get("/orders/12")
    assert response.status_code == 200
    assert b"<div id=root>" in b"".join(response.streaming_content)
    assert client.head("/orders/12").status_code == 200  # uptime monitors probe with HEAD
    assert client.post("/orders/12").status_code == 405


@pytest.mark.django_db
def test_admin_and_api_docs_are_not_swallowed_by_the_spa(client, settings, tmp_path):
    settings.FRONTEND_DIST_DIR = tmp_path
    (tmp_path / "index.html").write_text("<div id=root></div>")
    assert client.get("/admin/").status_code == 302  # to the admin login
    assert client.get("/api/schema/").status_code == 200
    missing = client.get("/api/nothing-here/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found.", "code": "not_found"}
    assert client.get("/pages/nothing-here/")["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_media_is_served_from_the_current_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "hello.png").write_bytes(b"hi")
    response = client.get("/media/hello.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"hi"


@pytest.mark.django_db
def test_admin_lists_every_catalogue_and_sales_model(admin_client):
    OfferFactory()
    OrderItemFactory()
    for model in ("shop", "category", "product", "offer", "parameter", "order", "contact"):
        response = admin_client.get(f"/admin/snippets/shop/{model}/")
        assert response.status_code == 200, model
    assert admin_client.get("/admin/snippets/imports/importrun/").status_code == 200
    assert admin_client.get("/admin/snippets/shop/offer/?q=offer").status_code == 200
