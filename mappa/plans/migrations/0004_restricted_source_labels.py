"""A plan item linked to a requirement recorded elsewhere keeps that requirement's words ("Comes from",
source_label). An item is now refused unless it is restricted like a restricted requirement; items saved
before may hold a restricted requirement's words in a row more people may read. Their words are cleared
here (from the item and its revisions; the audit trail is append-only and keeps them, under the item's
own handling), where the requirement is restricted other than the item, or can
no longer be found. The link (source_key) stays, so the plan still counts the requirement as covered.
"""
import re

from django.db import migrations

KEY = re.compile(r"^(orders\.prohibition|licences\.licencecondition|arrangements\.minute|arrangements\.disclosure):(\d+)")
SOURCES = {"orders.prohibition": ("orders", "Prohibition"), "licences.licencecondition": ("licences", "LicenceCondition"),
           "arrangements.minute": ("arrangements", "Minute"), "arrangements.disclosure": ("arrangements", "Minute")}


def _source_handling(apps, item):
    """The handling of the item's requirement's record, or None if it cannot be found."""
    found = KEY.match(item.source_key)
    if not found:
        return None
    app, model = SOURCES[found.group(1)]
    return (apps.get_model(app, model).objects.filter(pk=int(found.group(2)), nominal_id=item.nominal_id)
            .values_list("handling", flat=True).first())


def clear_restricted_source_labels(apps, schema_editor):
    PlanItem = apps.get_model("plans", "PlanItem")
    PlanItemRevision = apps.get_model("plans", "PlanItemRevision")
    for item in PlanItem.objects.exclude(source_key="").exclude(source_label="").only(
            "id", "nominal_id", "source_key", "source_label", "handling").iterator(chunk_size=500):
        handling = _source_handling(apps, item)
        if handling is not None and (not handling or handling == item.handling):
            continue
        PlanItem.objects.filter(pk=item.pk).update(source_label="")
        for revision in PlanItemRevision.objects.filter(item_id=item.pk).only("id", "snapshot", "changes"):
            snapshot, changes = dict(revision.snapshot or {}), dict(revision.changes or {})
            if snapshot.get("source_label") or "source_label" in changes:
                snapshot["source_label"] = ""
                changes.pop("source_label", None)
                PlanItemRevision.objects.filter(pk=revision.pk).update(snapshot=snapshot, changes=changes)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_caseitem_handling_set_by"),
        ("orders", "0003_caseitem_handling_set_by"),
        ("licences", "0006_repeated_zone_checks_reference"),
        ("arrangements", "0008_reasons_keep_their_sources_handling"),
    ]

    operations = [migrations.RunPython(clear_restricted_source_labels, migrations.RunPython.noop)]
