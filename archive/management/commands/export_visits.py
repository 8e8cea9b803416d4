from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.models import Visit
from archive.site.export import csv_rows, jsonl_text, started


class Command(BaseCommand):
    help = "Export tours, one per line (JSON Lines) or row (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="the site's address, for the tours' addresses (default: the SITE_URL setting, "
            f"now {settings.SITE_URL})",
        )

    def handle(self, *args, format, output, site_url, **options):
        visits = Visit.objects.public().order_by("start_date", "id")
        if format == "jsonl":
            lines = started(jsonl_text(visits, site_url))
        else:
            lines = started(csv_rows(visits, site_url))
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
