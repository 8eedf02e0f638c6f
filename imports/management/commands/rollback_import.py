from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from imports.models import ImportRun
from imports.services import rollback_import


class Command(BaseCommand):
    help = "Roll back a shop's latest applied import, restoring the catalogue as it was before it."
    # As import_pricelist: the system checks load every admin and URL module and check nothing this needs.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("run_id", type=int, help="The import run to roll back.")
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Roll back even over offers changed by hand since the import (they are listed otherwise).",
        )

    def handle(self, *args, run_id, overwrite_edits, **options):
        try:
            run = rollback_import(run_id=run_id, overwrite_edits=overwrite_edits)
        except ImportRun.DoesNotExist as exc:
            raise CommandError(_("No import #%s.") % run_id) from exc
        except DomainError as exc:
            lines = [exc.detail]
            for offer in exc.extra.get("edited_offers", []):
                lines.append(f"  offer #{offer['offer_id']} {offer['name']}: {offer['change']}")
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Import #%(id)s of %(shop)s rolled back.") % {"id": run.pk, "shop": run.shop.name})
        )
