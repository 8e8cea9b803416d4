"""Any query string on any public page gives an answer below 500: a page, a 400 saying
why, or a 404. Run against the sample tours of tests/builders.py, made once for the module."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.models import Article, City, Enterprise, Official, Province, Theme, Visit
from archive.site.filters import VisitFilterSet

pytestmark = pytest.mark.django_db

# One test transaction holds every example; the pages only read.
PAGES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KNOWN_NAMES = [
    *VisitFilterSet.base_filters,
    "q",
    "sort",
    "page",
    "per_page",
    "page_size",
    "format",
    "p",  # the sitemap's page
    "start",
    "end",
    "csrfmiddlewaretoken",
]
KNOWN_VALUES = [
    "420000",  # Hubei
    "330000",
    "li-qiang",
    "xi-jinping",
    "innovation",
    "2024",
    "2024-01",
    "2024-13",
    "2024-01-03",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "newest",
    "oldest",
    "relevance",
    "json",
    "csv",
    "html",
    "rss",
    "10",
    "25",
    "100",
    "0",
    "-1",
    "1e3",
    "²",  # a digit to str.isdigit(), not to int()
    "١٢",  # Arabic-Indic digits
    "２０２４",  # full-width digits
    '"memory chips"',
    "-memory or chips",
    "or",
    "the",
    "<script>alert(1)</script>",
    "\x00",
    " ",
    "",
]
values = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(100, 3000)),
)
names = st.one_of(st.sampled_from(KNOWN_NAMES), st.text(max_size=20))
# Pairs, so that keys repeat; urlencode percent-encodes whatever they hold.
query_strings = st.one_of(
    st.lists(st.tuples(names, values), max_size=8).map(urlencode),
    # Raw, possibly broken, encodings: "%ff", a lone "%", "&&", "=", "+".
    st.lists(
        st.sampled_from(["%ff", "%", "%00", "%C2", "&", "=", "+", ";", "q", "page", "1", "%E4%B8"]),
        max_size=12,
    ).map("".join),
)


ROUTES = [
    "/",
    "/healthz",
    "/admin/login/",
    "/visits/",
    "/visits.json",
    "/visits.csv",
    "/visits.xml",
    "/visits/feed/",
    "/visits/{visit}/",
    "/visits/{visit}.json",
    "/officials/",
    "/officials/{official}/",
    "/provinces/",
    "/provinces/{province}/",
    "/cities/{city}/",
    "/enterprises/",
    "/enterprises/{enterprise}/",
    "/themes/",
    "/themes/{theme}/",
    "/articles/{article}/",
    "/articles/{article}/cite.ris",
    "/articles/{article}/cite.json",
    "/sitemap.xml",
]


@pytest.fixture(scope="module")
def records(sample_tours, django_db_blocker):
    """Records for the addresses that need one."""
    with django_db_blocker.unblock():
        return {
            "visit": Visit.objects.public().first().pk,
            "official": Official.objects.get(name="Li Qiang").slug,
            "province": Province.objects.get(name="Hubei").code,
            "city": City.objects.get(name="Wuhan").code,
            "enterprise": Enterprise.objects.filter(visits__isnull=False).first().slug,
            "theme": Theme.objects.order_by("slug").first().slug,
            "article": Article.objects.filter(visit__isnull=False).first().pk,
        }


# One client for every example: a new one loads the middleware again (WhiteNoise indexes the
# static files), which took most of the time. Its requests are anonymous GETs.
CLIENT = Client(raise_request_exception=False)


def get(path: str, query: str):
    return CLIENT.get(f"{path}?{query}" if query else path)


@pytest.mark.parametrize("route", ROUTES)
def test_any_query_string_on_any_page_is_answered_below_500(records, route):
    path = route.format(**records)

    @settings(PAGES, max_examples=8)
    @given(query=query_strings)
    @example(
        query="per_page=%C2%B2&page=%C2%B2&year=%C2%B2&month=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94-01"
    )
    @example(query="q=%00&official=%00&province=%00&format=%00&p=%00&page=%00")
    @example(query="start=9999-12-31&end=0001-01-01&page=99999999999999999999999&p=-1")
    def check(query):
        response = get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)

    check()


@PAGES
@given(query=query_strings)
def test_any_query_string_on_the_search_page_is_answered_below_500(records, query):
    for path in ("/visits/", "/visits.json", "/visits/feed/"):
        response = get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)
        if response.status_code == 400:
            assert b"<li>" in response.content  # the reason, shown


@settings(PAGES, max_examples=10)
@given(
    segment=st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(["%00", "..", "%2F"])),
    number=st.integers(min_value=0, max_value=10**30),
)
@example(segment="\x00", number=2**63)
def test_any_record_address_is_answered_below_500(records, segment, number):
    segment = quote(segment, safe="%")
    for path in (
        f"/visits/{number}/",
        f"/visits/{number}.json",
        f"/articles/{number}/",
        f"/articles/{number}/cite.ris",
        f"/officials/{segment}/",
        f"/provinces/{segment}/",
        f"/cities/{segment}/",
        f"/enterprises/{segment}/",
        f"/themes/{segment}/",
    ):
        response = get(path, "")
        assert response.status_code < 500, (path, response.status_code)
