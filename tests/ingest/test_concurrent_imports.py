"""Imports started at the same moment, in separate processes, on one database: each text is
stored once and each tour made once, as a single import would; and they, or an import
beside an editor's changes, leave every record as one import in turn would."""

import hashlib
import json
import shutil
import time
from collections import Counter

import psycopg
import pytest

from archive.ingest.sql import IMPORT_LOCK_KEY
from tests.articles import SEEDS
from tests.scratch import differences, inconsistencies, records, tours

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


# For the record-by-record comparisons: enough reports for companies to be named again in
# later batches, in batches small enough for two runs to take many turns.
MANY = 300
SMALL_BATCH = "10"


@pytest.fixture(scope="module")
def many(tmp_path_factory, generated_corpus):
    """The generated reports as one folder, its first third as another, and in two halves
    (every other report, so that the reports of one tour are in both)."""
    reports = sorted(generated_corpus(MANY, seed=3).rglob("*.txt"))
    root = tmp_path_factory.mktemp("many")
    folders = {name: root / name for name in ("whole", "first", "odd", "even")}
    for folder in folders.values():
        folder.mkdir()
    for i, path in enumerate(reports):
        shutil.copy(path, folders["whole"] / path.name)
        shutil.copy(path, folders["even" if i % 2 == 0 else "odd"] / path.name)
        if i < len(reports) // 3:
            shutil.copy(path, folders["first"] / path.name)
    return folders


def import_alone(db, *paths) -> None:
    out = db.manage("import_articles", "--batch-size", SMALL_BATCH, *map(str, paths)).stdout
    assert " 0 failed" in out


def test_two_imports_at_once_leave_every_record_as_one_import_of_their_batches_in_turn(
    scratch_databases, many
):
    """Two imports run at once, each of its half of a folder: their batches take turns. One
    import of the same reports in the order their batches were stored (the order of the
    articles' ids) must leave the same articles, evidence, tours, companies and officials."""
    together = scratch_databases.new()
    started = [
        together.start("import_articles", "--batch-size", SMALL_BATCH, str(many[half]))
        for half in ("even", "odd")
    ]
    for run in started:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, f"{out}\n{err}"
        assert " 0 unchanged" in out and " 0 failed" in out, out

    stored = [
        name for (name,) in together.query("SELECT file_name FROM archive_article ORDER BY id")
    ]
    assert len(stored) == MANY
    # The two runs took turns: each stored some of its batches between the other's.
    # (PostgreSQL grants its lock to the run that waited; SQLite's write lock goes to the
    # run that retries first, which may be the one that just had it.)
    odd = {path.name for path in many["odd"].iterdir()}
    halves = [name in odd for name in stored]
    turns = sum(one != other for one, other in zip(halves, halves[1:], strict=False))
    assert turns >= (3 if together.vendor == "postgresql" else 1), turns
    in_turn = scratch_databases.new()
    import_alone(in_turn, *(many["whole"] / name for name in stored))

    expected = records(in_turn)
    assert len(expected["enterprises"]) > 50
    found = differences(expected, records(together))
    assert found == [], "\n".join(found[:40])
    assert inconsistencies(together) == []


def most_named_companies(db, folder, first) -> tuple[str, str]:
    """The keys of the two companies stored that the reports not yet imported name most."""
    later = [p.read_text() for p in sorted(folder.glob("*.txt")) if not (first / p.name).exists()]
    named = Counter()
    for key, name in db.query("SELECT key, name FROM archive_enterprise"):
        named[key] = sum(name in text for text in later)
    (one, _), (other, _) = sorted(named.items(), key=lambda item: (-item[1], item[0]))[:2]
    assert named[other] >= 2
    return one, other


MERGE = """
from archive.editing.curation import merge_enterprises
from archive.models import Enterprise
merge_enterprises(Enterprise.objects.get(key={kept!r}), [Enterprise.objects.get(key={gone!r})])
"""


def waiting_for_the_import_lock(db, waiting: int, timeout: float = 60) -> bool:
    """Whether (within the timeout) so many connections wait for the import lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (found,) = db.query(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        )
        if found[0] >= waiting:
            return True
        time.sleep(0.1)
    return False


def test_an_import_beside_an_editors_merge_leaves_every_record_as_merging_then_importing(
    scratch_databases, many
):
    """An editor merges two companies that later reports name while an import of the rest
    of the folder runs (it has read what extraction looks for): the merge takes its turn
    between two of the import's batches, and the import ends as one started after the merge
    would."""
    if scratch_databases.vendor != "postgresql":
        pytest.skip("holding imports back while an editor writes needs PostgreSQL's lock")
    in_turn = scratch_databases.new()
    import_alone(in_turn, many["first"])
    kept, gone = most_named_companies(in_turn, many["whole"], many["first"])
    merge = MERGE.format(kept=kept, gone=gone)
    in_turn.manage("shell", "-c", merge)
    import_alone(in_turn, many["whole"])

    beside = scratch_databases.new()
    import_alone(beside, many["first"])
    with psycopg.connect(dbname=beside.name, autocommit=True, **beside.server) as lock:
        # Held here, the import lock keeps the import at its first batch (whose texts the
        # first third stored), and the merge behind it.
        lock.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        importing = beside.start("import_articles", "--batch-size", SMALL_BATCH, str(many["whole"]))
        merging = None
        try:
            assert waiting_for_the_import_lock(beside, 1)
            merging = beside.start("shell", "-c", merge)
            assert waiting_for_the_import_lock(beside, 2), "the merge did not wait for its turn"
        finally:
            lock.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
            for run in (importing, merging):
                if run:
                    out, err = run.communicate(timeout=300)
                    assert run.returncode == 0, f"{out}\n{err}"

    assert [key for (key,) in beside.query("SELECT key FROM archive_enterprise")].count(gone) == 0
    found = differences(records(in_turn), records(beside))
    assert found == [], "\n".join(found[:40])
    assert inconsistencies(beside) == []
