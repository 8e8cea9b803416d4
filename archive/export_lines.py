"""Each tour's lines in the exports, kept (ExportLine) until the tour or a record it shows
changes.

An export (archive.site.export) writes the lines kept for the tours it selects, in its order,
and makes the missing ones from the records, keeping them for the next export. What a line
shows: the tour's columns, the records its relations link it to (officials with their posts,
provinces, cities with their province's name, companies, themes) and its sources. Whatever
changes one of them forgets the lines of the tours concerned, in the writer's transaction:
the writers' `tours_changed` / `tours_deleted` (archive.changes), and the receivers connected
here for changes made through the ORM (an editor renaming an official, adding a post, moving
a source). Records created have no tours yet; bulk writes of existing records other than
these must call `forget_all`.

An export reading the records while a writer changes them could keep a line made from the
records as they were. So forgetting a tour's lines also counts the change on the tour's row
(`changes`, a row made if there was none), and an export keeps a line only if the count is
still the one it read before reading the tour's records: a writer that changed the tour
since, or is changing it (on PostgreSQL the keeping waits for that writer's commit, on that
row only), leaves the line unkept. No row is shared by all writers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.apps import AppConfig
from django.db import OperationalError, connections, router
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from archive.models import (
    RELATIONS,
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

BATCH = 500  # tours per statement
FORMATS = ("csv", "json")


def _db():
    return connections[router.db_for_write(ExportLine)]


def _forgetting(db, rows: str) -> str:
    """The statement that forgets the lines of the tours `rows` gives (visit_id, 1)."""
    _quote = db.ops.quote_name
    texts = ", ".join(
        f"{_quote(f'{f}_{part}')} = NULL" for f in FORMATS for part in ("head", "tail")
    )
    return (
        f"INSERT INTO {_quote(ExportLine._meta.db_table)} (visit_id, changes) {rows}"
        f" ON CONFLICT (visit_id) DO UPDATE SET {texts},"
        f" changes = {_quote(ExportLine._meta.db_table)}.changes + 1"
    )


def forget(visit_ids: Iterable[int]) -> None:
    """These tours' lines are stale."""
    ids = sorted({pk for pk in visit_ids if pk is not None})
    db = _db()
    with db.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            some = ids[start : start + BATCH]
            values = ", ".join(["(CAST(%s AS bigint), 1)"] * len(some))
            # (SQLite needs a WHERE to tell an upsert's ON from a join's.)
            cursor.execute(
                _forgetting(db, f"SELECT * FROM (VALUES {values}) AS tour WHERE true"), some
            )


def drop(visit_ids: Iterable[int]) -> None:
    """The lines of tours deleted (a line an export made meanwhile stays, and is never read)."""
    ids = sorted(visit_ids)
    for start in range(0, len(ids), BATCH):
        lines = ExportLine.objects.filter(visit_id__in=ids[start : start + BATCH])
        lines._raw_delete(lines.db)  # a plain DELETE: no signal is sent for a line


def forget_all() -> None:
    """Every line is stale (a bulk change to records that tours show)."""
    db = _db()
    with db.cursor() as cursor:
        visits = db.ops.quote_name(Visit._meta.db_table)
        cursor.execute(_forgetting(db, f"SELECT id, 1 FROM {visits} WHERE true"))


def _forget_linked(tours: Q) -> None:
    forget(Visit.objects.filter(tours).values_list("pk", flat=True).distinct())


def keep(format: str, lines: Sequence[tuple[int, int, str, str]]) -> bool:
    """Keep these lines of `format` (csv or json): (tour id, the count of its changes read
    before its records were, the text before the tour's address, the text after it), unless
    the tour changed since. False when some were not kept."""
    if not lines:
        return True
    db = _db()
    _quote = db.ops.quote_name
    table = _quote(ExportLine._meta.db_table)
    head, tail = _quote(f"{format}_head"), _quote(f"{format}_tail")
    # One statement, the lines as rows of VALUES: a statement a line took 200 microseconds
    # each on PostgreSQL, their values as arrays longer (psycopg escapes an array's text in
    # Python). A tour's line in the other format stays.
    rows = ", ".join(["(CAST(%s AS bigint), CAST(%s AS bigint), %s, %s)"] * len(lines))
    with db.cursor() as cursor, _not_waiting(db):
        try:
            cursor.execute(
                f"INSERT INTO {table} (visit_id, changes, {head}, {tail})"
                f" SELECT * FROM (VALUES {rows}) AS line WHERE true"
                f" ON CONFLICT (visit_id) DO UPDATE SET {head} = excluded.{head},"
                f" {tail} = excluded.{tail} WHERE {table}.changes = excluded.changes",
                [value for line in lines for value in line],
            )
        except OperationalError:
            if db.vendor != "sqlite":
                raise
            return False  # another writer holds the database: made again by a later export
        return cursor.rowcount == len(lines)


