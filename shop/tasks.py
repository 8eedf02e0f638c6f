from celery import shared_task

from .catalogue_cache import bump_catalogue_generation


@shared_task(name="shop.clear_catalogue_cache")
def clear_catalogue_cache() -> int:
    """The original service's `clear_product_list_cache_task`: make every cached catalogue answer stale."""
    return bump_catalogue_generation()
