"""Pages of single records: tours, officials, places, enterprises, themes, indexes, sitemap."""

import re

import pytest

from archive.models import Enterprise, Visit
from archive.site import pages as page_builders
from archive.site import tallies
from archive.site.export import visit_record
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

HUBEI, WUHAN = "420000", "420100"
MEMORY_CHIPS = "yangtze-memory-technologies-co"


def hubei_tour() -> Visit:
    """Li Qiang in Hubei, January 2024: three reports, two companies, three cities."""
    return Visit.objects.get(title="Li Qiang in Hubei, January 2024")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_tour_page_links_every_record_and_shows_posts_at_the_time(client, sample_tours):
    visit = hubei_tour()
    page = html(client.get(f"/visits/{visit.pk}/"))
    assert "<h1>Li Qiang in Hubei, January 2024</h1>" in page
    assert '<a href="/officials/li-qiang/">Li Qiang</a>' in page
    assert "(Premier of the State Council)" in page
    assert f'href="/provinces/{HUBEI}/"' in page and f'href="/cities/{WUHAN}/"' in page
    assert f'href="/enterprises/{MEMORY_CHIPS}/"' in page
    assert 'href="/themes/semiconductors/"' in page
    assert "Unreviewed" in page and visit.summary in page
    assert f'href="/visits/{visit.pk}.json"' in page
    for article in visit.sources.all():
        assert f'href="/articles/{article.pk}/#cite"' in page
        assert f'href="/articles/{article.pk}/"' in page


def test_a_tour_page_marks_where_each_fact_was_found(client, sample_tours):
    page = html(client.get(f"/visits/{hubei_tour().pk}/"))
    assert '<mark class="fact" title="City: Wuhan">Wuhan' in page
    assert 'title="Official: Li Qiang"' in page
    # Themes are found in sentences, shown by name.
    assert '<mark class="fact-sentence" title="' in page and "Theme: Semiconductors" in page
    assert "Facts found in this article" in page


def test_a_tour_as_json_is_its_export_record(client, sample_tours):
    visit = hubei_tour()
    expected = visit_record(visit, "http://testserver")
    for url in (f"/visits/{visit.pk}.json", f"/visits/{visit.pk}/?format=json"):
        response = client.get(url)
        assert response["Content-Type"] == "application/json"
        assert response.json() == expected
    assert expected["officials"][0]["post"] == "Premier of the State Council"


def test_an_unknown_format_is_refused_with_a_reason(client, sample_tours):
    for url in (
        f"/visits/{hubei_tour().pk}/?format=xml",
        "/officials/li-qiang/?format=csv",
        f"/provinces/{HUBEI}/?format=rss",
        "/themes/semiconductors/?format=<b>",
    ):
        response = client.get(url)
        assert response.status_code == 400
        assert "Unknown format" in response.content.decode()
    assert b"&lt;b&gt;" in client.get("/themes/semiconductors/?format=<b>").content


@pytest.mark.parametrize(
    "url",
    [
        "/visits/999999/",
        "/visits/999999.json",
        "/officials/nobody/",
        "/officials/nobody/?format=json",
        "/provinces/999999/",
        "/cities/999999/",
        "/enterprises/no-such-company/",
        "/themes/no-such-theme/",
        "/articles/999999/",
        "/articles/999999/cite.ris",
        "/articles/999999/cite.json",
    ],
)
def test_unknown_records_are_not_found(client, sample_tours, url):
    assert client.get(url).status_code == 404


