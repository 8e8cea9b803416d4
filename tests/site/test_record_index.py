"""Record pages count, map and list a record's tours from the browse index: the same figures
as the SQL definitions in tallies.py, timeline.py and maps.py, for every kind of record, on
a generated archive with a rejected tour and undated tours."""

import pytest

from archive.ingest.importer import Importer
from archive.models import Province, Visit
from archive.site import facet_index, maps, pages
from archive.site.facet_index import RELATION_FILTERS, RecordTours
from archive.site.tallies import indexed_tally, indexed_year_tally, tally, year_tally
from archive.site.timeline import indexed_tour_months, tour_months
from tests.articles import SEEDS

pytestmark = pytest.mark.django_db

# The records' side of each relation, as tallies.tally names it.
RECORD_SIDE = {"accompanying": "accompanied_visits"}


def link(value: str) -> str:
    return f"?v={value}"


def facts(tallies) -> tuple:
    return [(t.label, t.count, t.url) for t in tallies.values], tallies.unlisted, tallies.id


@pytest.fixture
def archive(generated_corpus):
    Importer().import_paths([str(SEEDS), str(generated_corpus(300, seed=9))])
    rejected = Visit.objects.filter(officials__isnull=False).order_by("pk").first()
    rejected.review_status = Visit.Review.REJECTED
    rejected.save()
    Visit.objects.filter(pk__in=Visit.objects.order_by("-pk").values("pk")[:3]).update(
        start_date=None, end_date=None
    )
    assert Visit.objects.filter(start_date__isnull=True).exists()


@pytest.mark.parametrize("param", sorted(RELATION_FILTERS))
def test_a_records_counts_from_the_index_are_the_sql_ones(archive, param):
    index = facet_index.current()
    relation, model, key = RELATION_FILTERS[param]
    records = model.objects.filter(**{f"{RECORD_SIDE.get(param, 'visits')}__isnull": False})
    records = records.distinct().order_by("pk")
    assert records.count() >= 3
    for record in records[:12]:
        tours = RecordTours(index, param, record.pk)
        visits = Visit.objects.public().filter(**{relation: record})
        assert tours.total == visits.count()
        assert list(tours.ordered("newest")) == list(
            visits.newest_first().values_list("pk", flat=True)
        )
        for other, (_relation, other_model, other_key) in RELATION_FILTERS.items():
            expected = tally(
                other_model,
                visits,
                other_key,
                link,
                "t",
                relation=RECORD_SIDE.get(other, "visits"),
                id="x",
            )
            assert facts(indexed_tally(tours, other, link, "t", id="x")) == facts(expected)
        assert facts(indexed_year_tally(tours, link)) == facts(year_tally(visits, link))
        by_sql, by_index = tour_months(visits), indexed_tour_months(tours)
        assert (by_sql is None) == (by_index is None)
        if by_sql:
            assert by_index.counts == by_sql.counts
            assert (by_index.first, by_index.last) == (by_sql.first, by_sql.last)
            assert by_index.undated == by_sql.undated
            assert sorted(by_index.alone.values_list("pk", flat=True)) == sorted(
                by_sql.alone.values_list("pk", flat=True)
            )
        indexed = {p.code: p.n for p in tours.province_counts()}
        assert indexed == {p.code: p.n for p in maps.province_counts(visits)}


@pytest.mark.parametrize("param", sorted(RELATION_FILTERS))
def test_a_tally_of_the_most_frequent_records_is_the_head_of_the_whole_tally(archive, param):
    """A record page lists a tally's 100 most frequent records and counts the rest: sorting
    only those that can be among them gives the same head, ties in order of names."""
    index = facet_index.current()
    for record in index.relations[param].records.pks[:20].tolist():
        tours = RecordTours(index, param, record)
        for other in RELATION_FILTERS:
            whole, present = tours.tally(other)
            assert present == len(whole)
            for most in (1, 2, 3, 5, 8):
                assert tours.tally(other, most) == (whole[:most], present)


def test_a_record_page_shows_an_edit_at_once(archive, client):
    """The index is read again when the archive version moves: a tour linked to a record in
    the admin's way (a save) is on the record's page at the next request."""
    visit = Visit.objects.public().filter(themes__isnull=False).first()
    theme = visit.themes.first()
    before = client.get(theme.get_absolute_url()).context["page"].paginator.count
    other = Visit.objects.public().exclude(themes=theme).first()
    other.themes.add(theme)
    other.save()
    after = client.get(theme.get_absolute_url()).context["page"].paginator.count
    assert after == before + 1


def test_a_provinces_cities_count_their_tours_from_the_index(archive):
    for province in Province.objects.filter(cities__visits__isnull=False).distinct()[:8]:
        index = facet_index.current()
        indexed = [(c.pk, c.tours) for c in pages.indexed_cities_of(province, index)]
        assert indexed == [(c.pk, c.tours) for c in pages.cities_of(province)]
        assert any(tours for _pk, tours in indexed)
