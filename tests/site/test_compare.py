"""/officials/compare/: two officials side by side (tours per year, provinces, themes), every
count a link to the tours it counts, and a page that says what is wrong with a bad address."""

import html
import re

import pytest
from django.core.cache import cache

from archive.models import Visit
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

URL = "/officials/compare/"
PAIR = f"{URL}?a=li-qiang&b=xi-jinping"


def table(response, id: str) -> dict[str, list[tuple[int, str]]]:
    """{row: [(count, share) per official]} of one of the comparison's tables, in order."""
    [found] = [t for t in response.context["comparison"].tables if t.id == id]
    return {row.label: [(c.count, c.share) for c in row.cells] for row in found.rows}


def test_it_counts_two_officials_tours_per_year_with_every_year_between(client, sample_tours):
    response = client.get(PAIR)
    assert response.status_code == 200
    # Li Qiang: 2023 twice, 2024 twice (and an undated tour); Xi Jinping: 2018, 2022 twice,
    # 2024 (and an undated tour).
    assert table(response, "years") == {
        "2018": [(0, ""), (1, "")],
        "2019": [(0, ""), (0, "")],
        "2020": [(0, ""), (0, "")],
        "2021": [(0, ""), (0, "")],
        "2022": [(0, ""), (2, "")],
        "2023": [(2, ""), (0, "")],
        "2024": [(2, ""), (1, "")],
    }
    sides = response.context["comparison"].sides
    assert [(s.name, s.tours, s.span) for s in sides] == [
        ("Li Qiang", 5, "Mar 2023 to May 2024"),
        ("Xi Jinping", 5, "Oct 2018 to Mar 2024"),
    ]
    assert sides[0].post == "Premier of the State Council (Mar 2023 – present)"
    page = response.content.decode()
    assert "<h1>Li Qiang and Xi Jinping compared</h1>" in page
    assert '<a href="/visits/?official=li-qiang&amp;year=2023">2<span' in page


def test_provinces_and_themes_are_shares_of_each_one_s_tours(client, sample_tours):
    response = client.get(PAIR)
    provinces = table(response, "provinces")
    assert provinces["Zhejiang"] == [(2, "40%"), (0, "")]
    assert provinces["Hunan"] == [(1, "20%"), (1, "20%")]
    assert provinces["Xinjiang"] == [(0, ""), (1, "20%")]
    assert len(provinces) == 8  # Li Qiang's four and Xi Jinping's five, Hunan shared
    # The largest shares of the two together first (40% and 0%, 20% and 20%), then by name.
    assert list(provinces)[:2] == ["Hunan", "Zhejiang"]
    themes = table(response, "themes")
    assert themes["Advanced manufacturing"] == [(4, "80%"), (1, "20%")]
    assert list(themes)[0] == "Advanced manufacturing"
    page = response.content.decode()
    assert '<a href="/provinces/330000/">Zhejiang</a>' in page
    assert '<a href="/themes/advanced-manufacturing/">Advanced manufacturing</a>' in page
    assert 'href="/visits/?official=xi-jinping&amp;theme=advanced-manufacturing"' in page


def test_every_count_links_to_exactly_the_tours_it_counts(client, sample_tours):
    make_visit(
        official=["Li Qiang", "Xi Jinping"], provinces=["Hubei", "Hunan"], start="2024-06-03"
    )
    make_visit(official="Xi Jinping", start="2024-08-01", review_status=Visit.Review.REJECTED)
    response = client.get(PAIR)
    cells = [
        (cell.count, cell.url)
        for found in response.context["comparison"].tables
        for row in found.rows
        for cell in row.cells
    ]
    assert len(cells) > 40
    for count, url in cells:
        if count:
            listed = client.get(url)
            assert listed.context["page"].paginator.count == count, url
        else:
            assert url == ""  # no link to an empty list
    for side in response.context["comparison"].sides:
        assert client.get(side.tours_url).context["page"].paginator.count == side.tours


def test_the_bars_are_drawn_to_one_scale_per_table(client, sample_tours):
    response = client.get(PAIR)
    for found in response.context["comparison"].tables:
        bars = [cell.bar for row in found.rows for cell in row.cells]
        assert max(bars) == 100 and min(bars) == 0, found.id
    page = response.content.decode()
    assert '<rect width="100.0" height="6"/>' in page
    assert 'style="' not in page  # the Content Security Policy allows no style attribute


