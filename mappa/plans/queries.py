"""Reading the plan as a user may see it, and working out what is missing and due.

Everything goes through the access policy. What is missing is worked out on every live item (so a
plan is not called incomplete just because the reader may not see a restricted item), but a gap
that names an item the reader may not see is left out, and restricted items are never shown.
A fixed number of queries whatever the size of the plan's history.
"""
import datetime
from dataclasses import dataclass, field

from mappa.access import policy
from mappa.core import extensions, facts, reference
from mappa.core.markings import marking_for
from mappa.plans import rules
from mappa.plans.models import Heading, Plan, PlanItem, PlanItemRevision, PlanReview, PlanReviewTrigger


def as_rule_item(item: PlanItem) -> rules.Item:
    return rules.Item(
        id=item.pk, heading=item.heading, what=item.what, purpose=item.purpose, element=item.element,
        owner=item.owner.display_name if item.owner_id else "",
        owner_agency=str(item.owner_agency) if item.owner_agency_id else "",
        start=item.start, due=item.due, every_days=item.every_days, response_hours=item.response_hours,
        status=item.status, last_done=item.last_done_on, source_key=item.source_key,
    )


def as_rule_item_light(item: PlanItem) -> rules.Item:
    """For due dates only: no owner names, so no extra queries."""
    return rules.Item(id=item.pk, heading=item.heading, what=item.what, start=item.start, due=item.due,
                      every_days=item.every_days, status=item.status, last_done=item.last_done_on)


def as_rule_requirement(r: extensions.PlanRequirement) -> rules.Requirement:
    return rules.Requirement(key=r.key, kind=r.kind, text=r.text, restrictive=r.restrictive, code=r.code,
                             source=r.source_label)


@dataclass
class PlanState:
    nominal: object
    plan: Plan | None
    items: list  # visible PlanItems
    hidden: list  # (heading, handling) of items the reader may not see
    requirements: list  # [(PlanRequirement, covered: bool)]
    gaps: list
    balance: dict
    review: rules.ReviewDue | None
    triggers: list  # visible open triggers
    hidden_triggers: int
    last_review: PlanReview | None
    overdue_ids: set = field(default_factory=set)
    due_dates: dict = field(default_factory=dict)

    def by_heading(self, agency_id=None):
        rows = []
        for value, label in Heading.choices:
            items = [i for i in self.items if i.heading == value and (agency_id is None or i.owner_agency_id == agency_id)]
            hidden = [h for h in self.hidden if h[0] == value] if agency_id is None else []
            gaps = [g for g in self.gaps if g.heading == value and g.item_id is None]
            # What needs doing comes first: an item overdue or lacking what the plan must say of it (an owner, a
            # timescale); the others are there for a reader who asks for them.
            flagged = self.overdue_ids | {g.item_id for g in self.gaps if g.item_id is not None}
            action = [i for i in items if i.pk in flagged]
            live = sum(1 for i in items if i.status not in rules.CLOSED)
            rows.append({"value": value, "label": label, "items": items, "hidden": hidden, "gaps": gaps,
                         "action": action, "others": [i for i in items if i.pk not in flagged],
                         "live": live, "closed": len(items) - live})
        return rows

    @property
    def markings(self) -> list[str]:
        return [i.marking for i in self.items] + [t.marking for t in self.triggers]


def plan_state(user, nominal, today: datetime.date) -> PlanState:
    """The whole plan as the reader may see it: every visible item in full, for the plan's own pages."""
    plan = policy.items_for(user, Plan, nominal=nominal).first()
    all_items, visible_ids = [], set()
    if plan is not None:  # no plan, no items: the case page of a person without one costs one query here
        all_items = list(policy.items_for_rules(user, PlanItem, nominal).select_related("owner", "owner_agency", "agency", "updated_by"))
        visible_ids = {i.pk for i in all_items if policy.may_see_item(user, i)}
    items = [i for i in all_items if i.pk in visible_ids]
    hidden = [(i.heading, i.get_handling_display()) for i in all_items if i.pk not in visible_ids and i.status != "cancelled"]
    return _state(user, nominal, today, plan, [as_rule_item(i) for i in all_items], visible_ids, items, hidden)


@dataclass
class PlanBrief:
    """The plan in brief for the case page: what the panel shows, read as plain rows, not whole items."""

    plan: Plan | None
    counts: dict  # {heading: live visible items}
    gaps: list
    review: rules.ReviewDue | None
    overdue: int
    markings: list


BRIEF_FIELDS = ("id", "heading", "what", "purpose", "element", "owner_id", "owner_agency_id", "start", "due",
                "every_days", "response_hours", "status", "last_done_on", "source_key", "handling", "agency_id")


