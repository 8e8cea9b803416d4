# The importer stores the outlet a report credits (ingest.extraction.text.credited_outlet),
# which now also reads a dateline that names the agency ("Xinhua News Agency, Ezhou, May 1.").
# Articles imported before have an empty outlet where such a dateline stands: fill those, and
# only those (an outlet read from a record or an editor's is left alone). The same on both
# databases; reads the first 2,000 characters of each article without an outlet, as the
# importer does. Reversing leaves the outlets filled: they are right either way.

from django.db import migrations
from django.db.models.functions import Substr

from archive.ingest.extraction.text import credited_outlet


def fill_outlets(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    found: dict[str, list[int]] = {}
    heads = (
        Article.objects.filter(outlet="")
        .annotate(head=Substr("raw_text", 1, 2000))
        .values_list("pk", "head")
    )
    for pk, head in heads.iterator(chunk_size=1000):
        outlet = credited_outlet(head or "")
        if outlet:
            found.setdefault(outlet, []).append(pk)
    for outlet, pks in found.items():
        for start in range(0, len(pks), 500):
            Article.objects.filter(pk__in=pks[start : start + 500]).update(outlet=outlet)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_former_addresses"),
    ]

    operations = [migrations.RunPython(fill_outlets, migrations.RunPython.noop)]
