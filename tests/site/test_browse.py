"""/visits/: facets with drill-down counts, date ranges, chips, sorting, paging, exports."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import search
from archive.models import Visit

pytestmark = pytest.mark.django_db


def facet(response, param):
    return {v.value: v for f in response.context["facets"] if f.param == param for v in f.values}


def titles(response):
    return [v.title for v in response.context["page"]]


def test_the_list_shows_every_public_tour_newest_first(client, sample_tours):
    response = client.get("/visits/")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 25
    dates = [v.start_date for v in page if v.start_date]
    assert dates == sorted(dates, reverse=True)
    assert b"unreviewed" in response.content


def test_rejected_tours_never_show(client, sample_tours):
    rejected = Visit.objects.get(title__startswith="Wang Yang")
    rejected.review_status = Visit.Review.REJECTED
    rejected.save()
    response = client.get("/visits/")
    assert response.context["page"].paginator.count == 24
    assert rejected.title not in response.content.decode()
    assert client.get(f"/visits/{rejected.pk}/").status_code == 404


def test_a_province_filter_and_its_drill_down_counts(client, sample_tours):
    response = client.get("/visits/?province=420000")  # Hubei
    assert response.context["page"].paginator.count == 2
    officials = facet(response, "official")
    assert {k: v.count for k, v in officials.items()} == {"li-qiang": 1, "liu-guozhong": 1}
    # The province facet is counted without its own filter: other provinces stay selectable.
    provinces = facet(response, "province")
    assert provinces["420000"].selected and provinces["420000"].count == 2
    assert provinces["330000"].count == 3  # Zhejiang: Li Qiang twice, Zhao Leji once


def test_values_within_a_facet_are_or_and_facets_are_and(client, sample_tours):
    either = client.get("/visits/?province=420000&province=330000")
    assert either.context["page"].paginator.count == 5
    both = client.get("/visits/?province=420000&province=330000&official=li-qiang")
    assert both.context["page"].paginator.count == 3
    assert all("Li Qiang" in t for t in titles(both))


def test_cities_nest_under_their_province(client, sample_tours):
    response = client.get("/visits/")
    hubei = facet(response, "province")["420000"]
    assert {c.label for c in hubei.children} == {"Yichang", "Wuhan", "Ezhou"}
    by_city = client.get("/visits/?city=420100")  # Wuhan
    assert by_city.context["page"].paginator.count == 1


def test_years_expand_to_months(client, sample_tours):
    response = client.get("/visits/")
    years = facet(response, "year")
    assert years["2024"].count == 10
    assert {m.value for m in years["2022"].children} >= {"2022-04", "2022-07"}
    march = client.get("/visits/?month=2024-03")
    assert march.context["page"].paginator.count == 1


def test_a_day_precise_date_range_keeps_overlapping_tours(client, sample_tours):
    # Zhao Leji's Hebei tour ran 2 to 4 June 2024; Li Xi's Sichuan tour 29 May to 1 June.
    response = client.get("/visits/?start=2024-06-01&end=2024-06-02")
    assert sorted(t.split(" in ")[0] for t in titles(response)) == ["Li Xi", "Zhao Leji"]


def test_active_filters_are_chips_each_removable(client, sample_tours):
    response = client.get("/visits/?province=420000&official=li-qiang")
    chips = response.context["chips"]
    assert [c.label for c in chips] == ["Province: Hubei", "Official: Li Qiang"]
    assert chips[0].remove_url == "?official=li-qiang"
    assert (
        client.get(chips[0].remove_url.replace("?", "/visits/?")).context["page"].paginator.count
        == 5
    )
    assert b"Clear all" in response.content


def test_date_chips_name_the_filter_once(client, sample_tours):
    response = client.get("/visits/?start=2020-01-01&end=2024-12-31&year=2024&month=2024-01")
    labels = [c.label for c in response.context["chips"]]
    assert sorted(labels) == ["From: 2020-01-01", "Month: Jan 2024", "To: 2024-12-31", "Year: 2024"]
    assert b"From: 2020-01-01" in response.content and b"from 2020" not in response.content


def test_a_page_past_the_last_is_not_found_and_links_to_the_first(client, sample_tours):
    response = client.get("/visits/?province=420000&page=999")
    assert response.status_code == 404
    page = response.content.decode()
    assert "No such page" in page and "This search cannot be run" not in page
    assert "There is no page 999: this search has 1 page." in page
    assert '<a href="?province=420000">Go to the first page</a>' in page
    first = client.get("/visits/?province=420000")
    assert first.status_code == 200 and first.context["page"].number == 1
    assert client.get("/visits/?page=999", HTTP_ACCEPT_LANGUAGE="zh-CN").status_code == 404


def test_an_empty_result_offers_to_drop_the_last_filter(client, sample_tours):
    response = client.get("/visits/?province=540000&official=li-qiang")  # Tibet
    assert response.status_code == 200
    assert b"No tours match this search." in response.content
    assert response.context["drop_last_url"] == "?province=540000"


def test_the_histogram_counts_tours_per_month_and_links_to_the_month(client, sample_tours):
    response = client.get("/visits/?official=xi-jinping")
    bars = response.context["histogram"].columns
    assert bars[0].label == "Oct 2018"  # the first month with one of the tours
    assert bars[-1].label == "Mar 2024"
    busy = {b.label: b.count for b in bars if b.count}
    assert busy == {"Oct 2018": 1, "Apr 2022": 1, "Jul 2022": 1, "Mar 2024": 1}
    april = next(b for b in bars if b.label == "Apr 2022")
    assert april.url == "?official=xi-jinping&start=2022-04-01&end=2022-04-30"
    assert april.title == "Apr 2022: 1 tour"
    assert b"<svg" in response.content


def test_the_histogram_has_year_ticks(client, sample_tours):
    """A year is labelled in the middle of its months; 2018's and 2024's three have no room."""
    ticks = client.get("/visits/?official=xi-jinping").context["histogram"].ticks
    assert [t.label for t in ticks] == ["", "2019", "2020", "2021", "2022", "2023", ""]
    assert ticks[0].x == 0 and all(a.x < b.x for a, b in zip(ticks, ticks[1:], strict=False))
    page = client.get("/visits/?official=xi-jinping").content.decode()
    assert '<text class="year" x="' in page and ">2022</text>" in page


def test_sorting_and_page_size(client, sample_tours):
    oldest = client.get("/visits/?sort=oldest&per_page=10")
    page = oldest.context["page"]
    assert len(page.object_list) == 10 and page.paginator.num_pages == 3
    dates = [v.start_date for v in page if v.start_date]
    assert dates == sorted(dates)
    assert client.get("/visits/?sort=oldest&per_page=10&page=3").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("province=Nowhere", b"Province: Select a valid choice."),
        ("start=2024-13-45", b"From: Enter a valid date."),
        ("page=two", b"The page number must be a whole number from 1."),
        ("official=%27%20OR%201%3D1%20--", b"Official: Select a valid choice."),
        ("q=" + "x" * 10_000, b"Search: Ensure this value has at most 500 characters"),
        ("sort=sideways", b"Unknown sort order"),
        ("per_page=7", b"Page size must be one of 10, 25, 50, 100."),
        ("month=2024-13", b"Month: Select a valid choice."),
        ("start=2024-06-05&end=2024-06-01", b"The end of the date range is before its start."),
        ("format=xml", b"Unknown format"),
    ],
)
def test_bad_parameters_get_a_page_that_says_what_is_wrong(client, sample_tours, query, message):
    response = client.get(f"/visits/?{query}")
    assert response.status_code == 400
    assert message in response.content


def test_the_filtered_result_downloads_as_csv_and_json(client, sample_tours):
    response = client.get("/visits/?province=420000&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2 and {r["provinces"] for r in rows} >= {"Hubei"}
    as_json = client.get("/visits.json?province=420000")
    records = json.loads(b"".join(as_json.streaming_content))["tours"]
    assert all("Hubei" in [p["name"] for p in r["provinces"]] for r in records)
    assert len(records) == 2
    assert {"start_date", "officials", "sources", "themes"} <= set(records[0])


def test_an_atom_feed_follows_the_filters(client, sample_tours):
    response = client.get("/visits/feed/?official=li-qiang")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 5
    assert "Zhao Leji" not in body


FILTERED = "/visits/?province=420000&official=li-qiang&theme=sci-tech-innovation&year=2024"


def test_the_list_runs_a_bounded_number_of_queries(client, sample_tours):
    with CaptureQueriesContext(connection) as loading:
        client.get("/visits/?province=420000")  # the first page after a change reads the index
    with CaptureQueriesContext(connection) as plain:
        client.get("/visits/")
    with CaptureQueriesContext(connection) as filtered:
        client.get(FILTERED)
    with CaptureQueriesContext(connection) as searching:
        client.get("/visits/?q=chips&province=420000")
    # The archive version, the public tours, each relation's pairs, the records of each kind
    # and the map's provinces, besides the page.
    assert len(loading.captured_queries) <= 6 + 14
    # The version, the page and four prefetches; filters add their lookups, full text its
    # search and the snippets.
    assert len(plain.captured_queries) <= 6
    assert len(filtered.captured_queries) <= 10
    assert len(searching.captured_queries) <= 10


def test_a_search_asked_again_finds_what_changed_since(client, sample_tours):
    # The browse index keeps the tours a search matched, and their snippets, for as long as
    # the archive does not change: asked again after an edit, the search is run again.
    assert titles(client.get("/visits/?q=dumplings")) == []
    visit = Visit.objects.public().order_by("pk").first()
    visit.summary = "He ate dumplings at a canteen."
    visit.save()
    search.index_visit(visit)
    response = client.get("/visits/?q=dumplings")
    assert titles(response) == [visit.title]
    assert b"<mark>Dumplings</mark>" not in response.content  # (a snippet quotes the sources)
    with CaptureQueriesContext(connection) as again:
        assert titles(client.get("/visits/?q=dumplings&sort=oldest")) == [visit.title]
    # Another order of the same words asks nothing of the full-text index.
    assert not [q for q in again.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    for article in visit.sources.all():
        article.clean_text += " Dumplings were served."
        article.save()
    search.index_visit(visit)
    response = client.get("/visits/?q=dumplings&sort=oldest")
    assert titles(response) == [visit.title]
    assert b"<mark>Dumplings</mark> were served" in response.content
