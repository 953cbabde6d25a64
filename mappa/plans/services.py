"""Every change to the shared risk management plan goes through these functions.

Each takes the acting user, checks the access policy, validates, saves, and writes the audit
event in the same transaction. Items are separate rows, each with its own version: agencies
adding or changing different items never collide; a stale change to the same item is refused.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import diff, plain, record, snapshot
from mappa.core import extensions, reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.markings import Handling
from mappa.core.recording import refuse_unknown
from mappa.plans import rules
from mappa.plans.models import Plan, PlanItem, PlanItemRevision, PlanReview, PlanReviewTrigger, Status

ITEM_FIELDS = ("heading", "what", "why", "owner", "owner_agency", "purpose", "element", "start", "due", "every_days",
               "response_hours", "status", "last_done_on", "completed_on", "evidence", "source_key", "handling")
REVIEW_FIELDS = ("considered", "victim_views", "changes", "outcome", "handling")



def people_on_case(nominal):
    """Who can own a plan item: the manager, current partners and the team holding the record."""
    return User.objects.filter(
        Q(pk=nominal.manager_id) | Q(team_id=nominal.team_id)
        | Q(partnerships__nominal=nominal, partnerships__ended_at__isnull=True),
        is_active=True,
    ).exclude(role__in=[Role.ADMIN, Role.EMERGENCY]).select_related("agency").distinct().order_by("first_name", "last_name")


def _ensure_plan(actor, nominal) -> Plan:
    """The person's one plan, made by whoever adds to it first. If two agencies do so at the same
    moment, the second uses the plan the first made (its own work is kept: items are separate rows)."""
    plan = Plan.objects.filter(nominal=nominal).first()
    if plan is None:
        try:
            with transaction.atomic():
                plan = Plan.objects.create(nominal=nominal, started_on=timezone.localdate(), created_by=actor)
        except IntegrityError:
            return Plan.objects.get(nominal=nominal)
        record(actor, Action.CREATE, plan, nominal=nominal, label=str(plan))
    return plan


def _validate_item(actor, item: PlanItem) -> None:
    errors = {}
    if item.owner_id:
        if not people_on_case(item.nominal).filter(pk=item.owner_id).exists():
            errors["owner"] = "Choose someone who works on this case: the manager, a partner or the team"
        elif item.owner_agency_id and item.owner_agency_id != item.owner.agency_id:
            errors["owner_agency"] = f"{item.owner.display_name} works for {item.owner.agency}: choose that agency or leave it blank"
        else:
            item.owner_agency_id = item.owner.agency_id
    if item.start and item.due and item.due < item.start:
        errors["due"] = "The due date must be on or after the start date"
    if item.status == Status.DONE and not (item.evidence or "").strip():
        errors["evidence"] = "Say what shows the item was done"
    if item.status == Status.DONE and not item.completed_on:
        item.completed_on = timezone.localdate()
    if item.element == rules.CONTINGENCY and not item.response_hours:
        errors["response_hours"] = "Say how fast the owner acts if risk rises, in hours"
    if item.source_key:
        known = {r.key: r for r in extensions.requirements_for(actor, item.nominal)}
        if item.source_key in known:
            requirement = known[item.source_key]
            item.source_label = requirement.text[:300]
            # The item keeps the requirement's words: it may not be read by more people than the requirement.
            if requirement.handling and item.handling != requirement.handling:
                errors["handling"] = (f"What this comes from is restricted ({Handling(requirement.handling).label.lower()}): "
                                      f"restrict this item the same way")
        elif item.pk is None or item.source_key != PlanItem.objects.filter(pk=item.pk).values_list("source_key", flat=True).first():
            errors["source_key"] = "Choose one of the requirements listed for this person"
    if errors:
        raise ValidationError(errors)


def _revision(actor, item: PlanItem, changes: dict) -> None:
    PlanItemRevision.objects.create(
        item=item, nominal_id=item.nominal_id, number=item.version, recorded_by=actor,
        snapshot={f: plain(getattr(item, f)) for f in ITEM_FIELDS} | {
            "owner_name": item.owner.display_name if item.owner_id else "",
            "owner_agency_name": str(item.owner_agency) if item.owner_agency_id else "",
            "source_label": item.source_label,
        },
        changes=changes, handling=item.handling, agency_id=item.agency_id,
    )


@transaction.atomic
def add_item(*, actor, nominal, data: dict) -> PlanItem:
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    refuse_unknown(data, ITEM_FIELDS)
    plan = _ensure_plan(actor, nominal)
    item = PlanItem(**data, plan=plan, nominal=nominal, agency_id=actor.agency_id, created_by=actor, updated_by=actor)
    item.full_clean(exclude=["plan"])
    _validate_item(actor, item)
    item.save()
    changes = diff({}, snapshot(item, [f for f in ITEM_FIELDS if f in data or f == "owner_agency"]))
    record(actor, Action.CREATE, item, nominal=nominal, changes=changes)
    _revision(actor, item, changes)
    return item


@transaction.atomic
def update_item(*, actor, item: PlanItem, data: dict, version: int) -> PlanItem:
    item = policy.get_item(actor, PlanItem, item.pk, policy.WRITE)
    refuse_unknown(data, ITEM_FIELDS)
    data = policy.with_handling_change(actor, item, data)
    fields = list(dict.fromkeys([*data.keys(), "owner_agency", "completed_on", "source_label"]))
    before = snapshot(item, fields)
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean(exclude=["plan"])
    _validate_item(actor, item)
    changes = diff(before, snapshot(item, fields))
    if item.version != version:
        raise StaleEdit(PlanItem.objects.get(pk=item.pk))
    if not changes:
        return item
    item.updated_by = actor
    save_if_current(item, version, [*fields, "updated_by"])
    record(actor, Action.UPDATE, item, nominal=item.nominal, changes=changes)
    _revision(actor, item, changes)
    return item


def intervals(on) -> rules.ReviewIntervals:
    return rules.ReviewIntervals(
        base=reference.value("plans.review.base_interval", on),
        by_level=reference.value("plans.review.level_interval", on),
        by_rosh=reference.value("plans.review.rosh_interval", on),
    )


@transaction.atomic
def complete_review(*, actor, nominal, data: dict, confirm_copied: bool = False, due_on=None) -> PlanReview:
    """Record a review. A section copied unchanged from the last review must be confirmed, and the
    review stays flagged as partly copied (¶9.8)."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    refuse_unknown(data, REVIEW_FIELDS)
    plan = Plan.objects.filter(nominal=nominal).first()
    if plan is None:
        raise ValidationError({"__all__": "Add items to the plan before reviewing it"})
    errors = rules.review_gaps(data)
    if not data.get("outcome"):
        errors["outcome"] = "Choose the outcome of the review"
    if errors:
        raise ValidationError(errors)
    last = PlanReview.objects.filter(plan=plan).order_by("-completed_on", "-id").first()
    since = last.created_at if last else None
    changed = PlanItemRevision.objects.filter(nominal=nominal, **({"recorded_at__gt": since} if since else {})).count()
    if problem := rules.outcome_unsupported(data["outcome"], changed):
        raise ValidationError({"outcome": problem})
    copied = rules.copied_sections(snapshot(last, rules.REVIEW_SECTIONS) if last else None, data)
    if copied and not confirm_copied:
        raise ValidationError({name: f"{rules.REVIEW_SECTIONS[name]} is the same as the last review. Update it, or "
                               "confirm that it still applies word for word" for name in copied})
    open_triggers = list(PlanReviewTrigger.objects.select_for_update().filter(nominal=nominal, review__isnull=True))
    review = PlanReview(
        **data, plan=plan, nominal=nominal, agency_id=actor.agency_id, created_by=actor, reviewer=actor,
        kind=PlanReview.Kind.TRIGGERED if open_triggers else PlanReview.Kind.SCHEDULED, due_on=due_on,
        completed_on=timezone.localdate(), copied_sections=copied,
    )
    review.full_clean(exclude=["plan", "reviewer"])
    review.save()
    for trigger in open_triggers:  # each dealt with: a new version and an audit row (restricted like the trigger)
        trigger.review = review
        save_if_current(trigger, trigger.version, ["review"])
        record(actor, Action.UPDATE, trigger, nominal=nominal, changes={"review": [None, str(review)]})
    record(actor, Action.CREATE, review, nominal=nominal, changes=diff({}, snapshot(review, [*data.keys(), "kind"])),
           details={"copied_sections": copied, "triggers": len(open_triggers)})
    return review


