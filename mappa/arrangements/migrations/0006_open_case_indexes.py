"""Indexes of current episodes, built once the backfilled table has been vacuumed (built in 0004's
transaction they would also hold every row's old version)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("arrangements", "0005_vacuum_eligibility")]

    operations = [
        migrations.AddIndex(
            model_name='eligibility',
            index=models.Index(condition=models.Q(('ended_on__isnull', True)), fields=['nominal', 'id', 'category', 'identified_on', 'level', 'forum', 'next_review', 'handling', 'agency'], name='arrangement_open_cases'),
        ),
        migrations.AddIndex(
            model_name='eligibility',
            index=models.Index(condition=models.Q(('ended_on__isnull', True)), fields=['next_review'], name='arrangement_open_by_review'),
        ),
    ]
