"""Numbers the shared risk management plan uses, with when they took effect and where they come from.

Where the documents give no number, the source says so and the value is this project's default:
change it by adding a row with a later effective_from (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

REPORT = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
GUIDANCE = datetime.date(2009, 4, 1)  # MAPPA guidance revised April 2009 (¶3.2, T-35)

ROWS = [
    {
        "key": "plans.review.base_interval",
        "value": {"months": 4},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}, para 9.2 (MAPPA guidance: level 1 RMPs reviewed every four months) and para 9.8 "
        "(probation RoH analysis and RMP reviewed within four months)",
        "description": "Longest time between reviews of a risk management plan",
    },
    {
        "key": "plans.review.level_interval",
        "value": {"1": {"months": 4}, "2": {"weeks": 12}, "3": {"weeks": 6}},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}, para 9.2: level 3 every four to six weeks, level 2 every eight to twelve weeks, "
        "level 1 every four months. The later end of each range is used (the latest a review may be)",
        "description": "Review interval of the plan by MAPPA level",
    },
    {
        "key": "plans.review.rosh_interval",
        "value": {"high": {"weeks": 12}, "very_high": {"weeks": 6}},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 9.2 sets intervals by MAPPA level only, and para 7.12 sets "
        "probation home visits every four months for high/very high RoH. Project default: high RoSH as for "
        "level 2 (12 weeks), very high as for level 3 (6 weeks)",
        "description": "Review interval of the plan by highest risk of serious harm (shortens the base interval)",
    },
    {
        "key": "plans.review.trigger_days",
        "value": 5,
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 9.2 asks for 'immediate reviews' when significant events "
        "occur; para 9.7 found two-thirds were not reviewed after a significant change. Project default: "
        "5 days, as for entering a police RMP onto ViSOR (para 5.19)",
        "description": "Days within which a review triggered by a significant event is due",
    },
    {
        "key": "plans.review.trigger_kinds",
        "value": ["intelligence", "breach", "address", "relationship", "release", "recall", "further_offence",
                  "level_change"],
        "effective_from": GUIDANCE,
        "source": f"{REPORT}, paras 9.1, 9.2 and 9.7 (significant events, change of circumstances, release "
        "from prison); requirements catalogue P-11 step 2",
        "description": "Significant events that make a review of the plan due",
    },
    {
        "key": "plans.worklist.lookahead_days",
        "value": 14,
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 9.5: supervisors 'did not have the capacity to be "
        "proactive in prompting reviews'. Project default: show plan work due in the next 14 days",
        "description": "How far ahead the home page lists plan actions and reviews coming due",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
