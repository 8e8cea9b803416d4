"""Exports whose database fails never look like whole ones.

Before the answer starts, a failure is a 500; midway, the body ends with a line saying the
export failed (a JSON export is then not valid JSON, a CSV's last row is that line) and the
error is logged; export_visits exits with the error and leaves no file. The failures are the
database's own: a table the export reads is renamed inside the test's transaction (undone
after it), before the request or while the export streams.
"""

import csv
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from archive.models import Visit
from archive.site.export import FAILED

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "json"]


def tours(count: int) -> None:
    """Tours whose records are long enough for the first chunk's to fill more than one block
    of an export's text."""
    Visit.objects.bulk_create(
        Visit(title=f"Tour {i}", summary="A tour. " * 20) for i in range(count)
    )


def break_the_database() -> None:
    """Every export reads each tour's themes, a chunk of tours at a time."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE archive_visit_themes RENAME TO archive_visit_themes_gone")


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_the_database_fails_midway_ends_saying_so(client, caplog, format):
    tours(700)  # more than the 500 an export reads at a time
    response = client.get("/visits/", {"format": format})
    assert response.status_code == 200
    stream = iter(response.streaming_content)
    begun = [next(stream)]  # a block of the first chunk's tours
    break_the_database()

    with caplog.at_level(logging.ERROR, logger="archive.site.export"):
        body = b"".join([*begun, *stream]).decode()

    assert body.rstrip().endswith(FAILED)
    if format == "json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)
    else:
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][0] == "id" and rows[-1] == [FAILED]
        assert 50 <= len(rows) - 2 < 700  # some tours, not all of them
    (logged,) = caplog.records
    assert "failed midway" in logged.getMessage() and f"format={format}" in logged.getMessage()
    assert isinstance(logged.exc_info[1], DatabaseError)


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_the_database_fails_before_it_starts_is_an_error(format):
    tours(3)
    break_the_database()

    response = Client(raise_request_exception=False).get("/visits/", {"format": format})

    assert response.status_code == 500


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_export_visits_that_the_database_fails_writes_no_file(tmp_path, format):
    tours(3)
    break_the_database()
    target = tmp_path / f"visits.{format}"

    with pytest.raises(DatabaseError):
        call_command("export_visits", "--format", format, "--output", str(target))

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("format", FORMATS)
def test_an_export_that_failed_midway_is_not_kept(client, format):
    """A download is kept whole once made (cache.cached_download), but never a cut one: the
    same export asked again once the database is back is made again, and whole."""
    tours(700)
    response = client.get("/visits/", {"format": format})
    stream = iter(response.streaming_content)
    begun = [next(stream)]
    whole = transaction.savepoint()
    break_the_database()
    assert b"".join([*begun, *stream]).decode().rstrip().endswith(FAILED)
    # The table back (and, on PostgreSQL, a transaction that takes commands again).
    transaction.savepoint_rollback(whole)

    again = client.get("/visits/", {"format": format})

    assert again.streaming  # made again, not read from the cache
    body = b"".join(again.streaming_content).decode()
    assert FAILED not in body
    if format == "json":
        assert len(json.loads(body)["tours"]) == 700
    else:
        assert len(list(csv.reader(io.StringIO(body)))) == 701
