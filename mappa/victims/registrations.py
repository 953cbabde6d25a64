"""What this part adds to the case page (a panel and a tab), the work list, the shared plan, the significant events
it listens to and the demo data (see mappa.core.extensions)."""
import datetime

from django.urls import reverse

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.nominals import events
from mappa.victims import rules


def panel_context(user, nominal):
    from mappa.victims import queries, services

    if not policy.can(user, policy.READ, nominal):
        return None
    data = queries.summary(user, nominal)
    if data["sees"]:  # the case page's own view row stands for the count; names shown are reads of victims
        services.record_read(user, nominal, data, "victims (case page panel)")
    return data


extensions.case_panel(extensions.CasePanel("victims", "Victims", "victims/_panel.html", panel_context, order=45))
extensions.case_tab(extensions.CaseTab("Victims", "victims:nominal", order=45))


def _cases(user) -> list:
    """The cases whose victim work the user answers for: those they manage or partner on (the victim liaison
    officer is a partner), and a supervisor's team's."""
    return policy.answered_cases(user)


def contact_due_on(user, people, today: datetime.date) -> list[tuple[object, object]]:
    """(victim, ContactDue) for the victims on `people` (read through nominals_for), judged from the convictions,
    sentences and legal status the user may see. The victims carry their scheme state only (policy.victim_scheme_on)."""
    from mappa.orders.models import Conviction, Sentence
    from mappa.victims import rules

    victims = [v for v in policy.victim_scheme_on(user, people) if v.kind == rules.PAST and v.conviction_id]
    if not victims:
        return []
    ids = [n.pk for n in people]
    convictions = {c.pk: c for c in policy.items_on(user, Conviction, ids).filter(pk__in={v.conviction_id for v in victims})
                   .only("id", "sexual", "violent")}
    latest = {}
    for s in (policy.items_on(user, Sentence, ids).filter(conviction_id__any=list(convictions))
              .only("id", "conviction_id", "kind", "sentenced_on", "length_months").order_by("sentenced_on", "id")):
        latest[s.conviction_id] = s
    with_victims = {v.nominal_id for v in victims}
    status = facts.facts_for_many(user, [n for n in people if n.pk in with_victims], only=("in_custody", "release_date"))
    # Each victim is judged by the guidance of their offender's day of sentence: the dated rows are read once here
    # (two queries however many victims), and each day's value picked from them.
    schemes, timetables = reference.every_row("victims.contact_scheme"), reference.every_row("victims.contact.timescales")
    found = []
    for v in victims:
        conviction, sentence = convictions.get(v.conviction_id), latest.get(v.conviction_id)
        if conviction is None or sentence is None or sentence.sentenced_on is None:
            continue
        scheme = reference.in_force_among(schemes, sentence.sentenced_on)
        timescales = reference.in_force_among(timetables, sentence.sentenced_on)
        if scheme is None or timescales is None:  # sentenced before the scheme's guidance: nothing to judge by
            continue
        eligible = rules.contact_scheme_eligibility(
            victim_kind=v.kind, sexual=conviction.sexual, violent=conviction.violent, sentence_kind=sentence.kind,
            length_months=sentence.length_months, scheme=scheme).eligible
        f = status[v.nominal_id]
        for due in rules.contact_due(eligible=eligible, sentenced_on=sentence.sentenced_on, offered_on=v.scheme_offered_on,
                                     response=v.scheme_response, ended_on=v.ended_on, release_date=f.release_date,
                                     in_custody=bool(f.in_custody.value), last_input_on=v.last_input_on,
                                     timescales=timescales):
            if rules.shows_on_work_list(due.due, today, timescales["lookahead_days"]):
                found.append((v, due))
    return found


