from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid
from imports.services import create_shops_from_data_folder


class Command(BaseCommand):
    help = "Create one shop for each price list in the data folder (data/shop*.yaml)."

    def handle(self, *args, **options):
        try:
            results = create_shops_from_data_folder()
        except PriceListInvalid as exc:
            raise CommandError(_("A price list in the data folder is invalid: %s") % exc.errors) from exc
        for shop, created in results:
            verb = "created" if created else "exists"
            self.stdout.write(f"{shop.name} ({shop.source_file}): {verb}")
