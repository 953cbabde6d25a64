"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.arrangements import demo, queries, rules, services
from mappa.arrangements.models import Action, Eligibility, Minute
from mappa.core import extensions, facts
from mappa.core.extensions import CasePanel, CaseTab, NavLink, PlanRequirement, WorkItem
from mappa.core.links import address_of
from mappa.core.notifications import notify
from mappa.nominals import events


def panel_context(user, nominal):
    summary = queries.case_summary(user, nominal, timezone.localdate())
    return {"summary": summary, "proposal": summary.proposal, "can_manage": services.may_manage(user, nominal),
            "markings": [a.marking for a in summary.open_actions]}


extensions.case_panel(CasePanel("mappa", "MAPPA", "arrangements/_panel.html", panel_context, order=20))
extensions.case_tab(CaseTab("MAPPA", "arrangements:case", order=20))
extensions.nav_link(NavLink("MAPPA co-ordinator", "arrangements:coordinator",
                            lambda user: getattr(user, "role", None) == Role.COORDINATOR, order=20))
extensions.nav_link(NavLink("MAPPA meetings", "arrangements:meetings",
                            lambda user: getattr(user, "role", None) in policy.WRITING_ROLES, order=21))


@extensions.work_list(kinds=("mappa_review", "mappa_action", "mappa_action_chair"))
def work(user, today, members=None):
    """Reviews due within two weeks or overdue on the user's own cases (all the area's for co-ordinators),
    and open actions the user owns. With `members` (a supervisor's team, see extensions.work_list): each member's,
    on the team's records, read once for them all."""
    if members is None:
        return _work_of(user, today)
    asked = extensions.answering(user, members)
    ids = [m.pk for m, _ in asked]
    items, level_page, action_page = [], address_of("arrangements:level"), address_of("arrangements:action")
    horizon = rules.after(today, {"weeks": 2})
    reviews = (policy.items_for(user, Eligibility).filter(ended_on__isnull=True, next_review__lte=horizon,
                                                          nominal__team_id=user.team_id)
               .select_related("nominal").order_by("next_review", "pk"))
    reviewers = [(m, whose) for m, whose in asked if getattr(m, "role", None) in policy.WRITING_ROLES]
    reviews = list(reviews) if reviewers else []
    for member, whose in reviewers:
        mine = [r for r in reviews if member.role == Role.COORDINATOR or r.nominal.manager_id == member.pk][:200]
        items += [WorkItem(row.nominal_id, row.nominal.full_name, f"MAPPA level {row.level} review", row.next_review,
                           level_page(row.nominal_id), kind="mappa_review", whose=whose)
                  for row in mine]
    whose_of = dict((m.pk, whose) for m, whose in asked)
    open_actions = (policy.items_for(user, Action).filter(Q(owner_user_id__in=ids) | Q(meeting__chair_id__in=ids),
                                                          status=Action.Status.OPEN, nominal__team_id=user.team_id)
                    .select_related("nominal", "owner_agency", "meeting").order_by("pk"))
    owned, chaired = {}, {}
    for action in open_actions:
        if action.owner_user_id in whose_of:
            owned.setdefault(action.owner_user_id, []).append(action)
        chair = action.meeting.chair_id if action.meeting_id else None
        if chair in whose_of and action.due_on and action.due_on < today and action.owner_user_id != chair:
            chaired.setdefault(chair, []).append(action)
    for member_id, actions in owned.items():
        items += [WorkItem(a.nominal_id, a.nominal.full_name, f"MAPPA action: {a.description[:80]}", a.due_on,
                           action_page(a.pk), kind="mappa_action", whose=whose_of[member_id])
                  for a in actions[:100]]
    for member_id, actions in chaired.items():
        items += [WorkItem(a.nominal_id, a.nominal.full_name,
                           f"Overdue MAPPA action ({a.owner_name}, {a.owner_agency}): {a.description[:60]}", a.due_on,
                           action_page(a.pk), kind="mappa_action_chair", whose=whose_of[member_id])
                  for a in actions[:100]]
    return items


