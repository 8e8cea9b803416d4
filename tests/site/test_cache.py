"""Browse counts are cached per search state and never outlive a change to the records."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive.ingest.importer import Importer
from archive.models import ArchiveVersion, Article, Province, Visit
from tests.articles import SEEDS, WRITTEN, written

pytestmark = pytest.mark.django_db


def facet(response, param):
    return {
        v.value: v.count for f in response.context["facets"] if f.param == param for v in f.values
    }


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_a_second_look_at_the_same_search_reuses_its_counts(client):
    Importer().import_paths([str(SEEDS)])
    first, cold = get(client, "/visits/?province=420000")
    again, warm = get(client, "/visits/?province=420000&sort=oldest&per_page=50")
    assert warm < cold
    assert facet(again, "official") == facet(first, "official")
    assert again.context["page"].paginator.count == first.context["page"].paginator.count


def test_an_edit_shows_at_once(client):
    Importer().import_paths([str(SEEDS)])
    before = facet(get(client, "/visits/")[0], "province")
    tour = Visit.objects.filter(provinces__code="420000").first()
    tour.provinces.set([Province.objects.get(code="650000")])

    after = facet(get(client, "/visits/")[0], "province")
    assert after.get("420000", 0) == before["420000"] - 1
    assert after["650000"] == before.get("650000", 0) + 1


def test_an_import_shows_at_once(client):
    Importer().import_paths([str(SEEDS)])
    before = get(client, "/visits/")[0].context["page"].paginator.count
    Importer().import_paths([str(written("meeting")), str(written("hunan-short"))])
    after = get(client, "/visits/")[0].context["page"].paginator.count
    assert after == Visit.objects.public().count() > before


@pytest.mark.django_db(transaction=True)
def test_every_process_learns_of_a_committed_change_once_per_transaction():
    """The shared version moves after the commit, once, however many records changed."""
    Importer().import_paths([str(SEEDS)])
    start = ArchiveVersion.objects.get().number
    with transaction.atomic():
        for tour in Visit.objects.all():
            tour.title = f"{tour.title} (edited)"
            tour.save()
        assert ArchiveVersion.objects.get().number == start  # not before the commit
    assert ArchiveVersion.objects.get().number == start + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Visit.objects.first().save()
        raise RuntimeError("rolled back")
    assert ArchiveVersion.objects.get().number == start + 1


def test_the_same_page_again_is_served_whole_from_the_cache_until_a_change(client):
    Importer().import_paths([str(SEEDS)])
    url = "/visits/?province=420000"
    first, _ = get(client, url)
    again, queries = get(client, url)
    assert queries == 1  # the archive version, nothing else
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]

    tour = Visit.objects.filter(provinces__code="420000").first()
    tour.title = "A title no page showed before"
    tour.save()
    changed, _ = get(client, url)
    assert b"A title no page showed before" in changed.content


def test_record_pages_are_cached_too_and_show_an_edit_at_once(client):
    Importer().import_paths([str(SEEDS)])
    tour = Visit.objects.filter(provinces__code="420000").first()
    url = "/provinces/420000/"
    first, _ = get(client, url)
    again, queries = get(client, url)
    assert queries == 1 and again.content == first.content

    tour.title = "A retitled tour of Hubei"
    tour.save()
    assert b"A retitled tour of Hubei" in get(client, url)[0].content
    assert b"A retitled tour of Hubei" in get(client, f"/visits/{tour.pk}/")[0].content


def test_a_cached_page_that_names_the_site_is_kept_per_address(client):
    Importer().import_paths([str(SEEDS)])
    article = Visit.objects.first().sources.first()
    url = f"/articles/{article.pk}/"
    assert b"http://localhost/articles/" in client.get(url, HTTP_HOST="localhost").content
    again = client.get(url, HTTP_HOST="127.0.0.1").content
    assert b"http://127.0.0.1/articles/" in again
    assert b"http://localhost/articles/" not in again


@pytest.mark.django_db(transaction=True)
def test_an_import_keeps_readers_cached_pages_until_it_ends(client, settings):
    """Each batch commits, but the shared version moves once, when the import ends: other
    processes keep serving their cached pages meanwhile, then show every batch."""
    settings.IMPORT_PUBLISH_SECONDS = 3600
    Importer().import_paths([str(written("meeting"))])
    start = ArchiveVersion.objects.get().number
    seen = []

    def look(name, outcome):
        seen.append((Article.objects.count(), ArchiveVersion.objects.get().number))

    Importer(batch_size=1).import_paths([str(SEEDS)], on_file=look)

    assert [articles for articles, _ in seen] == [2, 3, 4, 5, 6]  # each batch committed
    assert {number for _, number in seen} == {start}
    assert ArchiveVersion.objects.get().number == start + 1
    shown = get(client, "/visits/")[0].context["page"].paginator.count
    assert shown == Visit.objects.public().count() > 0


@pytest.mark.django_db(transaction=True)
def test_an_import_makes_its_batches_known_as_often_as_set_and_when_stopped(settings):
    settings.IMPORT_PUBLISH_SECONDS = 0
    start = ArchiveVersion.objects.values_list("number", flat=True).first() or 0
    seen = []

    def look(name, outcome):
        seen.append(ArchiveVersion.objects.get().number)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Importer(batch_size=1).import_paths([str(SEEDS)], on_file=look)
    assert seen == [start + 1, start + 2, start + 3]

    settings.IMPORT_PUBLISH_SECONDS = 3600
    seen.clear()
    with pytest.raises(KeyboardInterrupt):
        Importer(batch_size=1).import_paths(
            [str(written("meeting")), *map(str, sorted(WRITTEN.glob("h*.txt")))], on_file=look
        )
    assert seen[:3] == [start + 3] * 3
    assert ArchiveVersion.objects.get().number == start + 4  # moved on the way out
