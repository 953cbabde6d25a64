"""Who may set each MAPPA level, with when it took effect and where it comes from; and the chair of a level 2
or 3 meeting deciding out of meeting as a forum of its own."""
import datetime

from django.db import migrations, models

from mappa.core import reference

GUIDANCE_2009 = datetime.date(2009, 4, 1)
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
ROWS = [
    {
        "key": "mappa.level.forums",
        "value": {"1": ["screening", "lead_agency", "meeting"], "2": ["meeting", "chair"], "3": ["meeting", "chair"]},
        "effective_from": GUIDANCE_2009,
        "source": f"{INSPECTION}, para 4.4 (MAPPA Guidance 2009): level 1 where 'it is not considered necessary to "
                  "refer the case to a level 2 or 3 MAPP meeting'; levels 2 and 3 through MAPP meetings; para 4.26 and "
                  "Summary: 'a defensible and accountable process' for level 1, not 'the lead agency, or even the "
                  "offender manager' alone but 'a structured multi-agency screening meeting'",
        "description": "Forums that may set each MAPPA level (level 1: screening, the lead agency after screening, or a "
                       "level 2/3 meeting stepping down; levels 2 and 3: a MAPP meeting or its chair out of meeting)",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):

    dependencies = [
        ('arrangements', '0008_reasons_keep_their_sources_handling'),
    ]

    operations = [
        migrations.AlterField(
            model_name='leveldecision',
            name='forum',
            field=models.CharField(choices=[('screening', 'Multi-agency screening meeting'), ('meeting', 'Level 2 or 3 MAPP meeting'), ('chair', 'Chair of the level 2 or 3 MAPP meeting, out of meeting'), ('lead_agency', 'Lead agency alone, after screening'), ('offender_manager', 'Offender manager alone')], max_length=20),
        ),
        migrations.RunPython(load, unload),
    ]
