"""Extraction in worker processes, a batch ahead of the importer (archive.ingest.extractors),
leaves every record as an import extracting everything itself would: a report naming a
company met first a few reports before is read knowing it, however the work was shared."""

import re

import pytest

from tests.scratch import differences, records

pytestmark = pytest.mark.slow

SHARED = re.compile(r"extracted by the workers: (\d+) texts taken, (\d+) extracted again here")


def test_an_import_with_workers_leaves_every_record_as_one_without(
    scratch_databases, generated_corpus
):
    corpus = generated_corpus(300, seed=3)
    alone, ahead = scratch_databases.new(), scratch_databases.new()
    common = ["import_articles", "--batch-size", "20", "-v", "2", str(corpus)]
    out = alone.manage(*common, "--workers", "0").stdout
    assert " 0 failed" in out and not SHARED.search(out)

    out = ahead.manage(*common, "--workers", "2").stdout
    assert " 0 failed" in out
    taken, again = map(int, SHARED.search(out).groups())
    # Both ways were taken: most texts from the workers, and those naming a company the
    # importer met after handing them over extracted again.
    assert taken > again > 0
    assert taken + again == 300 - 20  # all but the first batch
    assert differences(records(alone), records(ahead)) == []
