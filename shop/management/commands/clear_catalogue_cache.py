from django.core.management.base import BaseCommand

from shop.catalogue_cache import bump_catalogue_generation


class Command(BaseCommand):
    help = "Make every cached catalogue answer stale by bumping the catalogue generation."

    def handle(self, *args, **options):
        generation = bump_catalogue_generation()
        self.stdout.write(f"Catalogue cache generation is now {generation}.")
