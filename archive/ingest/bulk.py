"""Rows written many at a time: with COPY on PostgreSQL, with bulk_create elsewhere.

An import writes thousands of rows per batch (articles, evidence, join rows, history).
bulk_create on PostgreSQL quotes every value into the statement's text on the client
(Django binds parameters client-side), which costs more than the database's work; COPY
streams the same rows as data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model


def insert(objs: Sequence[Model], *, with_ids: bool = False) -> None:
    """Insert new instances of one model; with `with_ids`, give them their primary keys."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        # SQLite returns the new ids from its INSERT ... RETURNING.
        model.objects.bulk_create(objs, batch_size=500)
        return
    opts = model._meta
    if with_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, opts.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                setattr(obj, opts.pk.attname, pk)
    fields = [f for f in opts.concrete_fields if with_ids or not f.primary_key]
    values = [_value_of(f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row([value(obj) for value in values])


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
