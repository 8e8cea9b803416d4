"""The browse index (archive/site/facet_index.py) counts and pages as the FilterSet's SQL does.

Property-based: hypothesis draws searches (any filters of VisitFilterSet together, values
drawn from the tours, full text, orders, pages) over the sample tours and 80 more made at
random (rejected and undated ones among them); for each, the page's counts from the index
(browse.indexed_summary) must equal those counted in SQL (browse.sql_summary: facets.SqlCounts
and the FilterSet's querysets), and its page of tours the FilterSet's ordered queryset's.
"""

import datetime as dt
import random

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.models import City, Enterprise, Official, Province, Theme, Visit
from archive.site import browse, facet_index
from archive.site.filters import VisitFilterSet
from archive.site.paging import NoSuchPage
from tests.builders import kept_for_the_module, make_sample_tours, make_visit

pytestmark = pytest.mark.django_db

PLACES = {
    "Hubei": ["Wuhan", "Yichang"],
    "Hunan": ["Changsha", "Zhuzhou"],
    "Zhejiang": ["Hangzhou", "Ningbo"],
    "Guangdong": ["Shenzhen"],
    "Beijing": [],
}
OFFICIALS = ["Li Qiang", "Xi Jinping", "Zhao Leji", "Cai Qi", "Ding Xuexiang"]
COMPANIONS = ["Wu Zhenglong", "He Lifeng"]
ENTERPRISES = ["BYD", "Baidu", "HGTECH"]
THEMES = ["advanced-manufacturing", "agriculture-rural", "green-development", "semiconductors"]
PHRASES = ["memory chips", "green growth", "rural revitalization", "port cranes"]
FIRST_DAY, STEP = dt.date(2017, 1, 1), 30
QUERIES = [
    "memory chips",
    '"memory chips"',
    "green",
    "rural revitalization",
    "cranes -memory",
    "Hubei or Hunan",
    "inspection",
    "the",
]


def random_tour(rng: random.Random) -> dict:
    provinces = rng.sample(sorted(PLACES), rng.choice([1, 1, 2]))
    cities = [c for p in provinces for c in PLACES[p] if rng.random() < 0.5]
    start = FIRST_DAY + dt.timedelta(days=STEP * rng.randrange(80))
    dated = rng.random() < 0.9
    return {
        "official": rng.sample(OFFICIALS, rng.choice([1, 1, 2])),
        "accompanying": rng.sample(COMPANIONS, rng.choice([0, 0, 1])),
        "provinces": provinces,
        "cities": cities,
        "enterprises": rng.sample(ENTERPRISES, rng.choice([0, 1, 2])),
        "themes": rng.sample(THEMES, rng.choice([0, 1, 2])),
        "start": start if dated else None,
        "end": start + dt.timedelta(days=rng.choice([0, 0, 1, 3])) if dated else None,
        "review_status": rng.choice([Visit.Review.UNREVIEWED] * 5 + [Visit.Review.REJECTED]),
        "says": " ".join(rng.sample(PHRASES, rng.choice([0, 1, 2]))),
    }


RANDOM_TOURS = [random_tour(random.Random(17 + n)) for n in range(80)]
# A search's dates are drawn on and around the tours' first and last days, where a range
# that starts or ends there shows whether the day itself is in.
DAYS = st.tuples(
    st.sampled_from(sorted({t[k] for t in RANDOM_TOURS for k in ("start", "end") if t[k]})),
    st.sampled_from([0, 0, -1, 1]),
).map(lambda at: str(at[0] + dt.timedelta(days=at[1])))


