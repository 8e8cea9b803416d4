"""The review screen: a tour's facts beside their evidence, reviewed and on to the next tour."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import City, Province, Visit
from tests.builders import make_visit
from tests.forms import browser_form

pytestmark = pytest.mark.django_db


def queue_url(pk, **filters) -> str:
    url = reverse("admin:archive_reviewqueue_change", args=[pk])
    return f"{url}?{urlencode({'_changelist_filters': urlencode(filters)})}" if filters else url


def test_each_fact_is_shown_beside_the_sentences_that_support_it(client, editor):
    tour = make_visit(
        provinces=["Hubei"], cities=["Wuhan"], start="2024-01-02", end="2024-01-03", sources=2
    )
    tour.cities.add(City.objects.get(name="Yichang"))  # on the tour, in no source
    tour.provinces.remove(Province.objects.get(name="Hubei"))  # in the sources, not on the tour

    page = client.get(queue_url(tour.pk)).content.decode()

    assert 'class="review-columns"' in page and 'id="review-sources"' in page
    assert "<mark" in page  # the sources, highlighted
    hubei = page[page.index('data-mark="Province: Hubei"') :]
    assert "2 sources, not on the tour" in hubei[: hubei.index("</li>")]
    yichang = page[page.index('<span class="finding-value">Yichang<') :]
    assert "no source says so" in yichang[: yichang.index("</li>")]
    dates = page[page.index('data-mark="Dates: 2024-01-02 – 2024-01-03"') :]
    assert "2 sources" in dates[: dates.index("</li>")]
    # Dates are days: a plain ISO date field, none of the calendar's time-zone note.
    assert 'name="start_date" value="2024-01-02"' in page and "vDateField" not in page
    for key in ("r", "x", "s", "n", "p", "j", "k", "e", "?"):
        assert f"<kbd>{key}</kbd>" in page  # the keys are listed on the page
    assert 'src="/static/archive/review.js"' in page or "archive/review." in page


def test_reviewed_next_saves_the_fix_and_opens_the_next_tour_of_the_filtered_queue(client, editor):
    hubei = Province.objects.get(name="Hubei")
    first, other, second, third = (
        make_visit(provinces=[name]) for name in ("Hubei", "Hunan", "Hubei", "Hubei")
    )
    filters = {"provinces__id__exact": hubei.pk}
    url = queue_url(second.pk, **filters)
    page = client.get(url)
    assert ": 2 of 3" in page.content.decode()
    form = browser_form(page, "reviewqueue_form")
    form["title"] = ["Li Qiang in Hubei (checked)"]

    done = client.post(url, {**form, "_reviewed_next": [""]})

    assert done.status_code == 302 and done.url == queue_url(third.pk, **filters)
    second.refresh_from_db()
    assert second.review_status == "reviewed" and second.title == "Li Qiang in Hubei (checked)"
    assert second.curated_fields == ["title"]
    latest = second.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "marked reviewed on the review screen"
    for untouched in (first, other, third):
        untouched.refresh_from_db()
        assert untouched.review_status == "unreviewed"


def test_reject_next_on_the_last_tour_goes_back_to_the_list(client, editor):
    tours = [make_visit() for _ in range(3)]
    url = queue_url(tours[-1].pk)
    form = browser_form(client.get(url), "reviewqueue_form")

    done = client.post(url, {**form, "_rejected_next": [""]})

    assert done.status_code == 302 and done.url == reverse("admin:archive_reviewqueue_changelist")
    assert Visit.objects.get(pk=tours[-1].pk).review_status == "rejected"
    assert Visit.objects.get(pk=tours[-1].pk).curated_fields == []  # nothing else was changed


def test_skipping_keeps_the_order_and_the_filters(client, editor):
    tours = [make_visit(provinces=["Hunan"]) for _ in range(3)]
    hunan = Province.objects.get(name="Hunan")
    page = client.get(queue_url(tours[1].pk, provinces__id__exact=hunan.pk)).content.decode()
    assert (
        'id="review-next" href="{}"'.format(
            queue_url(tours[2].pk, provinces__id__exact=hunan.pk).replace("&", "&amp;")
        )
        in page
    )
    assert (
        'id="review-previous" href="{}"'.format(
            queue_url(tours[0].pk, provinces__id__exact=hunan.pk).replace("&", "&amp;")
        )
        in page
    )


def test_a_filter_that_is_not_valid_leaves_the_whole_queue(client, editor):
    tours = [make_visit() for _ in range(2)]
    page = client.get(queue_url(tours[0].pk, provinces__id__exact="nonsense"))
    assert page.status_code == 200 and ": 1 of 2" in page.content.decode()


def test_the_review_screen_asks_the_same_number_of_queries_whatever_the_queue(client, editor):
    def queries(tour) -> int:
        with CaptureQueriesContext(connection) as done:
            assert client.get(queue_url(tour.pk)).status_code == 200
        return len(done)

    small = make_visit(sources=2, cities=["Wuhan"])
    few = queries(small)
    for _ in range(15):
        make_visit(sources=3, cities=["Wuhan", "Yichang"], enterprises=["HGTECH"])
    assert queries(small) == few
