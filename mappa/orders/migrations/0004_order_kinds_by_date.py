"""When each kind of civil order could be made, and the older and newer kinds that replaced each other.

Sex offender orders (Crime and Disorder Act 1998 s.2) and restraining orders (Sex Offenders Act 1997 s.5A)
were replaced by the sexual offences prevention order when Part 2 of the Sexual Offences Act 2003 came into
force (1 May 2004); the inspection's glossary says the SOPO "replaced sexual offender orders and restraining
orders" (HMI Probation/HMIC 2010, Gloss:SOPO; catalogue E-16). From 8 March 2015 the SOPO and the foreign
travel order were replaced by the sexual harm prevention order, and the risk of sexual harm order by the
sexual risk order (Anti-social Behaviour, Crime and Policing Act 2014 s.113 and Sch 5, in force by
SI 2015/373); orders made before continue until they end, and an order applied for before that day may still
be made after it (s.114(2)).
"""
import datetime
import importlib

from django.db import migrations, models

from mappa.core import reference

SOA = "Sexual Offences Act 2003"
OLD = datetime.date(1998, 12, 1)  # Crime and Disorder Act 1998 s.2 in force (SI 1998/2327)
COMMENCED = datetime.date(2004, 5, 1)  # Part 2 of the Sexual Offences Act 2003 in force
REPLACED = datetime.date(2015, 3, 8)  # Anti-social Behaviour, Crime and Policing Act 2014 Sch 5 in force

KINDS = {
    "soo": {"name": "sex offender order", "from": "1998-12-01", "until": "2004-04-30", "replaced_by": "sopo",
            "interim": False},
    "restraining_order": {"name": "restraining order (Sex Offenders Act 1997 s.5A)", "from": "2001-05-02",
                          "until": "2004-04-30", "replaced_by": "sopo", "interim": False},
    "sopo": {"name": "sexual offences prevention order (SOPO)", "from": "2004-05-01", "until": "2015-03-07",
             "replaced_by": "shpo", "interim": True},
    "fto": {"name": "foreign travel order", "from": "2004-05-01", "until": "2015-03-07", "replaced_by": "shpo",
            "interim": False},
    "rsho": {"name": "risk of sexual harm order (RSHO)", "from": "2004-05-01", "until": "2015-03-07",
             "replaced_by": "sro", "interim": True},
    "notification_order": {"name": "notification order", "from": "2004-05-01", "until": None, "interim": True},
    "shpo": {"name": "sexual harm prevention order (SHPO)", "from": "2015-03-08", "until": None, "interim": True},
    "sro": {"name": "sexual risk order (SRO)", "from": "2015-03-08", "until": None, "interim": True},
}

ROWS = [
    {
        "key": "orders.civil.kinds",
        "effective_from": OLD,
        "value": KINDS,
        "source": "Crime and Disorder Act 1998 s.2 (sex offender orders, from 1 December 1998); Sex Offenders Act 1997 "
        "s.5A (restraining orders, inserted by the Criminal Justice and Court Services Act 2000 s.66; first in force "
        "2 May 2001 as legislation.gov.uk's earliest version of s.5A shows); both repealed from 1 May 2004 by "
        f"{SOA} Sch 7, replaced by the SOPO (HMI Probation/HMIC 2010, Gloss:SOPO). {SOA} ss.97-103 (notification "
        "orders; interim s.100), ss.104-113 (SOPO; interim s.109), ss.114-122 (foreign travel orders, no interim "
        "order), ss.123-129 (RSHO; interim s.126), from 1 May 2004. Anti-social Behaviour, Crime and Policing Act "
        "2014 s.113 and Sch 5 (SI 2015/373): from 8 March 2015 ss.103A-103K (SHPO; interim s.103F) and ss.122A-122K "
        "(SRO; interim s.122E) replace the SOPO, FTO and RSHO; s.114(2) keeps the old law for an order applied for "
        "before that day.",
        "description": "Kinds of civil order: the dates each could be made from and until, and whether an interim order existed",
    },
    {
        "key": "orders.civil.minimum_years",
        "effective_from": OLD,
        "value": {"soo": 5},
        "source": "Crime and Disorder Act 1998 s.2: a sex offender order has effect for a period of not less than "
        "five years specified in the order",
        "description": "Minimum length of a full prevention order, in years (interim orders excepted)",
    },
    {
        "key": "orders.civil.minimum_years",
        "effective_from": COMMENCED,
        "value": {"sopo": 5, "shpo": 5, "rsho": 2},
        "source": "HMI Probation/HMIC 2010, ¶7.25: a SOPO 'must be specified and last for a minimum of five years' "
        "(catalogue T-08); Essex MAPPA annual report 2008-09 (seed 002, line 318): 'The full order lasts for a "
        f"minimum of 5 years, and can last indefinitely'. {SOA} s.123: a risk of sexual harm order has effect "
        "for a fixed period of not less than 2 years",
        "description": "Minimum length of a full prevention order, in years (interim orders excepted)",
    },
    {
        "key": "orders.civil.minimum_years",
        "effective_from": REPLACED,
        "value": {"sopo": 5, "shpo": 5, "rsho": 2, "sro": 2},
        "source": f"{SOA} s.103C (SHPO: a fixed period of at least 5 years, or until further order) and "
        "s.122A (SRO: a fixed period of not less than 2 years), inserted by the Anti-social Behaviour, Crime and "
        "Policing Act 2014 Sch 5; SOPO and RSHO minima kept for orders applied for before 8 March 2015 (s.114(2))",
        "description": "Minimum length of a full prevention order, in years (interim orders excepted)",
    },
    {
        "key": "orders.civil.maximum_years",
        "effective_from": OLD,
        "value": {},
        "source": "Crime and Disorder Act 1998 s.2 and Sex Offenders Act 1997 s.5A set no maximum length",
        "description": "Maximum length of a foreign travel order, in years",
    },
]


def _earlier_rows():
    return importlib.import_module("mappa.orders.migrations.0001_reference_data").ROWS


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    replaced = {(r["key"], r["effective_from"]) for r in ROWS}
    reference.unload_rows(apps, ROWS)
    reference.load_rows(apps, [r for r in _earlier_rows() if (r["key"], r["effective_from"]) in replaced])


class Migration(migrations.Migration):
    dependencies = [("orders", "0003_caseitem_handling_set_by"), ("core", "0004_reference_source_any_length")]
    operations = [
        migrations.AlterField(
            model_name="civilorder",
            name="kind",
            field=models.CharField(choices=[
                ("shpo", "Sexual harm prevention order (SHPO)"), ("sro", "Sexual risk order (SRO)"),
                ("notification_order", "Notification order (offences abroad)"),
                ("sopo", "Sexual offences prevention order (SOPO, replaced by the SHPO)"),
                ("fto", "Foreign travel order (replaced by the SHPO)"),
                ("rsho", "Risk of sexual harm order (RSHO, replaced by the SRO)"),
                ("soo", "Sex offender order (Crime and Disorder Act 1998, replaced by the SOPO)"),
                ("restraining_order", "Restraining order (Sex Offenders Act 1997, replaced by the SOPO)"),
            ], max_length=30),
        ),
        migrations.RunPython(load, unload),
    ]
