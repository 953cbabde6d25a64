"""When the law requires a standard fixed-term prisoner to be released on licence, by date.

`orders.release.two_thirds` holds the sentences that serve two-thirds (Criminal Justice Act 2003 s.244ZA), as in
force on the day of sentence: the section reaches sentences imposed on or after its dates. `orders.release.standard`
holds the ordinary part of the term (s.244(3)(a): one-half; 40 per cent from 10 September 2024), which reaches
prisoners already serving who are still in custody when it changes (SI 2024/844, explanatory note)."""
import datetime

from django.db import migrations

from mappa.core import reference

LIFE_UNKNOWN = ("Two-thirds if the offence is specified in Schedule 15 and carries life (s.244ZA): the record does "
                "not say which, so check the prison's calculation")
ROWS = [
    {
        "key": "orders.release.two_thirds",
        "value": {"rules": []},
        "effective_from": datetime.date(2005, 4, 4),
        "source": "Criminal Justice Act 2003 s.244(1), (3)(a), in force 4 April 2005: release at one-half for every "
                  "standard fixed-term prisoner; no two-thirds point before s.244ZA",
        "description": "Standard fixed-term sentences released at two-thirds (by date of sentence)",
    },
    {
        "key": "orders.release.two_thirds",
        "value": {"rules": [
            {"min_months": 84, "offence": "schedule_15", "basis": "two-thirds of the term (CJA 2003 s.244ZA(4))",
             "caveat": LIFE_UNKNOWN},
        ]},
        "effective_from": datetime.date(2020, 4, 1),
        "source": "Release of Prisoners (Alteration of Relevant Proportion of Sentence) Order 2020 (SI 2020/158), "
                  "from 1 April 2020; now CJA 2003 s.244ZA(4): a term of 7 years or more imposed on or after 1 April "
                  "2020 for an offence specified in Part 1 or 2 of Schedule 15 for which life could have been imposed",
        "description": "Standard fixed-term sentences released at two-thirds (by date of sentence)",
    },
    {
        "key": "orders.release.two_thirds",
        "value": {"rules": [
            {"min_months": 84, "offence": "schedule_15", "basis": "two-thirds of the term (CJA 2003 s.244ZA(4))",
             "caveat": LIFE_UNKNOWN},
            {"min_months": 48, "below_months": 84, "offence": "sexual",
             "basis": "two-thirds of the term (CJA 2003 s.244ZA(5), (7)(a))",
             "caveat": "Two-thirds if the sexual offence is specified in Schedule 15 and carries life (s.244ZA(5), "
                       "(7)(a)): the record does not say which, so check the prison's calculation"},
            {"min_months": 48, "below_months": 84, "offence": "violent", "listed_only": True,
             "basis": "two-thirds of the term (CJA 2003 s.244ZA(5), (7)(b))",
             "caveat": "Two-thirds if the offence is one of the violent offences listed in s.244ZA(7)(b) (among them "
                       "manslaughter, soliciting murder and wounding with intent): check the prison's calculation"},
        ]},
        "effective_from": datetime.date(2022, 6, 28),
        "source": "Police, Crime, Sentencing and Courts Act 2022 s.130, in force 28 June 2022, inserting CJA 2003 "
                  "s.244ZA(5)-(7): a term of at least 4 but less than 7 years imposed on or after that day for a "
                  "Schedule 15 Part 2 sexual offence carrying life, or a listed violent offence",
        "description": "Standard fixed-term sentences released at two-thirds (by date of sentence)",
    },
    {
        "key": "orders.release.standard",
        "value": {"fraction": "1/2", "basis": "one-half of the term (CJA 2003 s.244(3)(a))"},
        "effective_from": datetime.date(2005, 4, 4),
        "source": "Criminal Justice Act 2003 s.244(3)(a) (and s.243A for terms under 12 months), in force 4 April 2005",
        "description": "The part of a standard fixed-term sentence served before automatic release",
    },
    {
        "key": "orders.release.standard",
        "value": {
            "fraction": "2/5",
            "basis": "40 per cent of the term (CJA 2003 s.244(3)(a) as modified by SI 2024/844 art. 3(2))",
            "longer_sentences_from": {"months": 60, "date": "2024-10-22"},
            "excluded": [{"offence": "sexual"}, {"offence": "violent", "min_months": 48}],
            "excluded_note": "Not 40 per cent: sexual offences, and violent offences with a term of 4 "
                             "years or more, are excluded (SI 2024/844 art. 3 and Schedule)",
            "caveat": "One-half instead if the offence is excluded by the Schedule to SI 2024/844 (as amended by "
                      "SI 2024/1331 from 16 December 2024), among others stalking, controlling or coercive behaviour, "
                      "and breach of a restraining, stalking protection or sexual harm prevention order",
        },
        "effective_from": datetime.date(2024, 9, 10),
        "source": "Criminal Justice Act 2003 (Requisite and Minimum Custodial Periods) Order 2024 (SI 2024/844) "
                  "arts. 1-3: 40 per cent instead of one-half from 10 September 2024 for sentences imposed on or after "
                  "that day and for those under 5 years imposed before it, from 22 October 2024 for those of 5 years "
                  "or more imposed before it; reaches prisoners still in custody on that day; excluded offences in "
                  "its Schedule",
        "description": "The part of a standard fixed-term sentence served before automatic release",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("orders", "0010_release_lookahead")]
    operations = [migrations.RunPython(load, unload)]
