"""Pure rules of the workforce part: how much work a case carries, when a member of staff's next supervision is
due, and which training a role requires that a person lacks. No database: the numbers come in as reference data
(see migrations/0002_reference_data.py for each row's citation)."""
import datetime
from dataclasses import dataclass

from mappa.arrangements.rules import after
from mappa.nominals import weights as base_weights
from mappa.risk.rules import Training, trained

OVERDUE = "overdue"
DUE = "due"


@dataclass(frozen=True)
class CaseWork:
    """What one case asks of its manager: its risk of serious harm ("" when not assessed), its MAPPA level, whether
    the person is on licence or on a community or suspended sentence order now, and the kinds of the order's
    requirements in progress."""

    rosh: str = ""
    level: int | None = None
    on_licence: bool = False
    on_order: bool = False
    requirements: tuple[str, ...] = ()


def case_weight(case: CaseWork, by_risk: dict, by_work: dict) -> float:
    """One case's weight: the weight by risk and MAPPA level the caseload table uses (nominals.weights, reference
    data `caseload.weights`) plus what the sentence adds (`workforce.caseload.weights`): a licence, an order, and
    each requirement in progress by its kind (a kind not listed adds nothing)."""
    weight = base_weights.case_weight(case.rosh, case.level, by_risk)
    if case.on_licence:
        weight += by_work["licence"]
    if case.on_order:
        weight += by_work["order"]
    weight += sum(by_work["requirements"].get(kind, 0) for kind in case.requirements)
    return weight


def caseload(cases: list[CaseWork], by_risk: dict, by_work: dict) -> base_weights.Load:
    """A manager's caseload: how many cases and their weight together."""
    return base_weights.Load(cases=len(cases), weighted=round(sum(case_weight(c, by_risk, by_work) for c in cases), 1))


def over_capacity(load: base_weights.Load, usual_maximum: int) -> bool:
    """Above the top of the usual range, counted or weighted (the caseload table's test)."""
    return base_weights.over(load, usual_maximum)


def next_supervision_due(held_on: datetime.date, interval: dict) -> datetime.date:
    """The next supervision session after one held on `held_on`: the interval later (reference data
    `workforce.supervision.interval`, such as {"months": 1}; the last day of a shorter month)."""
    return after(held_on, interval)


def supervision_state(next_due: datetime.date | None, today: datetime.date, lookahead_days: int) -> str:
    """OVERDUE when the next session's date has passed, DUE when it falls within `lookahead_days`, else "".
    Someone never supervised (no date) is due now."""
    if next_due is None:
        return DUE
    if next_due < today:
        return OVERDUE
    if next_due <= today + datetime.timedelta(days=lookahead_days):
        return DUE
    return ""


def role_of(agency_kind: str, account_role: str, roles: dict) -> str:
    """The inspection catalogue's role a person holds, from their agency and account role (`roles["held_by"]`,
    keyed "agency_kind:account_role"); "" when none is listed."""
    return roles["held_by"].get(f"{agency_kind}:{account_role}", "")


def missing_training(role: str, records: list[Training], on: datetime.date, roles: dict) -> list[str]:
    """The courses the role requires that the person has no current training in on the day (a record expired
    or not yet begun does not count: risk.rules.trained)."""
    required = roles["roles"].get(role, {}).get("training", []) if role else []
    return [course for course in required if not trained(records, course, on)]


SEXUAL_OFFENDER = "sexual_offender"
FEMALE_SEXUAL_OFFENDER = "female_sexual_offender"


@dataclass(frozen=True)
class CaseNeeds:
    """What about a case decides the training its manager needs: whether the person is a registered sexual offender
    or in MAPPA category 1 (the sexual offenders the inspection is about), and whether she is a woman."""

    registered: bool = False
    mappa_category: int | None = None
    female: bool = False


def case_kinds(case: CaseNeeds) -> list[str]:
    """The kinds of case this is, in the terms of the reference data `workforce.case_training`."""
    if not (case.registered or case.mappa_category == 1):
        return []
    return [SEXUAL_OFFENDER, FEMALE_SEXUAL_OFFENDER] if case.female else [SEXUAL_OFFENDER]


def training_needed(role: str, case: CaseNeeds, table: dict) -> list[str]:
    """The courses a person in `role` needs to manage this case (`table`: workforce.case_training, {kind of case:
    {role: [course, ...]}}), in the table's order, each once. A role the table does not name needs none."""
    needed: list[str] = []
    for kind in case_kinds(case):
        needed += [c for c in table.get(kind, {}).get(role, []) if c not in needed]
    return needed


def lacking_for_case(role: str, case: CaseNeeds, records: list[Training], on: datetime.date, table: dict) -> list[str]:
    """What the manager lacks for this case on the day: the courses needed (training_needed) with no training in
    force (an expired record does not count; inspection 2010 F-152, F-061, F-153, F-100)."""
    return [course for course in training_needed(role, case, table) if not trained(records, course, on)]


@dataclass(frozen=True)
class Expiring:
    """A training record in force whose expiry falls soon, or one expired that the role still requires and that no
    later record replaces."""

    course: str
    expires_on: datetime.date
    expired: bool


def training_alerts(records: list[Training], required: list[str], today: datetime.date, window_days: int) -> list[Expiring]:
    """For each course, its latest record: EXPIRED when its expiry has passed and the role still requires the course
    (and the person is not trained in it otherwise), expiring when in force and ending within `window_days` (reference
    data `workforce.training.expiry_window_days`). A course with a record in force that does not expire, or ends
    later, raises nothing."""
    latest: dict[str, Training] = {}
    for r in records:
        if r.trained_on <= today and (r.tool not in latest or r.trained_on > latest[r.tool].trained_on):
            latest[r.tool] = r
    found = []
    for course, r in latest.items():
        if r.expires_on is None:
            continue
        if r.expires_on < today:
            if course in required and not trained(records, course, today):
                found.append(Expiring(course, r.expires_on, True))
        elif r.expires_on <= today + datetime.timedelta(days=window_days):
            found.append(Expiring(course, r.expires_on, False))
    return sorted(found, key=lambda e: (e.expires_on, e.course))
