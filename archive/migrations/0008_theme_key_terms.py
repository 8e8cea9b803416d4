from django.db import migrations, models

HELP = (
    "English keywords that name the theme outright, lower case: one mention in a sentence "
    "about the tour is enough (the other keywords need two)."
)


def key_terms_from_the_gazetteer(apps, schema_editor):
    """An archive made before this field gets the shipped themes' key terms (a theme an
    editor gave key terms keeps them); a new one gets them when the gazetteer is loaded."""
    from archive.ingest.gazetteers import _read

    Theme = apps.get_model("archive", "Theme")
    shipped = {t["slug"]: t.get("key_terms", []) for t in _read("themes.json") or []}
    for theme in Theme.objects.filter(slug__in=shipped):
        if not theme.key_terms:
            theme.key_terms = shipped[theme.slug]
            theme.save(update_fields=["key_terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_theme_name_zh"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltheme",
            name="key_terms",
            field=models.JSONField(blank=True, default=list, help_text=HELP),
        ),
        migrations.AddField(
            model_name="theme",
            name="key_terms",
            field=models.JSONField(blank=True, default=list, help_text=HELP),
        ),
        migrations.RunPython(key_terms_from_the_gazetteer, migrations.RunPython.noop),
    ]
