"""The audit hash chain (mappa.audit.chain): three columns, and the rows already written chained in id
order, a chain per month. The append-only triggers are lifted for the one update and put back."""
import django.utils.timezone
from django.db import migrations, models


def chain_existing(apps, schema_editor):
    from mappa.audit import chain, triggers

    connection = schema_editor.connection
    triggers.remove(connection)
    chain.chain_existing(apps.get_model("audit", "AuditEvent"), connection.alias)
    triggers.install(connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0005_request_id"),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.CharField(blank=True, help_text='the month (UTC) of `at`, as YYYY-MM', max_length=7),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(blank=True, help_text='SHA-256 of every other column of this row', max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(blank=True, help_text='the hash of the row before this in its chain', max_length=64),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['chain', '-id'], name='audit_audit_chain_b66b2e_idx'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
