"""An import killed halfway leaves the archive consistent, and running it again completes it:
nothing stored twice, nothing lost, the same archive as one uninterrupted import."""

import signal
import time

import pytest
from django.conf import settings

from archive.ingest.importer import content_hash
from archive.ingest.readers import iter_files, read
from tests.articles import DEV_CORPUS, SEEDS
from tests.scratch import inconsistencies, tours

BATCH_SIZE = 10
COPIES = 3


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """122 distinct texts: the seed articles, and the dev corpus three times, each copy's texts
    told apart by a last line (each report joins the tour of the text it copies)."""
    root = tmp_path_factory.mktemp("articles")
    for copy in range(1, COPIES + 1):
        (root / f"copy{copy}").mkdir()
        for path in sorted(DEV_CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            (root / f"copy{copy}" / path.name).write_text(f"{text}\n\n(copy {copy})\n")
    (root / "seeds").mkdir()
    for path in SEEDS.glob("*.txt"):
        (root / "seeds" / path.name).write_bytes(path.read_bytes())
    return root


def hashes_in_import_order(folder) -> list[str]:
    return [
        content_hash(doc.text)
        for path in iter_files([folder])
        for doc in read(path, settings.IMPORT_MAX_BYTES)
    ]


def kill_after_first_batch(db, folder) -> None:
    run = db.start("import_articles", "--batch-size", str(BATCH_SIZE), str(folder))
    deadline = time.monotonic() + 120
    while db.count("archive_article") < BATCH_SIZE:
        assert run.poll() is None, "the import ended before it could be stopped"
        assert time.monotonic() < deadline, "no batch committed in two minutes"
        time.sleep(0.02)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL


def test_an_import_killed_halfway_leaves_whole_batches_and_a_second_run_completes_it(
    scratch_databases, folder
):
    order = hashes_in_import_order(folder)
    assert len(order) == len(set(order)) == 122

    db = scratch_databases.new()
    kill_after_first_batch(db, folder)

    # Consistent, and exactly the batches that committed.
    assert inconsistencies(db) == []
    stored = {digest for (digest,) in db.query("SELECT content_hash FROM archive_article")}
    committed = len(stored) // BATCH_SIZE * BATCH_SIZE
    assert BATCH_SIZE <= len(stored) < len(order)
    assert stored == set(order[:committed])

    finished = db.manage("import_articles", "--batch-size", str(BATCH_SIZE), str(folder))
    assert f"{committed} unchanged" in finished.stdout
    assert " 0 failed" in finished.stdout

    clean = scratch_databases.new()
    clean.manage("import_articles", "--batch-size", str(BATCH_SIZE), str(folder))
    assert inconsistencies(db) == []
    for table in ("archive_article", "archive_evidence", "archive_visit", "archive_enterprise"):
        assert db.count(table) == clean.count(table), table
    assert tours(db) == tours(clean)
    assert db.count("archive_visit") == 25
