"""Writing a price list into the catalogue, set-based: a handful of bulk statements per batch."""

import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from shop.catalogue_cache import bump_catalogue_generation
from shop.models import Category, Offer, OfferParameter, Parameter, Product, Shop

from .models import ImportFormat, ImportRun, ImportStatus
from .parsers import parse_yaml
from .pricelist import PriceList, PriceListOffer
from .sources import data_folder_pricelists, resolve_data_path

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
OFFER_FIELDS = ("product_id", "name", "description", "price", "price_rrc", "quantity", "is_active")


@transaction.atomic
def apply_pricelist(
    *,
    shop: Shop,
    pricelist: PriceList,
    source: str,
    import_format: str = ImportFormat.YAML,
    created_by=None,
) -> ImportRun:
    """Make the shop's catalogue match the price list, in one transaction.

    Offers are matched by external id when the file gives one, else by (product, offer name).
    Offers missing from the file are withdrawn (inactive), never deleted. The shop row is locked,
    so two imports of one shop run one after the other, never interleaved.
    """
    Shop.objects.select_for_update().get(pk=shop.pk)
    category_ids = _ensure_categories(shop, pricelist)
    product_ids = _ensure_products(pricelist, category_ids)
    parameter_ids = _ensure_parameters(name for offer in pricelist.offers for name in offer.parameters)

    existing = {_identity_of_row(offer): offer for offer in Offer.objects.filter(shop=shop)}
    created: list[tuple[Offer, PriceListOffer]] = []
    changed: list[tuple[Offer, PriceListOffer]] = []
    seen: set[int] = set()
    current_parameters = _parameters_by_offer(offer.pk for offer in existing.values())
    unchanged = 0
    for item in pricelist.offers:
        product_id = product_ids[(category_ids[item.category], item.product)]
        wanted = {
            "product_id": product_id,
            "name": item.name,
            "description": item.description,
            "price": item.price,
            "price_rrc": item.price_rrc,
            "quantity": item.quantity,
            "is_active": True,
        }
        offer = existing.get(_identity_of_item(item, product_id))
        if offer is None:
            created.append((Offer(shop=shop, external_id=item.external_id, **wanted), item))
            continue
        seen.add(offer.pk)
        wanted_parameters = {parameter_ids[name]: value for name, value in item.parameters.items()}
        if all(getattr(offer, f) == v for f, v in wanted.items()) and current_parameters.get(offer.pk, {}) == (
            wanted_parameters
        ):
            unchanged += 1
            continue
        for field, value in wanted.items():
            setattr(offer, field, value)
        changed.append((offer, item))

    Offer.objects.bulk_create([offer for offer, _ in created], batch_size=BATCH_SIZE)
    Offer.objects.bulk_update([offer for offer, _ in changed], OFFER_FIELDS, batch_size=BATCH_SIZE)
    withdrawn = (
        Offer.objects.filter(shop=shop, is_active=True)
        .exclude(pk__in=seen | {offer.pk for offer, _ in created})
        .update(is_active=False, updated_at=timezone.now())
    )
    _replace_parameters(created + changed, parameter_ids)

    run = ImportRun.objects.create(
        shop=shop,
        source=source,
        format=import_format,
        status=ImportStatus.APPLIED,
        created_count=len(created),
        updated_count=len(changed),
        unchanged_count=unchanged,
        withdrawn_count=withdrawn,
        progress_done=len(pricelist.offers),
        progress_total=len(pricelist.offers),
        created_by=created_by,
        applied_at=timezone.now(),
    )
    transaction.on_commit(bump_catalogue_generation)
    logger.info(
        "import %s of shop %s applied: %s created, %s updated, %s unchanged, %s withdrawn",
        run.pk,
        shop.pk,
        len(created),
        len(changed),
        unchanged,
        withdrawn,
    )
    return run


def _identity_of_row(offer: Offer) -> tuple:
    return ("ext", offer.external_id) if offer.external_id else ("name", offer.product_id, offer.name)


def _identity_of_item(item: PriceListOffer, product_id: int) -> tuple:
    return ("ext", item.external_id) if item.external_id else ("name", product_id, item.name)


def _ensure_categories(shop: Shop, pricelist: PriceList) -> dict[str, int]:
    names = pricelist.category_names
    Category.objects.bulk_create(
        [Category(name=name, description=pricelist.category_descriptions.get(name, "")) for name in names],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    ids = dict(Category.objects.filter(name__in=names).values_list("name", "id"))
    Category.shops.through.objects.bulk_create(
        [Category.shops.through(category_id=pk, shop_id=shop.pk) for pk in ids.values()],
        ignore_conflicts=True,
    )
    return ids


def _ensure_products(pricelist: PriceList, category_ids: dict[str, int]) -> dict[tuple[int, str], int]:
    keys = {(category_ids[offer.category], offer.product) for offer in pricelist.offers}
    Product.objects.bulk_create(
        [Product(category_id=category_id, name=name) for category_id, name in keys],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    rows = Product.objects.filter(
        category_id__in={category_id for category_id, _ in keys}, name__in={name for _, name in keys}
    ).values_list("category_id", "name", "id")
    return {(category_id, name): pk for category_id, name, pk in rows}


def _ensure_parameters(names: Iterable[str]) -> dict[str, int]:
    names = set(names)
    Parameter.objects.bulk_create([Parameter(name=name) for name in names], ignore_conflicts=True)
    return dict(Parameter.objects.filter(name__in=names).values_list("name", "id"))


def _parameters_by_offer(offer_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    result: dict[int, dict[int, str]] = {}
    rows = OfferParameter.objects.filter(offer_id__in=list(offer_ids)).values_list("offer_id", "parameter_id", "value")
    for offer_id, parameter_id, value in rows.iterator(chunk_size=BATCH_SIZE):
        result.setdefault(offer_id, {})[parameter_id] = value
    return result


def _replace_parameters(pairs: list[tuple[Offer, PriceListOffer]], parameter_ids: dict[str, int]) -> None:
    offer_ids = [offer.pk for offer, _ in pairs]
    for start in range(0, len(offer_ids), BATCH_SIZE):
        OfferParameter.objects.filter(offer_id__in=offer_ids[start : start + BATCH_SIZE]).delete()
    OfferParameter.objects.bulk_create(
        [
            OfferParameter(offer_id=offer.pk, parameter_id=parameter_ids[name], value=value)
            for offer, item in pairs
            for name, value in item.parameters.items()
        ],
        batch_size=BATCH_SIZE,
    )


def import_shop_source(*, shop: Shop, created_by=None) -> ImportRun:
    """Apply the shop's own price list (`Shop.source_file`, inside the data folder)."""
    path = resolve_data_path(shop.source_file)
    with path.open("rb") as stream:
        pricelist = parse_yaml(stream)
    return apply_pricelist(shop=shop, pricelist=pricelist, source=shop.source_file, created_by=created_by)


@transaction.atomic
def create_shops_from_data_folder() -> list[tuple[Shop, bool]]:
    """One shop per price list in the data folder, named as the file says; existing shops are kept."""
    results = []
    root = Path(settings.PRICELIST_DATA_DIR)
    for path in data_folder_pricelists():
        with path.open("rb") as stream:
            pricelist = parse_yaml(stream)
        shop, created = Shop.objects.get_or_create(
            name=pricelist.shop_name,
            defaults={"slug": slugify(pricelist.shop_name), "source_file": str(path.relative_to(root))},
        )
        results.append((shop, created))
    return results
