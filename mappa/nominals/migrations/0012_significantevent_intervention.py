"""A significant event for a programme not completed, or a post-programme review finding the risk changed
(mappa.interventions)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nominals', '0011_search_facts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='significantevent',
            name='kind',
            field=models.CharField(choices=[('intelligence', 'New intelligence'), ('breach', 'Breach'), ('address', 'Change of address'), ('relationship', 'New or changed relationship'), ('release', 'Release from custody'), ('recall', 'Recall to custody'), ('further_offence', 'Further offence'), ('level_change', 'MAPPA level change'), ('intervention', 'Programme not completed or post-programme review finding'), ('other', 'Other significant change')], max_length=20),
        ),
    ]
