"""Fixed-term recalls recorded before the fixed term was worked out by the service (0007) get their term and
its last day, from the reference data in force on the revocation date (the request date before it), as the
service works them out for a new recall."""
from django.db import migrations
from django.utils import timezone

from mappa.orders import rules


def _setting(ReferenceSetting, on):
    return (ReferenceSetting.objects.filter(key="orders.recall.fixed_term", effective_from__lte=on)
            .order_by("-effective_from").first())


def forwards(apps, schema_editor):
    Recall = apps.get_model("orders", "Recall")
    ReferenceSetting = apps.get_model("core", "ReferenceSetting")
    for recall in Recall.objects.filter(kind="fixed_term", fixed_term_days__isnull=True).select_related("sentence"):
        on = timezone.localtime(recall.decided_at).date() if recall.decided_at else recall.requested_on
        setting = _setting(ReferenceSetting, on)
        sentence = recall.sentence
        if setting is None:
            continue  # before fixed-term recalls existed: left for a person to correct, as the service would refuse it
        months = float(sentence.length_months) if sentence.length_months is not None else None
        days = rules.fixed_term_days(kind=sentence.kind, custodial_months=months, table=setting.value)
        if days is None:
            continue
        recall.fixed_term_days = days
        if recall.returned_to_custody_on:
            recall.fixed_term_ends_on = rules.fixed_term_ends(recall.returned_to_custody_on, days)
        recall.basis = "; ".join(part for part in (setting.source, recall.basis) if part)[:600]
        recall.save(update_fields=["fixed_term_days", "fixed_term_ends_on", "basis"])


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0008_sentence_date_sources"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
