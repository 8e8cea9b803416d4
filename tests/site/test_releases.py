"""The published dataset: `manage.py publish_dataset` on imported articles, the files of a
release (opened with sqlite3, checked against their SHA-256 sums), the changelog of the next
release, and the site serving the latest."""

import csv
import hashlib
import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from archive.ingest.importer import Importer
from archive.models import Visit
from archive.site import releases
from tests.articles import SEEDS
from tests.builders import make_visit

pytestmark = pytest.mark.django_db

TABLES = {
    "tours",
    "officials",
    "accompanying",
    "provinces",
    "cities",
    "enterprises",
    "themes",
    "sources",
}


@pytest.fixture
def folder(tmp_path, settings):
    settings.DATASET_RELEASES_DIR = tmp_path / "releases"
    return settings.DATASET_RELEASES_DIR


@pytest.fixture
def imported():
    report = Importer().import_paths([str(SEEDS)])
    assert report.counts["imported"] == 5
    return Visit.objects.public()


def publish() -> releases.Release:
    out = io.StringIO()
    call_command("publish_dataset", stdout=out)
    assert out.getvalue().startswith("published ")
    return releases.latest()


def test_a_release_holds_csv_json_lines_and_a_sqlite_file_with_their_sums(folder, imported):
    release = publish()
    assert release.version == 1 and release.path.parent == folder
    assert release.path.name.startswith("tour-archive-1-")
    sums = (release.path / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 3
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((release.path / name).read_bytes()).hexdigest() == digest
    lines = (release.path / "tours.jsonl").read_text(encoding="utf-8").splitlines()
    ids = sorted(json.loads(line)["id"] for line in lines)
    assert ids == sorted(imported.values_list("pk", flat=True))
    rows = list(csv.DictReader(io.StringIO((release.path / "tours.csv").read_text("utf-8"))))
    assert sorted(int(r["id"]) for r in rows) == ids


def test_the_sqlite_file_opens_with_a_table_per_list_and_the_same_counts(folder, imported):
    release = publish()
    database = sqlite3.connect(release.path / "tours.sqlite3")
    tables = {
        name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables == TABLES
    assert database.execute("SELECT count(*) FROM tours").fetchone() == (imported.count(),)
    sources = sum(v.sources.count() for v in imported)
    assert database.execute("SELECT count(*) FROM sources").fetchone() == (sources,)
    hubei = database.execute(
        "SELECT t.id FROM tours t JOIN provinces p ON p.tour_id = t.id WHERE p.code = '420000'"
    ).fetchall()
    assert [pk for (pk,) in hubei] == list(
        imported.filter(provinces__code="420000").values_list("pk", flat=True)
    )
    leaders = database.execute(
        "SELECT name, post FROM officials o JOIN tours t ON t.id = o.tour_id WHERE t.id = ?",
        (hubei[0][0],),
    ).fetchall()
    assert leaders == [("Li Qiang", "Premier of the State Council")]


def test_the_next_release_says_what_was_added_removed_and_changed(folder, imported):
    first = publish()
    rejected, edited = list(imported.order_by("pk")[:2])
    Visit.objects.filter(pk=rejected.pk).update(review_status=Visit.Review.REJECTED)
    edited.title = "Li Qiang in Hubei, corrected"
    edited.save()
    added = make_visit(official="Zhao Leji", provinces=["Hunan"], start="2025-05-01")
    second = publish()
    assert second.version == 2 and second.previous == first.name
    assert (second.added, second.removed, second.changed) == (
        [added.pk],
        [rejected.pk],
        [edited.pk],
    )
    changelog = (second.path / "CHANGELOG.md").read_text()
    assert f"- added: 1 tour(s): {added.pk}" in changelog
    assert f"- removed: 1 tour(s): {rejected.pk}" in changelog
    assert f"- changed: 1 tour(s): {edited.pk}" in changelog
    manifest = json.loads((second.path / "release.json").read_text())
    assert manifest["changes"] == {
        "added": [added.pk],
        "removed": [rejected.pk],
        "changed": [edited.pk],
    }
    assert [r.version for r in releases.published()] == [1, 2]


def test_the_site_links_and_serves_the_latest_release(client, folder, imported):
    assert "No release has been published yet." in client.get("/data/").content.decode()
    publish()
    release = publish()
    page = client.get("/data/").content.decode()
    url = f"/data/{release.name}/tours.sqlite3"
    assert f'href="{url}"' in page and "Release 2 of" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.sqlite3"
    assert b"".join(response.streaming_content) == (release.path / "tours.sqlite3").read_bytes()
    latest = client.get("/data/latest/tours.csv")
    assert latest.status_code == 302 and latest["Location"] == f"/data/{release.name}/tours.csv"
    for bad in (
        f"/data/{release.name}/manage.py",
        "/data/tour-archive-9-2026-01-01/tours.csv",
        f"/data/{release.name}/..%2Frelease.json",
        "/data/latest/..%2F..%2Fsettings.py",
    ):
        assert client.get(bad).status_code == 404
