"""Each stored reason for a proposed category now keeps the handling and recording agency of the restricted
items it rests on, and is shown only to those who may see them all (queries.reasons_shown). Reasons stored
before were worked out from every item, whoever identified the case, so they are re-checked here: a reason
whose source is a record of the orders part gets that record's restrictions (a conviction's with those of
its sentences, whose lengths its words give); one whose source cannot be found keeps none, and so is shown
to nobody. A reason without a source (nothing held proposes a category) rests on nothing and is shown to all.
"""
import re

from django.db import migrations

SOURCE = re.compile(r"^/orders/(\d+)/(convictions|sentences|notification|civil-orders)/(\d+)/$")
MODELS = {"convictions": "Conviction", "sentences": "Sentence", "notification": "NotificationRequirement",
          "civil-orders": "CivilOrder"}
BATCH = 500


def _restrictions(apps, nominal_id, url):
    """The [handling, agency id] pairs of the restricted records behind `url`, or None if it names none
    of this person's records."""
    found = SOURCE.match(url or "")
    if not found or int(found.group(1)) != nominal_id:
        return None
    kind, pk = found.group(2), int(found.group(3))
    model = apps.get_model("orders", MODELS[kind])
    item = model.objects.filter(pk=pk, nominal_id=nominal_id).values("handling", "agency_id").first()
    if item is None:
        return None
    rows = [item]
    if kind == "convictions":
        rows += list(apps.get_model("orders", "Sentence").objects.filter(conviction_id=pk).values("handling", "agency_id"))
    pairs = []
    for row in rows:
        pair = [row["handling"], row["agency_id"]]
        if row["handling"] and pair not in pairs:
            pairs.append(pair)
    return pairs


def mark_restricted_reasons(apps, schema_editor):
    Eligibility = apps.get_model("arrangements", "Eligibility")
    changed = []
    for eligibility in Eligibility.objects.only("id", "nominal_id", "proposal_reasons").iterator(chunk_size=BATCH):
        reasons = eligibility.proposal_reasons or []
        if all("restrictions" in r for r in reasons):
            continue
        for reason in reasons:
            if "restrictions" in reason:
                continue
            if not (reason.get("source") or reason.get("url")):
                reason["restrictions"] = []
                continue
            pairs = _restrictions(apps, eligibility.nominal_id, reason.get("url"))
            if pairs is not None:
                reason["restrictions"] = pairs
        changed.append(eligibility)
        if len(changed) >= BATCH:
            Eligibility.objects.bulk_update(changed, ["proposal_reasons"])
            changed = []
    if changed:
        Eligibility.objects.bulk_update(changed, ["proposal_reasons"])


class Migration(migrations.Migration):

    dependencies = [("arrangements", "0007_caseitem_handling_set_by"), ("orders", "0003_caseitem_handling_set_by")]

    operations = [migrations.RunPython(mark_restricted_reasons, migrations.RunPython.noop)]
