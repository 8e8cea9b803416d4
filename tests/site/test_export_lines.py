"""Exports write each tour's lines as the last export made them (archive.export_lines), and
whatever changes a tour or a record it shows (an editor in the admin, the ORM, an import's bulk
writes) makes the next export show the change: every export here is compared with the tours'
records read afresh (`records`, which publish_dataset and /visits/<id>.json use)."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import changes, export_lines
from archive.models import (
    Article,
    City,
    Enterprise,
    ExportLine,
    Official,
    Post,
    Province,
    Theme,
    Visit,
)
from archive.site.export import jsonl_lines, record_csv_rows, records
from tests.builders import make_visit
from tests.forms import save_in_admin

pytestmark = pytest.mark.django_db

SITE = "https://archive.example.org"


def exported(tmp_path, site: str = SITE) -> dict[str, str]:
    """export_visits' CSV and JSON Lines."""
    texts = {}
    for fmt in ("csv", "jsonl"):
        target = tmp_path / f"visits.{fmt}"
        call_command("export_visits", "--format", fmt, "--output", str(target), "--site-url", site)
        texts[fmt] = target.read_bytes().decode()  # line ends as written
    return texts


def made_afresh(site: str = SITE) -> dict[str, str]:
    """The same exports, made from the records as they are now."""
    visits = Visit.objects.public().order_by("start_date", "id")
    return {
        "csv": "".join(record_csv_rows(records(visits, site))),
        "jsonl": "".join(jsonl_lines(records(visits, site))),
    }