def test_a_rejected_tour_shows_nowhere(client, sample_tours):
    visit = hubei_tour()
    visit.review_status = Visit.Review.REJECTED
    visit.save()
    assert client.get(f"/visits/{visit.pk}/").status_code == 404
    assert client.get(f"/visits/{visit.pk}.json").status_code == 404
    pages = [
        "/officials/li-qiang/",
        f"/provinces/{HUBEI}/",
        f"/cities/{WUHAN}/",
        "/themes/semiconductors/",
        "/officials/",
        "/provinces/",
        "/enterprises/",
        "/sitemap.xml",
    ]
    for url in pages:
        assert visit.title not in html(client.get(url)), url
        assert f"/visits/{visit.pk}/" not in html(client.get(url)), url
    official = client.get("/officials/li-qiang/?format=json").json()
    assert visit.pk not in [t["id"] for t in official["tours"]]
    # Only this tour visited the chip maker: its page goes with it.
    assert client.get(f"/enterprises/{MEMORY_CHIPS}/").status_code == 404
    # The sources are still kept and shown, without a link to the rejected tour.
    source = visit.sources.first()
    page = html(client.get(f"/articles/{source.pk}/"))
    assert visit.title not in page and f"/visits/{visit.pk}/" not in page
    wuhan = client.get(f"/provinces/{HUBEI}/?format=json").json()
    assert {c["name"]: c["tours"] for c in wuhan["cities"]}["Wuhan"] == 0


def test_an_official_page_has_posts_a_timeline_a_map_and_counts(client, sample_tours):
    response = client.get("/officials/li-qiang/")
    page = html(response)
    assert "Li Qiang" in page and "李强" in page
    assert "Premier of the State Council" in page and "Mar 2023 – present" in page
    tours = Visit.objects.public().filter(officials__slug="li-qiang")
    dated = tours.filter(start_date__isnull=False)
    # A month with one tour links to it; Li Qiang's tours are each alone in their month.
    columns = [c for c in response.context["timeline"].columns if c.count]
    assert sorted(c.url for c in columns) == sorted(v.get_absolute_url() for v in dated)
    assert page.count('<rect class="bar"') == dated.count()
    assert 'aria-label="Hubei: 1 tour"' in page and 'aria-label="Zhejiang: 2 tours"' in page
    assert 'href="/visits/?official=li-qiang&amp;province=420000"' in page
    assert 'href="/visits/?official=li-qiang"' in page
    themes = {t.label: t.count for t in response.context["tallies"][0].values}
    assert themes["Advanced manufacturing"] == 4
    enterprises = {t.label for t in response.context["tallies"][1].values}
    assert "Baidu" in enterprises
    assert response.context["page"].paginator.count == tours.count() == 5


@pytest.mark.parametrize(
    "url",
    [
        "/officials/li-qiang/",
        f"/provinces/{HUBEI}/",
        "/cities/420100/",
        f"/enterprises/{MEMORY_CHIPS}/",
        "/themes/semiconductors/",
    ],
)
def test_a_record_pages_drill_down_counts_are_marked_as_links(client, sample_tours, url):
    """Every count beside a record that opens /visits/ narrowed to it sits in a list the
    stylesheet draws as links (tests/site/test_browser.py checks how Chromium shows them)."""
    page = html(client.get(url))
    lists = re.findall(r'<ul class="([^"]*)">(.*?)</ul>', page, flags=re.S)
    drill_downs = [body for classes, body in lists if "drill-down" in classes.split()]
    assert drill_downs, url
    links = re.findall(r'<a href="([^"]*)">', "".join(drill_downs))
    assert links and all(link.startswith("/visits/?") for link in links), links
    counted = [body for classes, body in lists if "facet-values" in classes.split()]
    assert counted == drill_downs


def test_an_official_who_accompanied_a_tour_lists_it(client, sample_tours):
    page = html(client.get("/officials/wu-zhenglong/"))
    assert "Tours accompanied" in page and "Li Qiang in Hunan, March 2023" in page


def test_a_long_list_of_tours_accompanied_lists_the_newest(client, sample_tours, monkeypatch):
    make_visit(official="Xi Jinping", accompanying=["Wu Zhenglong"], start="2024-03-19")
    went = Visit.objects.public().filter(accompanying__slug="wu-zhenglong")
    assert went.count() >= 2
    monkeypatch.setattr(page_builders, "LISTED", 1)
    response = client.get("/officials/wu-zhenglong/")
    newest = went.newest_first().first()
    assert [link.url for link in response.context["accompanied"]] == [newest.get_absolute_url()]
    assert response.context["accompanied_count"] == went.count()
    page = html(response)
    assert 'The newest 1 is listed: <a href="/visits/?accompanying=wu-zhenglong">' in page


