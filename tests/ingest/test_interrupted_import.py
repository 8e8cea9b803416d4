"""An import killed halfway leaves the archive consistent, and running it again completes it:
nothing stored twice, nothing lost, the same archive as one uninterrupted import."""

import shutil
import signal
import time

import pytest
from django.conf import settings

from archive.ingest.importer import content_hash
from archive.ingest.readers import iter_files, read
from tests.articles import SEEDS
from tests.scratch import inconsistencies, tours

pytestmark = pytest.mark.slow

BATCH_SIZE = 10


@pytest.fixture(scope="module")
def folder(tmp_path_factory, generated_corpus):
    """125 distinct texts: the seed articles and a generated corpus of 120 (22 tours)."""
    root = tmp_path_factory.mktemp("articles")
    shutil.copytree(generated_corpus(120, seed=2), root / "generated")
    shutil.copytree(SEEDS, root / "seeds")
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
    assert len(order) == len(set(order)) == 125

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
    assert db.count("archive_visit") >= 25  # the seeds' 5 and most of the 22 generated
