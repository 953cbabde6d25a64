"""What makes MAPPA Category 2, with when it took effect and where it comes from (Criminal Justice Act 2003
s.327(3)-(5) and Schedule 15): the 12-month threshold from the Act itself (the 2009 row, from the guidance,
stays), the offences specified, matched by Home Office offence code, and the end of the disqualification route.

The specified offences are held as groups of Schedule 15 (Part 1 violent, Part 2 sexual) with the Home Office
offence classes, or single codes where a class mixes specified and other offences, that a conviction's code is
matched against. An administrator corrects or extends the codes by loading a row with a later date."""
import datetime

from django.db import migrations

from mappa.core import reference

CJA_327 = datetime.date(2004, 4, 5)  # s.327 as in force from 5 April 2004 (legislation.gov.uk point-in-time text)
REPEALED = datetime.date(2013, 6, 17)  # s.327(5) and CJCSA 2000 ss.28-29 no longer in force

GROUPS = [
    # Part 1 of Schedule 15 (violent offences); murder is named in s.327(3)(a) itself.
    ("Murder", "violent", "s.327(3)(a)", ["001"]),
    ("Attempted murder, conspiracy or soliciting to murder, threats to kill", "violent",
     "Sch 15 paras 4, 5, 64 (OAPA 1861 ss.4, 16)", ["002", "003", "037/01"]),
    ("Manslaughter", "violent", "Sch 15 para 1", ["004/01"]),
    ("Wounding with intent and other acts endangering life", "violent",
     "Sch 15 paras 6, 8-10, 12-14 (OAPA 1861 ss.18, 21-23, 28-30)", ["005"]),
    ("Malicious wounding; assault occasioning actual bodily harm", "violent", "Sch 15 paras 7, 20 (OAPA 1861 ss.20, 47)",
     ["008/01"]),
    ("Cruelty to children", "violent", "Sch 15 para 36 (Children and Young Persons Act 1933 s.1)", ["011"]),
    ("Robbery or assault with intent to rob", "violent", "Sch 15 para 31 (Theft Act 1968 s.8)", ["034"]),
    ("Kidnapping and false imprisonment", "violent", "Sch 15 paras 2, 3", ["036"]),
    ("Riot and violent disorder", "violent", "Sch 15 paras 40, 41 (Public Order Act 1986 ss.1, 2)", ["064", "065"]),
    ("Putting people in fear of violence", "violent", "Sch 15 (Protection from Harassment Act 1997 s.4)", ["195/94"]),
    # Part 2 of Schedule 15 (sexual offences).
    ("Rape and assault by penetration", "sexual", "Sch 15 Part 2 (SOA 2003 ss.1-2, 5-6; SOA 1956 s.1)", ["019"]),
    ("Sexual assault and indecent assault", "sexual", "Sch 15 Part 2 (SOA 2003 ss.3, 7; SOA 1956 ss.14-15)",
     ["017", "020"]),
    ("Sexual activity with a child and other child sex offences", "sexual", "Sch 15 Part 2 (SOA 2003 ss.8-15)",
     ["021", "022", "071/03"]),
    ("Familial child sex offences, incest and gross indecency with children", "sexual",
     "Sch 15 Part 2 (SOA 2003 ss.25-26; Indecency with Children Act 1960 s.1)", ["023", "074"]),
    ("Abuse of a position of trust", "sexual", "Sch 15 Part 2 (SOA 2003 ss.16-19)", ["073"]),
    ("Taking or making indecent photographs of children", "sexual", "Sch 15 Part 2 (Protection of Children Act 1978 s.1)",
     ["086/01"]),
    ("Exposure", "sexual", "Sch 15 Part 2 (SOA 2003 s.66)", ["088/01"]),
]

ROWS = [
    {
        "key": "mappa.category2.minimum_custody_months",
        "value": 12,
        "effective_from": CJA_327,
        "source": "Criminal Justice Act 2003 s.327(3)(b)(i), (ii), (v) and (vii): imprisonment, detention in a young "
                  "offender institution, detention under s.91 of the Sentencing Act or a detention and training order "
                  "'for a term of 12 months or more'",
        "description": "Shortest sentence of imprisonment (months) for a violent or sexual offence that makes Category 2",
    },
    {
        "key": "mappa.category2.specified_offences",
        "value": {"groups": [{"name": name, "part": part, "provision": provision, "codes": codes}
                             for name, part, provision, codes in GROUPS]},
        "effective_from": CJA_327,
        "source": "Criminal Justice Act 2003 s.327(3)(a) and (4)(a): 'murder or an offence specified in Schedule 15' "
                  "(Part 1 violent, Part 2 sexual offences, as amended); HMI Probation/HMIC 2010 para 4.3 ('sexual and "
                  "other violent offenders'). Home Office offence codes as recorded here",
        "description": "Offences specified for Category 2, as groups with the Home Office offence codes matched",
    },
    {
        "key": "mappa.category2.disqualification_counts",
        "value": True,
        "effective_from": CJA_327,
        "source": "Criminal Justice Act 2003 s.327(5): disqualification from working with children under the Criminal "
                  "Justice and Court Services Act 2000 ss.28-29 (and s.29A); Essex MAPPA annual report 2008/09 (seed "
                  "002): Category 2 'also includes ... offenders disqualified from working with children'",
        "description": "Whether disqualification from working with children makes Category 2",
    },
    {
        "key": "mappa.category2.disqualification_counts",
        "value": False,
        "effective_from": REPEALED,
        "source": "Criminal Justice Act 2003 s.327(1) now reads 'subsections (2) to (4)': s.327(5) repealed by the "
                  "Protection of Freedoms Act 2012 (Schedules 9 and 10), with the disqualification orders of CJCSA 2000 "
                  "ss.28-29 (replaced by barring under the Safeguarding Vulnerable Groups Act 2006); taken as from 17 "
                  "June 2013",
        "description": "Whether disqualification from working with children makes Category 2",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0009_level_forums")]
    operations = [migrations.RunPython(load, unload)]
