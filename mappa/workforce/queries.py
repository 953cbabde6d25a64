"""What the workforce pages, API and work list read, always through mappa.access.policy."""
import datetime
from dataclasses import dataclass, field

from mappa.access import policy
from mappa.core import facts, reference
from mappa.nominals import weights as base_weights
from mappa.risk.models import TrainingRecord
from mappa.risk.rules import Training
from mappa.supervision.models import Requirement
from mappa.workforce import rules
from mappa.workforce.models import CourseRecord

FACTS = ("rosh", "mappa_level", "on_licence", "community_order")
CASES_LISTED = 200  # a member's cases named on the team page


def tables(today: datetime.date) -> dict:
    """The reference data the rules use, in force on `today`, read once for a page or a work list."""
    return {"by_risk": reference.value("caseload.weights", today),
            "usual_maximum": reference.value("caseload.usual_maximum", today),
            "by_work": reference.value("workforce.caseload.weights", today),
            "interval": reference.value("workforce.supervision.interval", today),
            "lookahead": int(reference.value("workforce.worklist.lookahead_days", today)),
            "roles": reference.value("workforce.roles", today)}


def course_name(code: str, roles: dict) -> str:
    return roles["courses"].get(code, code)


def trainings(reader, people) -> dict[int, list[Training]]:
    """{person id: their training} in the risk tools (the risk part's records) and in other courses, for the people
    the reader may see the training of (policy.staff_for)."""
    ids = [p.pk for p in people]
    found: dict = {pk: [] for pk in ids}
    for user_id, tool, on, until in (policy.staff_training_for(reader, TrainingRecord).filter(user_id__in=ids)
                                     .values_list("user_id", "tool", "trained_on", "expires_on")):
        found[user_id].append(Training(tool, on, until))
    for user_id, course, on, until in (policy.staff_training_for(reader, CourseRecord).filter(user_id__in=ids)
                                       .values_list("user_id", "course", "completed_on", "expires_on")):
        found[user_id].append(Training(course, on, until))
    return found


def training_rows(reader, person, roles: dict) -> list[tuple]:
    """One person's training, risk tools and other courses, newest first: (name, completed, expires, whether it is a
    risk tool's record, which the risk part keeps)."""
    rows = [(t.get_tool_display(), t.trained_on, t.expires_on, True)
            for t in policy.staff_training_for(reader, TrainingRecord).filter(user=person)]
    rows += [(course_name(c.course, roles), c.completed_on, c.expires_on, False)
             for c in policy.staff_training_for(reader, CourseRecord).filter(user=person)]
    return sorted(rows, key=lambda r: r[1], reverse=True)


def next_due(reader, people) -> dict[int, datetime.date]:
    """{person id: when their next supervision is due}, from the latest session the reader may see."""
    found: dict = {}
    for supervisee_id, due in (policy.staff_supervisions_for(reader).filter(supervisee_id__in=[p.pk for p in people])
                               .order_by("supervisee_id", "-held_on", "-id").values_list("supervisee_id", "next_due")):
        found.setdefault(supervisee_id, due)
    return found


def supervisions(reader, person=None):
    rows = policy.staff_supervisions_for(reader).select_related("supervisor", "supervisee")
    return rows.filter(supervisee=person) if person is not None else rows


def discussed(reader, sessions) -> dict[int, list]:
    """{session id: the cases discussed that the reader may see}, each with what was agreed for it (`agreed_here`)."""
    found: dict = {}
    for row in policy.discussed_cases_for(reader, [s.pk for s in sessions]).select_related("nominal").order_by(
            "nominal__last_name", "nominal__first_name"):
        row.nominal.agreed_here = row.agreed
        found.setdefault(row.supervision_id, []).append(row.nominal)
    return found


def cases_both_see(reader, supervisee):
    """The cases the supervisee manages that both the reader and the supervisee may see: those a session may name."""
    theirs = policy.nominals_for(supervisee).filter(manager=supervisee).values("pk")
    return policy.nominals_for(reader).filter(pk__in=theirs).order_by("last_name", "first_name", "pk")


@dataclass
class MemberRow:
    """A member of the supervisor's team as the team page shows them."""

    member: object
    cases: list = field(default_factory=list)  # the cases they manage that the reader may see
    load: base_weights.Load | None = None
    over: bool = False
    role: str = ""
    role_name: str = ""
    missing: list[str] = field(default_factory=list)  # names of the courses the role requires they lack
    next_due: datetime.date | None = None
    supervision: str = ""  # rules.OVERDUE, rules.DUE or ""


