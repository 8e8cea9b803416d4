from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from archive.changes import records_changed
from archive.site import releases


class Command(BaseCommand):
    help = (
        "Publish the next release of the dataset: every public tour as CSV, JSON Lines and "
        "SQLite, with SHA-256 sums and a changelog (archive/site/releases.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the folder of releases (default: the DATASET_RELEASES_DIR setting)",
        )

    def handle(self, *args, output, **options):
        release = releases.publish(timezone.localdate(), Path(output) if output else None)
        records_changed()  # cached pages that name the latest release go stale
        self.stdout.write(
            f"published {release.path}: {release.tours} tours, {len(release.added)} added, "
            f"{len(release.removed)} removed, {len(release.changed)} changed"
        )