def test_without_officials_the_page_is_the_form_to_choose_them(client, sample_tours):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Compare two officials</h1>" in page
    assert response.context["comparison"] is None
    assert '<select id="compare-a" name="a" required>' in page
    # Those who led a public tour, with their number of tours.
    assert '<option value="li-qiang">Li Qiang (5 tours)</option>' in page
    assert '<option value="wang-yang">Wang Yang (1 tour)</option>' in page
    assert 'value="wu-zhenglong"' not in page  # accompanied, never led


def test_an_official_s_page_links_to_the_form_with_them_chosen(client, sample_tours):
    page = client.get("/officials/li-qiang/").content.decode()
    assert '<a href="/officials/compare/?a=li-qiang">Compare with another official</a>' in page
    response = client.get(f"{URL}?a=li-qiang")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose an official to compare with Li Qiang." in page
    assert '<option value="li-qiang" selected>Li Qiang (5 tours)</option>' in page
    assert 'href="/officials/compare/"' in client.get("/officials/").content.decode()


def test_someone_who_led_no_tour_is_compared_with_zeros(client, sample_tours):
    response = client.get(f"{URL}?a=wu-zhenglong&b=li-qiang")
    assert response.status_code == 200
    side = response.context["comparison"].sides[0]
    assert (side.name, side.tours, side.span) == ("Wu Zhenglong", 0, "no dated tour")
    assert table(response, "years")["2023"] == [(0, ""), (2, "")]
    assert '<option value="wu-zhenglong" selected>' in response.content.decode()


@pytest.mark.parametrize(
    "query, status, problem",
    [
        ("a=li-qiang&b=", 400, "Second official: Choose an official."),
        ("a=&b=", 400, "First official: Choose an official."),
        ("a=li-qiang&b=li-qiang", 400, "Choose two different officials."),
        ("a=li-qiang&a=xi-jinping&b=wang-yang", 400, "First official: Give one official, not 2."),
        ("a=li-qiang&b=nobody-at-all", 404, "The archive has no official “nobody-at-all”."),
        ("a=nobody&b=nobody-else", 404, "First official: The archive has no official “nobody”."),
        ("a=%3Cscript%3Ealert(1)%3C/script%3E&b=li-qiang", 404, "no official “<script>"),
        ("a=li%00qiang&b=xi-jinping", 404, "The archive has no official"),
        (f"a={'x' * 5000}&b=xi-jinping", 404, "The archive has no official"),
        ("a=li-qiang&b=Li Qiang", 404, "The archive has no official “Li Qiang”."),
    ],
)
def test_a_bad_address_gets_a_page_that_says_what_is_wrong(
    client, sample_tours, query, status, problem
):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == status
    page = response.content.decode()
    assert "<script>alert" not in page
    assert problem in html.unescape(re.sub(r"<[^>]*>", "", page))
    assert response.context["comparison"] is None
    # The form is there to put it right.
    assert '<select id="compare-b" name="b" required>' in page


def test_in_chinese_names_labels_and_titles_are_chinese(client, sample_tours):
    response = client.get(PAIR, HTTP_ACCEPT_LANGUAGE="zh-CN")
    page = response.content.decode()
    assert "<h1>李强与习近平对比</h1>" in page
    assert "浙江省" in table(response, "provinces")
    assert '<option value="li-qiang" selected>李强（5次考察）</option>' in page
    assert response.context["comparison"].sides[0].post.startswith("国务院总理")


def test_the_page_costs_the_same_queries_however_many_tours(
    client, sample_tours, django_assert_max_num_queries
):
    def queries() -> int:
        cache.clear()
        with django_assert_max_num_queries(12) as captured:
            assert client.get(PAIR).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for year in range(2013, 2025):
        for month in (2, 5, 8, 11):
            make_visit(
                official=["Xi Jinping", "Li Qiang"][month % 2],
                accompanying=["Wu Zhenglong"],
                provinces=["Hubei", "Hunan", "Gansu"][: 1 + month % 3],
                start=f"{year}-{month:02d}-10",
                themes=["agriculture-rural", "green-development"],
            )
    assert queries() == few
