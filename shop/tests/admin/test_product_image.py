"""A picture chosen for a product in the admin gets its storefront sizes rendered in the background."""

import pytest
from wagtail.images import get_image_model

from shop.models import Product
from shop.services import catalogue
from shop.tests.factories import OfferFactory, ProductFactory

from ..conftest import png_upload

pytestmark = pytest.mark.django_db


def test_a_picture_chosen_in_the_admin_reaches_the_storefront(
    admin_client, api_client, django_capture_on_commit_callbacks
):
    product = OfferFactory().product  # on sale: a product without offers answers 404
    image = get_image_model().objects.create(title="Phone", file=png_upload((1200, 900)))
    assert not image.renditions.exists()
    form = {"name": product.name, "category": product.category_id, "description": "", "image": image.pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/snippets/shop/product/edit/{product.pk}/", form)
    assert response.status_code == 302, response.content
    assert Product.objects.get(pk=product.pk).image_id == image.pk
    assert dict(image.renditions.values_list("filter_spec", "width")) == {"fill-300x300": 300, "max-800x600": 800}
    shown = api_client.get(f"/api/v1/products/{product.pk}/").json()["image"]
    assert shown["thumbnail"].startswith("/media/images/") and shown["detail"].startswith("/media/images/")


def test_a_product_saved_without_a_picture_queues_nothing(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(catalogue.make_product_image_renditions, "delay", queued.append)
    product = ProductFactory()
    form = {"name": "Renamed", "category": product.category_id, "description": ""}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/snippets/shop/product/edit/{product.pk}/", form)
    assert Product.objects.get(pk=product.pk).name == "Renamed"
    assert queued == []
    image = get_image_model().objects.create(title="Phone", file=png_upload())
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/snippets/shop/product/edit/{product.pk}/", {**form, "image": image.pk})
    assert queued == [image.pk]
