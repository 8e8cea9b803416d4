"""Imports started at the same moment, in separate processes, on one database: each text is
stored once and each tour made once, as a single import would."""

import hashlib
import shutil

import pytest

from tests.articles import DEV_CORPUS, SEEDS
from tests.scratch import inconsistencies, tours

# Small batches, so that the two runs' transactions interleave many times.
BATCH_SIZE = "3"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The dev corpus with the seed articles: as one folder, and split in two halves (every
    other dev article), so that the reports of one tour are in different runs."""
    root = tmp_path_factory.mktemp("corpus")
    whole, first, second = root / "whole", root / "first", root / "second"
    shutil.copytree(DEV_CORPUS, whole / "dev", ignore=shutil.ignore_patterns("gold.jsonl"))
    shutil.copytree(SEEDS, whole / "seeds")
    shutil.copytree(SEEDS, first / "seeds")
    for i, path in enumerate(sorted(DEV_CORPUS.glob("*.txt"))):
        half = first if i % 2 == 0 else second
        half.mkdir(exist_ok=True)
        shutil.copy(path, half / path.name)
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

    assert db.count("archive_article") == distinct_texts(folders["whole"]) == 39
    found = tours(db)
    # Keyed by their sets of sources: as many keys as tours, so no two tours share them.
    assert db.count("archive_visit") == len(found) == len(single_import) == 25
    assert found.keys() == single_import.keys()
    # The same fields and relations. Not always the same summary: it is the earliest
    # report's, and of two published on one day, the one imported first.
    assert without_summary(found) == without_summary(single_import)
    assert inconsistencies(db) == []
