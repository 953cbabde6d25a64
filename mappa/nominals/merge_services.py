"""Two records found to be one person, merged into one (policy.may_merge): propose, then confirm.

Everything on the merged-away record moves to the survivor. What moves is found from the models' own foreign
keys to the person, so a part added later moves too (tests/test_merge.py fails if one does not). The rows keep
their ids and versions. The audit rows stay where they were written, because they are append-only, and are
read with the survivor's (policy.with_merged). The merged-away record itself stays, marked as merged: audit rows
point at it, and its old id leads on to the survivor (policy.survivor_for).
"""
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.nominals import names, rules
from mappa.nominals.models import Activity, Address, Alias, Identifier, Nominal, Partner
from mappa.nominals.services import refresh_name_keys

# Links to a person that a merge leaves where they are, and why. Every other foreign key to Nominal moves.
KEPT = {
    ("audit.AuditEvent", "nominal"): "audit rows are append-only; the survivor's history reads them (policy.with_merged)",
}
# Rows that are not items a reader counts: search keys (rebuilt), and the system's own bookkeeping.
NOT_COUNTED = {"nominals.NameKey", "core.Notification", "access.BreakGlassGrant", "nominals.Partner", "nominals.Nominal"}
# Kinds of which a person normally has one current: both records having some is a conflict to review.
REVIEW_AFTER = {
    "arrangements.Eligibility": "MAPPA eligibility",
    "arrangements.LevelDecision": "MAPPA level decisions",
    "licences.Licence": "licences",
}

REFUSED = ("Only a supervisor of the team that holds both records, or a MAPPA co-ordinator of the area whose "
           "teams hold both, can merge records. Ask one of them")


def links_to_person() -> list[models.ForeignKey]:
    """Every foreign key to a person that a merge moves."""
    return [f for model in apps.get_models() for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is Nominal and (model._meta.label, f.name) not in KEPT]