def test_an_official_as_json(client, sample_tours):
    record = client.get("/officials/li-qiang/?format=json").json()
    assert (record["name"], record["name_zh"], record["url"]) == (
        "Li Qiang",
        "李强",
        "/officials/li-qiang/",
    )
    assert "Premier of the State Council" in [p["title"] for p in record["posts"]]
    ids = sorted(
        Visit.objects.public().filter(officials__slug="li-qiang").values_list("pk", flat=True)
    )
    assert sorted(t["id"] for t in record["tours"]) == ids
    assert all(t["url"] == f"/visits/{t['id']}/" for t in record["tours"])


def test_a_province_page_counts_its_cities_officials_and_years(client, sample_tours):
    response = client.get(f"/provinces/{HUBEI}/")
    page = html(response)
    assert "湖北省" in page and f'href="/visits/?province={HUBEI}"' in page
    cities = {c.label: c.count for c in response.context["cities"]}
    assert cities["Wuhan"] == 1 and cities["Xiangyang"] == 0
    assert f'href="/cities/{WUHAN}/"' in page
    officials, themes, years = response.context["tallies"]
    assert {v.label: v.count for v in officials.values} == {"Li Qiang": 1, "Liu Guozhong": 1}
    assert officials.values[0].url.startswith(f"/visits/?province={HUBEI}&official=")
    assert {v.label: v.count for v in years.values} == {"2024": 2}
    assert response.context["page"].paginator.count == 2
    record = client.get(f"/provinces/{HUBEI}/?format=json").json()
    assert record["code"] == HUBEI and len(record["tours"]) == 2
    assert {
        "code": WUHAN,
        "name": "Wuhan",
        "name_zh": "武汉市",
        "url": f"/cities/{WUHAN}/",
        "tours": 1,
    } in record["cities"]


def test_a_city_page(client, sample_tours):
    response = client.get(f"/cities/{WUHAN}/")
    page = html(response)
    assert "Wuhan" in page and f'href="/provinces/{HUBEI}/"' in page
    assert f'href="/visits/?city={WUHAN}"' in page
    assert "Li Qiang in Hubei, January 2024" in page
    record = client.get(f"/cities/{WUHAN}/?format=json").json()
    assert record["province"]["code"] == HUBEI
    assert [t["id"] for t in record["tours"]] == [hubei_tour().pk]


def test_an_enterprise_page_says_who_visited_when(client, sample_tours):
    response = client.get(f"/enterprises/{MEMORY_CHIPS}/")
    page = html(response)
    assert "Yangtze Memory Technologies Co" in page
    assert "Li Qiang in Hubei, January 2024" in page and "2 Jan 2024" in page
    assert f'href="/visits/?enterprise={MEMORY_CHIPS}"' in page
    visitors = response.context["tallies"][0]
    assert [(v.label, v.count) for v in visitors.values] == [("Li Qiang", 1)]
    record = client.get(f"/enterprises/{MEMORY_CHIPS}/?format=json").json()
    assert record["tours"][0]["officials"] == ["Li Qiang"]
    assert record["tours"][0]["start_date"] == "2024-01-02"


def test_a_theme_page_has_a_map_and_counts(client, sample_tours):
    response = client.get("/themes/advanced-manufacturing/")
    page = html(response)
    assert "Advanced manufacturing" in page and "<svg" in page
    tours = Visit.objects.public().filter(themes__slug="advanced-manufacturing")
    assert response.context["page"].paginator.count == tours.count()
    tiles = {t.label: t.count for t in response.context["province_map"].tiles}
    assert tiles["Hubei"] == tours.filter(provinces__code=HUBEI).count()
    assert 'href="/visits/?theme=advanced-manufacturing&amp;province=420000"' in page
    record = client.get("/themes/advanced-manufacturing/?format=json").json()
    assert sorted(t["id"] for t in record["tours"]) == sorted(tours.values_list("pk", flat=True))


