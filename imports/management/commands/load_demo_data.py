from django.core.management.base import BaseCommand, CommandError

from accounts.services.registration import ensure_demo_staff
from imports.exceptions import PriceListInvalid
from imports.models import ImportStatus
from imports.services import create_shops_from_data_folder, import_shop_source

DEMO_STAFF_EMAIL = "admin@example.com"
DEMO_STAFF_PASSWORD = "orderservice-demo"


class Command(BaseCommand):
    help = "Create the demo shops from data/, import their price lists and make a demo staff account."

    def handle(self, *args, **options):
        try:
            for shop, _ in create_shops_from_data_folder():
                if shop.import_runs.filter(status=ImportStatus.APPLIED).exists():
                    self.stdout.write(f"{shop.name}: already imported, left as it is")
                    continue
                run = import_shop_source(shop=shop)
                self.stdout.write(
                    f"{shop.name}: {run.created_count} created, {run.updated_count} updated, "
                    f"{run.unchanged_count} unchanged, {run.withdrawn_count} withdrawn"
                )
        except PriceListInvalid as exc:
            raise CommandError(f"A demo price list is invalid: {exc.errors}") from exc
        created = ensure_demo_staff(email=DEMO_STAFF_EMAIL, password=DEMO_STAFF_PASSWORD)
        state = "created" if created else "already there, password unchanged"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff account ({state}): {DEMO_STAFF_EMAIL} / {DEMO_STAFF_PASSWORD} — http://127.0.0.1:8000/admin/"
            )
        )
