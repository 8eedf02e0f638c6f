from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from accounts.tests.factories import UserFactory, image_upload
from core.tests.test_uploads import (
    HTML_PAYLOAD,
    gif_bomb,
    image_with_html_appended,
    png_bomb,
    png_with_short_image_data,
)

pytestmark = pytest.mark.django_db


def test_me_and_profile_need_a_token(api_client):
    for path in ("/api/v1/users/me/", "/api/v1/profile/"):
        assert api_client.get(path).status_code == 401
    assert api_client.patch("/api/v1/profile/", {"first_name": "X"}, format="json").status_code == 401


def test_me_shows_the_own_account_only(api_client_for):
    anna, boris = UserFactory(first_name="Anna"), UserFactory(first_name="Boris")

    body = api_client_for(boris).get("/api/v1/users/me/").json()

    assert body == {
        "id": boris.pk,
        "email": boris.email,
        "first_name": "Boris",
        "last_name": "User",
        "user_type": "client",
        "avatar": None,
        "language": "en",
    }
    assert api_client_for(anna).get("/api/v1/profile/").json()["id"] == anna.pk


@pytest.mark.parametrize("method", ["put", "patch"])
def test_names_change_on_ones_own_account_only(api_client_for, method):
    anna, boris = UserFactory(first_name="Anna"), UserFactory(first_name="Boris")

    response = getattr(api_client_for(boris), method)("/api/v1/profile/", {"first_name": "Borya"}, format="json")

    assert response.status_code == 200 and response.json()["first_name"] == "Borya"
    assert User.objects.get(pk=boris.pk).first_name == "Borya"
    assert User.objects.get(pk=anna.pk).first_name == "Anna"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_storefronts_language_never_changes_the_e_mail_language(api_client_for, method):
    """The SPA sends its language as Accept-Language on every call; only an explicit `language` moves the
    account's e-mails to another language."""
    user = UserFactory(language="en")
    client = api_client_for(user)

    client.get("/api/v1/users/me/", HTTP_ACCEPT_LANGUAGE="ru")
    getattr(client, method)("/api/v1/profile/", {"first_name": "Anya"}, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert User.objects.get(pk=user.pk).language == "en"

    client.patch("/api/v1/profile/", {"language": "ru"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert User.objects.get(pk=user.pk).language == "ru"


def test_email_and_type_are_not_writable(api_client_for):
    user = UserFactory(email="anna@example.com")
    api_client_for(user).patch(
        "/api/v1/profile/", {"email": "evil@example.com", "user_type": "supplier"}, format="json"
    )
    user.refresh_from_db()
    assert (user.email, user.user_type) == ("anna@example.com", "client")


def test_too_long_name_is_a_field_error(api_client_for):
    response = api_client_for(UserFactory()).patch("/api/v1/profile/", {"last_name": "x" * 151}, format="json")
    assert response.status_code == 400 and "last_name" in response.json()


def test_avatar_upload_stores_it_and_a_background_task_makes_the_thumbnail(
    api_client_for, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client = api_client_for(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch("/api/v1/profile/", {"avatar": image_upload(size=(400, 240))}, format="multipart")

    assert response.status_code == 200
    original = response.json()["avatar"]["original"]
    assert original.startswith("http://testserver/media/avatars/") and original.endswith(".png")
    assert "me.png" not in original
    assert response.json()["avatar"]["thumbnail"] is None  # the task runs after the answer
    avatar = client.get("/api/v1/users/me/").json()["avatar"]
    assert avatar["thumbnail"].startswith("http://testserver/media/avatars/thumbnails/")
    user.refresh_from_db()
    with default_storage.open(user.avatar_thumbnail.name) as stored, Image.open(stored) as thumbnail:
        assert thumbnail.size == (150, 150)


def test_replacing_or_removing_the_avatar_deletes_the_old_files(api_client_for, django_capture_on_commit_callbacks):
    user = UserFactory()
    client = api_client_for(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.put("/api/v1/profile/", {"avatar": image_upload()}, format="multipart")
    user.refresh_from_db()
    first = [user.avatar.name, user.avatar_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        client.put("/api/v1/profile/", {"avatar": image_upload(name="new.jpg", fmt="JPEG")}, format="multipart")
    user.refresh_from_db()
    second = [user.avatar.name, user.avatar_thumbnail.name]
    assert all(second) and not any(default_storage.exists(name) for name in first)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch("/api/v1/profile/", {"avatar": None}, format="json")
    assert response.status_code == 200 and response.json()["avatar"] is None
    assert not any(default_storage.exists(name) for name in second)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("cv.png", b"%PDF-1.4 not a picture", content_type="image/png"),
        SimpleUploadedFile("bomb.png", png_bomb(100_000, 100_000), content_type="image/png"),
        SimpleUploadedFile("bomb.gif", gif_bomb(), content_type="image/gif"),
    ],
    ids=["not-an-image", "decompression-bomb", "animated-gif-bomb"],
)
def test_bad_avatars_are_400_and_change_nothing(api_client_for, upload):
    user = UserFactory()
    response = api_client_for(user).patch(
        "/api/v1/profile/", {"avatar": upload, "first_name": "New"}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["avatar"]
    user.refresh_from_db()
    assert not user.avatar and user.first_name == "Test"


def test_an_avatar_that_fails_to_decode_is_400_and_changes_nothing(api_client_for):
    user = UserFactory()
    short = SimpleUploadedFile("short.png", png_with_short_image_data(), content_type="image/png")
    response = api_client_for(user).patch(
        "/api/v1/profile/", {"avatar": short, "first_name": "New"}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_image"
    user.refresh_from_db()
    assert not user.avatar and user.first_name == "Test"


def test_an_avatar_over_the_size_limit_is_413(api_client_for, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2_000
    user = UserFactory()
    response = api_client_for(user).patch(
        "/api/v1/profile/", {"avatar": image_upload(size=(800, 800))}, format="multipart"
    )
    assert response.status_code == 413 and response.json()["detail"]
    user.refresh_from_db()
    assert not user.avatar


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_an_avatar_with_html_appended_named_html_is_stored_and_served_as_a_clean_image(fmt, api_client_for, client):
    user = UserFactory()
    upload = SimpleUploadedFile("me.html", image_with_html_appended(fmt), content_type="text/html")

    response = api_client_for(user).patch("/api/v1/profile/", {"avatar": upload}, format="multipart")

    assert response.status_code == 200
    url = response.json()["avatar"]["original"]
    assert url.endswith(f".{fmt.lower()}") and "me." not in url
    served = client.get(urlsplit(url).path)
    assert served.status_code == 200 and served["Content-Type"] == f"image/{fmt.lower()}"
    assert served["X-Content-Type-Options"] == "nosniff" and "sandbox" in served["Content-Security-Policy"]
    body = b"".join(served.streaming_content)
    assert HTML_PAYLOAD not in body and b"<html" not in body


def test_media_serves_only_images_and_never_documents(client, settings):
    for name in ("avatars/page.html", "avatars/page.svg", "documents/private.pdf", "documents/photo.png"):
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"<html>secret</html>")

    for name in ("avatars/page.html", "avatars/page.svg", "documents/private.pdf", "documents/photo.png"):
        assert client.get(f"/media/{name}").status_code == 404, name
