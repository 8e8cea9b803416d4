"""Regression on the synthetic corpora beside this file (see README.md: text written to imitate
news, not accuracy): which reports are tours, how they group, who went, where, and when stay as
their gold says. They are in the repository, so these run without ../shared."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from archive.ingest.importer import Importer
from archive.models import Article

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent


@pytest.mark.parametrize("name", ["synthetic-1", "synthetic-2"])
def test_a_synthetic_corpus_is_read_as_its_gold_says(name):
    folder = HERE / name
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line]
    report = Importer().import_paths([str(folder)])
    assert not report.failures
    articles = {a.file_name: a for a in Article.objects.select_related("visit")}
    assert articles.keys() == {row["file"] for row in gold}

    # Which articles report a tour, and which tour.
    assert {f for f, a in articles.items() if a.is_tour} == {
        r["file"] for r in gold if r["is_tour"]
    }
    tours = defaultdict(list)
    for row in gold:
        if row["is_tour"]:
            tours[row["tour"]].append(row)
    visits = {tour: {articles[r["file"]].visit for r in rows} for tour, rows in tours.items()}
    assert all(len(found) == 1 and None not in found for found in visits.values()), visits
    assert len({next(iter(found)) for found in visits.values()}) == len(tours)

    # Who, where and when: the union of the tour's reports, the span of their dates.
    for tour, rows in tours.items():
        (visit,) = visits[tour]
        for field in ("officials", "accompanying", "provinces"):
            expected = {value for r in rows for value in r[field]}
            assert {str(o) for o in getattr(visit, field).all()} == expected, (tour, field)
        starts = [r["start_date"] for r in rows if r["start_date"]]
        ends = [r["end_date"] for r in rows if r["end_date"]]
        span = (min(starts, default=None), max(ends, default=None))
        found = tuple(d and d.isoformat() for d in (visit.start_date, visit.end_date))
        assert found == span, tour
