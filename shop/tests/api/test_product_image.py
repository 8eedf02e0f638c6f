import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.tests.factories import SupplierFactory, UserFactory
from core.tests.test_uploads import png_bomb
from shop.models import Product
from shop.tests.factories import OfferFactory, ProductFactory, ShopFactory

from ..conftest import client_for, png_upload

pytestmark = pytest.mark.django_db


def upload_url(product) -> str:
    return f"/api/v1/products/{product.pk}/image-upload/"


@pytest.fixture
def offered(supplier):
    return OfferFactory(shop=ShopFactory(owner=supplier)).product


def test_the_supplier_offering_it_uploads_and_renditions_follow(
    supplier, offered, anon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supplier).put(
            upload_url(offered), {"original_image": png_upload((1600, 900))}, format="multipart"
        )
    assert response.status_code == 202, response.content
    product = Product.objects.select_related("image").get(pk=offered.pk)
    assert response.json()["image_id"] == product.image_id
    assert product.image.width == 1600 and product.image.file_size > 0
    specs = dict(product.image.renditions.values_list("filter_spec", "width"))
    assert specs == {"fill-300x300": 300, "max-800x600": 800}
    image = anon.get(f"/api/v1/products/{offered.pk}/").json()["image"]
    assert image["thumbnail"].startswith("/media/images/") and image["detail"].startswith("/media/images/")
    with Image.open(product.image.renditions.get(filter_spec="fill-300x300").file) as thumbnail:
        assert thumbnail.size == (300, 300)
    assert anon.get("/api/v1/product-infos/").json()["results"][0]["image"]["thumbnail"] == image["thumbnail"]


def test_staff_may_upload_for_any_product(django_capture_on_commit_callbacks):
    product = ProductFactory()
    response = client_for(UserFactory(is_staff=True)).put(
        upload_url(product), {"original_image": png_upload()}, format="multipart"
    )
    assert response.status_code == 202


@pytest.mark.parametrize("who", ["client", "other_supplier"])
def test_others_are_refused(who, offered):
    user = UserFactory() if who == "client" else OfferFactory(shop=ShopFactory(owner=SupplierFactory())).shop.owner
    response = client_for(user).put(upload_url(offered), {"original_image": png_upload()}, format="multipart")
    assert response.status_code == 403
    assert Product.objects.get(pk=offered.pk).image is None


def test_anonymous_is_401_and_unknown_product_404(anon, supplier):
    product = ProductFactory()
    assert anon.put(upload_url(product), {"original_image": png_upload()}, format="multipart").status_code == 401
    missing = client_for(UserFactory(is_staff=True)).put(
        "/api/v1/products/999999/image-upload/", {"original_image": png_upload()}, format="multipart"
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "payload, status",
    [
        (SimpleUploadedFile("a.png", b"not an image", content_type="image/png"), 400),
        (SimpleUploadedFile("bomb.png", png_bomb(100_000, 100_000), content_type="image/png"), 400),
        (None, 400),
    ],
)
def test_bad_files_are_refused(supplier, offered, payload, status):
    data = {"original_image": payload} if payload else {}
    response = client_for(supplier).put(upload_url(offered), data, format="multipart")
    assert response.status_code == status
    assert "original_image" in response.json()
    assert Product.objects.get(pk=offered.pk).image is None


def test_too_many_bytes_is_a_413(supplier, offered, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = client_for(supplier).put(
        upload_url(offered), {"original_image": png_upload((300, 300))}, format="multipart"
    )
    assert response.status_code == 413 and "detail" in response.json()
