from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Tour archive"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from archive.cache import record_changed
        from archive.editing.roles import ensure_editors_group
        from archive.ingest.gazetteers import seed_empty_gazetteers
        from archive.models import RELATIONS

        # A fresh database gets the shipped gazetteers; edited ones are left alone.
        post_migrate.connect(seed_empty_gazetteers, sender=self)
        # Permissions exist by now (django.contrib.auth creates them first).
        post_migrate.connect(ensure_editors_group, sender=self)
        # Cached browse counts go stale with any change to the records they count.
        for model in self.get_models():
            if model.__name__.startswith("Historical") or model.__name__ == "ArchiveVersion":
                continue
            post_save.connect(record_changed, sender=model, dispatch_uid=f"fresh-save-{model}")
            post_delete.connect(record_changed, sender=model, dispatch_uid=f"fresh-del-{model}")
        for relation in RELATIONS:
            through = self.get_model("Visit")._meta.get_field(relation).remote_field.through
            m2m_changed.connect(record_changed, sender=through, dispatch_uid=f"fresh-{relation}")