@dataclass
class Proposal:
    """What merging `merged` into `survivor` would do, as its reader may be told it."""
    survivor: Nominal
    merged: Nominal
    counts: list[tuple[str, int]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def versions(self) -> tuple[int, int]:
        return self.survivor.version, self.merged.version


def _records(actor, survivor_id, merged_id) -> tuple[Nominal, Nominal]:
    survivor = policy.get_nominal(actor, survivor_id)
    merged = policy.get_nominal(actor, merged_id)
    rules.raise_if(rules.merge_errors(survivor.pk, merged.pk))
    if not policy.may_merge(actor, survivor, merged):
        raise PermissionDenied(REFUSED)
    return survivor, merged


def propose(*, actor, survivor_id, merged_id) -> Proposal:
    """What would move and what to review first: counts of what the actor may see, by kind, and conflicts."""
    survivor, merged = _records(actor, survivor_id, merged_id)
    proposal = Proposal(survivor, merged, counts=_visible_counts(actor, merged),
                        conflicts=_conflicts(actor, survivor, merged), blockers=_blockers(survivor, merged))
    record(actor, Action.VIEW, merged, nominal=merged, details={"what": f"merge proposal into record {survivor.pk}"})
    return proposal


def _visible_counts(actor, merged) -> list[tuple[str, int]]:
    counts = []
    for link in links_to_person():
        model = link.model
        if link.name != "nominal" or model._meta.label in NOT_COUNTED:
            continue
        if model._meta.label == "victims.Victim":
            number = policy.victim_count_for(actor, merged)
        else:
            number = policy.items_for(actor, model, nominal=merged).count()
        if number:
            counts.append((str(model._meta.verbose_name_plural).capitalize(), number))
    partners = policy.partners_for(actor, merged).count()
    if partners:
        counts.append(("Partners", partners))
    return sorted(counts)


def _conflicts(actor, survivor, merged) -> list[str]:
    """What the reviewer should look at, from what they may see of both records."""
    found = []
    a, b = survivor, merged
    if (names.normalise(a.first_name), names.normalise(a.last_name)) != (names.normalise(b.first_name), names.normalise(b.last_name)):
        found.append(f"The names differ: {b.full_name} will be kept on the record as an alias, so searches for it "
                     f"still find {a.full_name}.")
    if a.date_of_birth != b.date_of_birth:
        found.append(f"The dates of birth differ ({_day(a.date_of_birth)} and {_day(b.date_of_birth)}). The record keeps "
                     f"{_day(a.date_of_birth)}: change it afterwards if the other is right.")
    if a.manager_id and b.manager_id and a.manager_id != b.manager_id:
        found.append(f"Both records have a manager. {a.manager.display_name} stays the manager; "
                     f"{b.manager.display_name} becomes a partner.")
    elif b.manager_id and not a.manager_id:
        found.append(f"{b.manager.display_name} manages the other record and becomes a partner on this one.")
    if a.team_id != b.team_id:
        found.append(f"The records are held by different teams ({a.team} and {b.team}). Afterwards only {a.team} "
                     "holds the person: add as partners anyone else who still works with them.")
    found += _identifier_conflicts(actor, a, b)
    homes = [policy.items_for(actor, Address, nominal=n).filter(status=Address.Status.CURRENT)
             .exclude(kind=Address.Kind.WORK).exists() for n in (a, b)]
    if all(homes):
        found.append("Both records have a current home: both are kept. Mark the one that is no longer current as previous.")
    for label, what in REVIEW_AFTER.items():
        model = apps.get_model(label)
        if all(policy.items_for(actor, model, nominal=n).exists() for n in (a, b)):
            found.append(f"Both records have {what}: all are kept. Review them after merging.")
    if hasattr(a, "shared_risk_management_plan") and hasattr(b, "shared_risk_management_plan"):
        found.append("Both records have a risk management plan: the other plan's items and reviews join this one's.")
    return found


def _identifier_conflicts(actor, a, b) -> list[str]:
    held = {}
    for n in (a, b):
        for kind, value in policy.items_for(actor, Identifier, nominal=n).values_list("kind", "value"):
            held.setdefault(kind, {}).setdefault(n.pk, []).append(value)
    return [f"Both records have a {Identifier(kind=kind).get_kind_display()} "
            f"({', '.join(v for values in by_record.values() for v in values)}): both are kept. Check which is right."
            for kind, by_record in sorted(held.items()) if len(by_record) == 2]


def _day(day) -> str:
    return f"{day:%-d %B %Y}" if day else "not known"


def _unique_sets(link) -> list[tuple[tuple[str, ...], Q]]:
    """The other fields that must differ between rows on one person (a field's own uniqueness, or a unique
    constraint that includes the link), each with the rows it applies to."""
    model = link.model
    sets = [((), Q())] if link.unique else []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and link.name in constraint.fields:
            sets.append((tuple(f for f in constraint.fields if f != link.name), constraint.condition or Q()))
    sets += [(tuple(f for f in together if f != link.name), Q()) for together in model._meta.unique_together
             if link.name in together]
    return sets


def _clashes(link, survivor, merged) -> bool:
    """Whether moving the merged record's rows of this link would break a rule of one per person."""
    for others, condition in _unique_sets(link):
        def rows(nominal, others=others, condition=condition):
            return link.model.objects.filter(condition, **{link.name: nominal})

        if not others and rows(survivor).exists() and rows(merged).exists():
            return True
        if others and set(rows(survivor).values_list(*others)) & set(rows(merged).values_list(*others)):
            return True
    return False


# Clashes a merge resolves itself: the same partner on both (one partnership ends), and one plan each (the other
# plan's contents join the survivor's). Any other clash stops the merge until someone puts it right.
RESOLVED = {"nominals.Partner", "plans.Plan"}


def _blockers(survivor, merged) -> list[str]:
    return [f"Both records are linked to the same {link.model._meta.verbose_name}, which the register holds once "
            "per person. Remove it from one record, then merge."
            for link in links_to_person() if link.model._meta.label not in RESOLVED and _clashes(link, survivor, merged)]


@transaction.atomic
def merge(*, actor, survivor_id, merged_id, survivor_version: int, merged_version: int, reason: str) -> Nominal:
    """Merge the record `merged_id` into `survivor_id`, if neither has changed since the proposal was read."""
    survivor, merged = _records(actor, survivor_id, merged_id)
    rules.raise_if(rules.merge_reason_errors(reason))
    locked = {n.pk: n for n in Nominal.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk]).order_by("pk")}
    for nominal, version in ((survivor, survivor_version), (merged, merged_version)):
        if locked[nominal.pk].version != version or locked[nominal.pk].merged_into_id:
            raise StaleEdit(locked[nominal.pk])
    blockers = _blockers(survivor, merged)
    if blockers:
        raise ValidationError({"other": blockers})
    now = timezone.now()
    _end_shared_partnerships(actor, survivor, merged, now)
    staying = _fold_plans(survivor, merged)
    _unlink_from_self(actor, survivor, merged)
    moved = {}
    for link in links_to_person():
        rows = link.model.objects.filter(**{link.name: merged}).exclude(pk__in=staying.get(link.model, ()))
        count = rows.update(**{link.name: survivor})
        if count:
            moved[f"{link.model._meta.label}.{link.name}"] = count
    _keep_name(actor, survivor, merged)
    _keep_manager(actor, survivor, merged)
    refresh_name_keys(survivor)
    merged.merged_into, merged.merged_at = survivor, now
    save_if_current(merged, merged_version, ["merged_into", "merged_at"])
    save_if_current(survivor, survivor_version, [])
    record(actor, Action.UPDATE, survivor, nominal=survivor, reason=reason, label=survivor.full_name,
           changes={"merged_from": [None, f"record {merged.pk} ({merged.full_name})"]},
           details={"survivor": survivor.pk, "merged": merged.pk, "moved": moved})
    record(actor, Action.UPDATE, merged, nominal=merged, reason=reason, label=merged.full_name,
           changes={"merged_into": [None, f"record {survivor.pk} ({survivor.full_name})"]},
           details={"survivor": survivor.pk, "merged": merged.pk})
    Activity.objects.create(nominal=survivor, kind=Activity.Kind.CHANGE, occurred_at=now, agency_id=actor.agency_id,
                            created_by=actor, summary=f"Record {merged.pk} ({merged.full_name}) merged into this record "
                                                      f"by {actor.display_name}"[:200])
    return survivor


