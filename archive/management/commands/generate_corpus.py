import datetime as dt
import json
import os
import re
import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.gazetteers import gazetteer_dir
from tools.synthetic import generate

FIRST_UNTIL = dt.date(2013, 3, 1)


def iso_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Write synthetic tour reports in the crawl text format, with a gold.jsonl that "
        "`evaluate` and the shared scorer read. Built from fixtures/gazetteer/*.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="how many articles")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", required=True, help="folder to write into")
        parser.add_argument(
            "--until",
            type=iso_date,
            default=dt.date.today(),
            help="last publication day, YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--non-tour-share", type=float, default=0.05)
        parser.add_argument(
            "--force", action="store_true", help="replace an earlier corpus in the folder"
        )

    def handle(self, *args, articles, seed, output, until, non_tour_share, force, **options):
        if articles < 1 or not 0 <= non_tour_share < 1:
            raise CommandError("--articles must be positive and --non-tour-share in [0, 1)")
        if until < FIRST_UNTIL:
            raise CommandError(f"--until must be {FIRST_UNTIL} or later: tours start in 2013")
        folder = Path(output)
        if folder.exists() and any(folder.iterdir()):
            if not force:
                raise CommandError(f"{folder} is not empty (use --force to replace a corpus)")
            # Only what a corpus consists of goes; anything else the user put there stays.
            for entry in folder.iterdir():
                if entry.is_dir() and re.fullmatch(r"\d{4,}", entry.name):
                    shutil.rmtree(entry)
            (folder / "gold.jsonl").unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        gazetteers = [
            json.loads((gazetteer_dir() / name).read_text(encoding="utf-8"))
            for name in ("places.json", "officials.json", "themes.json")
        ]
        articles_made = generate(
            *gazetteers, articles=articles, seed=seed, until=until, non_tour_share=non_tour_share
        )
        started = time.monotonic()
        tours, non_tours, subfolders = set(), 0, set()
        root = str(folder)
        with open(folder / "gold.jsonl", "w", encoding="utf-8", newline="\n") as gold_file:
            for path, text, gold in articles_made:
                subfolder = path.partition("/")[0]
                if subfolder not in subfolders:
                    os.makedirs(os.path.join(root, subfolder), exist_ok=True)
                    subfolders.add(subfolder)
                with open(os.path.join(root, path), "wb") as fh:  # bytes: no newline translation
                    fh.write(text.encode("utf-8"))
                gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
                if gold["is_tour"]:
                    tours.add(gold["tour"])
                else:
                    non_tours += 1
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{articles} articles ({len(tours)} tours, {non_tours} not tours) in {folder} "
            f"in {elapsed:.1f} s ({articles / max(elapsed, 1e-9):.0f} articles/s)"
        )