@pytest.fixture(scope="module")
def tours(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        made = make_sample_tours() + [make_visit(**tour) for tour in RANDOM_TOURS]
        # Two tours with a start and no end: a date range reads their start.
        Visit.objects.filter(pk__in=[made[-1].pk, made[-2].pk]).update(end_date=None)
        yield made


def keys(model, field: str, names: list[str]) -> list[str]:
    return list(model.objects.filter(name__in=names).values_list(field, flat=True))


FILTERS = {
    "official": st.lists(st.sampled_from(OFFICIALS), min_size=1, max_size=2),
    "accompanying": st.lists(st.sampled_from(COMPANIONS), min_size=1, max_size=1),
    "province": st.lists(st.sampled_from(sorted(PLACES)), min_size=1, max_size=2),
    "city": st.lists(st.sampled_from(["Wuhan", "Changsha", "Ningbo", "Shenzhen"]), max_size=2),
    "enterprise": st.lists(st.sampled_from(ENTERPRISES), min_size=1, max_size=2),
    "theme": st.lists(st.sampled_from(THEMES), min_size=1, max_size=2),
    "year": st.lists(st.integers(2016, 2024).map(str), min_size=1, max_size=2),
    "month": st.lists(
        st.tuples(st.integers(2017, 2023), st.integers(1, 12)).map(
            lambda ym: f"{ym[0]}-{ym[1]:02d}"
        ),
        min_size=1,
        max_size=3,
    ),
    "start": DAYS,
    "end": DAYS,
    "q": st.sampled_from(QUERIES),
}
ORDER = {
    "sort": st.sampled_from(["newest", "oldest", "relevance"]),
    "page": st.sampled_from(["1", "2"]),
    "per_page": st.sampled_from(["10", "25"]),
}


@st.composite
def searches(draw) -> dict:
    """One to three filters (more rarely leave a tour to count), an order and a page."""
    names = draw(st.lists(st.sampled_from(sorted(FILTERS)), max_size=3, unique=True))
    drawn = {name: draw(FILTERS[name]) for name in names}
    return drawn | draw(st.fixed_dictionaries({}, optional=ORDER))


def query_string(drawn: dict) -> QueryDict:
    """The drawn names as the query string names them (slugs and codes)."""
    params = QueryDict(mutable=True)
    named = {
        "official": (Official, "slug"),
        "accompanying": (Official, "slug"),
        "province": (Province, "code"),
        "city": (City, "code"),
        "enterprise": (Enterprise, "slug"),
    }
    for param, values in drawn.items():
        if param in named:
            values = keys(*named[param], values)
        elif param == "theme":
            values = list(Theme.objects.filter(slug__in=values).values_list("slug", flat=True))
        params.setlist(param, values if isinstance(values, list) else [values])
    return params


def flat(summary: browse.Summary) -> dict:
    """Everything a summary shows, in comparable form."""

    def values(facet_values):
        return [
            (v.value, v.label, v.count, v.selected, v.detail, values(v.children))
            for v in facet_values
        ]

    return {
        "total": summary.total,
        "months": summary.months,
        "facets": [(f.param, values(f.values)) for f in summary.facets],
        "map": sorted((p.code, p.n) for p in summary.provinces),
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=searches())
# The edges of each filter, besides what hypothesis draws: a range from a tour's last day and
# to a tour's first, a tour with no end (its start is read), a month, a year, a phrase.
@example(drawn={"start": str(RANDOM_TOURS[0]["end"])})
@example(drawn={"end": str(RANDOM_TOURS[1]["start"])})
@example(drawn={"start": str(RANDOM_TOURS[-1]["start"]), "sort": "oldest"})
@example(drawn={"month": [f"{RANDOM_TOURS[2]['start']:%Y-%m}"], "theme": THEMES[:2]})
@example(drawn={"year": ["2019", "2021"], "official": OFFICIALS[:2], "page": "2"})
@example(drawn={"q": '"memory chips"', "province": ["Hubei"], "sort": "relevance"})
def test_it_counts_and_pages_as_the_filterset_does_in_sql(tours, drawn):
    params = query_string(drawn)
    filterset = VisitFilterSet(params, queryset=Visit.objects.public())
    if not filterset.is_valid():  # relevance without a query, an end before the start
        return
    selection = browse.select(filterset)
    indexed, counted = browse.indexed_summary(filterset, selection), browse.sql_summary(filterset)
    assert flat(indexed) == flat(counted), params.urlencode()
    assert page(filterset, indexed.total, selection) == page(filterset, counted.total)


def page(filterset, total, selection=None) -> list[int] | str:
    """The ids of the page's tours, or what refused the page (past the last one)."""
    try:
        return [v.pk for v in browse.paginate(filterset, total, selection)]
    except NoSuchPage as refused:
        return str(refused)


def test_it_reads_every_filter_of_the_filterset():
    handled = set(facet_index.RELATION_FILTERS) | set(facet_index.OTHER_FILTERS)
    assert handled == set(VisitFilterSet.base_filters)


def test_it_is_read_again_when_the_archive_changes(client, tours):
    hubei = Province.objects.get(name="Hubei")
    before = client.get("/visits/", {"province": hubei.code}).context["page"].paginator.count
    make_visit(official="Li Qiang", provinces=["Hubei"], start="2025-02-03")
    response = client.get("/visits/", {"province": hubei.code})
    assert response.context["page"].paginator.count == before + 1
    assert response.context["page"][0].start_date == dt.date(2025, 2, 3)


def test_a_rejected_tour_leaves_the_index(client, tours):
    shown = client.get("/visits/").context["page"][0]
    Visit.objects.filter(pk=shown.pk).update(review_status=Visit.Review.REJECTED)
    from archive import cache

    cache.record_changed()  # an update() sends no signal; an editor's save does
    assert shown.pk not in [v.pk for v in client.get("/visits/").context["page"]]


def test_a_kept_search_ranks_the_tours_a_later_page_needs_as_sql_does(tours):
    # The first search ranks only Hubei's tours; the same words without the province, and
    # then with another, need the ranks of tours not ranked yet.
    hubei, hunan = keys(Province, "code", ["Hubei"]) + keys(Province, "code", ["Hunan"])
    for state in [
        f"q=inspection&province={hubei}",
        "q=inspection&sort=newest",
        "q=inspection",
        f"q=inspection&province={hunan}&page=2&per_page=10",
        f"q=green&province={hubei}",
        "q=green&page=2&per_page=10",
    ]:
        filterset = VisitFilterSet(QueryDict(state), queryset=Visit.objects.public())
        assert filterset.is_valid(), state
        selection = browse.select(filterset)
        total = browse.indexed_summary(filterset, selection).total
        assert page(filterset, total, selection) == page(filterset, total), state