def _end_shared_partnerships(actor, survivor, merged, now) -> None:
    """A partner on both records keeps the survivor's partnership; the other one ends (one live one each)."""
    on_survivor = Partner.objects.filter(nominal=survivor, ended_at__isnull=True).values("user_id")
    for partner in Partner.objects.filter(nominal=merged, ended_at__isnull=True, user_id__in=on_survivor).select_related("user"):
        partner.ended_at = now
        partner.save(update_fields=["ended_at"])
        record(actor, Action.UPDATE, partner, nominal=merged, label=f"Partner {partner.user.display_name}",
               changes={"partner": [partner.user.display_name, None]}, details={"why": "already a partner on the survivor"})


def _fold_plans(survivor, merged) -> dict:
    """One plan per person: when both have one, everything in the merged record's plan joins the survivor's.
    The emptied plan row stays with the merged record: returned as {model: ids} for the move to leave."""
    Plan = apps.get_model("plans", "Plan")
    plans = {p.nominal_id: p for p in Plan.objects.filter(nominal__in=[survivor, merged])}
    if len(plans) < 2:
        return {}
    for model in apps.get_models():
        for link in model._meta.get_fields():
            if link.is_relation and link.concrete and link.related_model is Plan and model is not Plan:
                model.objects.filter(**{link.name: plans[merged.pk]}).update(**{link.name: plans[survivor.pk]})
    return {Plan: [plans[merged.pk].pk]}


def _unlink_from_self(actor, survivor, merged) -> None:
    """A link between the two records (a relationship, someone living at an address) would link the person to
    themselves: the link is cleared, its words kept, and the change audited."""
    pair = [survivor.pk, merged.pk]
    for link in links_to_person():
        if link.name == "nominal" or not link.null or "nominal" not in {f.name for f in link.model._meta.concrete_fields}:
            continue
        for item in link.model.objects.filter(**{f"{link.name}__in": pair, "nominal__in": pair}):
            old = getattr(item, f"{link.name}_id")
            setattr(item, link.name, None)
            item.save(update_fields=[link.name])
            record(actor, Action.UPDATE, item, nominal=item.nominal, changes={link.name: [f"record {old}", None]},
                   details={"why": "the two records were merged"})


def _keep_name(actor, survivor, merged) -> None:
    """The merged record's name becomes an alias of the survivor (unless it is already one of its names), so a
    search for it finds the survivor."""
    key = lambda first, last: (names.normalise(first or ""), names.normalise(last or ""))  # noqa: E731
    held = {key(survivor.first_name, survivor.last_name)}
    held |= {key(first, last) for first, last in Alias.objects.filter(nominal=survivor).values_list("first_name", "last_name")}
    if key(merged.first_name, merged.last_name) in held:
        return
    alias = Alias.objects.create(nominal=survivor, kind=Alias.Kind.ALIAS, first_name=merged.first_name,
                                 last_name=merged.last_name, agency_id=actor.agency_id, created_by=actor,
                                 notes=f"The name on record {merged.pk}, merged into this one")
    record(actor, Action.CREATE, alias, nominal=survivor,
           changes={"first_name": [None, alias.first_name], "last_name": [None, alias.last_name]})


def _keep_manager(actor, survivor, merged) -> None:
    """Whoever managed the merged record keeps working with the person, as a partner on the survivor."""
    manager = merged.manager
    if (manager is None or not manager.is_active or manager.pk == survivor.manager_id
            or Partner.objects.filter(nominal=survivor, user=manager, ended_at__isnull=True).exists()):
        return
    partner = Partner.objects.create(nominal=survivor, user=manager, added_by=actor,
                                     reason=f"Managed record {merged.pk}, merged into this one")
    record(actor, Action.CREATE, partner, nominal=survivor, label=f"Partner {manager.display_name}",
           changes={"partner": [None, manager.display_name]}, details={"reason": partner.reason})
