import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Import each gold-annotated corpus into a fresh throwaway SQLite database, export it "
        "and print the score table of the shared evaluation script: one table per corpus, "
        "then, for several, the table of all of them pooled."
    )

    def add_arguments(self, parser):
        parser.add_argument("corpora", nargs="+", help="folders of articles with a gold.jsonl")
        parser.add_argument("--gold", help="gold file (default: CORPUS/gold.jsonl; one corpus)")
        parser.add_argument(
            "--scorer",
            default=str(settings.BASE_DIR.parent / "shared" / "eval" / "score.py"),
            help="path of score.py",
        )
        parser.add_argument("--details", action="store_true", help="list each tour's misses")
        parser.add_argument(
            "--keep",
            help="also write the exported visits to this file (several corpora: one file "
            "each, the corpus's name before the suffix)",
        )

    def handle(self, *args, corpora, gold, scorer, details, keep, **options):
        if gold and len(corpora) > 1:
            raise CommandError("--gold names the gold file of one corpus")
        golds = [gold or str(Path(corpus) / "gold.jsonl") for corpus in corpora]
        for path in (*corpora, *golds, scorer):
            if not Path(path).exists():
                raise CommandError(f"not found: {path}")
        names = _names(corpora)
        with tempfile.TemporaryDirectory() as tmp:
            pooled_gold, pooled_pred = [], []
            for corpus, gold_file, name in zip(corpora, golds, names, strict=True):
                predictions = _kept(keep, name) if keep and len(corpora) > 1 else keep
                predictions = predictions or f"{tmp}/{name}.jsonl"
                if len(corpora) > 1:
                    self.stdout.write(f"== {corpus}")
                self._import_and_export(corpus, predictions, f"{tmp}/{name}.sqlite3")
                self._score(scorer, gold_file, predictions, details)
                pooled_gold += _tagged_gold(gold_file, name)
                pooled_pred += _tagged_predictions(predictions, name)
            if len(corpora) > 1:
                self.stdout.write(f"== pooled: {', '.join(corpora)}")
                gold_file, predictions = f"{tmp}/pooled-gold.jsonl", f"{tmp}/pooled.jsonl"
                _write_jsonl(gold_file, pooled_gold)
                _write_jsonl(predictions, pooled_pred)
                self._score(scorer, gold_file, predictions, details=False)

    def _import_and_export(self, corpus: str, predictions: str, database: str) -> None:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        steps = [
            [*manage, "migrate", "-v0"],
            [*manage, "import_articles", corpus],
            [*manage, "export_visits", "--format", "jsonl", "--output", predictions],
        ]
        for step in steps:
            result = subprocess.run(step, env=env, capture_output=True, text=True)
            if step[2] == "import_articles":
                self.stdout.write(result.stdout.strip())
            # import_articles exits 1 when a file failed; its summary says which.
            if result.returncode not in (0, 1) or (
                result.returncode and step[2] != "import_articles"
            ):
                raise CommandError(f"{step[2]} failed:\n{result.stderr[-2000:]}")

    def _score(self, scorer: str, gold: str, predictions: str, details: bool) -> None:
        score = [sys.executable, scorer, "--gold", gold, "--pred", predictions]
        if details:
            score.append("--details")
        result = subprocess.run(score, capture_output=True, text=True)
        self.stdout.write(result.stdout)
        if result.returncode:
            raise CommandError(result.stderr.strip())


def _names(corpora: list[str]) -> list[str]:
    """A name for each corpus, its folder's, unique among them (safe in a file name)."""
    names = []
    for corpus in corpora:
        name = re.sub(r"[^\w-]+", "-", Path(corpus).resolve().name) or "corpus"
        while name in names:
            name += "-again"
        names.append(name)
    return names


def _kept(keep: str, name: str) -> str:
    path = Path(keep)
    return str(path.with_name(f"{path.stem}-{name}{path.suffix}"))


def _read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _write_jsonl(path: str, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# Pooled, the corpora's files and tours are told apart by their corpus's name: two corpora
# may both hold a "d001.txt" or a tour "T01". (The scorer keys files by base name, so the
# name goes before it with a colon, not a slash.)


def _tagged_gold(gold: str, name: str) -> list[dict]:
    rows = _read_jsonl(gold)
    for row in rows:
        row["file"] = f"{name}:{row['file']}"
        if row.get("tour"):
            row["tour"] = f"{name}:{row['tour']}"
    return rows


def _tagged_predictions(predictions: str, name: str) -> list[dict]:
    rows = _read_jsonl(predictions)
    for row in rows:
        row["sources"] = [
            {**source, "file": f"{name}:{_base_name(source.get('file') or '')}"}
            for source in row.get("sources") or []
        ]
    return rows


def _base_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]
