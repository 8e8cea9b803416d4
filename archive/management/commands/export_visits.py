from pathlib import Path

from django.core.management.base import BaseCommand

from archive.models import Visit
from archive.site.export import csv_rows, jsonl_lines, records, started


class Command(BaseCommand):
    help = "Export tours, one per line (JSON Lines) or row (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, format, output, **options):
        visits = Visit.objects.public().order_by("start_date", "id")
        lines = started(jsonl_lines(records(visits)) if format == "jsonl" else csv_rows(visits))
        if output:
            # Written aside and renamed once whole: an export that fails (the command then
            # exits non-zero) leaves no file that looks like a whole one.
            partial = Path(f"{output}.partial")
            try:
                with open(partial, "w", encoding="utf-8", newline="") as fh:
                    fh.writelines(lines)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(output)
            self.stderr.write(f"wrote {output}")
        else:
            for line in lines:
                self.stdout.write(line)
