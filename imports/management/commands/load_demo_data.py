from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services.registration import ensure_demo_staff
from imports.exceptions import PriceListInvalid
from imports.models import ImportStatus
from imports.services import create_shops_from_data_folder, import_shop_source
from shop.services.synonyms import add_missing_synonyms

DEMO_STAFF_EMAIL = "admin@example.com"
DEMO_STAFF_PASSWORD = "orderservice-demo"
# Words Russian shoppers type for what the demo catalogue calls otherwise; staff can edit them in the admin.
DEMO_SEARCH_SYNONYMS = {
    "айфон": "iphone",
    "самсунг": "samsung",
    "телефон": "смартфон, smartphone",
    "ноут": "ноутбук, laptop",
    "наушники": "headphones",
}


class Command(BaseCommand):
    help = "Create the demo shops from data/, import their price lists and make a demo staff account."

    def handle(self, *args, **options):
        try:
            for shop, _created in create_shops_from_data_folder():
                if shop.import_runs.filter(status=ImportStatus.APPLIED).exists():
                    self.stdout.write(f"{shop.name}: already imported, left as it is")
                    continue
                run = import_shop_source(shop=shop)
                self.stdout.write(
                    f"{shop.name}: {run.created_count} created, {run.updated_count} updated, "
                    f"{run.unchanged_count} unchanged, {run.withdrawn_count} withdrawn"
                )
        except PriceListInvalid as exc:
            raise CommandError(_("A demo price list is invalid: %s") % exc.errors) from exc
        added = add_missing_synonyms(DEMO_SEARCH_SYNONYMS)
        self.stdout.write(f"Search synonyms: {added} added")
        created = ensure_demo_staff(email=DEMO_STAFF_EMAIL, password=DEMO_STAFF_PASSWORD)
        state = "created" if created else "already there, password unchanged"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff account ({state}): {DEMO_STAFF_EMAIL} / {DEMO_STAFF_PASSWORD} — http://127.0.0.1:8000/admin/"
            )
        )