@extensions.work_list(kinds=(rules.OFFER, rules.RELEASE_INPUT), facts=("in_custody", "release_date"), answered=True)
def victim_contact_due(user, today: datetime.date, members=None) -> list:
    """Victim contact due: the offer of statutory contact and the victim liaison officer's input before release, on
    the cases the user answers for. Those who may see the victims get a line for each, linked to it; the others
    (who are told already that victims are recorded) see only that the liaison officer's input is awaited. With
    `members` (a supervisor's team, see extensions.work_list): each member's lines, from the team's cases read once."""
    from mappa.victims import rules

    excluded = (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY)
    asked = [(m, whose) for m, whose in extensions.answering(user, members)
             if getattr(m, "is_authenticated", False) and m.role not in excluded]
    if not asked:
        return []
    if members is None:
        people = list(_cases(user))
    else:  # the team queue keeps the team's records only
        people = list(policy.nominals_for(user).filter(team_id=user.team_id)
                      .only("id", "first_name", "middle_names", "last_name", "manager_id", "team_id").order_by("id"))
    if not people:
        return []
    answer = {n.pk: [user] for n in people} if members is None else policy.who_answers([m for m, _ in asked], people)
    names = {n.pk: n.full_name for n in people}
    due_here = contact_due_on(user, people, today)
    items, victim_page, victims_page = [], address_of("victims:victim"), address_of("victims:nominal")
    for member, whose in asked:
        mine = [n for n in people if member in answer[n.pk]]
        sees = policy.sees_victims_on(member, mine)
        ids = {n.pk for n in mine}
        awaited = {}
        for victim, due in due_here:
            if victim.nominal_id not in ids:
                continue
            if victim.nominal_id in sees:
                items.append(extensions.WorkItem(victim.nominal_id, names[victim.nominal_id], due.what, due.due,
                                                 victim_page(victim.pk), kind=due.kind, whose=whose))
            elif due.kind == rules.RELEASE_INPUT:
                awaited[victim.nominal_id] = min(due.due, awaited.get(victim.nominal_id, due.due))
        for pk, due in awaited.items():
            items.append(extensions.WorkItem(pk, names[pk], rules.AWAITED_FOR_OTHERS, due,
                                             victims_page(pk), kind=rules.RELEASE_INPUT, whose=whose))
    return items


@extensions.plan_requirements
def victim_safety(user, nominal) -> list:
    """Victims' requests for licence conditions that were included or are still to decide: victim safety measures
    the shared plan must show (inspection 2010 ¶5.18, ¶7.10; F-079). Only for a reader who may see the victims; the
    text names the kind of condition, never the victim."""
    from mappa.victims.models import ConditionRequest

    rows = (policy.victim_requests_on_record(user, nominal).filter(victim__ended_on__isnull=True)
            .exclude(outcome=ConditionRequest.Outcome.REFUSED).order_by("requested_on", "pk"))
    return [extensions.PlanRequirement(
        key=f"victims.conditionrequest:{r.pk}", kind="victim_safety",
        text=f"A victim asked for: {r.get_kind_display().lower()} ({r.get_outcome_display().lower()})",
        source_label=f"Victim's request of {r.requested_on:%-d %B %Y}", source_url=reverse("victims:victim", args=[r.victim_id]),
        restrictive=True, since=r.requested_on, handling=r.handling) for r in rows]


# What the victim liaison officer must hear of to tell the victims and ask their views (inspection 2010 ¶7.9-7.10;
# P-19.3: prompts at release; good practice AL-14, AL-20): release, recall, a change of address, and (announced by
# the licences and orders parts) licence conditions, zones and the expected release date.
TOLD_EVENTS = (events.Kind.ADDRESS, events.Kind.RELEASE, events.Kind.RECALL)


def tell_liaison_officers(actor, nominal, what: str, about) -> list:
    """Tell the liaison officers holding the record's victims, each only if they may see `about`; never the actor."""
    from mappa.core.notifications import notify

    officers = [u for u in policy.victim_liaison_officers(nominal) if u.pk != getattr(actor, "pk", None)]
    if not officers:
        return []
    message = (f"{nominal.full_name}: {what}. You hold victims on this record: tell those in contact and record "
               "their views for the manager.")
    return notify(officers, kind="victim_liaison_change", message=message, nominal=nominal, about=about)


@events.on_change
def change_for_victims(actor, nominal, what, about):
    tell_liaison_officers(actor, nominal, what, about)


@events.subscribe
def event_for_victims(event, actor):
    if event.kind in TOLD_EVENTS:
        tell_liaison_officers(actor, event.nominal, event.get_kind_display().lower(), event)


@extensions.demo_data(after=("orders",))
def demo(*, users, nominals, today):
    from mappa.victims.demo import load

    load(users=users, nominals=nominals, today=today)
