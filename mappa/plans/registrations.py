"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
import datetime

from django.db.models import Case, Max, When

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.nominals import events
from mappa.plans import queries, rules, services
from mappa.plans.models import Heading, Plan, PlanItem, PlanReview, PlanReviewTrigger, Status


def panel_context(user, nominal):
    """The plan in brief for the case page: counts by heading, what is missing, next review, overdue items."""
    from django.utils import timezone

    today = timezone.localdate()
    brief = queries.plan_brief(user, nominal, today)
    return {
        "plan": brief.plan, "missing": brief.gaps, "review": brief.review,
        "review_overdue": bool(brief.review and brief.review.due < today),
        "overdue": brief.overdue,
        "counts": [{"label": label, "count": brief.counts[value]} for value, label in Heading.choices],
        "markings": brief.markings,
    }


extensions.case_panel(extensions.CasePanel("plan", "Risk management plan", "plans/panel.html", panel_context, order=60))
extensions.case_tab(extensions.CaseTab("Plan", "plans:plan", order=60))


# What the work list reads of a plan item (queries.as_rule_item_light).
LIGHT_ITEM = ("id", "nominal_id", "heading", "what", "start", "due", "every_days", "status", "last_done_on")


def _first(rows, key, limit: int) -> list:
    """The first `limit` rows of each `key(row)`: what each member's own list, limited, would hold."""
    counted, kept = {}, []
    for row in rows:
        counted[key(row)] = counted.get(key(row), 0) + 1
        if counted[key(row)] <= limit:
            kept.append(row)
    return kept


def work(user, today: datetime.date, members=None) -> list:
    """Plan items the user owns that are due soon or overdue, and reviews due on the plans they manage. With
    `members` (a supervisor's team, see extensions.work_list): each member's, read once for them all."""
    found = []
    whose_of = {m.pk: whose for m, whose in extensions.answering(user, members)}
    ids = list(whose_of)
    items = (policy.items_for(user, PlanItem).filter(owner_id__in=ids).exclude(status__in=[Status.DONE, Status.CANCELLED])
             .select_related("nominal").only(*LIGHT_ITEM, "owner_id", *extensions.NOMINAL_NAME))
    plans = policy.items_for(user, Plan).filter(nominal__manager_id__in=ids).select_related("nominal")
    plans = plans.only("id", "nominal_id", "started_on", "nominal__manager_id", *extensions.NOMINAL_NAME).annotate(
        last=Max("reviews__completed_on"))
    if members is None:
        items, plans = list(items[:200]), list(plans[:100])
    else:
        items = _first(items.order_by("pk"), lambda i: i.owner_id, 200)
        plans = _first(plans.order_by("pk"), lambda p: p.nominal.manager_id, 100)
    found += _endorsements(user, None if members is None else
                           [m for m in members if m.role == Role.SUPERVISOR and m.team_id == user.team_id])
    if not items and not plans:
        return found
    ahead = today + datetime.timedelta(days=reference.value("plans.worklist.lookahead_days", today))
    plan_page, review_page = address_of("plans:plan"), address_of("plans:review_add")
    for item in items:
        due = rules.next_due(queries.as_rule_item_light(item))
        if due is not None and due <= ahead:
            found.append(extensions.WorkItem(
                nominal_id=item.nominal_id, nominal_name=item.nominal.full_name, what=f"Plan: {item.what}", due=due,
                url=plan_page(item.nominal_id), kind="plan_item", whose=whose_of[item.owner_id]))
    open_triggers = {}
    # Every open trigger counts towards the review's due date; only those the user may see are named.
    triggers = (policy.items_for_rules(user, PlanReviewTrigger).filter(nominal__in=[p.nominal_id for p in plans], review__isnull=True)
                .annotate(visible=Case(When(policy.handling_scope(user), then=True), default=False))
                .values_list("nominal_id", "occurred_on", "kind", "visible"))
    for nominal_id, occurred_on, kind, visible in triggers:
        open_triggers.setdefault(nominal_id, []).append((occurred_on, kind.replace("_", " ") if visible else "a significant event"))
    if plans:
        intervals = services.intervals(today)
        trigger_days = reference.value("plans.review.trigger_days", today)
    known_of = facts.facts_for_many(user, [plan.nominal for plan in plans], only=("mappa_level", "rosh"))
    for plan in plans:
        known = known_of[plan.nominal_id]
        due = rules.review_due(plan.last or plan.started_on, intervals, level=known.mappa_level, rosh=known.rosh,
                               triggers=open_triggers.get(plan.nominal_id, []), trigger_days=trigger_days)
        if due.due <= ahead:
            found.append(extensions.WorkItem(
                nominal_id=plan.nominal_id, nominal_name=plan.nominal.full_name,
                what=f"Review the risk management plan ({due.reason})", due=due.due,
                url=review_page(plan.nominal_id), kind="plan_review",
                whose=whose_of[plan.nominal.manager_id]))
    return found


def _endorsements(user, supervisors=None) -> list:
    """Supervisors are prompted to endorse their team's reviews (¶9.5: they "did not have the capacity
    to be proactive in prompting reviews"), other than their own. `supervisors`: the team's supervisors whose prompts
    these are, on the team queue (each marked with whose), read once for them all."""
    if user.role != Role.SUPERVISOR or not user.team_id:
        return []
    waiting = (policy.items_for(user, PlanReview).filter(nominal__team_id=user.team_id, endorsed_by__isnull=True)
               .select_related("nominal", "reviewer").order_by("completed_on", "pk")
               .only("nominal_id", "completed_on", "reviewer_id", "nominal__first_name", "nominal__middle_names",
                     "nominal__last_name", "reviewer__username", "reviewer__first_name", "reviewer__last_name"))
    asked = [(user, "")] if supervisors is None else [(m, m.display_name) for m in supervisors]
    if supervisors is None:
        waiting = waiting.exclude(reviewer=user)[:50]
    else:
        waiting = list(waiting)
    found, review_page = [], address_of("plans:review_detail", 2)
    for member, whose in asked:
        mine = [r for r in waiting if r.reviewer_id != member.pk][:50]
        found += [extensions.WorkItem(
            nominal_id=r.nominal_id, nominal_name=r.nominal.full_name, what=f"Endorse the plan review by {r.reviewer.display_name}",
            due=r.completed_on, url=review_page(r.nominal_id, r.pk), kind="plan_endorsement",
            whose=whose) for r in mine]
    return found


extensions.work_list(work, kinds=("plan_item", "plan_review", "plan_endorsement"), facts=("mappa_level", "rosh"))
events.subscribe(services.on_significant_event)


def _demo(*, users, nominals, today):
    from mappa.plans import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("orders", "licences", "arrangements"))
