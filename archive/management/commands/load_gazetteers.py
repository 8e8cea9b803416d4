from django.core.management.base import BaseCommand

from archive.ingest.gazetteers import load_all


class Command(BaseCommand):
    help = (
        "Add the shipped gazetteers (fixtures/gazetteer) to the database; edited records are kept."
    )

    def handle(self, *args, **options):
        added = load_all()
        self.stdout.write(", ".join(f"{n} {kind} added" for kind, n in added.items()))
