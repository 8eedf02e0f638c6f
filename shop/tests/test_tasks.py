import pytest
from wagtail.images import get_image_model

from shop.catalogue_cache import catalogue_generation
from shop.tasks import make_product_image_renditions

from .conftest import png_upload

pytestmark = pytest.mark.django_db


def test_renditions_are_made_and_the_catalogue_refreshed():
    image = get_image_model().objects.create(title="pic", file=png_upload((1200, 1200)))
    generation = catalogue_generation()
    assert make_product_image_renditions.delay(image.pk).get() == ["fill-300x300", "max-800x600"]
    assert dict(image.renditions.values_list("filter_spec", "height")) == {"fill-300x300": 300, "max-800x600": 600}
    assert catalogue_generation() > generation


def test_a_deleted_image_is_skipped():
    assert make_product_image_renditions.delay(987654).get() == []