def plan_brief(user, nominal, today: datetime.date) -> PlanBrief:
    """Counts, gaps, next review and overdue items worked out as plan_state does, from only the columns
    the rules need: the case page of a person with hundreds of plan items stays quick."""
    plan = policy.items_for(user, Plan, nominal=nominal).first()
    rows, visible_ids = [], set()
    if plan is not None:
        rows = list(policy.items_for_rules(user, PlanItem, nominal).values(*BRIEF_FIELDS))
        visible_ids = {r["id"] for r in rows if policy.may_see(user, r["handling"], r["agency_id"])}
    rule_items = [_brief_rule_item(r) for r in rows]
    state = _state(user, nominal, today, plan, rule_items, visible_ids, [], [])
    counts = {value: 0 for value, _ in Heading.choices}
    for r in rows:
        if r["id"] in visible_ids and r["status"] != "cancelled":
            counts[r["heading"]] += 1
    markings = [marking_for(r["handling"]) for r in rows if r["id"] in visible_ids] + [t.marking for t in state.triggers]
    return PlanBrief(plan=plan, counts=counts, gaps=state.gaps, review=state.review, overdue=len(state.overdue_ids),
                     markings=markings)


def _brief_rule_item(row: dict) -> rules.Item:
    # The rules ask only whether an item has a named owner and an owning agency, not who they are.
    return rules.Item(
        id=row["id"], heading=row["heading"], what=row["what"], purpose=row["purpose"], element=row["element"],
        owner="named" if row["owner_id"] else "", owner_agency="named" if row["owner_agency_id"] else "",
        start=row["start"], due=row["due"], every_days=row["every_days"], response_hours=row["response_hours"],
        status=row["status"], last_done=row["last_done_on"], source_key=row["source_key"],
    )


def _state(user, nominal, today, plan, rule_items, visible_ids, items, hidden) -> PlanState:
    """What is missing and due, worked out on every live item; gaps naming an item the reader may not see
    are left out."""
    requirements = extensions.requirements_for(user, nominal)
    rule_requirements = [as_rule_requirement(r) for r in requirements]
    covered = rules.covered_keys(rule_items)
    registration = facts.facts_for(user, nominal, only=("notification_requirements",)).notification_requirements
    police_may_visit = rules.police_visit_basis(
        registration.source.label if registration.value and registration.source else "", rule_requirements)
    gaps = [g for g in rules.missing(rule_items, rule_requirements, police_may_visit=police_may_visit)
            if g.item_id is None or g.item_id in visible_ids]
    due_dates = {i.id: rules.next_due(i) for i in rule_items if i.id in visible_ids}
    overdue_ids = {i.id for i in rules.overdue(rule_items, today) if i.id in visible_ids}

    review, last_review, open_triggers, visible_triggers = None, None, [], set()
    if plan is not None:
        reviews = policy.items_for_rules(user, PlanReview, nominal).order_by("-completed_on", "-id").select_related("reviewer", "endorsed_by")
        latest = reviews.first()
        last_completed = latest.completed_on if latest else None
        last_review = latest if latest is None or policy.may_see_item(user, latest) else \
            reviews.filter(policy.handling_scope(user)).first()
        open_triggers = list(policy.items_for_rules(user, PlanReviewTrigger, nominal).filter(review__isnull=True))
        visible_triggers = {t.pk for t in open_triggers if policy.may_see_item(user, t)}
        known = facts.facts_for(user, nominal)
        since = last_completed or plan.started_on
        review = rules.review_due(
            since, _intervals(today), level=known.mappa_level, rosh=known.rosh,
            triggers=[(t.occurred_on, t.summary if t.pk in visible_triggers else "a significant event") for t in open_triggers],
            trigger_days=reference.value("plans.review.trigger_days", today),
        )
    return PlanState(
        nominal=nominal, plan=plan, items=items, hidden=hidden,
        requirements=[(r, r.key in covered) for r in requirements], gaps=gaps, balance=rules.balance(rule_items),
        review=review, triggers=[t for t in open_triggers if t.pk in visible_triggers],
        hidden_triggers=len(open_triggers) - len(visible_triggers), last_review=last_review,
        overdue_ids=overdue_ids, due_dates=due_dates,
    )


def _intervals(on):
    from mappa.plans.services import intervals

    return intervals(on)


def plan_as_at(user, nominal, day: datetime.date):
    """The plan's items as they were at the end of `day`, as far as the reader may see them, each
    with who last changed it and how."""
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    from django.utils import timezone

    end = timezone.make_aware(end) if timezone.is_naive(end) else end
    revisions = (
        policy.items_for(user, PlanItemRevision, nominal=nominal).filter(recorded_at__lt=end)
        .select_related("recorded_by").order_by("item_id", "-recorded_at", "-id")
    )
    latest = {}
    for rev in revisions:
        latest.setdefault(rev.item_id, rev)
    rows = []
    for value, label in Heading.choices:
        items = [r for r in latest.values() if r.snapshot.get("heading") == value and r.snapshot.get("status") != "cancelled"]
        rows.append({"value": value, "label": label, "items": sorted(items, key=lambda r: r.item_id)})
    return rows


def changes(user, nominal):
    """Every change to the plan's items the reader may see, newest first."""
    return (policy.items_for(user, PlanItemRevision, nominal=nominal)
            .select_related("recorded_by", "item"))
