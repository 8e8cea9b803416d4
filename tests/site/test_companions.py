"""Who accompanied whom: an official's page counts the officials who went along on their tours
and the leaders they went along with, each count a link to exactly those tours."""

import csv
import io

import pytest

from archive.models import Visit
from tests.builders import make_visit

pytestmark = pytest.mark.django_db


def tally(response, id: str) -> dict[str, tuple[int, str]]:
    """A list of counts of an official's page by its id: {name: (count, link)}, in order."""
    found = [t for t in response.context["tallies"] if t.id == id]
    assert len(found) <= 1
    return {value.label: (value.count, value.url) for value in (found[0].values if found else [])}


@pytest.fixture
def companions(sample_tours):
    """Xi Jinping's tours of Hunan with Shen Xiaoming three times (Mao Weiming on two of them),
    Li Qiang's with Wu Zhenglong (a sample tour) and Shen Xiaoming once; one rejected tour with
    Shen Xiaoming."""
    for day in ("2023-09-16", "2024-03-18", "2024-11-05"):
        make_visit(
            official="Xi Jinping",
            accompanying=["Shen Xiaoming", *(["Mao Weiming"] if day > "2024" else [])],
            provinces=["Hunan"],
            start=day,
        )
    make_visit(official="Li Qiang", accompanying=["Shen Xiaoming"], provinces=["Hunan"])
    make_visit(
        official="Xi Jinping",
        accompanying=["Shen Xiaoming"],
        provinces=["Hunan"],
        start="2025-01-05",
        review_status=Visit.Review.REJECTED,
    )


def test_it_counts_who_accompanied_a_leader_most_first(client, companions):
    response = client.get("/officials/xi-jinping/")
    assert tally(response, "accompanied-by") == {
        "Shen Xiaoming": (3, "/visits/?official=xi-jinping&accompanying=shen-xiaoming"),
        "Mao Weiming": (2, "/visits/?official=xi-jinping&accompanying=mao-weiming"),
    }
    assert list(tally(response, "accompanied-by")) == ["Shen Xiaoming", "Mao Weiming"]
    page = response.content.decode()
    assert '<h2 id="tally-accompanied-by">Accompanied by</h2>' in page
    assert 'href="/visits/?official=xi-jinping&amp;accompanying=shen-xiaoming"' in page
    # Xi Jinping accompanied nobody: no empty list of it.
    assert tally(response, "leaders-accompanied") == {}
    assert "Leaders accompanied" not in page


def test_it_counts_the_leaders_an_official_accompanied(client, companions):
    response = client.get("/officials/shen-xiaoming/")
    assert tally(response, "leaders-accompanied") == {
        "Xi Jinping": (3, "/visits/?official=xi-jinping&accompanying=shen-xiaoming"),
        "Li Qiang": (1, "/visits/?official=li-qiang&accompanying=shen-xiaoming"),
    }
    assert tally(response, "accompanied-by") == {}
    page = response.content.decode()
    assert "Leaders accompanied" in page and "Accompanied by" not in page


def test_each_count_links_to_exactly_the_tours_it_counts(client, companions):
    counts: dict[str, set[int]] = {}  # a pair's tours are counted on both their pages
    for official in ("xi-jinping", "li-qiang", "shen-xiaoming", "wu-zhenglong", "mao-weiming"):
        response = client.get(f"/officials/{official}/")
        for id in ("accompanied-by", "leaders-accompanied"):
            for count, url in tally(response, id).values():
                counts.setdefault(url, set()).add(count)
    assert len(counts) == 4
    for url, count in counts.items():
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert {listed.context["page"].paginator.count} == count, url


def test_the_tour_list_says_who_accompanied_in_a_removable_chip(client, companions):
    response = client.get("/visits/?official=xi-jinping&accompanying=mao-weiming")
    page = response.content.decode()
    assert response.context["page"].paginator.count == 2
    assert {v.start_date.isoformat() for v in response.context["page"]} == {
        "2024-03-18",
        "2024-11-05",
    }
    assert "Accompanied by: Mao Weiming" in page
    assert 'href="?official=xi-jinping"' in page  # the chip's removal keeps the rest
    download = client.get("/visits/?accompanying=mao-weiming&format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 2 and all("Mao Weiming" in row["accompanying"] for row in rows)


def test_an_unknown_companion_is_refused_with_a_reason(client, companions):
    response = client.get("/visits/?accompanying=nobody-at-all")
    assert response.status_code == 400
    assert "Accompanied by" in response.content.decode()


def test_in_chinese_the_lists_name_officials_in_chinese(client, companions):
    response = client.get("/officials/xi-jinping/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert tally(response, "accompanied-by") == {
        "沈晓明": (3, "/visits/?official=xi-jinping&accompanying=shen-xiaoming"),
        "毛伟明": (2, "/visits/?official=xi-jinping&accompanying=mao-weiming"),
    }
    assert '<h2 id="tally-accompanied-by">陪同人员</h2>' in response.content.decode()
    response = client.get("/officials/shen-xiaoming/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<h2 id="tally-leaders-accompanied">陪同过的领导人</h2>' in response.content.decode()
