from django.core.management.base import BaseCommand, CommandError

from shop.catalogue_cache import bump_catalogue_generation


class Command(BaseCommand):
    help = "Make every cached catalogue answer stale by bumping the catalogue generation."

    def handle(self, *args, **options):
        generation = bump_catalogue_generation()
        if generation is None:
            raise CommandError("The cache is unreachable; the catalogue generation was not bumped.")
        self.stdout.write(f"Catalogue cache generation is now {generation}.")
