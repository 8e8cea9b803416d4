# This rebuilt the search index once; the rebuild is now done by 0009_rebuild_search_index,
# after the themes have their Chinese names (0007), which the index holds too. A database that
# ran this one gets its index rebuilt again there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_counties"),
    ]

    operations = []
