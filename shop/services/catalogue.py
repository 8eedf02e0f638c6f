"""Catalogue writes: product pictures (API upload and admin choice) and a supplier's order intake switch."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from accounts.models import User
from core.uploads import reencoded_image

from ..exceptions import NotFoundError
from ..models import Product, Shop
from ..tasks import make_product_image_renditions

logger = logging.getLogger(__name__)


@transaction.atomic
def set_product_image(*, product_id: int, upload: UploadedFile, uploaded_by: User | None) -> Product:
    """Store `upload` as the product's Wagtail image; its renditions are made by a Celery task after commit.

    The file is checked and re-encoded first (core.uploads: type, bytes → 413, pixels → 400; stored as
    `<uuid>.<ext>` of its real format) so nothing half-valid or smuggled is stored. The product row is
    locked so two uploads cannot interleave.
    """
    image_file = reencoded_image(upload)
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFoundError(_("No such product."))
    image = get_image_model()(title=product.name[:255], file=image_file, uploaded_by_user=uploaded_by)
    image._set_image_file_metadata()
    image.save()
    product.image = image
    product.save(update_fields=["image"])
    request_product_image_renditions(product=product)
    logger.info("product %s: image %s uploaded by %s", product.pk, image.pk, getattr(uploaded_by, "pk", None))
    return product


def request_product_image_renditions(*, product: Product) -> None:
    """Have the product picture's sizes rendered by Celery once the caller's transaction commits, however the
    picture was chosen (API upload or the admin); rendering an existing size again is a no-op."""
    image_id = product.image_id
    if image_id is not None:
        transaction.on_commit(lambda: make_product_image_renditions.delay(image_id))


def set_shop_accepting_orders(*, shop: Shop, accepts_orders: bool) -> Shop:
    """Open or close the shop's order intake; its offers leave or rejoin the catalogue (the cache is bumped)."""
    shop.accepts_orders = accepts_orders
    shop.save(update_fields=["accepts_orders"])
    logger.info("shop %s: accepts_orders=%s", shop.pk, accepts_orders)
    return shop


def bump_catalogue_version(*, shop_ids: list[int] | QuerySet) -> None:
    """Mark the shops' offers as changed (one UPDATE): import previews made before then are out of date.

    `shop_ids` may be a queryset of ids (`offers.values("shop_id")`), read inside the same statement."""
    Shop.objects.filter(pk__in=shop_ids).update(catalogue_version=F("catalogue_version") + 1)


# What a supplier sets itself on its shop's settings page (the back office's workspace).
SUPPLIER_SHOP_SETTINGS = ("email", "accepts_orders")


def update_shop_settings(*, shop: Shop, values: dict) -> Shop:
    """Save the supplier's own settings of its shop (SUPPLIER_SHOP_SETTINGS only: ValueError otherwise);
    saved through the model, so closing order intake takes the offers off the catalogue at once."""
    if unknown := set(values) - set(SUPPLIER_SHOP_SETTINGS):
        raise ValueError(f"not a supplier's setting: {sorted(unknown)}")
    for field, value in values.items():
        setattr(shop, field, value)
    shop.save(update_fields=list(values))
    logger.info("shop %s: settings %s saved", shop.pk, sorted(values))
    return shop


def set_stock_counted_at(*, shop_id: int, counted_at) -> None:
    """Record when the shop's stock was last stated by a price list (see Shop.stock_counted_at)."""
    Shop.objects.filter(pk=shop_id).update(stock_counted_at=counted_at)
