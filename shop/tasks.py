import logging

from celery import shared_task
from wagtail.images import get_image_model

from .catalogue_cache import bump_catalogue_generation
from .images import PRODUCT_IMAGE_FILTERS

logger = logging.getLogger(__name__)


@shared_task(name="shop.clear_catalogue_cache", reject_on_worker_lost=True)
def clear_catalogue_cache() -> int:
    """The Netology diploma's `clear_product_list_cache_task`: make every cached catalogue answer stale."""
    return bump_catalogue_generation()


@shared_task(name="shop.make_product_image_renditions", autoretry_for=(OSError,), retry_backoff=10, max_retries=3)
def make_product_image_renditions(image_id: int) -> list[str]:
    """Render a product picture's thumbnail and detail sizes, then let the catalogue show them."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        logger.info("image %s is gone; no renditions made", image_id)
        return []
    renditions = image.get_renditions(*PRODUCT_IMAGE_FILTERS.values())
    bump_catalogue_generation()
    return sorted(renditions)
