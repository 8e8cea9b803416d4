import os
import resource
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.importer import Importer, Outcome
from archive.ingest.readers import Failure, Skipped


def one_line(text: str) -> str:
    return " ".join(text.splitlines())


class Command(BaseCommand):
    help = "Import news articles (.txt crawl files, .jsonl/.json, .html) from files and folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=Importer.batch_size,
            help=f"documents per transaction (default {Importer.batch_size})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.IMPORT_WORKERS,
            help="processes extracting the next batch while one is stored; 0: none"
            f" (default IMPORT_WORKERS, {settings.IMPORT_WORKERS})",
        )
        parser.add_argument(
            "--niceness",
            type=int,
            default=settings.IMPORT_NICENESS,
            help="scheduling niceness, 0 (as the web processes) to 19 (only idle CPU);"
            f" the workers inherit it (default IMPORT_NICENESS, {settings.IMPORT_NICENESS})",
        )

    def handle(self, *args, paths, batch_size, workers, niceness, verbosity=1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if workers < 0:
            raise CommandError("--workers must be 0 or more")
        if not 0 <= niceness <= 19:
            raise CommandError("--niceness must be from 0 to 19")
        # Never less nice than the process already is: lowering it needs privileges.
        current = os.getpriority(os.PRIO_PROCESS, 0)
        if niceness > current:
            os.setpriority(os.PRIO_PROCESS, 0, niceness)
        started = time.monotonic()
        # Shown only when stderr is a terminal and the batch runs for more than a few seconds.
        progress = tqdm(unit=" files", delay=3, file=sys.stderr, disable=None, leave=False)

        def on_file(name, outcome):
            progress.update(1)
            if isinstance(outcome, Failure):
                progress.clear()
                # One line each, whatever a file's name or an error's message holds.
                self.stderr.write(
                    f"failed: {one_line(outcome.file_name)}: {one_line(outcome.reason)}"
                )
            elif isinstance(outcome, Skipped) and verbosity >= 1:
                progress.clear()
                self.stdout.write(
                    f"skipped: {one_line(outcome.file_name)}: {one_line(outcome.reason)}"
                )
            elif verbosity >= 2:
                self.stdout.write(f"{outcome.value}: {name}")

        importer = Importer(batch_size=batch_size, workers=workers)
        report = importer.import_paths(paths, on_file=on_file)
        progress.close()
        elapsed = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        taken, again = report.extracted_ahead
        if verbosity >= 2 and taken + again:
            self.stdout.write(
                f"extracted by the workers: {taken} texts taken, {again} extracted again here"
            )
        self.stdout.write(
            f"{report.summary()} ({elapsed:.1f} s: extraction {report.extract_seconds:.1f} s,"
            f" reading and storing {elapsed - report.extract_seconds:.1f} s;"
            f" peak memory {peak_mb:.0f} MB)"
        )
        failed = report.counts[Outcome.FAILED]
        if failed:
            raise CommandError(f"{failed} file{'s' if failed != 1 else ''} failed", returncode=1)