def _work_of(user, today):
    items, level_page, action_page = [], address_of("arrangements:level"), address_of("arrangements:action")
    if getattr(user, "role", None) in policy.WRITING_ROLES:
        horizon = rules.after(today, {"weeks": 2})
        for row in queries.reviews_due(user, horizon, managed_only=user.role != Role.COORDINATOR):
            items.append(WorkItem(row.nominal_id, row.nominal.full_name, f"MAPPA level {row.level} review",
                                  row.next_review, level_page(row.nominal_id), kind="mappa_review"))
    for action in policy.items_for(user, Action).filter(owner_user=user, status=Action.Status.OPEN).select_related("nominal")[:100]:
        items.append(WorkItem(action.nominal_id, action.nominal.full_name, f"MAPPA action: {action.description[:80]}",
                              action.due_on, action_page(action.pk), kind="mappa_action"))
    # Overdue actions from meetings the user chairs (co-ordinators see them on their own view).
    chaired = (policy.items_for(user, Action).filter(meeting__chair=user, status=Action.Status.OPEN, due_on__lt=today)
               .exclude(owner_user=user).select_related("nominal", "owner_agency")[:100])
    for action in chaired:
        items.append(WorkItem(action.nominal_id, action.nominal.full_name,
                              f"Overdue MAPPA action ({action.owner_name}, {action.owner_agency}): {action.description[:60]}",
                              action.due_on, action_page(action.pk), kind="mappa_action_chair"))
    return items


def _mappa_many(reader, nominals) -> dict:
    """Each person's current MAPPA category and level (of the decision in force), of the episodes `reader` may
    see: one query for any number of people."""
    current = {}
    for nominal_id, category, level in (policy.items_on(reader, Eligibility, [n.pk for n in nominals]).filter(ended_on__isnull=True)
                                        .order_by("nominal_id", "-identified_on", "-id")
                                        .values_list("nominal_id", "category", "level")):
        current.setdefault(nominal_id, facts.Facts(mappa_category=category, mappa_level=level))
    return {n.pk: current.get(n.pk, facts.Facts()) for n in nominals}


@facts.provider(many=_mappa_many, provides=("mappa_category", "mappa_level"))
def mappa_facts(reader, nominal):
    episodes = [e for e in queries.current_episodes(nominal) if policy.may_see_item(reader, e)]
    return facts.Facts(mappa_category=episodes[0].category, mappa_level=episodes[0].level) if episodes else facts.Facts()


@extensions.plan_requirements
def plan_requirements(user, nominal):
    """Decisions of MAPPA meetings and disclosure decisions, for the shared risk management plan."""
    out = []
    minutes = policy.items_for(user, Minute, nominal=nominal).select_related("meeting").order_by("meeting__held_on", "id")
    for minute in minutes:
        url = reverse("arrangements:meeting", args=[minute.meeting_id])
        label = str(minute.meeting)
        for n, line in enumerate(l.strip() for l in minute.decisions.splitlines()):
            if line:
                out.append(PlanRequirement(key=f"arrangements.minute:{minute.pk}:{n}", kind="mappa_decision", text=line,
                                           source_label=label, source_url=url, since=minute.meeting.held_on, handling=minute.handling))
        if minute.disclosure_considered and minute.disclosure_decision.strip():
            out.append(PlanRequirement(key=f"arrangements.disclosure:{minute.pk}", kind="disclosure_decision",
                                       text=minute.disclosure_decision.strip(), source_label=label, source_url=url,
                                       since=minute.meeting.held_on, handling=minute.handling))
    return out


@events.subscribe
def prompt_review_on_significant_events(event, actor):
    """Significant events call for an immediate review of a MAPPA case (inspection 2010 ¶9.2). The manager
    and the area's co-ordinators are told; the message names only the kind of event, never its content.
    An event restricted like its source (new intelligence, say) is told only to those who may see it: the
    kind alone would tell the others that restricted information exists."""
    if event.kind == event.Kind.LEVEL_CHANGE:
        return
    if not Eligibility.objects.filter(nominal_id=event.nominal_id, ended_on__isnull=True).exists():
        return
    nominal = event.nominal
    message = f"{nominal.full_name}: {event.get_kind_display().lower()} recorded. Consider an immediate MAPPA review."
    recipients = {u.pk: u for u in services.coordinators_of(nominal)}
    if nominal.manager_id:
        recipients[nominal.manager_id] = nominal.manager
    recipients.pop(getattr(actor, "pk", None), None)
    notify(recipients.values(), kind="mappa_review_prompt", message=message, nominal=nominal, about=event)


extensions.demo_data(demo.load, after=("orders", "licences"))
