"""Product picture sizes and reading the URLs of renditions already made (never rendering in a request)."""

from wagtail.images.models import Filter

# API name → Wagtail filter spec. The thumbnail is cropped to a square; the detail keeps its proportions.
PRODUCT_IMAGE_FILTERS = {"thumbnail": "fill-300x300", "detail": "max-800x600"}


def rendition_urls(image, *names: str) -> dict[str, str | None] | None:
    """URLs of the image's existing renditions by API name (None while the task has not made one yet).

    Uses prefetched renditions when the queryset has them, so a list costs one query for all images.
    """
    if image is None:
        return None
    filters = {name: Filter(spec=PRODUCT_IMAGE_FILTERS[name]) for name in names}
    found = image.find_existing_renditions(*filters.values())
    return {name: found[spec].url if spec in found else None for name, spec in filters.items()}
