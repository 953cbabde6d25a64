"""Measures the register answers now that visits hold the planned visit and its pre-visit check, and intelligence
its submission and evaluation: QM-11 (the next visit planned in the register), QM-92 (the pre-visit check, and the
PNC check in it) and QM-36 as far as the register answers it (information evaluated in the time allowed)."""
from importlib import import_module

from django.db import migrations

from mappa.core import reference

measure = import_module("mappa.quality.migrations.0002_reference_data").measure

ROWS = [
    measure(
        "visit_diarised", "QM-11", "Next police home visit planned in the register", "para 7.22",
        "the ViSOR diary was 'not widespread' in use for the next visit; spreadsheets and desk diaries were used instead"),
    measure(
        "visit_checked", "QM-92", "Pre-visit check recorded before a police home visit", "para 7.18",
        "five of the six forces routinely did a risk assessment before a visit, and 'even where risk assessments were "
        "conducted, the information was not always entered onto ViSOR'", window_months=12),
    measure(
        "visit_pnc", "QM-92", "PNC checked before a police home visit", "para 7.18",
        "none of the six forces routinely checked the PNC for wanted status or new convictions, including those "
        "outside the force area, before a visit", window_months=12),
    measure(
        "intelligence_evaluated", "QM-36", "Information evaluated within the time allowed", "para 4.19",
        "information submitted for the attention of the case manager is to be extracted and registered as intelligence, "
        "and supervisors audit it and ensure actions are completed (catalogue F-053); the inspectors gave no figure. "
        "The catalogue's QM-36 counts items audited by a supervisor and actions done by their due dates, which this "
        "measure does not (an item's actions are read only by those who answer for the record). The time allowed "
        "is intelligence.evaluation.within", window_months=12),
]


class Migration(migrations.Migration):
    dependencies = [("quality", "0002_reference_data")]
    operations = [migrations.RunPython(lambda apps, schema: reference.load_rows(apps, ROWS),
                                       lambda apps, schema: reference.unload_rows(apps, ROWS))]
