import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Import a gold-annotated corpus into a fresh throwaway SQLite database, export it "
        "and print the score table of the shared evaluation script."
    )

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="folder of articles with a gold.jsonl")
        parser.add_argument("--gold", help="gold file (default: CORPUS/gold.jsonl)")
        parser.add_argument(
            "--scorer",
            default=str(settings.BASE_DIR.parent / "shared" / "eval" / "score.py"),
            help="path of score.py",
        )
        parser.add_argument("--details", action="store_true", help="list each tour's misses")
        parser.add_argument("--keep", help="also write the exported visits to this file")

    def handle(self, *args, corpus, gold, scorer, details, keep, **options):
        gold = gold or str(Path(corpus) / "gold.jsonl")
        for path in (corpus, gold, scorer):
            if not Path(path).exists():
                raise CommandError(f"not found: {path}")
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/eval.sqlite3"}
            manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
            predictions = keep or f"{tmp}/visits.jsonl"
            steps = [
                [*manage, "migrate", "-v0"],
                [*manage, "import_articles", corpus],
                [*manage, "export_visits", "--format", "jsonl", "--output", predictions],
            ]
            for step in steps:
                result = subprocess.run(step, env=env, capture_output=True, text=True)
                if step[2] == "import_articles":
                    self.stdout.write(result.stdout.strip())
                if result.returncode not in (0, 1) or (
                    result.returncode and step[2] != "import_articles"
                ):
                    raise CommandError(f"{' '.join(step[2:3])} failed:\n{result.stderr[-2000:]}")
            score = [sys.executable, scorer, "--gold", gold, "--pred", predictions]
            if details:
                score.append("--details")
            result = subprocess.run(score, capture_output=True, text=True)
            self.stdout.write(result.stdout)
            if result.returncode:
                raise CommandError(result.stderr.strip())
