"""Change numbers for each case, kept by triggers on every table of a case's records (mappa.core.changes)."""
from django.db import migrations, models


def sequence(apps, schema_editor):
    """The one sequence every change number is taken from, on PostgreSQL (SQLite's triggers count on from the
    highest). The triggers are put in after every migration (CoreConfig), once every table is there."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS core_casechange_seq")


class Migration(migrations.Migration):

    dependencies = [("core", "0005_notification_emailed_at")]

    operations = [
        migrations.CreateModel(
            name="CaseChange",
            fields=[
                ("nominal_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField(db_index=True)),
            ],
            options={"db_table": "core_casechange"},
        ),
        migrations.RunPython(sequence, migrations.RunPython.noop),
    ]
