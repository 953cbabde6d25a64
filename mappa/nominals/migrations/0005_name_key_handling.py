"""Name keys carry their alias's handling and agency, so a search finds a restricted alias only for
those allowed to see it."""

import django.db.models.deletion
from django.db import migrations, models


def copy_from_aliases(apps, schema_editor):
    NameKey = apps.get_model("nominals", "NameKey")
    Alias = apps.get_model("nominals", "Alias")
    for alias in Alias.objects.exclude(handling="").only("pk", "handling", "agency_id").iterator():
        NameKey.objects.filter(alias_id=alias.pk).update(handling=alias.handling, agency_id=alias.agency_id)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('nominals', '0004_variant_covering_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='namekey',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency'),
        ),
        migrations.AddField(
            model_name='namekey',
            name='handling',
            field=models.CharField(blank=True, default='', max_length=20),
        ),
        migrations.RunPython(copy_from_aliases, migrations.RunPython.noop),
    ]