def downloaded(client, fmt: str) -> str:
    """A site's download, made (not read from the downloads kept whole)."""
    cache.clear()
    response = client.get("/visits/", {"format": fmt, "sort": "oldest"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_an_export_keeps_each_tours_lines_and_the_next_one_writes_them(client, tmp_path):
    tours = [make_visit(cities=["Wuhan"], themes=["advanced-manufacturing"]), make_visit()]
    first = exported(tmp_path)
    assert first == made_afresh()
    assert set(ExportLine.objects.values_list("visit_id", flat=True)) == {t.pk for t in tours}
    site_csv = downloaded(client, "csv")
    # The records' tables are not read again: an export of kept lines does without them.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE archive_visit_themes RENAME TO archive_visit_themes_gone")

    assert exported(tmp_path) == first
    assert downloaded(client, "csv") == site_csv


def test_an_editors_correction_in_the_admin_is_in_the_next_export(client, editor, tmp_path):
    tour = make_visit(accompanying=["Wu Zhenglong"], cities=["Wuhan"])
    other = make_visit(start="2023-05-06")
    before = exported(tmp_path)
    site_json = downloaded(client, "json")

    save_in_admin(
        client, tour, title="Li Qiang in Wuhan, corrected", summary="Corrected: a summary."
    )

    after = exported(tmp_path)
    assert after == made_afresh() != before
    assert (
        "Li Qiang in Wuhan, corrected" in after["csv"] and "Corrected: a summary." in after["csv"]
    )
    assert "Li Qiang in Wuhan, corrected" in downloaded(client, "json") != site_json
    assert [line for line in after["jsonl"].splitlines() if f'"id": {other.pk},' in line] == [
        line for line in before["jsonl"].splitlines() if f'"id": {other.pk},' in line
    ]


def edit(model, lookup: dict, **values) -> None:
    """Change a record and save() it, as the admin and editors' curation do."""
    record = model.objects.get(**lookup)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()


def test_records_changed_through_the_orm_are_in_the_next_export(tmp_path):
    first = make_visit(accompanying=["Wu Zhenglong"], cities=["Wuhan"], enterprises=["Zeta Works"])
    second = make_visit(start="2022-03-04", themes=["advanced-manufacturing"], sources=2)
    third = make_visit(official="Wang Zhonglin", provinces=["Hunan"], start="2021-01-01")
    third_id = third.pk
    green = Theme.objects.get(slug="green-development")
    edits = {
        "a Chinese name": lambda: edit(Official, {"name": "Wu Zhenglong"}, name_zh="吴政隆（改）"),
        "a post": lambda: Official.objects.get(name="Li Qiang").posts.create(
            title="General Secretary of a test",
            rank=Post.Rank.GENERAL_SECRETARY,
            start=dt.date(2020, 1, 1),
        ),
        "a post's end": lambda: edit(
            Post, {"title": "General Secretary of a test"}, end=dt.date(2022, 12, 31)
        ),
        "a province's name": lambda: edit(Province, {"name": "Hubei"}, name="Hubei Province"),
        "a city's code": lambda: edit(City, {"name": "Wuhan"}, code="420199"),
        "a company's name": lambda: edit(Enterprise, {"name": "Zeta Works"}, name="Zeta Plc"),
        "a theme's slug": lambda: edit(
            Theme, {"slug": "advanced-manufacturing"}, slug="advanced-making"
        ),
        "a tour's themes cleared": lambda: second.themes.clear(),
        "a theme given to a tour": lambda: green.visits.add(first, second),
        "a theme taken from a tour": lambda: green.visits.remove(second),
        "a theme's tours cleared": lambda: green.visits.clear(),
        "a source moved": lambda: edit(Article, {"pk": second.sources.first().pk}, visit=first),
        "a source deleted": lambda: second.sources.get().delete(),
        "a post deleted": lambda: Post.objects.get(title="General Secretary of a test").delete(),
        "an official deleted": lambda: Official.objects.get(name="Wu Zhenglong").delete(),
        "a tour deleted": lambda: third.delete(),
    }
    before = exported(tmp_path)

    for what, change_it in edits.items():
        change_it()
        after = exported(tmp_path)
        assert after != before, what
        assert after == made_afresh(), what
        before = after
    assert not ExportLine.objects.filter(visit_id=third_id).exists()


def test_a_tour_an_import_writes_in_bulk_is_in_the_next_export(tmp_path):
    """The importer writes rows itself, sends no signal, and says which tours it changed."""
    tour = make_visit()
    exported(tmp_path)
    Visit.objects.filter(pk=tour.pk).update(title="Retitled by an import")
    Article.objects.filter(visit=tour).update(outlet="People's Daily")

    changes.tours_changed([tour.pk])

    texts = exported(tmp_path)
    assert texts == made_afresh()
    assert "Retitled by an import" in texts["csv"] and "People's Daily" in texts["jsonl"]


def changes_of(tour) -> int:
    line = ExportLine.objects.filter(visit_id=tour.pk).first()
    return line.changes if line else 0


def test_lines_made_before_a_writer_changed_the_tour_are_not_kept():
    tour, other = make_visit(), make_visit()
    seen = changes_of(tour)  # read before the tour's records, by an export
    export_lines.forget([tour.pk])  # a writer changed the tour meanwhile

    assert not export_lines.keep("csv", [(tour.pk, seen, "stale,", ",stale\r\n")])
    assert ExportLine.objects.get(visit_id=tour.pk).csv_head is None
    assert export_lines.keep("csv", [(tour.pk, changes_of(tour), "csv head,", ",tail\r\n")])
    assert export_lines.keep("json", [(tour.pk, changes_of(tour), '{"id": 1', "}")])
    assert export_lines.keep("csv", [(other.pk, changes_of(other), "other,", ",tail\r\n")])
    line = ExportLine.objects.get(visit_id=tour.pk)
    assert (line.csv_head, line.json_tail) == ("csv head,", "}")


# Any text a record can hold (PostgreSQL refuses NUL), in cells that need quoting, formulas,
# line breaks, and as long as the columns allow.
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
ODD = st.sampled_from(["=1+2", "-x", "@SUM(A1)", 'a,"b"', "two\nlines", "\r", " ", "", "\t"])


def texts(longest: int, least: int = 0):
    return st.one_of(
        ODD.filter(lambda text: len(text) >= least),
        st.text(CHARACTERS, min_size=max(least, 1), max_size=20),
        st.text(CHARACTERS, min_size=longest - 3, max_size=longest),
    )


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=texts(300, least=1),
    summary=texts(3000),
    name_zh=texts(50),
    source=st.tuples(texts(500), texts(100), texts(255)),
    site=st.sampled_from(["", SITE, 'http://a,"b"', "http://x\ny"]),
)
def test_long_and_odd_texts_are_exported_as_made_afresh(
    tmp_path, title, summary, name_zh, source, site
):
    with rolled_back():
        tour = make_visit(title=title, summary=summary, accompanying=["Wu Zhenglong"], sources=2)
        Official.objects.filter(name="Wu Zhenglong").update(name_zh=name_zh)
        source_title, outlet, file_name = source
        tour.sources.filter(pk=tour.sources.first().pk).update(
            title=source_title, outlet=outlet, file_name=file_name
        )
        fresh = made_afresh(site)

        assert exported(tmp_path, site) == fresh  # lines made
        assert exported(tmp_path, site) == fresh  # lines kept
