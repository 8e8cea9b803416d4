"""Permanent addresses: what an editor's merge, deletion or slug change leaves behind.

A tour is cited by its address (/visits/<id>/), an official or enterprise by its slug. When an
editor merges records, deletes one or renames a slug, the old address is written down here
(models.FormerAddress) with where it now leads, so that the public site can redirect it or
say that it is gone. Deletions and slug changes are caught by signals, whatever deletes or
saves the record (the admin, a merge); a merge first says where the records it deletes go.
Chains stay one step: an address that led to a record merged away in turn leads on to where
that one went.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_save

from archive.models import Enterprise, FormerAddress, Official, Visit

Kind = FormerAddress.Kind


def kind_of(record) -> str | None:
    if isinstance(record, Visit):
        return Kind.VISIT
    if isinstance(record, Official):
        return Kind.OFFICIAL
    if isinstance(record, Enterprise):
        return Kind.ENTERPRISE
    return None


def key_of(record) -> str:
    return str(record.pk) if isinstance(record, Visit) else record.slug


def _name_of(record) -> str:
    return str(record)[:300]


def moved(kind: str, key: str, target: str, name: str = "", reason: str = "") -> None:
    """The address `key` now leads to `target`, and so does every address that led to `key`."""
    if key == target:
        return
    FormerAddress.objects.filter(kind=kind, target=key).update(target=target)
    FormerAddress.objects.update_or_create(
        kind=kind, key=key, defaults={"target": target, "name": name[:300], "reason": reason}
    )
    # The target answers itself again (a slug changed back): nothing to look up for it.
    FormerAddress.objects.filter(kind=kind, key=target).delete()


def removed(kind: str, key: str, name: str = "", reason: str = "") -> None:
    """The address `key` answers nothing any more, nor does any that led to it."""
    FormerAddress.objects.filter(kind=kind, target=key).update(target="")
    FormerAddress.objects.update_or_create(
        kind=kind, key=key, defaults={"target": "", "name": name[:300], "reason": reason}
    )


def merged(survivor, losers: list) -> None:
    """Before a merge deletes `losers`: each one's address leads to the survivor (and their
    deletion, so marked, is not recorded as a removal)."""
    kind, target = kind_of(survivor), key_of(survivor)
    for loser in losers:
        moved(kind, key_of(loser), target, _name_of(loser), f"merged into {_name_of(survivor)}")
        loser._address_kept = True


def found(kind: str, key: str) -> FormerAddress | None:
    """Where the record once at this address went (the site asks only when nothing answers)."""
    return FormerAddress.objects.filter(kind=kind, key=key).first()


def _record_deletion(sender, instance, **kwargs) -> None:
    kind = kind_of(instance)
    if kind and not getattr(instance, "_address_kept", False):
        reason = getattr(instance, "_change_reason", "") or "deleted by an editor"
        removed(kind, key_of(instance), _name_of(instance), reason)


def _record_slug_change(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "slug" not in update_fields):
        return
    old = type(instance)._base_manager.filter(pk=instance.pk).values_list("slug", flat=True)
    old = old.first()
    if old and instance.slug and old != instance.slug:
        moved(kind_of(instance), old, instance.slug, _name_of(instance), "address renamed")


def connect(app: AppConfig) -> None:
    # Any model's deletion and any official's or enterprise's save: proxies (the review queue)
    # send their own class as the sender, so the sender is checked by kind_of, not by name.
    post_delete.connect(_record_deletion, dispatch_uid="former-address-deleted")
    for model in (Official, Enterprise):
        pre_save.connect(_record_slug_change, sender=model, dispatch_uid=f"former-slug-{model}")
