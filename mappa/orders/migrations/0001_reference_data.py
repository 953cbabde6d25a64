"""Numbers the law sets for notification requirements, civil orders and serious further offences,
with when they took effect and where they come from.

The inspection catalogue says the notification periods are not stated in the inspection report
(shared/domain/inspection-2010-sexual-offenders.md §0.5, E-02 "[GAP]"), so they are taken from the
statute it names (Part 2 of the Sexual Offences Act 2003, ¶4.3, Gloss:RSO).
"""
import datetime

from django.db import migrations

from mappa.core import reference

SOA = "Sexual Offences Act 2003"
COMMENCED = datetime.date(2004, 5, 1)  # Part 2 of the Sexual Offences Act 2003 in force

ROWS = [
    {
        "key": "orders.notification.periods",
        "effective_from": COMMENCED,
        "value": {
            "adult_age": 18,
            "under_18_divisor": 2,
            "bands": [
                {"label": "Imprisonment for life or for 30 months or more", "disposals": ["custody"],
                 "at_least_months": 30, "years": None},
                {"label": "Admitted to hospital subject to a restriction order", "disposals": ["hospital_restriction"],
                 "years": None},
                {"label": "Imprisonment for more than 6 months but less than 30 months", "disposals": ["custody"],
                 "more_than_months": 6, "years": 10},
                {"label": "Imprisonment for 6 months or less", "disposals": ["custody"], "years": 7},
                {"label": "Admitted to hospital without a restriction order", "disposals": ["hospital"], "years": 7},
                {"label": "Cautioned", "disposals": ["caution"], "years": 2},
                {"label": "Conditional discharge (the period of the discharge)", "disposals": ["conditional_discharge"],
                 "years": "discharge"},
                {"label": "Any other description (for example a community order or a fine)", "disposals": ["other"],
                 "years": 5},
            ],
        },
        "source": f"{SOA}, s.82(1) (the table of notification periods) and s.82(2) (halved for a person under 18 "
        "on the relevant date); the period begins with the relevant date, s.82(6). The inspection names Part 2 of the "
        "Act as the legal basis (HMI Probation/HMIC 2010, ¶4.3, Gloss:RSO) but does not state the periods (catalogue §0.5).",
        "description": "Notification period by sentence; 10, 7, 5 and 2 years halved for under-18s",
    },
    {
        "key": "orders.notification.initial_days",
        "effective_from": COMMENCED,
        "value": 3,
        "source": f"{SOA}, s.83(1): within the period of 3 days beginning with the relevant date (or with release, "
        "s.83(6)); HMI Probation/HMIC 2010, Gloss:RSO: 'register with the police within three days of their "
        "conviction or release from prison' (catalogue T-01)",
        "description": "Days (beginning with conviction, caution or release) to make the initial notification",
    },
    {
        "key": "orders.notification.change_days",
        "effective_from": COMMENCED,
        "value": 3,
        "source": f"{SOA}, s.84(1): changes of name or home address, and a stay at another address, notified within "
        "the period of 3 days beginning with the change; HMI Probation/HMIC 2010, Gloss:RSO (catalogue T-03)",
        "description": "Days (beginning with the change) to notify a change of name or address",
    },
    {
        "key": "orders.notification.other_address_days",
        "effective_from": COMMENCED,
        "value": 7,
        "source": f"{SOA}, s.84(1)(c) and (6) ('qualifying period' of 7 days); HMI Probation/HMIC 2010, Gloss:RSO: "
        "'disclose if they are spending seven days or more away from home' (catalogue T-02)",
        "description": "Days staying at another address that must be notified",
    },
    {
        "key": "orders.notification.periodic_months",
        "effective_from": COMMENCED,
        "value": 12,
        "source": f"{SOA}, s.85(1): re-notify within the period of one year beginning with the last notification",
        "description": "Months after the last notification by which the annual re-notification is due",
    },
    {
        "key": "orders.notification.homeless_days",
        "effective_from": datetime.date(2012, 8, 13),
        "value": 7,
        "source": "Sexual Offences Act 2003 (Notification Requirements) (England and Wales) Regulations 2012 "
        "(SI 2012/1876): weekly notification by those with no sole or main residence; foreshadowed as "
        "'regular reporting if homeless' in HMI Probation/HMIC 2010, ¶2.4L (catalogue T-04)",
        "description": "Days between notifications when the person has no fixed address (weekly)",
    },
    {
        "key": "orders.notification.travel_days_before",
        "effective_from": COMMENCED,
        "value": 7,
        "source": f"{SOA}, s.86 and the Sexual Offences Act 2003 (Travel Notification Requirements) Regulations 2004 "
        "(SI 2004/1220): foreign travel notified not less than 7 days before departure; HMI Probation/HMIC 2010, "
        "¶2.4L (catalogue T-04)",
        "description": "Days before departure by which foreign travel must be notified",
    },
    {
        "key": "orders.notification.indefinite_review",
        "effective_from": datetime.date(2012, 9, 1),
        "value": {"adult_years": 15, "under_18_years": 8, "adult_age": 18},
        "source": f"{SOA}, ss.91A-91F, inserted by the Sexual Offences Act 2003 (Remedial) Order 2012 (SI 2012/1883) "
        "after R (F) v Secretary of State for the Home Department [2010] UKSC 17: review of indefinite notification "
        "15 years (8 years if under 18 when convicted) after the first notification following release",
        "description": "Years before someone subject to notification indefinitely may apply for a review",
    },
    {
        "key": "orders.sfo.definition",
        "effective_from": datetime.date(2010, 6, 1),
        "value": {"kinds": ["sexual", "violent"], "minimum_penalty_years": 14},
        "source": "Issue 6 (Enforcement): 'serious further offences (definition from reference data: sexual or violent "
        "offence carrying 14 years or more)'; SFO reviews, HMI Probation/HMIC 2010, ¶3.14-3.15 (catalogue E-38, P-26)",
        "description": "A further offence is serious when sexual or violent and carrying this maximum penalty or more",
    },
    {
        "key": "orders.civil.minimum_years",
        "effective_from": COMMENCED,
        "value": {"sopo": 5, "shpo": 5},
        "source": "HMI Probation/HMIC 2010, ¶7.25: a SOPO 'must be specified and last for a minimum of five years' "
        "(catalogue T-08); Essex MAPPA annual report 2008-09 (seed 002, line 318): 'The full order lasts for a "
        "minimum of 5 years, and can last indefinitely'. The same minimum for the sexual harm prevention order "
        "that replaced it (Sentencing Act 2020 s.347)",
        "description": "Minimum length of a full prevention order, in years (interim orders excepted)",
    },
    {
        "key": "orders.civil.maximum_years",
        "effective_from": COMMENCED,
        "value": {"fto": 0.5},
        "source": f"{SOA}, s.117(1) as enacted: a foreign travel order has effect for at most six months "
        "(HMI Probation/HMIC 2010, ¶2.4L)",
        "description": "Maximum length of a foreign travel order, in years",
    },
    {
        "key": "orders.civil.maximum_years",
        "effective_from": datetime.date(2010, 1, 14),
        "value": {"fto": 5},
        "source": "Policing and Crime Act 2009 s.23, amending Sexual Offences Act 2003 s.117: the maximum raised "
        "'from six months to five years' (HMI Probation/HMIC 2010, ¶2.4L; catalogue T-07); commencement taken as 14 January 2010",
        "description": "Maximum length of a foreign travel order, in years",
    },
    {
        "key": "orders.category2.custody_months",
        "effective_from": datetime.date(2009, 4, 1),
        "value": 12,
        "source": "HMI Probation/HMIC 2010, ¶4.3: MAPPA category 2 'receive a sentence of imprisonment of 12 months "
        "or more' (catalogue T-09)",
        "description": "Custodial months from which a sexual or violent offender is MAPPA category 2",
    },
    {
        "key": "orders.report.year_starts",
        "effective_from": datetime.date(2008, 4, 1),
        "value": {"month": 4, "day": 1},
        "source": "Essex MAPPA annual report 2008-09 (seed 002, line 172): 'The data for Registered Sexual Offenders "
        "reflect the picture on 31 March 2009. The rest of the data covers the full year 1 April 2008 to 31 March "
        "2009'; counting basis kept with each figure (HMI Probation/HMIC 2010, Table 1 footnote; catalogue §0.4)",
        "description": "Start of the annual report year (day and month)",
    },
    {
        "key": "orders.notification.due_soon_days",
        "effective_from": datetime.date(2010, 6, 1),
        "value": 14,
        "source": "Local practice (no figure in the documents): how far ahead a notification due date appears on the "
        "work list; HMI Probation/HMIC 2010, ¶4.14 found registration details missing in 6 cases (9%)",
        "description": "Days ahead that a notification due date is shown on the work list",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
