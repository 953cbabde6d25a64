"""PostgreSQL: the audit table partitioned by month of `at` (mappa.audit.partitions), rows, indexes and
triggers kept. SQLite: nothing changes."""
from django.db import migrations


def partition(apps, schema_editor):
    from mappa.audit import partitions

    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not partitions.is_partitioned(connection):
        partitions.partition_table(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_audit_chain")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