@contextmanager
def _not_waiting(db):
    """On SQLite, a statement that fails at once when another connection writes, instead of
    waiting for it (settings: up to 30 s; an import's batch holds the lock for seconds): an
    export never waits for writers to keep lines. PostgreSQL waits only for a writer of the
    same tours' lines (their rows' locks)."""
    if db.vendor != "sqlite":
        yield
        return
    raw = db.connection
    (waited,) = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(waited)}")


# Changes made through the ORM -------------------------------------------------------------


def _linking(model, pks: Iterable[int]) -> Q:
    """The tours showing one of these records of `model`."""
    pks = list(pks)
    tours = Q(pk__in=[])
    for relation in RELATIONS:
        if Visit._meta.get_field(relation).related_model is model:
            tours |= Q(**{f"{relation}__in": pks})
    if model is Province:  # a city's province's name
        tours |= Q(cities__province__in=pks)
    return tours


def _official_of(post: Post) -> Q:
    return _linking(Official, [post.official_id])


def _saved(sender, instance, created, raw=False, **kwargs):
    model = sender._meta.concrete_model
    if model is Visit:
        if not created:
            forget([instance.pk])
    elif model is Article:
        forget([instance.visit_id, getattr(instance, "_export_was", None)])
    elif model is Post:
        _forget_linked(_official_of(instance) | _linking(Official, [instance._export_was]))
    elif not created:
        _forget_linked(_linking(model, [instance.pk]))


def _saving(sender, instance, raw=False, **kwargs):
    """What a source's tour or a post's official was before the change."""
    model = sender._meta.concrete_model
    column = "visit_id" if model is Article else "official_id"
    before = None
    if instance.pk is not None:
        before = model.objects.filter(pk=instance.pk).values_list(column, flat=True).first()
    instance._export_was = before


def _deleting(sender, instance, **kwargs):
    """The tours a record is shown on, while its links still are."""
    model = sender._meta.concrete_model
    if model is Post:
        instance._export_tours = list(
            Visit.objects.filter(_official_of(instance)).values_list("pk", flat=True)
        )
    elif model not in (Visit, Article):
        tours = Visit.objects.filter(_linking(model, [instance.pk])).values_list("pk", flat=True)
        instance._export_tours = list(tours.distinct())


def _deleted(sender, instance, **kwargs):
    model = sender._meta.concrete_model
    if model is Visit:
        drop([instance.pk])
    elif model is Article:
        forget([instance.visit_id])
    else:
        forget(getattr(instance, "_export_tours", ()))


def _relinked(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A tour's relation changed: from the tour's side, or from the record's (pk_set: tours)."""
    if not reverse:
        if action.startswith("post_"):
            forget([instance.pk])
    elif action == "pre_clear":
        instance._export_tours = list(
            Visit.objects.filter(_linking(type(instance)._meta.concrete_model, [instance.pk]))
            .values_list("pk", flat=True)
            .distinct()
        )
    elif action == "post_clear":
        forget(getattr(instance, "_export_tours", ()))
    elif action.startswith("post_"):
        forget(pk_set or ())


SHOWN = (Visit, Article, Post, Official, Province, City, Enterprise, Theme)


def connect(app: AppConfig) -> None:
    for model in app.get_models():
        if model._meta.concrete_model not in SHOWN:
            continue
        uid = f"export-lines-{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}-deleting")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
        if model._meta.concrete_model in (Article, Post):
            pre_save.connect(_saving, sender=model, dispatch_uid=f"{uid}-saving")
    for relation in RELATIONS:
        through = Visit._meta.get_field(relation).remote_field.through
        m2m_changed.connect(_relinked, sender=through, dispatch_uid=f"export-lines-{relation}")
