"""What every change to the archive's records must do, whichever way it is written.

Records are written two ways: one at a time through the ORM (the admin and editors'
curation: `save()`, `.set()`, `delete()`), and many at a time by the importer (rows written
directly, archive.ingest.sql). Every change must

1. leave a version of each changed record in its history (who, when, why);
2. bring each changed tour's search entry up to date (archive.search);
3. move the archive version, so that no cached page outlives the change (archive.cache).

Through the ORM, django-simple-history writes (1) on save and the receivers connected here
do (3); the writer calls `tours_changed` / `tours_deleted` for (2). The importer writes
history rows itself with `history_rows` and calls `tours_changed` and `records_changed`. A new
thing derived from the records is added here, once, for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.apps import AppConfig
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from archive import cache, search
from archive.models import RELATIONS, Article


def connect(app: AppConfig) -> None:
    """Any record saved or deleted, and any tour's relation changed, moves the version."""
    for model in app.get_models():
        if model.__name__.startswith("Historical") or model.__name__ == "ArchiveVersion":
            continue
        post_save.connect(_changed, sender=model, dispatch_uid=f"changed-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"changed-delete-{model}")
    visit = app.get_model("Visit")
    for relation in RELATIONS:
        through = visit._meta.get_field(relation).remote_field.through
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"changed-{relation}")


def _changed(**kwargs) -> None:
    records_changed()


def records_changed() -> None:
    """After any records were written: the version (rows written in bulk send no signal)."""
    cache.record_changed()


def tours_changed(
    visit_ids: Iterable[int],
    at_hand: Iterable[Article] = (),
    records: Sequence[Model] = (),
    fields: Sequence[str] = (),
) -> None:
    """After tours or their records or sources changed: their search entries, the version.

    `at_hand`: sources already in memory (an import's new articles), not read again.
    `records`, `fields`: the tours as they are to be stored, and their fields not written
    yet, written with their search entries (`search.index_visits`).
    """
    search.index_visits(visit_ids, at_hand=at_hand, records=records, fields=fields)
    records_changed()


def tours_deleted(visit_ids: Iterable[int]) -> None:
    for pk in visit_ids:
        search.unindex_visit(pk)
    records_changed()


def history_rows(instances: Sequence[Model], history_type: str) -> list[Model]:
    """django-simple-history's rows for these instances as they are now ("+" made, "~" changed).

    For writers that bypass save(): the rows `HistoryManager.bulk_history_create` builds,
    left unsaved so that the caller can write them its own way (that method saves them
    itself, with bulk_create).
    """
    if not instances:
        return []
    historical = type(instances[0]).history.model
    now = timezone.now()
    return [
        historical(
            history_date=now,
            history_type=history_type,
            history_user=None,
            history_change_reason=getattr(instance, "_change_reason", None) or "",
            **{f.attname: getattr(instance, f.attname) for f in historical.tracked_fields},
        )
        for instance in instances
    ]
