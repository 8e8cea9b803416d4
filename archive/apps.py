from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Tour archive"

    def ready(self) -> None:
        from archive import addresses, changes
        from archive.editing.roles import ensure_editors_group
        from archive.ingest.gazetteers import seed_empty_gazetteers

        # A fresh database gets the shipped gazetteers; edited ones are left alone.
        post_migrate.connect(seed_empty_gazetteers, sender=self)
        # Permissions exist by now (django.contrib.auth creates them first).
        post_migrate.connect(ensure_editors_group, sender=self)
        # Cached pages and counts go stale with any change to the records they show.
        changes.connect(self)
        # Addresses of records merged, deleted or renamed lead on (archive.addresses).
        addresses.connect(self)