@transaction.atomic
def endorse_review(*, actor, review: PlanReview, note: str, version: int, checked: bool) -> PlanReview:
    """A supervisor endorses a review (¶9.5, ¶10.12): not the reviewer, only once, and only after
    checking the plan against its content checklist (¶5.18: countersigning "to achieve the national
    standard on timeliness rather than quality"; catalogue F-082)."""
    review = policy.get_item(actor, PlanReview, review.pk, policy.WRITE)
    if actor.role != Role.SUPERVISOR:
        raise PermissionDenied("Only a supervisor can endorse a review.")
    errors = {}
    if review.reviewer_id == actor.pk:
        errors["note"] = "Someone other than the reviewer must endorse it"
    if review.endorsed_by_id:
        errors["note"] = "This review has already been endorsed"
    if not (note or "").strip():
        errors["note"] = "Say what you checked before endorsing the review"
    if not checked:
        errors["checked"] = "Confirm that you have checked the plan against what it must show"
    if errors:
        raise ValidationError(errors)
    if review.version != version:
        raise StaleEdit(PlanReview.objects.get(pk=review.pk))
    review.endorsed_by, review.endorsed_on, review.endorsement_note = actor, timezone.localdate(), note.strip()
    save_if_current(review, version, ["endorsed_by", "endorsed_on", "endorsement_note"])
    record(actor, Action.UPDATE, review, nominal=review.nominal,
           changes={"endorsed_by": [None, actor.display_name], "endorsement_note": ["", review.endorsement_note]},
           details={"checklist_confirmed": True})
    return review


def on_significant_event(event, actor) -> None:
    """A significant event makes a review of the plan due (¶9.2, ¶9.7), if the person has a plan."""
    if not Plan.objects.filter(nominal_id=event.nominal_id).exists():
        return
    # Judged by the guidance in force when the event comes to notice: it may have happened long before.
    if event.kind not in reference.value("plans.review.trigger_kinds", timezone.localdate()):
        return
    trigger = PlanReviewTrigger.objects.create(
        nominal_id=event.nominal_id, event=event, kind=event.kind, summary=event.summary, occurred_on=event.occurred_on,
        handling=event.handling, agency_id=event.agency_id, created_by=actor,
    )
    record(actor, Action.CREATE, trigger, nominal=event.nominal, label=f"Plan review due: {event.get_kind_display()}",
           details={"event": event.pk, "kind": event.kind})
