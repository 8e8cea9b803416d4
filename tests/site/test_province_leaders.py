"""A province's page names, for each of its tours, the province's Party secretary and governor
in office on the tour's first day (from the officials' dated posts), and lists them all."""

import datetime as dt

import pytest
from django.core.cache import cache

from archive.models import Official, Post, Province
from archive.site import facet_index
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

HUBEI, CHONGQING = "420000", "500000"
SECRETARY, GOVERNOR = "Party Secretary of Hubei", "Governor of Hubei"


def leaders_by_tour(response) -> dict[str, list[tuple[str, str]]]:
    """{tour title: [(official, post)]} for the page's tours."""
    return {
        visit.local_title: [(link.label, link.note) for link in visit.leaders]
        for visit in response.context["page"]
    }


def test_each_tour_names_the_secretary_and_governor_of_its_first_day(client, sample_tours):
    make_visit(official="Xi Jinping", provinces=["Hubei"], start="2025-01-05", end="2025-01-07")
    make_visit(official="Xi Jinping", provinces=["Hubei"], start="2019-05-20")
    make_visit(official="Xi Jinping", provinces=["Hubei"], start=None)
    response = client.get(f"/provinces/{HUBEI}/")
    assert leaders_by_tour(response) == {
        "Xi Jinping in Hubei, January 2025": [
            ("Wang Zhonglin", SECRETARY),
            ("Li Dianxun", GOVERNOR),
        ],
        "Liu Guozhong in Chongqing, Hubei, October 2024": [
            ("Wang Menghui", SECRETARY),
            ("Wang Zhonglin", GOVERNOR),
        ],
        "Li Qiang in Hubei, January 2024": [
            ("Wang Menghui", SECRETARY),
            ("Wang Zhonglin", GOVERNOR),
        ],
        "Xi Jinping in Hubei, May 2019": [
            ("Jiang Chaoliang", SECRETARY),
            ("Wang Xiaodong", GOVERNOR),
        ],
        # An undated tour has no day to look up.
        "Xi Jinping in Hubei": [],
    }
    page = " ".join(response.content.decode().split())
    assert (
        'In office: <a href="/officials/wang-menghui/">Wang Menghui</a> '
        '<span class="post">(Party Secretary of Hubei)</span>, '
        '<a href="/officials/wang-zhonglin/">Wang Zhonglin</a> '
        '<span class="post">(Governor of Hubei)</span>'
    ) in page
    assert page.count('<p class="leaders">') == 4


def test_a_tour_of_two_provinces_names_the_leaders_of_the_page_s_province(client, sample_tours):
    response = client.get(f"/provinces/{CHONGQING}/")
    leaders = leaders_by_tour(response)["Liu Guozhong in Chongqing, Hubei, October 2024"]
    assert leaders == [
        ("Yuan Jiajun", "Party Secretary of Chongqing"),
        ("Hu Henghua", "Mayor of Chongqing"),
    ]


def test_on_a_handover_s_overlapping_days_the_successor_is_named(client, sample_tours):
    """A post's dates as an editor may leave them: the successor starts before the
    predecessor's end. The one who began last holds it."""
    hubei = Province.objects.get(code=HUBEI)
    successor = Official.objects.create(name="Acting Successor")
    Post.objects.create(
        official=successor,
        title="Acting Party Secretary of Hubei",
        rank=Post.Rank.PROVINCIAL_SECRETARY,
        province=hubei,
        start=dt.date(2023, 12, 25),
        end=dt.date(2024, 1, 10),
    )
    cache.clear()
    response = client.get(f"/provinces/{HUBEI}/")
    assert leaders_by_tour(response)["Li Qiang in Hubei, January 2024"] == [
        ("Acting Successor", "Acting Party Secretary of Hubei"),
        ("Wang Zhonglin", GOVERNOR),
    ]
    assert leaders_by_tour(response)["Liu Guozhong in Chongqing, Hubei, October 2024"][0] == (
        "Wang Menghui",
        SECRETARY,
    )


def test_the_page_lists_the_province_s_secretaries_and_governors_latest_first(client, sample_tours):
    response = client.get(f"/provinces/{HUBEI}/")
    rows = [(row.official.label, row.post, row.years) for row in response.context["leaders"]]
    assert rows[:3] == [
        ("Li Dianxun", GOVERNOR, "Jan 2025 – present"),
        ("Wang Zhonglin", SECRETARY, "Dec 2024 – present"),
        ("Wang Menghui", SECRETARY, "Mar 2022 – Dec 2024"),
    ]
    expected = Post.objects.filter(
        province__code=HUBEI, rank__in=("provincial_secretary", "governor")
    )
    assert len(rows) == expected.count() > 10
    page = response.content.decode()
    assert '<h2 id="leaders-heading">Party secretaries and governors</h2>' in page
    assert '<a href="/officials/li-dianxun/">Li Dianxun</a>' in page


def test_in_chinese_leaders_are_named_with_their_chinese_titles(client, sample_tours):
    response = client.get(f"/provinces/{HUBEI}/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert leaders_by_tour(response)["李强在湖北省考察（2024年1月）"] == [
        ("王蒙徽", "湖北省委书记"),
        ("王忠林", "湖北省省长"),
    ]
    page = response.content.decode()
    assert "时任：" in page and "历任党政主要领导" in page


def test_the_leaders_cost_one_query_however_many_tours_the_page_shows(
    client, sample_tours, django_assert_max_num_queries
):
    """One query reads the province's posts for the whole page (no query per tour): the page
    costs as many queries with 3 tours as with a full page of 25 and more."""

    def queries() -> int:
        cache.clear()
        facet_index.current()  # read once per archive version, by whichever page comes first
        with django_assert_max_num_queries(16) as captured:
            response = client.get(f"/provinces/{HUBEI}/")
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.context["page"])

    few, shown = queries()
    assert shown == 2
    for year in range(2013, 2025):
        for month in (3, 9, 11):
            make_visit(
                official=["Xi Jinping", "Li Qiang"][month % 2],
                accompanying=["Wu Zhenglong"],
                provinces=["Hubei", "Hunan"],
                start=dt.date(year, month, 10),
                themes=["agriculture-rural"],
            )
    many, shown = queries()
    assert shown == 25
    assert many == few
