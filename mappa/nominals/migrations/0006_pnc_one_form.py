"""PNC numbers are compared in one form however they were written (names.canonical_pnc), so that
"1999/0417762H" finds "99/0417762H". A stored number whose one form another record already holds
keeps its old form, rather than failing the migration: the duplicate is for people to resolve."""
from django.db import migrations

BATCH = 5000


def renormalise(apps, schema_editor):
    from mappa.nominals.names import normalise_identifier

    Identifier = apps.get_model("nominals", "Identifier")
    taken = set(Identifier.objects.filter(kind="pnc").values_list("normalised", flat=True))
    changed = []
    for row in Identifier.objects.filter(kind="pnc").only("pk", "value", "normalised").iterator(chunk_size=BATCH):
        wanted = normalise_identifier(row.value, "pnc")
        if wanted != row.normalised and wanted not in taken:
            taken.discard(row.normalised)
            taken.add(wanted)
            row.normalised = wanted
            changed.append(row)
        if len(changed) >= BATCH:
            Identifier.objects.bulk_update(changed, ["normalised"])
            changed = []
    Identifier.objects.bulk_update(changed, ["normalised"])


class Migration(migrations.Migration):
    dependencies = [("nominals", "0005_name_key_handling")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
