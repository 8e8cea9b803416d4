"""A tour's row in the list of tours is written once per archive version and language and kept
with the browse index: a page listing it again reads none of its relations, and a change to the
archive or another language writes it anew."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Visit
from archive.site import browse, facet_index

pytestmark = pytest.mark.django_db

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def results(client, url: str, **headers) -> tuple[str, int]:
    """The list of tours of a page computed afresh (the page cache emptied), and its queries."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    listed = re.search(r'<ol class="visits".*?</ol>', response.content.decode(), re.S)
    return listed.group(0), len(queries.captured_queries)


def test_a_tour_listed_again_reads_none_of_its_relations(client, sample_tours):
    facet_index.current()  # read the browse index before counting
    first, cold = results(client, "/visits/?sort=oldest")
    again, warm = results(client, "/visits/?sort=oldest")
    assert again == first
    assert cold - warm == len(browse.PAGE_RELATIONS)


def test_a_row_kept_by_another_search_is_the_row_written_afresh(client, sample_tours):
    results(client, "/visits/")  # keeps the rows of the newest tours
    kept, _ = results(client, "/visits/?per_page=10")
    facet_index.forget_rows()
    afresh, _ = results(client, "/visits/?per_page=10")
    assert kept == afresh


def test_a_change_to_a_tour_shows_in_its_row(client, sample_tours):
    tour = Visit.objects.public().order_by("-start_date").first()
    before, _ = results(client, "/visits/")
    old_title = tour.title
    assert old_title in before
    tour.title = "A tour renamed by an editor"
    tour.save()
    after, _ = results(client, "/visits/")
    assert "A tour renamed by an editor" in after and old_title not in after


def test_each_language_has_its_own_rows(client, sample_tours):
    chinese, _ = results(client, "/visits/", **CHINESE)
    english, _ = results(client, "/visits/")
    chinese_again, _ = results(client, "/visits/", **CHINESE)
    assert chinese_again == chinese
    assert english != chinese
    assert "湖北" in chinese and "Hubei" not in chinese
    assert "Hubei" in english and "湖北" not in english


@pytest.mark.parametrize("url", ["/provinces/420000/", "/officials/xi-jinping/", "/themes/"])
def test_a_record_page_reuses_the_rows_and_writes_its_own_leaders_between(
    client, sample_tours, url
):
    if url == "/themes/":
        url = Visit.objects.public().filter(themes__isnull=False).first().themes.first()
        url = url.get_absolute_url()
    facet_index.current()
    facet_index.forget_rows()
    first, cold = results(client, url)
    again, warm = results(client, url)
    assert again == first
    assert cold - warm == len(browse.PAGE_RELATIONS)
    browsed, _ = results(client, "/visits/")  # the browse page's rows, kept by the record page
    facet_index.forget_rows()
    assert results(client, "/visits/")[0] == browsed
    if url.startswith("/provinces/"):
        assert first.count('<p class="leaders">In office: <a href="/officials/') >= 1
        assert '<p class="leaders">' not in browsed
