"""Exports run a fixed number of SQL queries per chunk of tours, never one per tour."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, City, Enterprise, Official, Province, Theme, Visit
from archive.site.export import CHUNK
from tests.builders import make_visit

pytestmark = pytest.mark.django_db


def tours_with_everything(count: int) -> None:
    """More tours, each with officials, places, a company, a theme and two sources."""
    start = Visit.objects.count()
    visits = Visit.objects.bulk_create(
        Visit(title=f"Tour {start + i}", summary="A tour.") for i in range(count)
    )
    links = {
        "officials": Official.objects.get(name="Li Qiang"),
        "accompanying": Official.objects.get(name="Wu Zhenglong"),
        "provinces": Province.objects.get(name="Hubei"),
        "cities": City.objects.get(name="Wuhan"),
        "enterprises": Enterprise.objects.first(),
        "themes": Theme.objects.get(slug="advanced-manufacturing"),
    }
    for relation, record in links.items():
        through = getattr(Visit, relation).through
        field = getattr(Visit, relation).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            through(visit_id=visit.pk, **{f"{field}_id": record.pk}) for visit in visits
        )
    Article.objects.bulk_create(
        Article(
            visit=visit,
            file_name=f"{visit.pk}-{n}.txt",
            raw_text=".",
            content_hash=f"{visit.pk}-{n}",
        )
        for visit in visits
        for n in range(2)
    )


def exports(client, tmp_path) -> dict[str, int]:
    """The number of queries of each export of every tour, made afresh (none kept)."""
    counts = {}
    for fmt in ("csv", "json"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/visits/", {"format": fmt})
            body = b"".join(response.streaming_content)
        assert response.status_code == 200 and body
        counts[f"site {fmt}"] = len(queries.captured_queries)
    for fmt in ("csv", "jsonl"):
        with CaptureQueriesContext(connection) as queries:
            call_command("export_visits", "--format", fmt, "--output", str(tmp_path / "out"))
        counts[f"export_visits {fmt}"] = len(queries.captured_queries)
    return counts


def test_an_export_runs_a_fixed_number_of_queries_per_chunk_of_tours(client, tmp_path):
    make_visit(accompanying=["Wu Zhenglong"], cities=["Wuhan"], enterprises=["Sany Heavy Industry"])
    few = exports(client, tmp_path)
    tours_with_everything(CHUNK - 1)
    full_chunk = exports(client, tmp_path)
    tours_with_everything(2 * CHUNK)  # three chunks in all

    three_chunks = exports(client, tmp_path)

    assert full_chunk == few
    assert all(count <= 12 for count in few.values()), few
    for export, count in three_chunks.items():
        assert count <= 3 * few[export], (export, count, few[export])
