"""When statutory victim contact is due, with when it took effect and where it comes from."""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "victims.contact.timescales",
        "effective_from": datetime.date(2005, 7, 1),  # the scheme's commencement (see 0002)
        "value": {"offer_within_days": 56, "input_before_release_days": 120, "input_valid_days": 180,
                  "lookahead_days": 28},
        "source": "Domestic Violence, Crime and Victims Act 2004 s.35(3)-(5) (the duty to find out whether the victim "
        "wishes to make representations about licence conditions, set no period). The documents give no figure: the "
        "inspection measured contact 'in line with national standards' (inspection 2010 ¶7.9, met in three-quarters) "
        "and the Victim Liaison Guidance Manual of June 2008 (¶7.8) without quoting them. Offer within 56 days (eight "
        "weeks) of sentence: the first-contact period of the probation victim contact standard of the time as the "
        "project understands it (Probation Circular 62/2001; Code of Practice for Victims of Crime, 2005), to be "
        "confirmed locally. Input before release 120 days ahead: project default after good practice E2.2-19 (the "
        "safeguards for release planned four months before it; ¶7.10: victim liaison information to inform the "
        "plan). Input counts if made within 180 days of release, and the work list looks 28 days ahead: project "
        "defaults",
        "description": "when statutory victim contact is due (days after sentence, before release) and how far ahead "
        "the work list shows it",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("victims", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
