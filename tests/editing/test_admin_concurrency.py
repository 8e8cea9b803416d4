"""An editor saving a tour while an import changes it: neither loses what it did.

The editor's page is loaded, an import adds a report of the same tour (a new source, a later
end date, another city), then the editor saves the page as the browser sends it, with a new
title: in either order, and at the same time on PostgreSQL.
"""

import datetime as dt
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.urls import reverse

from archive.ingest.importer import Importer
from archive.models import Visit
from tests.articles import written
from tests.forms import browser_form

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

EDITED = "Xi Jinping's Hunan tour (edited)"


@pytest.fixture
def tour():
    """Xi Jinping in Hunan, March 2024, from its shorter report: one city, one day."""
    Importer().import_paths([str(written("hunan-short"))])
    visit = Visit.objects.get()
    assert (visit.start_date, visit.end_date) == (dt.date(2024, 3, 18), dt.date(2024, 3, 18))
    assert [c.name for c in visit.cities.all()] == ["Changsha"]
    return visit


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", None))
    return client


def loaded_page(client, visit) -> dict[str, list[str]]:
    response = client.get(reverse("admin:archive_visit_change", args=[visit.pk]))
    assert response.status_code == 200
    data = browser_form(response, "visit_form")
    assert data["title"] == [visit.title] and "initial-title" in data
    return data


def save(client, visit, page: dict[str, list[str]], title: str):
    data = {**page, "title": [title], "_save": ["Save"]}
    return client.post(reverse("admin:archive_visit_change", args=[visit.pk]), data)


def import_longer_report():
    """The tour's other report: four days, in Changsha and Changde."""
    Importer().import_paths([str(written("hunan-long"))])


def assert_both_kept(visit):
    visit = Visit.objects.get(pk=visit.pk)
    # The editor's change, curated, and nothing else of theirs.
    assert visit.title == EDITED
    assert visit.curated_fields == ["title"]
    # The import's: its source and what it recomputed from it.
    assert sorted(a.file_name for a in visit.sources.all()) == ["hunan-long.txt", "hunan-short.txt"]
    assert visit.end_date == dt.date(2024, 3, 21)
    assert {c.name for c in visit.cities.all()} == {"Changsha", "Changde"}
    assert visit.history.first().title == EDITED
    assert Visit.objects.search("edited").filter(pk=visit.pk).exists()


def test_a_page_loaded_before_an_import_saves_only_what_the_editor_changed(editor, tour):
    page = loaded_page(editor, tour)
    import_longer_report()

    response = save(editor, tour, page, EDITED)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert_both_kept(tour)


def test_an_import_after_an_editors_save_keeps_the_title_and_adds_its_source(editor, tour):
    response = save(editor, tour, loaded_page(editor, tour), EDITED)
    assert response.status_code == 302, response.content.decode()[:3000]

    import_longer_report()

    assert_both_kept(tour)


def test_a_form_posted_without_the_values_shown_is_compared_with_the_tour_as_it_is(editor, tour):
    page = {k: v for k, v in loaded_page(editor, tour).items() if not k.startswith("initial-")}

    response = save(editor, tour, page, EDITED)

    assert response.status_code == 302
    assert Visit.objects.get(pk=tour.pk).curated_fields == ["title"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
def test_an_editor_saving_while_an_import_holds_the_tour_waits_for_it_and_both_are_kept(
    editor, tour
):
    page = loaded_page(editor, tour)
    imported, release = threading.Event(), threading.Event()
    results = {}

    def import_and_hold():
        # The importer's batch locks the tour; its transaction stays open, as if the batch
        # had more documents to go, until the editor is seen waiting.
        try:
            with transaction.atomic():
                import_longer_report()
                imported.set()
                assert release.wait(30)
        finally:
            connection.close()

    def editor_saves():
        try:
            results["response"] = save(editor, tour, page, EDITED)
        finally:
            connection.close()

    importer = threading.Thread(target=import_and_hold)
    importer.start()
    assert imported.wait(60)
    saving = threading.Thread(target=editor_saves)
    saving.start()
    try:
        assert waiting_for_a_lock(), "the editor's save did not wait for the import"
        assert saving.is_alive() and "response" not in results
    finally:
        release.set()
        importer.join(30)
        saving.join(30)

    assert results["response"].status_code == 302, results["response"].content.decode()[:3000]
    assert_both_kept(tour)


def waiting_for_a_lock(timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False
