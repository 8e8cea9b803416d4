"""The importer's statements that the ORM does not write well, for PostgreSQL and SQLite.

Everything else goes through the ORM. Each statement here is raw for a measured reason
(bench/README.md, "What changed since the first measurement", at 100,000 articles):

- `insert`: COPY on PostgreSQL. Django binds parameters on the client, and bulk_create
  quoted every article's text into its statement; an import writes thousands of rows per
  batch (articles, evidence, join rows, history). SQLite keeps bulk_create.
- `next_ids`: a block of ids from a sequence, so that the companies an import meets get
  their ids at once and their rows together at the end of the batch's extraction (two
  statements, a round trip each, per company were a third of the SQL time of an import).
- `update_fields`: one UPDATE per tour, sent together; bulk_update's CASE expression per
  field cost more to build than these to run.
- `tours_overlapping` and `public_tours_starting_near`: one statement per batch driven by
  the visit's date index, with the leader and province tested per tour through the join
  tables' unique (tour, record) indexes. Written with the ORM (EXISTS, or an OR of a
  condition per tour), PostgreSQL hashed every tour of the batch's leaders first: 215,000
  rows for 82 report rows (candidates); 0.87 -> 0.35 s for 25 batches (duplicates).
- `history_counts`: one statement for the history tables an import checks before each batch;
  an aggregate query per table took 28 ms a batch, this 1 ms (5,000-article archive).
- `take_import_lock`: a database lock for imports (PostgreSQL's advisory lock, SQLite's
  write lock), which the ORM has no word for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import OperationalError, connection
from django.db.models import Field, JSONField, Model

# pg_advisory_xact_lock's key: any number, as long as every importer uses the same one.
IMPORT_LOCK_KEY = 0x746F7572  # "tour"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def has_sequences() -> bool:
    """Whether new ids can be taken before their rows are written (`next_ids`)."""
    return _postgres()


def next_ids(model: type[Model], count: int) -> list[int]:
    """Take `count` ids from a model's sequence (PostgreSQL), for rows written later."""
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def insert(objs: Sequence[Model], *, with_ids: bool = False, keep_ids: bool = False) -> None:
    """Insert new instances of one model; with `with_ids`, give them their primary keys; with
    `keep_ids`, they have theirs already (from `next_ids`)."""
    if not objs:
        return
    model = type(objs[0])
    if not _postgres():
        # SQLite returns the new ids from its INSERT ... RETURNING.
        model.objects.bulk_create(objs, batch_size=500)
        return
    opts = model._meta
    if with_ids:
        for obj, pk in zip(objs, next_ids(model, len(objs)), strict=True):
            setattr(obj, opts.pk.attname, pk)
    fields = [f for f in opts.concrete_fields if with_ids or keep_ids or not f.primary_key]
    values = [_value_of(f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([value(obj) for value in values])


def insert_rows(model: type[Model], attnames: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Insert rows of one model given as tuples of these fields' values (as the database
    takes them: no field's preparation runs), with ids from the table's default: for many
    small rows, building a model instance per row cost more than writing it."""
    if not rows:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in attnames)
    with connection.cursor() as cursor:
        if _postgres():
            statement = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {quote(opts.db_table)} ({columns})"
                f" VALUES ({', '.join(['%s'] * len(attnames))})",
                rows,
            )


def _value_of(field: Field) -> Callable[[Model], Any]:
    """How to read a field's value for the database off an instance.

    Django's preparation where it does something (JSON, automatic dates); the attribute as
    it is elsewhere, which psycopg adapts itself: a field call per value is most of the cost.
    """
    if (
        isinstance(field, JSONField)
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    ):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)
    return attrgetter(field.attname)


def update_fields(instances: Sequence[Model], field_names: list[str]) -> None:
    """Write these fields of saved instances of one model, a statement each, sent together."""
    if not instances:
        return
    opts = type(instances[0])._meta
    fields = [opts.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(opts.db_table)} SET {assignments} WHERE {quote(opts.pk.column)} = %s",
            [
                [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
                for obj in instances
            ],
        )


# One wanted tour: (leader, earliest start, first day, first day less the lag, last day,
# province or None), as archive.ingest.tour_store.candidate_ids builds them.
Wanted = tuple[int, dt.date, dt.date, dt.date, dt.date, int | None]


def tours_overlapping(wanted: Sequence[Wanted]) -> set[int]:
    """Ids of the tours led by each row's leader, starting between its earliest start and
    last day and ending on or after its first day (or starting on or after the lagged first
    day when they have no end), in its province, in none yet or in provinces an editor set;
    and the same leaders' undated tours in such provinces."""
    if not wanted:
        return set()
    # SQLite keeps dates as ISO text, which compares as dates do.
    row = (
        "(%s, %s::date, %s::date, %s::date, %s::date, %s::integer)"
        if _postgres()
        else "(%s, %s, %s, %s, %s, %s)"
    )
    as_text = "::text" if _postgres() else ""
    # Scalar subqueries, looked up per tour by the join tables' unique (tour, record)
    # index: as EXISTS, PostgreSQL would hash every tour of the reports' leaders first.
    in_province = f"""(
        wanted.province IS NULL
        OR (SELECT 1 FROM archive_visit_provinces vp
            WHERE vp.visit_id = v.id AND vp.province_id = wanted.province) IS NOT NULL
        OR (SELECT 1 FROM archive_visit_provinces vp WHERE vp.visit_id = v.id LIMIT 1) IS NULL
        OR v.curated_fields{as_text} LIKE '%%"provinces"%%'
    )"""
    led_by = """(SELECT 1 FROM archive_visit_officials vo
                 WHERE vo.visit_id = v.id AND vo.official_id = wanted.official) IS NOT NULL"""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH wanted (official, earliest, low, low_lag, high, province) AS (
                VALUES {", ".join([row] * len(wanted))}
            )
            SELECT v.id FROM wanted
            JOIN archive_visit v ON v.start_date BETWEEN wanted.earliest AND wanted.high
            WHERE CASE WHEN v.end_date IS NULL THEN v.start_date >= wanted.low_lag
                       ELSE v.end_date >= wanted.low END
            AND {led_by} AND {in_province}
            UNION
            SELECT v.id FROM (SELECT DISTINCT official, province FROM wanted) wanted
            JOIN archive_visit_officials vo ON vo.official_id = wanted.official
            JOIN archive_visit v ON v.id = vo.visit_id AND v.start_date IS NULL
            WHERE {in_province}
            """,
            [value for values in wanted for value in values],
        )
        return {pk for (pk,) in cursor.fetchall()}


def public_tours_starting_near(
    wanted: set[tuple[int, dt.date, dt.date, int]], rejected: str
) -> dict[int, dt.date]:
    """The tours (id: start) not in review status `rejected` of each (leader, first day,
    last day, province) starting on one of those days."""
    if not wanted:
        return {}
    row = "(%s, %s::date, %s::date, %s::integer)" if _postgres() else "(%s, %s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH wanted (official, low, high, province) AS (
                VALUES {", ".join([row] * len(wanted))}
            )
            SELECT DISTINCT v.id, v.start_date FROM wanted
            JOIN archive_visit v ON v.start_date BETWEEN wanted.low AND wanted.high
            WHERE v.review_status <> %s
            AND (SELECT 1 FROM archive_visit_officials vo
                 WHERE vo.visit_id = v.id AND vo.official_id = wanted.official) IS NOT NULL
            AND (SELECT 1 FROM archive_visit_provinces vp
                 WHERE vp.visit_id = v.id AND vp.province_id = wanted.province) IS NOT NULL
            """,
            [value for values in wanted for value in values] + [rejected],
        )
        return dict(cursor.fetchall())


def history_counts(models: Sequence[type[Model]], except_reason: str) -> tuple:
    """For each model, how many history rows it has and its last, leaving out those written
    with one change reason."""
    tables = [model.history.model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT {i}, COUNT(*), MAX(history_id) FROM {quote(table)}"
                " WHERE history_change_reason IS NULL OR history_change_reason <> %s"
                for i, table in enumerate(tables)
            ),
            [except_reason] * len(tables),
        )
        return tuple(row[1:] for row in sorted(cursor.fetchall()))


def take_import_lock() -> None:
    """Make concurrent imports take turns, a batch at a time; held until the batch commits.

    A unique hash keeps one text from being stored twice, but nothing in the schema keeps
    two runs from each creating a tour for two reports of the same tour while neither has
    committed the other's yet; waiting on each other's uncommitted rows, they could also
    deadlock. So a batch starts by taking the database's lock for imports, and reads what
    every earlier batch committed (`Importer._catch_up`). Editors' operations that resolve
    names to records or rewrite the ids reports resolved to (merges, re-extraction) take it
    too, and run between two batches.
    """
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            # A batch runs many short statements, some with high estimated costs (a fresh
            # archive's statistics lag behind it): compiling them with JIT took longer
            # (about 0.2 s each) than running them.
            cursor.execute("SET LOCAL jit = off")
        elif connection.vendor == "sqlite":
            # SQLite has one writer at a time: an empty write takes its write lock now, as
            # BEGIN IMMEDIATE would. Taken at the first real write instead, after the batch
            # had read, it would fail at once with "database is locked" rather than wait.
            # Each try waits as long as the connection's timeout; the lock is waited for
            # however long another batch takes, as PostgreSQL's is.
            while True:
                try:
                    cursor.execute("UPDATE archive_article SET id = id WHERE 0 = 1")
                    return
                except OperationalError as exc:
                    if "locked" not in str(exc):
                        raise
