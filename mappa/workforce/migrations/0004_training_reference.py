"""The training a case needs of its manager (allocation by skills) and how far ahead expiring training is flagged.
Citations as 0002: where the documents give no figure the row says so."""
import datetime

from django.db import migrations

from mappa.core import reference

GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
FOUND = datetime.date(2010, 3, 1)  # as 0002
NO_NUMBER = "No number given in the sources: project default."

ROWS = [
    {
        "key": "workforce.case_training",
        "value": {
            "sexual_offender": {
                "offender_manager": ["rm2000", "home_visiting"],
                "senior_probation_officer": ["rm2000"],
                "public_protection_officer": ["visor", "rm2000", "home_visiting"],
                "ppu_supervisor": ["visor", "rm2000"],
            },
            "female_sexual_offender": {
                "offender_manager": ["female_offenders"],
                "senior_probation_officer": ["female_offenders"],
            },
        },
        "effective_from": FOUND,
        "source": f"{INSPECTION}: P-30 step 1 and F-152 (¶10.2: allocation ignored confidence and skills; the senior "
        "probation officer, R-12, allocates considering skills). A sexual offender case (a registered sexual "
        "offender, or MAPPA category 1) needs of its manager: RM2000, the sexual offenders' risk tool (¶5.5, F-061: "
        "7 of 45 probation staff responsible for it untrained); ViSOR for police public protection staff (¶10.8, "
        "F-153, R-03 and R-04 'training gate for ViSOR/RM2000'); home visiting for those who visit, offender managers "
        "and public protection officers (¶7.17, ¶10.6, F-126: 'allocation warns if an untrained user is assigned'). "
        "A woman who sexually offends needs training in working with women who sexually offend (¶10.3, F-100: 8 of "
        "12 offender managers with such cases had none; QM-132; "
        f"{GOOD_PRACTICE}, E2.3-27). QM-131: users in role with current training. Which kinds of case need what is "
        "the project's reading of those paragraphs (the sources give no table); a warning, not a bar: the allocation "
        "goes on with a recorded reason (F-152 asks that the allocation screen show the training, not forbid it)",
        "description": "The training a case needs of its manager, by the kind of case and the manager's role",
    },
    {
        "key": "workforce.training.expiry_window_days",
        "value": 60,
        "effective_from": FOUND,
        "source": f"{NO_NUMBER} Training in force that expires within this many days is on the person's work list and "
        "their supervisor's team list, so that the refresher is booked in time; training expired that the role "
        f"still requires stays there until renewed. What the sources say: {INSPECTION}, F-153 (¶10.8: a training "
        "register with expiry and refresher dates; refresher training was wanted), E-34 (refresher dates), QM-131",
        "description": "Days ahead that training about to expire is on the work list",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("workforce", "0003_discussedcase_agreed")]
    operations = [migrations.RunPython(load, unload)]