def test_index_pages_list_records_with_their_tour_counts(client, sample_tours):
    officials = client.get("/officials/")
    counts = {e.label: e.count for e in officials.context["entries"]}
    assert counts["Li Qiang"] == 5 and counts["Xi Jinping"] == 5
    assert counts["Wu Zhenglong"] == 0  # listed for the tours he accompanied
    assert len(counts) < 100  # officials without any tour are left out
    provinces = client.get("/provinces/")
    assert len(provinces.context["entries"]) == 34
    assert 'aria-label="Hubei: 2 tours"' in html(provinces)
    themes = {e.label: e.count for e in client.get("/themes/").context["entries"]}
    assert themes["Advanced manufacturing"] == 8
    enterprises = html(client.get("/enterprises/"))
    assert f'href="/enterprises/{MEMORY_CHIPS}/"' in enterprises
    nav = html(client.get("/themes/"))
    for url in ("/officials/", "/provinces/", "/themes/", "/enterprises/"):
        assert f'<li><a href="{url}">' in nav


def test_long_lists_are_paged(client, sample_tours, monkeypatch):
    monkeypatch.setattr(page_builders, "PER_PAGE", 2)
    first = client.get("/officials/li-qiang/")
    assert len(first.context["page"].object_list) == 2 and 'rel="next"' in html(first)
    last = client.get("/officials/li-qiang/?page=3")
    assert len(last.context["page"].object_list) == 1 and 'rel="prev"' in html(last)
    past = client.get("/officials/li-qiang/?page=4")
    assert past.status_code == 404 and 'href="?">Go to the first page</a>' in past.content.decode()
    assert client.get("/officials/li-qiang/?page=two").status_code == 400
    monkeypatch.setattr(page_builders, "INDEX_PER_PAGE", 3)
    enterprises = client.get("/enterprises/?page=2")
    assert len(enterprises.context["entries"]) == 3


def test_the_sitemap_lists_tours_and_record_pages(client, sample_tours):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    for path in (
        f"/visits/{hubei_tour().pk}/",
        "/officials/li-qiang/",
        f"/provinces/{HUBEI}/",
        f"/cities/{WUHAN}/",
        f"/enterprises/{MEMORY_CHIPS}/",
        "/themes/advanced-manufacturing/",
        "/officials/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in body
    assert body.count("/visits/") - body.count("<loc>http://testserver/visits/</loc>") == 25
    assert client.get("/officials/hu-jintao/").status_code == 200
    assert "/officials/hu-jintao/" not in body  # no tours, no entry


def test_long_tallies_list_the_most_frequent_and_count_the_rest(client, sample_tours, monkeypatch):
    monkeypatch.setattr(tallies, "LISTED", 2)
    response = client.get("/officials/li-qiang/")
    enterprises = response.context["tallies"][1]
    visited = Enterprise.objects.filter(
        visits__in=Visit.objects.public().filter(officials__slug="li-qiang")
    ).distinct()
    assert visited.count() > 2
    assert len(enterprises.values) == 2 and enterprises.unlisted == visited.count() - 2
    assert [t.count for t in enterprises.values] == sorted(
        (t.count for t in enterprises.values), reverse=True
    )
    page = html(response)
    assert f"{visited.count() - 2} more with fewer tours are not listed here" in page
    assert '<a href="/visits/?official=li-qiang">browse these tours</a>' in page


def test_a_timeline_counts_months_and_names_a_tour_alone_in_its_month(client, sample_tours):
    led = Visit.objects.public().filter(officials__slug="li-qiang")
    tours = led.filter(start_date__isnull=False)
    undated = led.count() - tours.count()
    first, second = tours.order_by("start_date")[:2]
    Visit.objects.filter(pk=second.pk).update(start_date=first.start_date, end_date=None)
    Visit.objects.filter(pk=tours.order_by("-start_date")[0].pk).update(
        start_date=None, end_date=None
    )
    chart = client.get("/officials/li-qiang/").context["timeline"]
    busy = [c for c in chart.columns if c.count == 2]
    assert len(busy) == 1 and busy[0].url.startswith("/visits/?official=li-qiang&month=")
    alone = [c for c in chart.columns if c.count == 1]
    assert alone and all(c.url.startswith("/visits/") and ", " in c.title for c in alone)
    assert chart.total == tours.count() == led.count() - undated - 1
    assert f"{undated + 1} tours with no known date are not shown." in chart.caption
