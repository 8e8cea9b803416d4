"""Regression on the synthetic corpora beside this file (see README.md: text written to imitate
news, not accuracy): which reports are tours, how they group, who went, where, and when stay as
their gold says. They are in the repository, so these run without ../shared."""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.ingest.importer import Importer
from archive.models import Article, Visit
from tests.builders import kept_for_the_module

HERE = Path(__file__).parent
pytestmark = pytest.mark.django_db

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


@dataclass
class Reading:
    """What the importer made of a corpus, as plain data: each article's tour, and each tour's
    people, provinces and span."""

    tour_of: dict[str, int | None]
    facts: dict[int, dict[str, object]]


def read(corpus: str) -> Reading:
    report = Importer().import_paths([str(HERE / corpus)])
    assert not report.failures
    facts = {
        visit.pk: {
            **{
                field: {str(o) for o in getattr(visit, field).all()}
                for field in ("officials", "accompanying", "provinces")
            },
            "span": tuple(d and d.isoformat() for d in (visit.start_date, visit.end_date)),
        }
        for visit in Visit.objects.prefetch_related("officials", "accompanying", "provinces")
    }
    return Reading(dict(Article.objects.values_list("file_name", "visit_id")), facts)


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker) -> dict[str, Reading]:
    """Each corpus imported once, alone in the archive (rolled back before the next), for all
    the tests of this module: a module-scoped fixture parametrized by corpus would be set up
    again for each tour's test, since each carries its own parameter set."""
    found = {}
    for corpus in CORPORA:
        with kept_for_the_module(django_db_blocker):
            found[corpus] = read(corpus)
    return found


@pytest.mark.parametrize("corpus", CORPORA)
def test_which_reports_are_tours_and_how_they_group_is_as_the_gold_says(readings, corpus):
    tour_of = readings[corpus].tour_of
    rows = gold(corpus)
    assert tour_of.keys() == {row["file"] for row in rows}
    assert {f for f, visit in tour_of.items() if visit} == {r["file"] for r in rows if r["is_tour"]}
    # One tour for each gold tour's reports, a different one for each gold tour.
    visits = {
        tour: {tour_of[r["file"]] for r in reports} for tour, reports in gold_tours(corpus).items()
    }
    assert all(len(found) == 1 for found in visits.values()), visits
    assert len({next(iter(found)) for found in visits.values()}) == len(visits)


@pytest.mark.parametrize(("corpus", "tour"), TOURS)
def test_who_went_where_and_when_is_as_the_gold_says(readings, corpus, tour):
    reading = readings[corpus]
    reports = gold_tours(corpus)[tour]
    (visit_id,) = {reading.tour_of[r["file"]] for r in reports}
    facts = reading.facts[visit_id]
    for field in ("officials", "accompanying", "provinces"):
        expected = {value for r in reports for value in r[field]}
        assert facts[field] == expected, field
    # The span of the reports' dates, as ../shared/eval/score.py compares them.
    starts = [r["start_date"] for r in reports if r["start_date"]]
    ends = [r["end_date"] for r in reports if r["end_date"]]
    assert facts["span"] == (min(starts, default=None), max(ends, default=None))
