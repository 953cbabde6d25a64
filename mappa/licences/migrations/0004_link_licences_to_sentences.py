"""Link each existing licence to the sentence it was issued under, where exactly one of the person's custodial
sentences has the same licence period (start and end); otherwise the licence is left as it is, its dates shown
as not yet confirmed by a recorded sentence. The period is read as mappa.orders.rules.licence_period reads it
(copied here so that the migration does not change if that function does)."""
from django.db import migrations

CUSTODIAL = ("custody", "extended", "ipp", "life")


def _period(s):
    if s.licence_start is None:
        return None
    return (s.released_on or s.licence_start, s.licence_end or s.sentence_expiry)


def link(apps, schema_editor):
    Licence = apps.get_model("licences", "Licence")
    Sentence = apps.get_model("orders", "Sentence")
    by_person: dict = {}
    for s in Sentence.objects.filter(kind__in=CUSTODIAL, licence_start__isnull=False).order_by("pk"):
        period = _period(s)
        if period and period[1]:
            by_person.setdefault((s.nominal_id, period), []).append(s.pk)
    for licence in Licence.objects.filter(sentence__isnull=True).order_by("pk"):
        matches = by_person.get((licence.nominal_id, (licence.start_date, licence.end_date)), [])
        if len(matches) == 1:
            # The dates already agree, so only the link is written (and the version moves on, so an edit
            # started before the link is refused rather than silently unlinking it).
            Licence.objects.filter(pk=licence.pk).update(sentence_id=matches[0], version=licence.version + 1)


def unlink(apps, schema_editor):
    apps.get_model("licences", "Licence").objects.update(sentence=None)


class Migration(migrations.Migration):
    dependencies = [
        ("licences", "0003_licence_sentence"),
        ("orders", "0002_records"),
    ]

    operations = [migrations.RunPython(link, unlink)]
