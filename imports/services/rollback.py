"""Rolling back a shop's latest applied import from its before-image."""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.catalogue_cache import bump_catalogue_generation
from shop.models import CartItem, Category, Offer, OrderItem, Parameter, Product
from shop.order_status import OrderStatus
from shop.services.search import refresh_shop_search_documents

from ..exceptions import ImportConflict
from ..models import ImportRun, ImportSnapshotChunk, ImportStatus, SnapshotKind
from . import bulk
from .apply import OFFER_BATCH, lock_shop_for_import, replace_parameters
from .bulk import batched, raw_delete

logger = logging.getLogger(__name__)


def check_rollback(run: ImportRun) -> None:
    """Refuse (ImportConflict, with the reason) anything but the shop's latest applied run."""
    if run.status != ImportStatus.APPLIED:
        raise ImportConflict(
            _("Only an applied import can be rolled back; this one is %(status)s.")
            % {"status": run.get_status_display()}
        )
    latest = (
        ImportRun.objects.filter(shop_id=run.shop_id, status=ImportStatus.APPLIED)
        .order_by("-applied_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if latest != run.pk:
        raise ImportConflict(
            _("Only the shop's latest applied import (#%(latest)s) can be rolled back.") % {"latest": latest},
            latest_import_id=latest,
        )


def rollback_import(*, run_id: int, user=None) -> ImportRun:
    """Return the shop's catalogue to its state before this run, in one transaction.

    Prices, RRC, names, descriptions, products (hence categories), parameters and active flags come back
    from the before-image; quantity comes back minus the units sold since the import (orders placed after
    it and not canceled), never below 0. Offers, products, categories, parameters and category links the
    import created are deleted, except offers that orders reference (those are withdrawn) and rows that
    something else uses by now. Refused (ImportConflict) unless the run is the shop's latest applied one
    or while another import of the shop runs. The catalogue cache generation is bumped after commit.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run_id)
        lock_shop_for_import(run.shop_id)
        check_rollback(run)
        sold = dict(
            OrderItem.objects.filter(offer__shop_id=run.shop_id, order__created_at__gte=run.applied_at)
            .exclude(order__status=OrderStatus.CANCELED)
            .order_by()
            .values("offer_id")
            .annotate(sold=Sum("quantity"))
            .values_list("offer_id", "sold")
        )
        chunks = ImportSnapshotChunk.objects.filter(run=run).order_by("kind", "position")
        for chunk in chunks.filter(kind=SnapshotKind.OFFERS).iterator(chunk_size=1):
            _restore_offers(run.shop_id, chunk.rows, sold)
        for chunk in chunks.filter(kind=SnapshotKind.CREATED_OFFERS).iterator(chunk_size=1):
            _remove_created_offers(chunk.rows)
        for kind, remove in (
            (SnapshotKind.CREATED_PRODUCTS, _remove_created_products),
            (SnapshotKind.CREATED_SHOP_CATEGORIES, lambda ids: _unlink_categories(run.shop_id, ids)),
            (SnapshotKind.CREATED_CATEGORIES, _remove_created_categories),
            (SnapshotKind.CREATED_PARAMETERS, _remove_created_parameters),
        ):
            for chunk in chunks.filter(kind=kind).iterator(chunk_size=1):
                remove(chunk.rows)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.ROLLED_BACK, rolled_back_at=timezone.now(), rolled_back_by=user, failure=""
        )
        refresh_shop_search_documents(run.shop_id)
        transaction.on_commit(bump_catalogue_generation)
    logger.info("import %s of shop %s rolled back", run.pk, run.shop_id)
    run.refresh_from_db()
    return run


def _restore_offers(shop_id: int, rows: list[list], sold: dict[int, int]) -> None:
    offers = []
    parameters = []
    for offer_id, product_id, name, external_id, description, price, price_rrc, quantity, active, params in rows:
        quantity = max(0, quantity - sold.get(offer_id, 0))
        offers.append(
            (offer_id, product_id, name, external_id, description, Decimal(price), Decimal(price_rrc), quantity, active)
        )
        parameters.append((offer_id, dict(params)))
    bulk.update_offers(shop_id=shop_id, rows=offers, now=timezone.now())
    replace_parameters(parameters)


def _remove_created_offers(ids: list[int]) -> None:
    """Delete the offers an import created, with their parameters and cart lines; offers that orders
    reference since cannot go, so they are withdrawn."""
    referenced = set(OrderItem.objects.filter(offer_id__in=ids).values_list("offer_id", flat=True).distinct())
    if referenced:
        Offer.objects.filter(pk__in=referenced).update(is_active=False, updated_at=timezone.now())
    removable = [pk for pk in ids if pk not in referenced]
    bulk.delete_parameters(removable)
    raw_delete(CartItem.objects.filter(offer_id__in=removable))
    raw_delete(Offer.objects.filter(pk__in=removable))


def _remove_created_products(ids: list[int]) -> None:
    for batch in batched(ids, OFFER_BATCH):
        unused = Product.objects.filter(pk__in=batch, offers__isnull=True).values_list("pk", flat=True)
        raw_delete(Product.objects.filter(pk__in=list(unused)))


def _unlink_categories(shop_id: int, category_ids: list[int]) -> None:
    raw_delete(Category.shops.through.objects.filter(shop_id=shop_id, category_id__in=category_ids))


def _remove_created_categories(ids: list[int]) -> None:
    unused = list(Category.objects.filter(pk__in=ids, products__isnull=True).values_list("pk", flat=True))
    raw_delete(Category.shops.through.objects.filter(category_id__in=unused))
    raw_delete(Category.objects.filter(pk__in=unused))


def _remove_created_parameters(ids: list[int]) -> None:
    unused = list(Parameter.objects.filter(pk__in=ids, offer_parameters__isnull=True).values_list("pk", flat=True))
    raw_delete(Parameter.objects.filter(pk__in=unused))
