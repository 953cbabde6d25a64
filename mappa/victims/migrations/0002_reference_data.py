"""Who comes within the statutory victim contact scheme, with when it took effect and where it comes from."""
import datetime

from django.db import migrations

from mappa.core import reference

DVCVA = "Domestic Violence, Crime and Victims Act 2004"
COMMENCED = datetime.date(2005, 7, 1)  # Chapter 2 of Part 3 (ss.35-45) in force

ROWS = [
    {
        "key": "victims.contact_scheme",
        "effective_from": COMMENCED,
        "value": {
            "minimum_months": 12,
            "term_kinds": ["custody", "extended"],
            "any_length_kinds": ["life", "ipp"],
            "hospital_kinds": ["hospital_restriction"],
        },
        "source": f"{DVCVA}, s.35(1)-(2) (a person convicted of a sexual or violent offence and a relevant sentence "
        "passed), s.45(1) (a relevant sentence: imprisonment for a term of 12 months or more, detention during Her "
        "Majesty's pleasure, detention for 12 months or more) and ss.36-38 (a hospital order with a restriction "
        "order); Chapter 2 of Part 3 in force from 1 July 2005. Inspection 2010 ¶7.7 (statutory victim contact "
        "cases in the sample)",
        "description": "the statutory victim contact scheme (which sentences count, and the shortest term)",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("victims", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
