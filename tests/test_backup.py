"""Backup and restore as the README says (pg_dump and pg_restore, or the sqlite3 shell's
.backup and .restore): everything editors did survives into a fresh database, record by record."""

import json
import shutil
import sqlite3
import subprocess
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from archive.editing.curation import merge_enterprises
from archive.editing.roles import EDITORS
from archive.ingest.importer import Importer
from archive.models import Enterprise, Official, Province, Visit

from .articles import SEEDS, seed, written
from .forms import browser_form

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# What is compared: every record of the archive (history included), accounts and groups.
DUMPED = ["archive", "auth.user", "auth.group"]
SEARCHES = ["Hubei", "memory chips", "Li Qiang", "corrected", "Huagong"]

# Run in the restored database: its records, searches and whether it needs migrating.
READ_BACK = f"""
import json, sys
from io import StringIO
from django.core.management import call_command
from archive.models import Visit
out = StringIO()
call_command("dumpdata", *{DUMPED!r}, stdout=out)
try:
    call_command("migrate", check_unapplied=True, verbosity=0)
    migrated = True
except SystemExit:
    migrated = False
searches = {{q: sorted(Visit.objects.search(q).values_list("pk", flat=True)) for q in {SEARCHES!r}}}
sys.stdout.write(json.dumps({{"records": json.loads(out.getvalue()), "searches": searches,
                              "migrated": migrated}}))
"""

needs_tools = pytest.mark.skipif(
    not shutil.which("pg_dump" if connection.vendor == "postgresql" else "sqlite3"),
    reason="needs the database's command-line tools (postgresql-client or sqlite3)",
)


def records(dump: list[dict]) -> dict[tuple[str, object], dict]:
    return {(record["model"], record["pk"]): record["fields"] for record in dump}


def curate(client):
    """What editors do: through the admin where a person would, else as the admin does it."""
    Importer().import_paths(
        [str(SEEDS), str(written("hubei-caption")), str(written("hubei-undated"))]
    )
    editor = User.objects.create_user("ana", password="a long editor passphrase", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)

    hubei = Visit.objects.get(sources__file_name=seed("000").name)
    url = reverse("admin:archive_visit_change", args=[hubei.pk])
    data = browser_form(client.get(url), "visit_form")
    data["title"] = ["Li Qiang in Hubei (corrected)"]
    data["provinces"].append(str(Province.objects.get(name="Hunan").pk))
    response = client.post(url, {**data, "_save": ["Save"]})
    assert response.status_code == 302, response.content.decode()[:2000]

    beijing = Visit.objects.get(sources__file_name=seed("002").name)
    rejecting = {"action": "mark_rejected", "_selected_action": [beijing.pk]}
    page = client.post("/admin/archive/visit/", rejecting)  # the confirmation page
    client.post("/admin/archive/visit/", browser_form(page, "bulk-form"))
    assert Visit.objects.get(pk=beijing.pk).review_status == "rejected"

    merge_enterprises(
        Enterprise.objects.get(name="HGLaser Engineering Co., Ltd."),
        [Enterprise.objects.get(name="Wuhan Huagong Laser Engineering Co.")],
    )
    li = Official.objects.get(name="Li Qiang")
    li.aliases = [*li.aliases, "Premier Li"]
    li.save()


@needs_tools
def test_a_restored_backup_holds_every_record_editors_made_and_searches_alike(
    client, scratch_databases, tmp_path
):
    curate(client)
    hubei = Visit.objects.get(title="Li Qiang in Hubei (corrected)")
    assert sorted(hubei.curated_fields) == ["provinces", "title"]
    assert Visit.objects.filter(review_status="rejected").count() == 1
    assert (
        "Wuhan Huagong Laser Engineering Co."
        in Enterprise.objects.get(key__contains="hglaser").aliases
    )

    backup, fresh = tmp_path / "tours.backup", scratch_databases.empty()
    if connection.vendor == "postgresql":
        source = scratch_databases.url_for(connection.settings_dict["NAME"])
        run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", backup, source])
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                fresh.url,
                backup,
            ]
        )
    else:
        # The test database lives in memory: written to a file first, as a site's would be.
        live = tmp_path / "db.sqlite3"
        with sqlite3.connect(live) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        run(["sqlite3", live, f".backup '{backup}'"])
        run(["sqlite3", fresh.name, f".restore '{backup}'"])

    restored = json.loads(fresh.manage("shell", "--no-imports", "-c", READ_BACK).stdout)

    assert restored["migrated"], "the restored database needs migrating"
    original = records(json.loads(dumpdata()))
    assert records(restored["records"]) == original
    # Every kind of thing curated is among what was compared.
    models = {model for model, _ in original}
    assert {"archive.historicalvisit", "archive.historicalenterprise", "auth.user"} <= models
    expected = {q: sorted(Visit.objects.search(q).values_list("pk", flat=True)) for q in SEARCHES}
    assert restored["searches"] == expected
    assert expected["corrected"] == [hubei.pk] and expected["Huagong"]


def dumpdata() -> str:
    out = StringIO()
    call_command("dumpdata", *DUMPED, stdout=out)
    return out.getvalue()


def run(command: list) -> None:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    assert result.returncode == 0, f"{command[0]}: {result.stderr[-2000:]}"
