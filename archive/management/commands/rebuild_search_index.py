from django.core.management.base import BaseCommand

from archive.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every tour (after migrating, or to repair it)."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild_index()} tours indexed")
