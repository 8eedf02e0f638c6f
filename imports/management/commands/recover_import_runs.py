from django.core.management.base import BaseCommand

from imports.services import recover_stale_runs


class Command(BaseCommand):
    help = "Mark import runs whose worker died (no heartbeat for IMPORT_RUN_LEASE_SECONDS) as failed."

    def handle(self, *args, **options):
        ids = recover_stale_runs()
        self.stdout.write(f"{len(ids)} stalled import run(s) marked failed" + (f": {ids}" if ids else "."))
