"""After 0004's backfill rewrote every episode: VACUUM, so the old row versions are reclaimed and the
co-ordinator view's index-only reads need no visits to the table. Outside a transaction (VACUUM cannot
run in one); when migrations run inside one, statistics are refreshed instead."""
from django.db import migrations


def vacuum(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("arrangements", "Eligibility")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {table}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("arrangements", "0004_current_decision")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop)]
