from django.db import migrations, models

# A line of up to 8 kB is kept in its row, uncompressed, on PostgreSQL (the default compresses
# a row's texts from 2 kB on: most JSON lines, which every export then decompressed; 40% of a
# JSON Lines export's time on 20,064 tours).
UNCOMPRESSED = "ALTER TABLE archive_exportline SET (toast_tuple_target = 8160)"
DEFAULT = "ALTER TABLE archive_exportline RESET (toast_tuple_target)"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0014_plain_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportLine",
            fields=[
                ("visit_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("changes", models.BigIntegerField(default=0)),
                ("csv_head", models.TextField(null=True)),
                ("csv_tail", models.TextField(null=True)),
                ("json_head", models.TextField(null=True)),
                ("json_tail", models.TextField(null=True)),
            ],
        ),
        migrations.RunPython(on_postgresql(UNCOMPRESSED), on_postgresql(DEFAULT)),
    ]
