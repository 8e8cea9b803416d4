"""The review queue's list: filtered, counted and sorted by reason, leader and year, in plain
words."""

import re

import pytest

from archive.models import Doubt, Visit
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

QUEUE = "/admin/archive/reviewqueue/"
Code = Doubt.Code


@pytest.fixture
def queue():
    """Four tours to review with their doubts, and one reviewed that the queue leaves out."""
    return {
        "undated": make_visit(official="Li Qiang", start=None, doubts=[Code.NO_DATE]),
        "long": make_visit(
            official="Xi Jinping",
            provinces=["Hunan"],
            start="2023-03-01",
            end="2023-03-20",
            doubts=[
                (Code.LONG_SPAN, "20 days"),
                (Code.UNKNOWN_ENTERPRISE, "Acme Widgets"),
                (Code.PLACE_ONCE, "Changsha"),
            ],
        ),
        "duplicate": make_visit(
            official="Li Qiang",
            start="2024-05-02",
            doubts=[Code.NO_DATE, (Code.POSSIBLE_DUPLICATE, "tour #1"), Code.NO_OFFICIAL],
        ),
        "clean": make_visit(official="Xi Jinping", start="2024-06-01"),
        "reviewed": make_visit(
            official="Li Qiang", start=None, doubts=[Code.NO_DATE], review_status="reviewed"
        ),
    }


def listed(client, query=""):
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response, {v.pk for v in response.context["cl"].result_list}


def ids(queue, *names):
    return {queue[n].pk for n in names}


def test_the_counts_per_reason_lead_the_queue_each_a_link_filtering_by_it(client, editor, queue):
    response, _ = listed(client)
    reasons = {r["label"]: (r["count"], r["url"]) for r in response.context["reasons"]}
    assert reasons == {
        "No date found": (2, "?reason=no_date"),
        "No leader found": (1, "?reason=no_official"),
        "Company not in the gazetteer": (1, "?reason=unknown_enterprise"),
        "Possible duplicate tour": (1, "?reason=possible_duplicate"),
        "Unusually long dates": (1, "?reason=long_span"),
        "Place named by one source only": (1, "?reason=place_once"),
    }
    body = response.content.decode()
    assert re.search(r'<a href="\?reason=no_date">No date found</a> <span class="count">2<', body)
    _, found = listed(client, "?reason=no_date")
    assert found == ids(queue, "undated", "duplicate")
    _, found = listed(client, "?reason=none")
    assert found == ids(queue, "clean")


def test_the_counts_are_of_the_tours_the_other_filters_leave(client, editor, queue):
    response, _ = listed(client, "?year=2024&q=Li")
    assert [(r["label"], r["count"]) for r in response.context["reasons"]] == [
        ("No date found", 1),
        ("No leader found", 1),
        ("Possible duplicate tour", 1),
    ]
    assert response.context["reasons"][0]["url"] == "?year=2024&q=Li&reason=no_date"


def test_a_leader_is_found_by_typing_a_name_not_picked_from_every_official(client, editor, queue):
    response, found = listed(client, "?leader=xi+jin")
    assert found == ids(queue, "long", "clean")
    body = response.content.decode()
    # The suggestions are the queue's leaders, not the 240 of the gazetteer.
    datalist = re.search(r'<datalist id="leader-filter-names">(.*?)</datalist>', body)[1]
    assert re.findall(r'<option value="([^"]+)">', datalist) == ["Li Qiang", "Xi Jinping"]
    # A reason link keeps the leader chosen.
    urls = {r["label"]: r["url"] for r in response.context["reasons"]}
    assert urls["Unusually long dates"] == "?leader=xi+jin&reason=long_span"
    _, found = listed(client, "?leader=xi+jin&reason=long_span")
    assert found == ids(queue, "long")


def test_the_queue_filters_by_year_and_undated(client, editor, queue):
    assert listed(client, "?year=2024")[1] == ids(queue, "duplicate", "clean")
    assert listed(client, "?year=undated")[1] == ids(queue, "undated")
    assert '<a href="?year=2023"' in listed(client)[0].content.decode()


def test_the_most_doubtful_tours_come_first_when_sorted_by_doubt(client, editor, queue):
    response = client.get(QUEUE + "?o=5")  # the "how doubtful" column
    order = [v.pk for v in response.context["cl"].result_list]
    weights = Doubt.WEIGHTS
    assert order == [queue[n].pk for n in ("duplicate", "long", "undated", "clean")]
    assert [v.doubt_weight for v in response.context["cl"].result_list] == [
        weights[Code.NO_DATE] + weights[Code.POSSIBLE_DUPLICATE] + weights[Code.NO_OFFICIAL],
        weights[Code.LONG_SPAN] + weights[Code.UNKNOWN_ENTERPRISE] + weights[Code.PLACE_ONCE],
        weights[Code.NO_DATE],
        0,
    ]


def test_the_admin_speaks_plainly(client, editor, queue):
    body = listed(client)[0].content.decode()
    assert "<h1>Tours to review</h1>" in body
    assert "4 tours to review" in body
    for bad in ("Select tour to review to change", "Add tour to review", "Delete selected"):
        assert bad.lower() not in body.lower()
    assert "/admin/archive/reviewqueue/add/" not in body
    assert client.get(QUEUE + "add/").status_code == 403
    tour = client.get(f"/admin/archive/visit/{queue['clean'].pk}/change/").content.decode()
    assert "Change tour" in tour and "Change visit" not in tour
    index = client.get("/admin/").content.decode()
    for plain in ("Tours to review", "Tours", "Companies", "Evidence"):
        assert f">{plain}</a>" in index
    assert "Evidences" not in index and "Visits" not in index
    assert Visit._meta.verbose_name_plural == "tours"
