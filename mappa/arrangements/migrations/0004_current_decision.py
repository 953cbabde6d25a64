"""Each MAPPA episode keeps its level decision in force (and that decision's level, forum and next review),
filled in here from the history in one set-based statement; from now on services.decide_level keeps it.
0005 vacuums the rewritten table and 0006 then builds the indexes the co-ordinator view reads."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    """The latest decision of each episode (decided_on, then id: rules.is_later_decision)."""
    connection = schema_editor.connection
    q = schema_editor.quote_name
    e = q(apps.get_model("arrangements", "Eligibility")._meta.db_table)
    d = q(apps.get_model("arrangements", "LevelDecision")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys are checked as the statement ends, so the indexes can be built after it.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"""
                UPDATE {e} AS e SET current_decision_id = d.id, level = d.level, forum = d.forum, next_review = d.next_review
                FROM (SELECT DISTINCT ON (eligibility_id) eligibility_id, id, level, forum, next_review FROM {d}
                      ORDER BY eligibility_id, decided_on DESC, id DESC) AS d
                WHERE e.id = d.eligibility_id""")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"""
                UPDATE {e} SET current_decision_id = (
                    SELECT d.id FROM {d} AS d WHERE d.eligibility_id = {e}.id ORDER BY d.decided_on DESC, d.id DESC LIMIT 1)""")
            for field in ("level", "forum", "next_review"):
                cursor.execute(f"UPDATE {e} SET {field} = (SELECT d.{field} FROM {d} AS d WHERE d.id = {e}.current_decision_id) "
                               f"WHERE current_decision_id IS NOT NULL")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('arrangements', '0003_latest_decision_index'),
        ('nominals', '0003_name_variants'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='eligibility',
            name='current_decision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='arrangements.leveldecision'),
        ),
        migrations.AddField(
            model_name='eligibility',
            name='forum',
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name='eligibility',
            name='level',
            field=models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Level 1: ordinary agency management'), (2, 'Level 2: active multi-agency management'), (3, 'Level 3: active multi-agency management with senior involvement')], editable=False, null=True),
        ),
        migrations.AddField(
            model_name='eligibility',
            name='next_review',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
