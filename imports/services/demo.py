"""Shops and imports straight from the data folder (demo data, `create_initial_shops`), and applying an
already parsed price list."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.models import Shop

from ..exceptions import PriceListInvalid
from ..models import ImportFormat, ImportRun, ImportStatus
from ..parsers.formats import detect_format, read_head
from ..parsers.yaml_dialects import parse_yaml
from ..pricelist import PriceList
from ..sources import data_folder_pricelists
from .apply import apply_import
from .runs import create_data_folder_run, run_import


def apply_pricelist(
    *, shop: Shop, pricelist: PriceList, source: str, import_format: str = ImportFormat.YAML, created_by=None
) -> ImportRun:
    """Record a run for an already parsed price list and apply it at once (see apply_import)."""
    run = ImportRun.objects.create(
        shop=shop, source=source, format=import_format, status=ImportStatus.PREVIEWED, created_by=created_by
    )
    return apply_import(run_id=run.pk, pricelist=pricelist)


def import_shop_source(*, shop: Shop, created_by=None) -> ImportRun:
    """Preview and apply the shop's own price list (`Shop.source_file`, inside the data folder).

    Raises PriceListInvalid when the file is invalid (nothing is written to the catalogue then).
    """
    if not shop.source_file:
        raise PriceListInvalid([{"field": "source_file", "message": _("This shop has no source file.")}])
    run = create_data_folder_run(shop=shop, path=shop.source_file, created_by=created_by)
    run = run_import(run_id=run.pk)
    if run.status == ImportStatus.FAILED and run.errors:
        raise PriceListInvalid(run.errors)
    return run


@transaction.atomic
def create_shops_from_data_folder() -> list[tuple[Shop, bool]]:
    """One shop per price list in the data folder, named as the file says; existing shops are kept."""
    results = []
    root = Path(settings.PRICELIST_DATA_DIR)
    for path in data_folder_pricelists():
        if detect_format(path.name, head=read_head(path)) != ImportFormat.YAML:
            continue
        with path.open("rb") as stream:
            pricelist = parse_yaml(stream)
        if not pricelist.shop_name:
            raise PriceListInvalid([{"field": "name", "message": _("%s names no shop.") % path.name}])
        shop, created = Shop.objects.get_or_create(
            name=pricelist.shop_name,
            defaults={"slug": slugify(pricelist.shop_name), "source_file": str(path.relative_to(root))},
        )
        results.append((shop, created))
    return results
