import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.tests.factories import SupplierFactory, UserFactory
from core.tests.test_uploads import (
    HTML_PAYLOAD,
    gif_bomb,
    image_with_html_appended,
    png_bomb,
    png_with_short_image_data,
)
from shop.models import Offer, Product
from shop.tests.factories import OfferFactory, ProductFactory, ShopFactory

from ..conftest import png_upload

pytestmark = pytest.mark.django_db


def upload_url(product) -> str:
    return f"/api/v1/products/{product.pk}/image-upload/"


@pytest.fixture
def offered(supplier):
    return OfferFactory(shop=ShopFactory(owner=supplier)).product


def test_the_supplier_offering_it_uploads_and_renditions_follow(
    supplier, offered, api_client, django_capture_on_commit_callbacks, api_client_for
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(supplier).put(
            upload_url(offered), {"original_image": png_upload((1600, 900))}, format="multipart"
        )
    assert response.status_code == 202, response.content
    product = Product.objects.select_related("image").get(pk=offered.pk)
    assert response.json()["image_id"] == product.image_id
    assert product.image.width == 1600 and product.image.file_size > 0
    specs = dict(product.image.renditions.values_list("filter_spec", "width"))
    assert specs == {"fill-300x300": 300, "max-800x600": 800}
    image = api_client.get(f"/api/v1/products/{offered.pk}/").json()["image"]
    assert image["thumbnail"].startswith("/media/images/") and image["detail"].startswith("/media/images/")
    with Image.open(product.image.renditions.get(filter_spec="fill-300x300").file) as thumbnail:
        assert thumbnail.size == (300, 300)
    assert api_client.get("/api/v1/product-infos/").json()["results"][0]["image"]["thumbnail"] == image["thumbnail"]


def merchandiser():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Merchandisers"))
    return user


def test_staff_allowed_to_change_products_may_upload_for_any_product(api_client_for):
    product = ProductFactory()
    response = api_client_for(merchandiser()).put(
        upload_url(product), {"original_image": png_upload()}, format="multipart"
    )
    assert response.status_code == 202


def test_staff_without_the_product_permission_is_refused(api_client_for):
    product = ProductFactory()
    response = api_client_for(UserFactory(is_staff=True)).put(
        upload_url(product), {"original_image": png_upload()}, format="multipart"
    )
    assert response.status_code == 403
    assert Product.objects.get(pk=product.pk).image is None


def test_a_supplier_whose_offer_is_withdrawn_may_not_replace_the_picture(offered, supplier, api_client_for):
    Offer.objects.filter(product=offered, shop__owner=supplier).update(is_active=False)
    response = api_client_for(supplier).put(upload_url(offered), {"original_image": png_upload()}, format="multipart")
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["client", "other_supplier"])
def test_others_are_refused(who, offered, api_client_for):
    user = UserFactory() if who == "client" else OfferFactory(shop=ShopFactory(owner=SupplierFactory())).shop.owner
    response = api_client_for(user).put(upload_url(offered), {"original_image": png_upload()}, format="multipart")
    assert response.status_code == 403
    assert Product.objects.get(pk=offered.pk).image is None


def test_anonymous_is_401_and_unknown_product_404(api_client, supplier, api_client_for):
    product = ProductFactory()
    assert api_client.put(upload_url(product), {"original_image": png_upload()}, format="multipart").status_code == 401
    missing = api_client_for(merchandiser()).put(
        "/api/v1/products/999999/image-upload/", {"original_image": png_upload()}, format="multipart"
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "payload, status",
    [
        (SimpleUploadedFile("a.png", b"not an image", content_type="image/png"), 400),
        (SimpleUploadedFile("bomb.png", png_bomb(100_000, 100_000), content_type="image/png"), 400),
        (SimpleUploadedFile("bomb.gif", gif_bomb(), content_type="image/gif"), 400),
        (None, 400),
    ],
    ids=["not-an-image", "decompression-bomb", "animated-gif-bomb", "missing"],
)
def test_bad_files_are_refused(supplier, offered, payload, status, api_client_for):
    data = {"original_image": payload} if payload else {}
    response = api_client_for(supplier).put(upload_url(offered), data, format="multipart")
    assert response.status_code == status
    assert "original_image" in response.json()
    assert Product.objects.get(pk=offered.pk).image is None


def test_a_picture_that_fails_to_decode_is_400_and_stores_nothing(supplier, offered, api_client_for):
    short = SimpleUploadedFile("short.png", png_with_short_image_data(), content_type="image/png")
    response = api_client_for(supplier).put(upload_url(offered), {"original_image": short}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "invalid_image"
    assert Product.objects.get(pk=offered.pk).image is None


def test_too_many_bytes_is_a_413(supplier, offered, settings, api_client_for):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = api_client_for(supplier).put(
        upload_url(offered), {"original_image": png_upload((300, 300))}, format="multipart"
    )
    assert response.status_code == 413 and "detail" in response.json()


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_an_image_with_html_appended_named_html_is_stored_and_served_as_a_clean_image(
    fmt, supplier, offered, client, api_client_for
):
    upload = SimpleUploadedFile("me.html", image_with_html_appended(fmt), content_type="text/html")

    response = api_client_for(supplier).put(upload_url(offered), {"original_image": upload}, format="multipart")

    assert response.status_code == 202
    stored = Product.objects.get(pk=offered.pk).image.file
    assert stored.name.endswith(f".{fmt.lower()}") and "me" not in stored.name.rsplit("/", 1)[-1]
    served = client.get(stored.url)
    assert served.status_code == 200
    assert served["Content-Type"] == f"image/{fmt.lower()}"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox")
    body = b"".join(served.streaming_content)
    assert HTML_PAYLOAD not in body and b"<html" not in body
    assert Image.open(stored.path).format == fmt
