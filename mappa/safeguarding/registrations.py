"""What this part adds to the case page (a panel and a tab), the work list, the shared plan and the demo data (see
mappa.core.extensions)."""
import datetime
from dataclasses import replace

from django.db.models import Q
from django.urls import reverse

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions, reference
from mappa.core.links import address_of


def panel_context(user, nominal):
    from mappa.safeguarding import queries

    if not policy.can(user, policy.READ, nominal):
        return None
    return queries.summary(user, nominal)


extensions.case_panel(extensions.CasePanel("safeguarding", "Disclosure and safeguarding", "safeguarding/_panel.html",
                                           panel_context, order=47))
extensions.case_tab(extensions.CaseTab("Safeguarding", "safeguarding:nominal", order=47))


def _cases(user) -> list:
    """The cases whose disclosure work the user answers for: those they manage or partner on, and a supervisor's
    team's."""
    return policy.answered_cases(user, policy.WRITE)


@extensions.work_list(kinds=("disclosure_review", "disclosure_request", "disclosure_prompt"), answered=True)
def work(user, today: datetime.date, members=None) -> list:
    """Disclosure reviews and public requests' stages due soon or overdue, and new partners or children in the
    household with no disclosure decision, on the cases the user answers for, as the user may see them. With
    `members` (a supervisor's team, see extensions.work_list): each member's, from the team's cases read once."""
    excluded = (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY)
    if not user.is_authenticated or user.role in excluded:
        return []
    if members is None:
        return _work_on(user, {n.pk: n for n in _cases(user)}, today)
    asked = [m for m in members if m.is_authenticated and m.role not in excluded]
    # The team queue keeps the team's records only.
    people = list(policy.nominals_for(user, policy.WRITE).filter(team_id=user.team_id)
                  .only("id", "manager_id", "team_id", "first_name", "middle_names", "last_name"))
    answer = policy.who_answers(asked, people)
    return [replace(item, whose=m.display_name) for item in _work_on(user, {n.pk: n for n in people}, today)
            for m in answer[item.nominal_id]]


def _work_on(user, people: dict, today: datetime.date) -> list:
    from mappa.nominals.models import Occupant, Relationship
    from mappa.safeguarding import rules
    from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest

    if not people:
        return []
    try:
        lookahead = reference.value("safeguarding.worklist.lookahead_days", today)
    except reference.MissingReferenceData:
        return []
    found, pages = [], {}

    def add(pk, what, due, url_name, arg, kind):
        if url_name not in pages:
            pages[url_name] = address_of(url_name)
        found.append(extensions.WorkItem(nominal_id=pk, nominal_name=people[pk].full_name, what=what, due=due,
                                         url=pages[url_name](arg), kind=kind))

    decisions = list(policy.items_on(user, DisclosureDecision, people).only(
        "id", "nominal_id", "review_on", "relationship_id", "occupant_id", "considered_on").order_by("nominal_id", "-considered_on", "-id"))
    latest = {}
    for d in decisions:
        latest.setdefault(d.nominal_id, d)
    for d in latest.values():
        state = rules.review_state(d.review_on, today, lookahead)
        if state:
            add(d.nominal_id, f"Disclosure decision review {state}", d.review_on, "safeguarding:decision", d.pk,
                "disclosure_review")
    for r in policy.items_on(user, DisclosureRequest, people).filter(closed_on__isnull=True):
        try:
            timescales = reference.value("safeguarding.csods.timescales", r.received_on)
        except reference.MissingReferenceData:
            continue
        stage = rules.next_stage(received_on=r.received_on, outcome=r.outcome or "", timescales=timescales,
                                 done={f: getattr(r, f) for f, _l, _k in rules.STAGES})
        if stage and stage.due <= today + datetime.timedelta(days=lookahead):
            add(r.nominal_id, f"Disclosure request: {stage.stage.lower()} {stage.state(today)}", stage.due,
                "safeguarding:request", r.pk, "disclosure_request")
    answered_r = {d.relationship_id for d in decisions if d.relationship_id}
    answered_o = {d.occupant_id for d in decisions if d.occupant_id}
    partners = policy.items_on(user, Relationship, people).filter(kind=Relationship.Kind.PARTNER).exclude(pk__in=answered_r)
    # Only those who may be under 18 are read (born in the last nineteen years, or marked under 18 with no date of
    # birth); each is then checked exactly (is_under_18_on). A team's current addresses hold thousands of adults.
    young = Q(date_of_birth__gte=datetime.date(today.year - 19, 1, 1)) | Q(date_of_birth__isnull=True, under_18=True)
    children = (policy.items_on(user, Occupant, people).filter(young, address__status="current").exclude(pk__in=answered_o)
                .only("id", "nominal_id", "name", "date_of_birth", "under_18"))
    # Each person's partners and children, gathered once (not every row looked at again for each person).
    partners_of, children_of = {}, {}
    for r in partners:
        partners_of.setdefault(r.nominal_id, []).append((r.pk, r.other_name, r.started, r.ended))
    for o in children:
        if o.is_under_18_on(today):
            children_of.setdefault(o.nominal_id, []).append((o.pk, o.name))
    for pk in people:
        prompts = rules.open_prompts(
            partners=partners_of.get(pk, []), children=children_of.get(pk, []),
            answered_relationships=answered_r, answered_occupants=answered_o, today=today)
        for prompt in prompts:
            add(pk, prompt.text, None, "safeguarding:nominal", pk, "disclosure_prompt")
    return found


@extensions.plan_requirements
def disclosure_decisions(user, nominal) -> list:
    """Each decision to disclose, for the shared plan (inspection 2010 ¶5.18: disclosure is one of its contents;
    ¶7.4): whom it tells, by kind, and by what power. The recipient's name stays on the decision."""
    from mappa.safeguarding.models import DisclosureDecision

    rows = (policy.items_for(user, DisclosureDecision, nominal=nominal)
            .filter(decision=DisclosureDecision.Decision.DISCLOSE).order_by("considered_on", "pk"))
    return [extensions.PlanRequirement(
        key=f"safeguarding.disclosuredecision:{d.pk}", kind="disclosure_decision",
        text=(f"Disclose to: {d.get_recipient_kind_display().lower() or 'the person named in the decision'}"
              f" ({d.get_power_display()}){'' if d.disclosed_on else ', not yet disclosed'}"),
        source_label=f"Disclosure decision of {d.considered_on:%-d %B %Y}",
        source_url=reverse("safeguarding:decision", args=[d.pk]), restrictive=True, since=d.considered_on,
        handling=d.handling) for d in rows]


@extensions.demo_data(after=("arrangements", "orders"))
def demo(*, users, nominals, today):
    from mappa.safeguarding.demo import load

    load(users=users, nominals=nominals, today=today)


@extensions.case_markers
def header_markers(user, nominal) -> list:
    """Staff-safety (red) and keep-apart (orange) markers in the case header, as the reader may see them."""
    from mappa.safeguarding import queries

    return [extensions.CaseMarker(label=m["label"], text=m["text"], href=m["link"],
                                  kind="warning" if m["staff_safety"] else "caution", marking=m["marking"])
            for m in queries.markers(user, nominal)]