def team(reader, today: datetime.date) -> list[MemberRow] | None:
    """The reader's team, when the policy lets them see it (a supervisor, their own team only): each member's cases
    the reader may see, their weight and whether it is above capacity, the training their role requires that they
    lack, and when their next supervision is due. None for anyone else. A fixed number of queries: the members,
    the cases, the facts, the requirements, the training and the sessions, each read once."""
    if not policy.may_see_team(reader):
        return None
    numbers = tables(today)
    members = list(policy.team_members_for(reader).select_related("agency").order_by("last_name", "first_name", "pk"))
    cases = list(policy.nominals_for(reader).filter(manager_id__in=[m.pk for m in members])
                 .only("id", "manager_id", "first_name", "middle_names", "last_name").order_by("last_name", "first_name"))
    known = facts.facts_for_many(reader, cases, only=FACTS)
    requirements: dict = {}
    for nominal_id, kind in (policy.items_for(reader, Requirement).filter(nominal_id__any=[c.pk for c in cases],
                                                                         status=Requirement.Status.ACTIVE)
                             .values_list("nominal_id", "kind")):
        requirements.setdefault(nominal_id, []).append(kind)
    held: dict = {}
    for case in cases:
        f = known[case.pk]
        held.setdefault(case.manager_id, []).append((case, rules.CaseWork(
            f.rosh, f.mappa_level, bool(f.on_licence.value), bool(f.community_order.value),
            tuple(requirements.get(case.pk, ())))))
    training = trainings(reader, members)
    due = next_due(reader, members)
    rows = []
    for m in members:
        mine = held.get(m.pk, [])
        load = rules.caseload([w for _, w in mine], numbers["by_risk"], numbers["by_work"])
        role = rules.role_of(m.agency.kind if m.agency_id else "", m.role, numbers["roles"])
        rows.append(MemberRow(
            member=m, cases=[c for c, _ in mine][:CASES_LISTED], load=load,
            over=rules.over_capacity(load, numbers["usual_maximum"]), role=role,
            role_name=numbers["roles"]["roles"].get(role, {}).get("name", ""),
            missing=[course_name(c, numbers["roles"]) for c in rules.missing_training(role, training[m.pk], today,
                                                                                     numbers["roles"])],
            next_due=due.get(m.pk),
            supervision=rules.supervision_state(due.get(m.pk), today, numbers["lookahead"]) if m.pk != reader.pk else ""))
    return rows


def weights_described(today: datetime.date) -> str:
    """The weights in words, for the team page."""
    numbers = tables(today)
    work = numbers["by_work"]
    kinds = ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in work["requirements"].items() if v)
    return (f"{base_weights.describe(numbers['by_risk'])} A licence adds {work['licence']:g}, a community or suspended "
            f"sentence order {work['order']:g}, and each requirement in progress by its kind ({kinds}).")


def register_of(person) -> list[Training]:
    """A person's whole training register, risk tools and other courses: what a rule about them reads (as the risk
    part's gate reads its records), never shown as such to anyone."""
    rows = [Training(t, on, until) for t, on, until in
            TrainingRecord.objects.filter(user=person).values_list("tool", "trained_on", "expires_on")]
    return rows + [Training(c, on, until) for c, on, until in
                   CourseRecord.objects.filter(user=person).values_list("course", "completed_on", "expires_on")]


def lacking_for_cases(actor, nominals, manager, on: datetime.date) -> dict[int, list[str]]:
    """{case id: the names of the training the manager lacks for it} (rules.lacking_for_case): the kind of case as
    the actor may see it (registration and MAPPA category, facts_for_many), the manager's role and register.
    Five queries, whatever the number of cases."""
    nominals = list(nominals)
    if manager is None or not nominals:
        return {}
    roles = reference.value("workforce.roles", on)
    table = reference.value("workforce.case_training", on)
    agency = manager.agency.kind if manager.agency_id else ""
    role = rules.role_of(agency, manager.role, roles)
    if not role:
        return {}
    known = facts.facts_for_many(actor, nominals, only=("notification_requirements", "mappa_category"))
    held = register_of(manager)
    found = {}
    for n in nominals:
        f = known[n.pk]
        case = rules.CaseNeeds(registered=bool(f.notification_requirements.value), mappa_category=f.mappa_category,
                               female=n.gender == "female")
        found[n.pk] = [course_name(c, roles) for c in rules.lacking_for_case(role, case, held, on, table)]
    return found


PANEL_ROWS = 5  # the latest discussions named on the case page


def case_discussions(reader, nominal) -> list:
    """What supervision sessions agreed about this case, newest first, as the reader may read it on the case page
    (policy.case_discussions_for): each with its session's date, supervisor and supervisee, nothing more of it."""
    people = [f"supervision__{who}__{f}" for who in ("supervisor", "supervisee") for f in ("first_name", "last_name",
                                                                                          "username")]
    return list(policy.case_discussions_for(reader, nominal)
                .select_related("supervision__supervisor", "supervision__supervisee")
                .only("agreed", "nominal_id", "supervision__held_on", *people)
                .order_by("-supervision__held_on", "-supervision_id")[:PANEL_ROWS])
