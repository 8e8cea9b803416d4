"""The Editors group: exactly what curating the archive needs, nothing about users."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"

# (model, actions). Articles are never deleted by editors; users and groups are not theirs.
EDITOR_PERMISSIONS = {
    "visit": ("view", "add", "change", "delete"),
    "reviewqueue": ("view", "change"),
    "official": ("view", "add", "change", "delete"),
    "post": ("view", "add", "change", "delete"),
    "enterprise": ("view", "add", "change", "delete"),
    "theme": ("view", "add", "change"),
    "province": ("view", "change"),
    "city": ("view", "change"),
    "county": ("view", "add", "change"),
    "article": ("view", "change"),
    "evidence": ("view",),
}


def editor_permission_codenames() -> set[str]:
    return {
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    }


def ensure_editors_group(**kwargs) -> Group:
    """Create the group, or put its permissions back to exactly these (post_migrate)."""
    group, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label="archive", codename__in=editor_permission_codenames()
    )
    group.permissions.set(permissions)
    return group
