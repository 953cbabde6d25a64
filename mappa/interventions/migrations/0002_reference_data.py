"""The programme catalogue and the numbers interventions use, with when they took effect and where they come from.

Programmes (good practice 2009-2012 section 2.14, REQ-INT-01; inspection 2010 E-27, paragraphs 2.10-2.11, 6.5, 6.7,
8.3): session counts and hours only where a document gives them. Neither document gives a waiting-time target or a
deadline for the post-programme review: those rows say "no number given in the sources: project default" and cite
what the documents do say. Change a value by adding a row with a later effective date (history is never rewritten).

A programme not completed, or a post-programme review finding the risk changed, is a significant event (kind
"intervention"). The inspection's catalogue lists "programme completed or excluded" among the events that should
make the risk analysis and plan due for review (P-11 step 2; paragraph 9.7: two-thirds were not reviewed after a
significant change), so a row of the plan's trigger list from the report's publication adds it.
"""
import datetime

from django.db import migrations

from mappa.core import reference

GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
FROM = datetime.date(2009, 4, 1)  # the start of the inspection period both documents describe
REPORT = datetime.date(2010, 6, 1)  # the inspection report's publication
NO_NUMBER = "No number given in the sources: project default."

PROGRAMMES = [
    {"code": "core-sotp", "name": "Core Sex Offender Treatment Programme (SOTP)", "kind": "sexual", "delivery": "group",
     "hours": 200, "eligibility": "Men convicted of sexual offences; one programme is not available to men under 21, "
     "others admit them with an acceptable level of cognitive maturity; exclusion for denial or disruptive behaviour",
     "source": f"{INSPECTION}, para 2.10 (one of three programmes), para 6.7 ('over 200 hours work over a 12-24 month "
     "period': T-20), para 6.3 (under-21s: T-21), para 6.6 (reasons for exclusion: V-09)"},
    {"code": "i-sotp", "name": "Internet Sex Offender Treatment Programme (i-SOTP)", "kind": "sexual",
     "delivery": "either", "sessions": 35, "hours": 70,
     "eligibility": "Internet offenders with low or medium risk of serious harm and low deviance: a group for men over "
     "21, individually for those aged 17 to 21",
     "source": f"{INSPECTION}, para 2.11 ('35 two-hour sessions'; T-19); {GOOD_PRACTICE}, E2.3-36 (R-62)"},
    {"code": "a-sotp", "name": "Adapted Sex Offender Treatment Programme (A-SOTP)", "kind": "sexual",
     "delivery": "group", "eligibility": "Men with learning difficulties or disabilities",
     "source": f"{INSPECTION}, paras 2.11, 6.3; {GOOD_PRACTICE}, E4.5-04 (adapted SOTP with Kent PCT and the "
     "Community Forensic Learning Disability Team; R-69 'attended every week for a year')"},
    {"code": "sotp-individual", "name": "Sex Offender Treatment Programme delivered individually", "kind": "sexual",
     "delivery": "individual", "sessions": 26, "eligibility": "Where a group is not possible, for example at home",
     "source": f"{GOOD_PRACTICE}, E2.4-18 (Norfolk: '26 core sessions plus pre- and post-programme work'; R-63)"},
    {"code": "better-lives", "name": "Better Lives (relapse prevention)", "kind": "sexual", "delivery": "group",
     "eligibility": "After a core programme: it replaced the relapse prevention module",
     "source": f"{INSPECTION}, para 6.5; pathway P-17 step 5"},
    {"code": "sotp-maintenance", "name": "Sex offender maintenance group", "kind": "sexual", "delivery": "group",
     "eligibility": "Men who have finished a programme", "source": f"{INSPECTION}, para 8.3"},
    {"code": "idap", "name": "Integrated Domestic Abuse Programme (IDAP)", "kind": "domestic_abuse", "delivery": "group",
     "eligibility": "Male perpetrators of domestic abuse; a women's safety worker works with the partner",
     "source": f"{GOOD_PRACTICE}, section 2.14 and glossary; E2.1-07 (preparatory one-to-one work while waiting), "
     "E2.3-30 (start delayed for mental health), E2.3-18 (not suitable: 15 one-to-one sessions instead, R-66)"},
    {"code": "thinking-skills", "name": "Thinking Skills Programme", "kind": "general", "delivery": "group",
     "source": f"{GOOD_PRACTICE}, E1.2-09, E2.4-23"},
    {"code": "s4w", "name": "Specifically for Women (S4W)", "kind": "women", "delivery": "group", "sessions": 8,
     "eligibility": "Women", "source": f"{GOOD_PRACTICE}, E2.4-11 ('The programme was made up of eight sessions'; R-64)"},
    {"code": "drink-impaired-drivers", "name": "Drink impaired drivers programme", "kind": "substance",
     "delivery": "group", "source": f"{GOOD_PRACTICE}, E1.4-13, E3.3-24"},
    {"code": "substance-misuse", "name": "Substance misuse programme", "kind": "substance", "delivery": "group",
     "source": f"{GOOD_PRACTICE}, E2.4-21"},
]

ROWS = [
    {
        "key": "interventions.timings",
        "value": {"waiting_alert_days": 182, "review_within_days": 56, "worklist_lookahead_days": 14},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} A wait on a programme's list is too long after six months (182 days); the "
        "post-programme review (SARN or post-programme report) is due eight weeks after the programme ends; the work "
        f"list shows both 14 days ahead. What the sources say: {INSPECTION}, para 6.1 (of 27 men needing SOTP, ten "
        "waited six to twelve months and three over a year: T-22; F-090 'alert when a wait exceeds a threshold'; some "
        "'finished their licence or order without completing the programme'), paras 2.9 and 5.11 (SARN not completed "
        "in over half the relevant cases; F-066 'after programme completion, a SARN task is due'); "
        f"{GOOD_PRACTICE}, section 3.7 (R-61 'started the programme within five weeks of sentence', R-62 'began four "
        "months after sentence': case facts, not targets)",
        "description": "Days on a programme's waiting list before it is too long, days to the post-programme review, "
                       "and days ahead the work list looks",
    },
    {
        "key": "plans.review.trigger_kinds",
        "value": ["intelligence", "breach", "address", "relationship", "release", "recall", "further_offence",
                  "level_change", "intervention"],
        "effective_from": REPORT,
        "source": f"{INSPECTION}, paras 9.1, 9.2 and 9.7 (significant events, change of circumstances, release from "
        "prison); requirements catalogue P-11 step 2, whose list of events that should raise a review includes "
        "'programme completed or excluded': a programme not completed and a post-programme review finding the risk "
        "changed are added",
        "description": "Significant events that make a review of the plan due",
    },
]


def load(apps, schema_editor):
    programme = apps.get_model("interventions", "Programme")
    for row in PROGRAMMES:
        programme.objects.update_or_create(code=row["code"], defaults={**row, "effective_from": FROM})
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    apps.get_model("interventions", "Programme").objects.filter(code__in=[r["code"] for r in PROGRAMMES]).delete()
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("plans", "0002_reference_data"),
                    ("interventions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
