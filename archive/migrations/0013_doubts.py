"""Doubts as records with a code (archive.models.Doubt) instead of sentences in a list.

The existing sentences are converted: each kind the importer and the editors' tools wrote
becomes its code, its name or tour number the detail. "place seen for the first time" is
dropped: on a first import every place of the gazetteer was one, which told an editor
nothing (issue 16). The codes the import did not compute before (dates or posts that do not
fit, sources that disagree, a place one source names) come with the next import or
re-extraction of a tour's sources, or `manage.py doubts --recompute`.
"""

import re

import django.db.models.deletion
from django.db import migrations, models

# The sentence each kind was written as, and its code.
PREFIXES = [
    ("enterprise seen for the first time: ", "unknown_enterprise"),
    ("official seen for the first time: ", "unknown_official"),
    ("possible duplicate of tour #", "possible_duplicate"),
]
WHOLE = {
    "no date found": "no_date",
    "no official found": "no_official",
    "no sources left": "no_sources",
}
SENTENCES = {code: sentence for sentence, code in WHOLE.items()} | {
    code: prefix for prefix, code in PREFIXES
}


def sentences_to_records(apps, schema_editor):
    Visit = apps.get_model("archive", "Visit")
    Doubt = apps.get_model("archive", "Doubt")
    tours = set(Visit.objects.values_list("pk", flat=True))
    records = []
    for pk, sentences in Visit.objects.order_by("pk").values_list("pk", "doubts"):
        for sentence in sentences or []:
            record = _record(Doubt, pk, str(sentence), tours)
            if record is not None:
                records.append(record)
    Doubt.objects.bulk_create(records, batch_size=1000)


def _record(Doubt, visit_id, sentence, tours):
    if sentence in WHOLE:
        return Doubt(visit_id=visit_id, code=WHOLE[sentence])
    for prefix, code in PREFIXES:
        if sentence.startswith(prefix):
            rest = sentence[len(prefix) :]
            if code != "possible_duplicate":
                return Doubt(visit_id=visit_id, code=code, detail=rest[:500])
            number = re.match(r"\d+", rest)
            other = int(number[0]) if number else None
            if other in tours:
                return Doubt(visit_id=visit_id, code=code, detail=f"tour #{other}", other_id=other)
            return None  # a tour that is gone
    # "place seen for the first time: ...", and nothing else the archive wrote.
    return None


def records_to_sentences(apps, schema_editor):
    Visit = apps.get_model("archive", "Visit")
    Doubt = apps.get_model("archive", "Doubt")
    by_tour = {}
    for visit_id, code, detail, other in Doubt.objects.order_by("pk").values_list(
        "visit_id", "code", "detail", "other_id"
    ):
        if code not in SENTENCES:
            continue  # a code the sentences had no words for
        if code == "possible_duplicate":
            detail = str(other)
        sentence = SENTENCES[code] + (detail if code not in WHOLE.values() else "")
        by_tour.setdefault(visit_id, []).append(sentence)
    for visit in Visit.objects.filter(pk__in=list(by_tour)):
        visit.doubts = by_tour[visit.pk]
        visit.save(update_fields=["doubts"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_outlet_from_dateline"),
    ]

    operations = [
        migrations.CreateModel(
            name="Doubt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("no_date", "No date found"),
                            ("no_official", "No leader found"),
                            ("post_mismatch", "Leader held no post on these dates"),
                            ("sources_disagree", "Sources disagree"),
                            ("unknown_enterprise", "Company not in the gazetteer"),
                            ("unknown_official", "Official not in the gazetteer"),
                            ("possible_duplicate", "Possible duplicate tour"),
                            ("long_span", "Unusually long dates"),
                            ("place_once", "Place named by one source only"),
                            ("no_sources", "No sources left"),
                        ],
                        max_length=20,
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=500)),
                (
                    "other",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="archive.visit",
                    ),
                ),
                (
                    "visit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="doubt_records",
                        to="archive.visit",
                    ),
                ),
            ],
            options={
                "ordering": ["visit", "pk"],
                "indexes": [
                    models.Index(fields=["code", "visit"], name="archive_dou_code_62d4a8_idx")
                ],
            },
        ),
        migrations.RunPython(sentences_to_records, records_to_sentences),
        migrations.RemoveField(model_name="historicalvisit", name="doubts"),
        migrations.RemoveField(model_name="visit", name="doubts"),
        # The list gone, its related name is free for the records.
        migrations.AlterField(
            model_name="doubt",
            name="visit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="doubts",
                to="archive.visit",
            ),
        ),
        migrations.AlterModelOptions(
            name="reviewqueue",
            options={"verbose_name": "tour to review", "verbose_name_plural": "tours to review"},
        ),
    ]
