from django.core.management.base import BaseCommand

from imports.services import prune_import_data


class Command(BaseCommand):
    help = (
        "Delete uploads, parsed lists, change pages and before-images of import runs older than "
        "IMPORT_RETENTION_DAYS, keeping what each shop's latest applied run needs for rollback."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Default: IMPORT_RETENTION_DAYS.")

    def handle(self, *args, days, **options):
        pruned = prune_import_data(days=days)
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in pruned.items()))
