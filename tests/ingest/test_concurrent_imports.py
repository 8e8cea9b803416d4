"""Imports started at the same moment, in separate processes, on one database: each text is
stored once and each tour made once, as a single import would."""

import hashlib
import json
import shutil
from collections import Counter

import pytest

from tests.articles import SEEDS
from tests.scratch import inconsistencies, tours

pytestmark = pytest.mark.slow

# Small batches, so that the two runs' transactions interleave many times.
BATCH_SIZE = "3"
GENERATED = 40  # articles: 8 tours (6 kept below), most reported several times; 2 not tours


def unambiguous_reports(corpus) -> list:
    """The generated articles, less the reports of a tour whose leader toured the same
    provinces another time in the corpus: which of the two an undated report joins depends on
    which came first, and two imports at once have no first."""
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text().splitlines()]
    tours = {r["tour"]: (*r["officials"], *r["provinces"]) for r in gold if r["is_tour"]}
    shared = Counter(tours.values())
    keep = {r["file"] for r in gold if not r["is_tour"] or shared[tours[r["tour"]]] == 1}
    return sorted(p for p in corpus.rglob("*.txt") if p.name in keep)


@pytest.fixture(scope="module")
def folders(tmp_path_factory, generated_corpus):
    """Generated reports with the seed articles: as one folder, and split in two halves (every
    other generated report), so that the reports of one tour are in different runs."""
    reports = unambiguous_reports(generated_corpus(GENERATED))
    root = tmp_path_factory.mktemp("corpus")
    whole, first, second = root / "whole", root / "first", root / "second"
    for folder in (whole / "generated", first, second):
        folder.mkdir(parents=True)
    shutil.copytree(SEEDS, whole / "seeds")
    shutil.copytree(SEEDS, first / "seeds")
    for i, path in enumerate(reports):
        shutil.copy(path, whole / "generated" / path.name)
        shutil.copy(path, (first if i % 2 == 0 else second) / path.name)
    assert len(reports) >= 0.7 * GENERATED
    return {"same folder": [whole, whole], "two halves": [first, second], "whole": whole}


@pytest.fixture(scope="module")
def single_import(scratch_databases, folders):
    """What one import of the whole folder on its own makes."""
    db = scratch_databases.new()
    db.manage("import_articles", "--batch-size", BATCH_SIZE, str(folders["whole"]))
    return tours(db)


def without_summary(found: dict) -> dict:
    return {key: {**tour, "summary": None} for key, tour in found.items()}


def distinct_texts(folder) -> int:
    return len({hashlib.sha256(p.read_bytes()).digest() for p in folder.rglob("*.txt")})


@pytest.mark.parametrize(
    "runs, attempt", [("same folder", 1), ("two halves", 1), ("two halves", 2)]
)
def test_it_stores_each_text_and_each_tour_once_when_two_imports_run_at_once(
    scratch_databases, folders, single_import, runs, attempt
):
    db = scratch_databases.new()
    started = [
        db.start("import_articles", "--batch-size", BATCH_SIZE, str(folder))
        for folder in folders[runs]
    ]
    for run in started:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0, f"{out}\n{err}"
        assert " 0 failed" in out

    assert db.count("archive_article") == distinct_texts(folders["whole"]) >= 0.7 * GENERATED + 5
    found = tours(db)
    # Keyed by their sets of sources: as many keys as tours, so no two tours share them.
    assert db.count("archive_visit") == len(found) == len(single_import) >= 5 + 6
    assert found.keys() == single_import.keys()
    # The same fields and relations. Not always the same summary: it is the earliest
    # report's, and of two published on one day, the one imported first.
    assert without_summary(found) == without_summary(single_import)
    assert inconsistencies(db) == []
