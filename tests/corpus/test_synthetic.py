"""Regression on the synthetic corpora beside this file (see README.md: text written to imitate
news, not accuracy): which reports are tours, how they group, who went, where, and when stay as
their gold says. They are in the repository, so these run without ../shared."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.builders import kept_for_the_module

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
CORPORA = ["synthetic-1", "synthetic-2"]
# Where extraction reads a synthetic report otherwise than its gold, known and not yet fixed:
# (corpus, tour) -> why. Each is a strict xfail: once extraction reads it right, the test says
# so and the entry goes.
KNOWN: dict[tuple[str, str], str] = {}


def gold(corpus: str) -> list[dict]:
    text = (HERE / corpus / "gold.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def gold_tours(corpus: str) -> dict[str, list[dict]]:
    tours = defaultdict(list)
    for row in gold(corpus):
        if row["is_tour"]:
            tours[row["tour"]].append(row)
    return dict(tours)


TOURS = [
    pytest.param(
        corpus,
        tour,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[corpus, tour])]
        if (corpus, tour) in KNOWN
        else [],
        id=f"{corpus}-{tour}",
    )
    for corpus in CORPORA
    for tour in sorted(gold_tours(corpus))
]


@pytest.fixture(scope="module")
def imported(request, django_db_setup, django_db_blocker):
    """The corpus imported once for its tests (rolled back after them): each article's tour."""
    corpus = request.param
    with kept_for_the_module(django_db_blocker):
        report = Importer().import_paths([str(HERE / corpus)])
        assert not report.failures
        yield dict(Article.objects.values_list("file_name", "visit_id"))


@pytest.mark.parametrize("imported", CORPORA, indirect=True)
def test_which_reports_are_tours_and_how_they_group_is_as_the_gold_says(imported, request):
    corpus = request.node.callspec.params["imported"]
    rows = gold(corpus)
    assert imported.keys() == {row["file"] for row in rows}
    assert {f for f, visit in imported.items() if visit} == {
        r["file"] for r in rows if r["is_tour"]
    }
    # One tour for each gold tour's reports, a different one for each gold tour.
    visits = {
        tour: {imported[r["file"]] for r in reports} for tour, reports in gold_tours(corpus).items()
    }
    assert all(len(found) == 1 for found in visits.values()), visits
    assert len({next(iter(found)) for found in visits.values()}) == len(visits)


@pytest.mark.parametrize(("imported", "tour"), TOURS, indirect=["imported"])
def test_who_went_where_and_when_is_as_the_gold_says(imported, tour, request):
    corpus = request.node.callspec.params["imported"]
    reports = gold_tours(corpus)[tour]
    (visit_id,) = {imported[r["file"]] for r in reports}
    visit = Visit.objects.get(pk=visit_id)
    for field in ("officials", "accompanying", "provinces"):
        expected = {value for r in reports for value in r[field]}
        assert {str(o) for o in getattr(visit, field).all()} == expected, field
    # The span of the reports' dates, as ../shared/eval/score.py compares them.
    starts = [r["start_date"] for r in reports if r["start_date"]]
    ends = [r["end_date"] for r in reports if r["end_date"]]
    span = (min(starts, default=None), max(ends, default=None))
    assert tuple(d and d.isoformat() for d in (visit.start_date, visit.end_date)) == span
