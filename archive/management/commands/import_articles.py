import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.importer import Importer, Outcome
from archive.readers import Failure


class Command(BaseCommand):
    help = "Import news articles (.txt crawl files, .jsonl/.json, .html) from files and folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, paths, verbosity=1, **options):
        started = time.monotonic()
        # Shown only when stderr is a terminal and the batch runs for more than a few seconds.
        progress = tqdm(unit=" files", delay=3, file=sys.stderr, disable=None, leave=False)

        def on_file(name, outcome):
            progress.update(1)
            if isinstance(outcome, Failure):
                progress.clear()
                self.stderr.write(f"failed: {outcome.file_name}: {outcome.reason}")
            elif verbosity >= 2:
                self.stdout.write(f"{outcome.value}: {name}")

        report = Importer().import_paths(paths, on_file=on_file)
        progress.close()
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.summary()} ({elapsed:.1f} s)")
        failed = report.counts[Outcome.FAILED]
        if failed:
            raise CommandError(f"{failed} file{'s' if failed != 1 else ''} failed", returncode=1)
