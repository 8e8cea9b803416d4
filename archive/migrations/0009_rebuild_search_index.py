# Search reads Chinese (simplified, in pairs of characters) and names with apostrophes as one
# word (Xi'an) since archive/search.py's searchable(), and a tour's names part holds the
# Chinese names of its records (themes' since 0007): entries written before hold the raw
# text, where 李强 and Xi'an cannot be found. This rebuilds every entry, on either database;
# the tables themselves do not change. Going back needs no step: an entry that was rebuilt
# is still found by English words.

from django.db import migrations


def rebuild_search_index(apps, schema_editor):
    # Imported here, not at the top: a migration module is read even where it does not run.
    from archive.search import rebuild_index

    # The historical models, which search.document() reads by their fields.
    rebuild_index(apps.get_model("archive", "Visit"), apps.get_model("archive", "Article"))


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_theme_key_terms"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_index, migrations.RunPython.noop, elidable=True),
    ]
