from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.exporters import export_pricelist
from imports.models import ImportFormat
from shop.models import Shop


class Command(BaseCommand):
    help = "Write a shop's active offers as a CSV or XLSX price list that import_pricelist reads back."
    # As import_pricelist: the system checks load every admin and URL module and check nothing this needs.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write.")
        parser.add_argument("--shop", required=True, help="The shop's id or slug.")
        parser.add_argument("--format", choices=[ImportFormat.CSV, ImportFormat.XLSX], default=ImportFormat.CSV)

    def handle(self, *args, out, shop, format, **options):
        found = Shop.objects.filter(slug=shop).first() or (
            Shop.objects.filter(pk=shop).first() if shop.isdigit() else None
        )
        if found is None:
            raise CommandError(_("No shop “%s”.") % shop)
        Path(out).write_bytes(export_pricelist(shop_id=found.pk, export_format=format))
        self.stdout.write(self.style.SUCCESS(_("%(shop)s: written to %(path)s") % {"shop": found.name, "path": out}))
