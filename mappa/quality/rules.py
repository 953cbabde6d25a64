"""The inspectors' quality measures as pure functions over plain rows (no ORM, no clock).

Each measure takes the rows of the register a reader may see, a day and its settings (reference data: the
threshold, and the days or months a measure counts in), and returns one Check per case or item it counts:
whether it passes, what it is about and where it is put right. A figure is then passed / counted. The same
function gives the figure today and at the end of each past month (the trend): a row counts on a day only
from when it was recorded or dated, so a past month's figure counts what the register held then (fields that
keep no history, such as ethnicity, are judged by their value now; the README says which).

Sources: HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010),
as catalogued in shared/domain/inspection-2010-sexual-offenders.md section 6 (QM numbers).
"""
import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

# The plan's date arithmetic (a month on is the same day of the month, or its last day), and the headline risk of
# serious harm in a setting as the case page works it out.
from mappa.plans.rules import ReviewIntervals, add_interval, scheduled_review
from mappa.risk.rules import COMMUNITY, CUSTODY, Training, rosh_headline
from mappa.workforce.rules import missing_training, role_of

RM2000 = "rm2000"
DRAFT, APPROVED = "draft", "approved"
L2_L3_MEETINGS = ("level2", "level3")
SCREENING = "screening"
# The forums of a level decision that are multi-agency (arrangements.LevelDecision.Forum): a screening meeting, or a
# level 2 or 3 MAPP meeting (stepping a case down). The lead agency decides after a screening, or alone.
MULTI_AGENCY_FORUMS = ("screening", "meeting")
LEAD_AGENCY = "lead_agency"
POLICE_VISITS = ("police", "joint")
PROBATION_VISITS = ("probation", "joint")
ATTENDED = "attended"
OPTED_IN = "opted_in"
# The interventions part's words (interventions.rules) and the approved premises' (resettlement.rules).
NOT_ELIGIBLE, COMPLETED = "not_eligible", "completed"
PLANNED_MOVE_ON = "planned"
ORDER, LICENCE = "order", "licence"
CASES, STAFF = "cases", "staff"  # what a measure counts: cases (a Check's nominal_id) or staff (its staff_id)
PRACTITIONER = "practitioner"


# The rows: one dataclass per kind of record, holding only what the measures read.
@dataclass(frozen=True)
class Person:
    pk: int
    team_id: int
    manager_id: int | None
    recorded_on: datetime.date
    ethnicity: str
    in_custody: bool = False  # today (custody is read for today only: past months use it too)


@dataclass(frozen=True)
class Episode:
    """A MAPPA eligibility episode."""
    pk: int
    nominal_id: int
    category: int
    identified_on: datetime.date
    ended_on: datetime.date | None


@dataclass(frozen=True)
class Decision:
    """A MAPPA level decision. `notified_on`: when the area's co-ordinator was told (level 1)."""
    pk: int
    nominal_id: int
    eligibility_id: int
    level: int
    decided_on: datetime.date
    next_review: datetime.date
    notified_on: datetime.date | None
    forum: str = ""


@dataclass(frozen=True)
class Registration:
    """Notification requirements. `starts_on`: the day registration began in the community (the relevant date,
    or release for someone in custody on it); None while still in custody."""
    pk: int
    nominal_id: int
    recorded_on: datetime.date
    starts_on: datetime.date | None
    from_custody: bool = False  # in custody on the relevant date: `starts_on` is the release


@dataclass(frozen=True)
class Assessment:
    """A Risk Matrix 2000 assessment."""
    pk: int
    nominal_id: int
    status: str
    assessed_on: datetime.date
    completed_on: datetime.date | None
    approved_on: datetime.date | None
    level: str
    police_level: str
    rationale: str
    peer_reviewed_on: datetime.date | None = None  # the first peer review by a trained colleague (para 5.6)


@dataclass(frozen=True)
class Plan:
    pk: int
    nominal_id: int
    started_on: datetime.date


@dataclass(frozen=True)
class PlanItem:
    pk: int
    nominal_id: int
    recorded_on: datetime.date
    has_owner: bool
    has_timescale: bool  # a due date, or how often it is done
    ended_on: datetime.date | None  # completed or withdrawn


@dataclass(frozen=True)
class Minute:
    """A case's minutes at a MAPPA meeting."""
    pk: int
    nominal_id: int
    meeting_id: int
    meeting_kind: str
    held_on: datetime.date
    disclosure_considered: bool


@dataclass(frozen=True)
class Agenda:
    """A case on the agenda of a MAPPA meeting that was held."""
    pk: int
    nominal_id: int
    meeting_id: int
    meeting_kind: str
    held_on: datetime.date


@dataclass(frozen=True)
class Referral:
    """A referral to level 2 or 3: the day it was screened (None while waiting)."""
    pk: int
    nominal_id: int
    eligibility_id: int
    screened_on: datetime.date | None


@dataclass(frozen=True)
class Visit:
    pk: int
    nominal_id: int
    visit_agency: str
    due_on: datetime.date | None
    outcome: str
    occurred_on: datetime.date | None
    planned_for: datetime.date | None = None
    recorded_on: datetime.date | None = None  # None: recorded before any day counted
    checked_on: datetime.date | None = None  # the pre-visit check saved (para 7.18)
    pnc_checked: bool = False


@dataclass(frozen=True)
class Intelligence:
    """Information submitted on a person: when, the day its evaluation was due and the day it was evaluated. Every
    reader of the record sees these (not the content)."""
    pk: int
    nominal_id: int
    submitted_on: datetime.date
    due_on: datetime.date
    evaluated_on: datetime.date | None


@dataclass(frozen=True)
class IntelligenceAction:
    """An action an item of intelligence calls for: when it was set, due and done. Only the actions of items whose
    content the reader may read (policy.intelligence_readable): an item's actions are its content."""
    pk: int
    nominal_id: int
    item_id: int
    recorded_on: datetime.date
    due_on: datetime.date
    completed_on: datetime.date | None


@dataclass(frozen=True)
class Victim:
    """A victim on a record, as the statutory contact scheme sees them: nothing that names or describes them.
    `statutory`: within the scheme by the law in force the day the offender was sentenced for the offence against
    them (victims.rules.contact_scheme_eligibility); `offer_due_on`: the day the offer of contact was due then."""
    pk: int
    nominal_id: int
    recorded_on: datetime.date
    statutory: bool
    offer_due_on: datetime.date | None
    offered_on: datetime.date | None
    response: str
    responded_on: datetime.date | None
    ended_on: datetime.date | None


@dataclass(frozen=True)
class LiaisonContact:
    """A contact-log entry between the victim liaison officer and the offender manager that reached them."""
    pk: int
    victim_id: int
    nominal_id: int
    occurred_on: datetime.date


@dataclass(frozen=True)
class PlanReview:
    pk: int
    nominal_id: int
    completed_on: datetime.date
    endorsed_on: datetime.date | None = None  # by a supervisor


@dataclass(frozen=True)
class ReviewTrigger:
    """A significant event that made a review of the plan due; `reviewed_on`: the review that dealt with it."""
    pk: int
    nominal_id: int
    occurred_on: datetime.date
    recorded_on: datetime.date
    review_id: int | None
    reviewed_on: datetime.date | None


@dataclass(frozen=True)
class Rosh:
    """A completed or approved risk of serious harm assessment: its rating of each group in each setting."""
    pk: int
    nominal_id: int
    assessed_on: datetime.date
    completed_on: datetime.date | None
    level: str
    rosh_levels: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Disclosure:
    """A decision whether to disclose to a third party: the day it was considered."""
    pk: int
    nominal_id: int
    considered_on: datetime.date


@dataclass(frozen=True)
class ProgrammeReferral:
    """A referral to a programme (interventions.ProgrammeReferral). `sexual`: to a sex offender treatment
    programme; `order_ends_on`: the end of the order or licence it is under (its sentence's), if one is named."""
    pk: int
    nominal_id: int
    recorded_on: datetime.date
    sexual: bool
    referred_on: datetime.date
    eligibility: str
    listed_on: datetime.date | None
    started_on: datetime.date | None
    pre_work: bool  # pre-programme work was set
    pre_done_on: datetime.date | None
    outcome: str
    outcome_on: datetime.date | None
    order_ends_on: datetime.date | None = None


@dataclass(frozen=True)
class Placement:
    """A stay in approved premises (resettlement.PremisesPlacement)."""
    pk: int
    nominal_id: int
    arrived_on: datetime.date
    departed_on: datetime.date | None
    departure: str
    destination: str


@dataclass(frozen=True)
class Start:
    """The start of a community order (or suspended sentence order: its date of sentence) or of a licence."""
    pk: int
    nominal_id: int
    kind: str  # ORDER or LICENCE
    starts_on: datetime.date
    recorded_on: datetime.date


@dataclass(frozen=True)
class StaffMember:
    """A member of a team who works cases, as the workforce part reads them for the team's supervisor
    (policy.team_members_for): their team, their agency's kind and their account role."""
    pk: int
    team_id: int
    agency_kind: str
    role: str


@dataclass(frozen=True)
class StaffTraining:
    """Training a member of staff holds: a risk tool's (risk.TrainingRecord) or another course's
    (workforce.CourseRecord)."""
    user_id: int
    course: str
    trained_on: datetime.date
    expires_on: datetime.date | None


@dataclass(frozen=True)
class StaffSession:
    """A supervision session of a member of staff (workforce.StaffSupervision)."""
    pk: int
    supervisee_id: int
    held_on: datetime.date
    recorded_on: datetime.date


@dataclass(frozen=True)
class Rows:
    people: tuple[Person, ...] = ()
    episodes: tuple[Episode, ...] = ()
    decisions: tuple[Decision, ...] = ()
    registrations: tuple[Registration, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    plans: tuple[Plan, ...] = ()
    plan_items: tuple[PlanItem, ...] = ()
    minutes: tuple[Minute, ...] = ()
    visits: tuple[Visit, ...] = ()
    intelligence: tuple[Intelligence, ...] = ()
    victims: tuple[Victim, ...] = ()
    liaison: tuple[LiaisonContact, ...] = ()
    reviews: tuple[PlanReview, ...] = ()
    triggers: tuple[ReviewTrigger, ...] = ()
    rosh: tuple[Rosh, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()
    agenda: tuple[Agenda, ...] = ()
    referrals: tuple[Referral, ...] = ()
    intelligence_actions: tuple[IntelligenceAction, ...] = ()
    programme_referrals: tuple[ProgrammeReferral, ...] = ()
    placements: tuple[Placement, ...] = ()
    starts: tuple[Start, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    staff_training: tuple[StaffTraining, ...] = ()
    staff_sessions: tuple[StaffSession, ...] = ()


@dataclass(frozen=True)
class Settings:
    """A measure's reference data in force: its threshold (per cent) and parameters."""
    threshold: int
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One case or item a measure counts. `fix` is where it is put right: a URL name and its arguments. A measure
    of staff (Measure.about STAFF) counts members of staff: its checks name the member in `staff_id`, and
    `nominal_id` is None."""
    nominal_id: int | None
    passed: bool
    what: str
    fix: tuple
    staff_id: int | None = None


@dataclass(frozen=True)
class Figure:
    passed: int
    counted: int

    @property
    def percent(self) -> int | None:
        """Rounded half up to a whole per cent, as the inspectors give them; None when nothing is counted."""
        if not self.counted:
            return None
        return (200 * self.passed + self.counted) // (2 * self.counted)

    @property
    def failed(self) -> int:
        return self.counted - self.passed

    def meets(self, threshold: int) -> bool | None:
        return None if not self.counted else self.passed * 100 >= threshold * self.counted


def figure(checks: list[Check]) -> Figure:
    return Figure(sum(1 for c in checks if c.passed), len(checks))


def grouped(checks: list[Check], key_of: Callable[[int], object]) -> dict:
    """The figure for each group (a team, a manager), the group of a check found from its person (or, for a measure
    of staff, its member of staff)."""
    groups = defaultdict(list)
    for check in checks:
        groups[key_of(check.nominal_id if check.staff_id is None else check.staff_id)].append(check)
    return {key: figure(found) for key, found in groups.items()}


# Helpers over rows.
def open_on(episode: Episode, day: datetime.date) -> bool:
    """An episode is open from its identification until the day it ended (ended that day: no longer open)."""
    return episode.identified_on <= day and (episode.ended_on is None or episode.ended_on > day)


def decision_in_force(decisions: list[Decision], day: datetime.date) -> Decision | None:
    """The latest decision made by `day` (the latest recorded, when two share a day)."""
    made = [d for d in decisions if d.decided_on <= day]
    return max(made, key=lambda d: (d.decided_on, d.pk)) if made else None


def _by(rows, attr: str = "nominal_id") -> dict:
    found = defaultdict(list)
    for row in rows:
        found[getattr(row, attr)].append(row)
    return found


def _open_episodes(rows: Rows, day: datetime.date) -> list[Episode]:
    return [e for e in rows.episodes if open_on(e, day)]


def _in_window(day: datetime.date, settings: Settings) -> datetime.date:
    """The first day of the period a measure of events counts over (`window_months` up to `day`)."""
    return add_interval(day, {"months": -int(settings.params["window_months"])})


# The measures. Each: (rows, day, settings) -> list[Check].
def ethnicity_recorded(rows: Rows, day, settings) -> list[Check]:
    """QM-01 (para 4.14): people with an ethnicity recorded (a stated refusal counts) / people on the record."""
    return [Check(p.pk, bool(p.ethnicity.strip()), "Ethnicity not recorded", ("nominals:edit", p.pk))
            for p in rows.people if p.recorded_on <= day]


def registration_recorded(rows: Rows, day, settings) -> list[Check]:
    """QM-02 (para 4.14): category 1 (registered sexual offender) cases with their notification requirements
    recorded / category 1 cases open on the day."""
    registered = {r.nominal_id for r in rows.registrations if r.recorded_on <= day}
    people = sorted({e.nominal_id for e in _open_episodes(rows, day) if e.category == 1})
    return [Check(pk, pk in registered, "No notification requirements recorded", ("orders:list", pk, "notification"))
            for pk in people]


def _registered_on(rows: Rows, day) -> dict[int, datetime.date]:
    """Each person's first day of registration in the community, by `day`."""
    first: dict[int, datetime.date] = {}
    for r in rows.registrations:
        if r.starts_on is not None and r.recorded_on <= day and r.starts_on <= day:
            first[r.nominal_id] = min(first.get(r.nominal_id, r.starts_on), r.starts_on)
    return first


def _rm2000s(rows: Rows, day) -> dict[int, list[Assessment]]:
    return _by(a for a in rows.assessments if a.status != DRAFT and (a.completed_on or a.assessed_on) <= day)


def rm2000_in_time(rows: Rows, day, settings) -> list[Check]:
    """QM-03 (para 4.14): registered people whose Risk Matrix 2000 was done within N days of registration (one
    done before it counts) / registered people. Someone registered fewer than N days ago with none yet is not
    counted: theirs is not due."""
    days = int(settings.params["within_days"])
    done = _rm2000s(rows, day)
    checks = []
    for pk, start in sorted(_registered_on(rows, day).items()):
        due = start + datetime.timedelta(days=days)
        passed = any(a.assessed_on <= due for a in done.get(pk, ()))
        if passed or due < day:
            checks.append(Check(pk, passed, f"No Risk Matrix 2000 within {days} days of registration",
                                ("risk:nominal", pk)))
    return checks


def rm2000_approved(rows: Rows, day, settings) -> list[Check]:
    """QM-04 (para 4.14): people whose latest completed Risk Matrix 2000 is approved by a supervisor / people with
    one completed."""
    checks = []
    for pk, found in sorted(_rm2000s(rows, day).items()):
        latest = max(found, key=lambda a: (a.assessed_on, a.pk))
        passed = latest.status == APPROVED and latest.approved_on is not None and latest.approved_on <= day
        checks.append(Check(pk, passed, "Risk Matrix 2000 not approved", ("risk:assessment", latest.pk)))
    return checks


def level_recorded(rows: Rows, day, settings) -> list[Check]:
    """QM-06 (para 4.9): open MAPPA episodes with a level decided / open MAPPA episodes."""
    decided = {d.eligibility_id for d in rows.decisions if d.decided_on <= day}
    return [Check(e.nominal_id, e.pk in decided, "No MAPPA level recorded", ("arrangements:level", e.nominal_id))
            for e in _open_episodes(rows, day)]


def named_manager(rows: Rows, day, settings) -> list[Check]:
    """QM-08 (para 4.13): people with one named manager / people on the record."""
    return [Check(p.pk, p.manager_id is not None, "No named manager", ("nominals:allocate", p.pk))
            for p in rows.people if p.recorded_on <= day]


def plan_structured(rows: Rows, day, settings) -> list[Check]:
    """QM-09 (para 5.19): shared risk management plans held as structured items (at least one) / plans."""
    with_items = {i.nominal_id for i in rows.plan_items if i.recorded_on <= day}
    return [Check(p.nominal_id, p.nominal_id in with_items, "Plan holds no items", ("plans:plan", p.nominal_id))
            for p in rows.plans if p.started_on <= day]


def plan_items_owned(rows: Rows, day, settings) -> list[Check]:
    """QM-73 (para 5.19): live plan items with an owner and a timescale / live plan items."""
    return [Check(i.nominal_id, i.has_owner and i.has_timescale, "Plan item without an owner or a timescale",
                  ("plans:item_edit", i.nominal_id, i.pk))
            for i in rows.plan_items if i.recorded_on <= day and (i.ended_on is None or i.ended_on > day)]


def _decisions_in_force(rows: Rows, day) -> list[tuple[Episode, Decision]]:
    by_episode = _by(rows.decisions, "eligibility_id")
    found = []
    for e in _open_episodes(rows, day):
        decision = decision_in_force(by_episode.get(e.pk, []), day)
        if decision is not None:
            found.append((e, decision))
    return found


def level1_notified(rows: Rows, day, settings) -> list[Check]:
    """QM-20 (para 4.4): level 1 cases whose level decision the area's MAPPA co-ordinator was told of / level 1
    cases."""
    return [Check(e.nominal_id, d.notified_on is not None and d.notified_on <= day,
                  "Level 1 decision not notified to the MAPPA co-ordinator", ("arrangements:case", e.nominal_id))
            for e, d in _decisions_in_force(rows, day) if d.level == 1]


def level_review_on_time(rows: Rows, day, settings) -> list[Check]:
    """QM-23 (paras 9.2-9.3): open MAPPA cases whose level review is not overdue / open cases with a level."""
    return [Check(e.nominal_id, d.next_review >= day, f"Level {d.level} review overdue",
                  ("arrangements:level", e.nominal_id))
            for e, d in _decisions_in_force(rows, day)]


def disclosure_considered(rows: Rows, day, settings) -> list[Check]:
    """QM-24 (para 7.4): cases discussed at level 2 and 3 meetings in the period whose minutes record that
    disclosure was considered / cases discussed."""
    start = _in_window(day, settings)
    return [Check(m.nominal_id, m.disclosure_considered, "Disclosure not considered at the meeting",
                  ("arrangements:meeting-minute", m.meeting_id, m.nominal_id))
            for m in rows.minutes if m.meeting_kind in L2_L3_MEETINGS and start < m.held_on <= day]


def level_rationale(rows: Rows, day, settings) -> list[Check]:
    """QM-44 (para 5.9): Risk Matrix 2000 assessments where the police manage at a level other than the tool's
    that give the reason / those assessments."""
    return [Check(a.nominal_id, bool(a.rationale.strip()), "Managed at another level with no reason given",
                  ("risk:assessment", a.pk))
            for found in _rm2000s(rows, day).values() for a in found
            if a.police_level and a.level and a.police_level != a.level]


def police_visits_on_time(rows: Rows, day, settings) -> list[Check]:
    """QM-90 (paras 7.14-7.15, 7.24): police home visits that fell due in the period and were made by the day they
    were due (a joint visit counts) / police visits due in the period. Attempts at one due visit count once."""
    start = _in_window(day, settings)
    due = defaultdict(list)
    for v in rows.visits:
        if v.visit_agency in POLICE_VISITS and v.due_on is not None and start < v.due_on < day:
            due[(v.nominal_id, v.due_on)].append(v)
    return [Check(pk, any(v.outcome == ATTENDED and v.occurred_on and v.occurred_on <= on for v in found),
                  "Police home visit not made by its due date", ("visits:visits", pk))
            for (pk, on), found in sorted(due.items())]


def initial_visit_in_time(rows: Rows, day, settings) -> list[Check]:
    """QM-91 (para 7.24): people registered in the community in the period whose first police home visit was made
    within N days of registration / those people. Someone registered fewer than N days ago with no visit yet is not
    counted: theirs is not due."""
    days, start = int(settings.params["within_days"]), _in_window(day, settings)
    made = _by(v for v in rows.visits if v.visit_agency in POLICE_VISITS and v.outcome == ATTENDED and v.occurred_on)
    checks = []
    for pk, registered in sorted(_registered_on(rows, day).items()):
        if registered <= start:
            continue
        due = registered + datetime.timedelta(days=days)
        passed = any(registered <= v.occurred_on <= min(due, day) for v in made.get(pk, ()))
        if passed or due < day:
            checks.append(Check(pk, passed, f"No police home visit within {days} days of registration",
                                ("visits:visits", pk)))
    return checks


def _recorded_by(visit: Visit, day) -> bool:
    return visit.recorded_on is None or visit.recorded_on <= day


def next_visit_diarised(rows: Rows, day, settings) -> list[Check]:
    """QM-11 (para 7.22): people registered in the community with their next police home visit planned in the
    register (a police or joint visit planned for the day or later, recorded by the day and not yet made) / people
    registered in the community."""
    planned = {v.nominal_id for v in rows.visits
               if v.visit_agency in POLICE_VISITS and v.planned_for is not None and v.planned_for >= day
               and _recorded_by(v, day) and (v.occurred_on is None or v.occurred_on >= day)}
    return [Check(pk, pk in planned, "Next police home visit not planned in the register", ("visits:visits", pk))
            for pk in sorted(_registered_on(rows, day))]


def _police_visits_made(rows: Rows, day, settings) -> list[Visit]:
    """Police and joint visits made or attempted in the period (an outcome recorded), up to the day."""
    start = _in_window(day, settings)
    return sorted((v for v in rows.visits if v.visit_agency in POLICE_VISITS and v.outcome and v.occurred_on
                   and start < v.occurred_on <= day), key=lambda v: (v.nominal_id, v.occurred_on, v.pk))


def visit_checked(rows: Rows, day, settings) -> list[Check]:
    """QM-92, first part (para 7.18): police home visits made or attempted in the period with the pre-visit risk
    assessment saved on the visit by the day of the visit / those visits."""
    return [Check(v.nominal_id, v.checked_on is not None and v.checked_on <= v.occurred_on,
                  f"No pre-visit check recorded for the visit of {v.occurred_on.day} {v.occurred_on:%B %Y}", ("visits:visits", v.nominal_id))
            for v in _police_visits_made(rows, day, settings)]


def visit_pnc_checked(rows: Rows, day, settings) -> list[Check]:
    """QM-92, second part (para 7.18): police home visits made or attempted in the period whose pre-visit check,
    saved by the day of the visit, included a PNC check / those visits."""
    return [Check(v.nominal_id, v.pnc_checked and v.checked_on is not None and v.checked_on <= v.occurred_on,
                  f"No PNC check before the visit of {v.occurred_on.day} {v.occurred_on:%B %Y}", ("visits:visits", v.nominal_id))
            for v in _police_visits_made(rows, day, settings)]


def intelligence_evaluated(rows: Rows, day, settings) -> list[Check]:
    """QM-36, as far as the register answers it (para 4.19): information submitted in the period that was evaluated
    by the day it was due / information submitted in the period that has been evaluated or is past its due day.
    Information still within the time allowed is not counted: its evaluation is not due."""
    start = _in_window(day, settings)
    checks = []
    for i in sorted(rows.intelligence, key=lambda i: (i.nominal_id, i.submitted_on, i.pk)):
        if not start < i.submitted_on <= day:
            continue
        evaluated = i.evaluated_on if i.evaluated_on is not None and i.evaluated_on <= day else None
        if evaluated is None and i.due_on >= day:
            continue
        if evaluated is None:
            checks.append(Check(i.nominal_id, False, f"Information not evaluated, due {i.due_on.day} {i.due_on:%B %Y}",
                                ("intelligence:evaluate", i.nominal_id, i.pk)))
        else:
            checks.append(Check(i.nominal_id, evaluated <= i.due_on,
                                f"Information evaluated late, due {i.due_on.day} {i.due_on:%B %Y}",
                                ("intelligence:item", i.nominal_id, i.pk)))
    return checks

def _day(on: datetime.date) -> str:
    return f"{on.day} {on:%B %Y}"


def _back(day: datetime.date, interval: dict) -> datetime.date:
    """The day `interval` before `day` (the plan's arithmetic, run backwards)."""
    return add_interval(day, {unit: -int(n) for unit, n in interval.items()})


def _interval_words(interval: dict) -> str:
    if "months" in interval:
        n = int(interval["months"])
        return "month" if n == 1 else f"{n} months"
    return f"{int(interval.get('days', 0)) + 7 * int(interval.get('weeks', 0))} days"


# Victims (inspection 2010 paras 7.7-7.10). The rows hold only the victims whose details the reader may see
# (policy.victims_in_area), and of them nothing that names or describes anyone.
def _opted_in_on(victim: Victim, day) -> bool:
    """In statutory contact on the day: recorded, opted in by then, and the contact not ended."""
    return (victim.response == OPTED_IN and victim.responded_on is not None and victim.responded_on <= day
            and victim.recorded_on <= day and (victim.ended_on is None or victim.ended_on > day))


def liaison_communication(rows: Rows, day, settings) -> list[Check]:
    """QM-32 (para 7.9): records with a victim in statutory contact (opted in, contact not ended) whose victim
    liaison officer and offender manager were in touch in the last N months (a contact-log entry "with the offender
    manager" that reached them) / those records. A record whose first victim opted in less than N months ago, with
    no such entry yet, is not counted: it is not yet due. Only the victims whose details the reader may see count."""
    start, months = _in_window(day, settings), int(settings.params["window_months"])
    since: dict[int, datetime.date] = {}
    for v in rows.victims:
        if _opted_in_on(v, day):
            since[v.nominal_id] = min(since.get(v.nominal_id, v.responded_on), v.responded_on)
    talked = {c.nominal_id for c in rows.liaison if start < c.occurred_on <= day}
    return [Check(pk, pk in talked, f"No contact between the victim liaison officer and the manager in {months} months",
                  ("victims:nominal", pk))
            for pk, first in sorted(since.items()) if pk in talked or first <= start]


def review_liaison_input(rows: Rows, day, settings) -> list[Check]:
    """QM-33 (para 7.10): reviews of the plan completed in the period on records with a victim in statutory contact
    on the day of the review, with the victim liaison officer's input since the review before it (a contact-log
    entry with the offender manager after the previous review and by the day of this one; for a first review, any
    by then) / those reviews. Only the victims whose details the reader may see count."""
    start = _in_window(day, settings)
    victims, inputs = _by(rows.victims), _by(rows.liaison)
    checks = []
    for pk, reviews in sorted(_by(r for r in rows.reviews if r.completed_on <= day).items()):
        previous = None
        for r in sorted(reviews, key=lambda r: (r.completed_on, r.pk)):
            if start < r.completed_on and any(_opted_in_on(v, r.completed_on) for v in victims.get(pk, ())):
                passed = any((previous is None or c.occurred_on > previous) and c.occurred_on <= r.completed_on
                             for c in inputs.get(pk, ()))
                checks.append(Check(pk, passed, f"Review of {_day(r.completed_on)} without the victim liaison officer's input",
                                    ("plans:review_detail", pk, r.pk)))
            previous = r.completed_on
    return checks


def victim_offer_in_time(rows: Rows, day, settings) -> list[Check]:
    """QM-34, as far as the register answers it (para 7.9): victims within the statutory contact scheme whose offer of
    contact fell due in the period, or was made in it before it fell due, offered it by the day it was due (the days
    after sentence of victims.contact.timescales in force on the day of sentence) / those victims. An offer not yet
    due and not made is not counted, nor one never made for a victim whose contact ended before it fell due. Only
    the victims whose details the reader may see count."""
    start = _in_window(day, settings)
    checks = []
    for v in sorted(rows.victims, key=lambda v: (v.nominal_id, v.pk)):
        due = v.offer_due_on
        if not v.statutory or due is None or v.recorded_on > day:
            continue
        offered = v.offered_on if v.offered_on is not None and v.offered_on <= day else None
        if offered is None and (due >= day or (v.ended_on is not None and v.ended_on <= due)):
            continue
        if not start < min(due, offered or due) <= day:
            continue
        checks.append(Check(v.nominal_id, offered is not None and offered <= due,
                            f"Statutory contact not offered by {_day(due)}", ("victims:edit", v.pk)))
    return checks


def _community_level(assessment: Rosh, groups, setting: str = COMMUNITY) -> str:
    if assessment.rosh_levels:
        return rosh_headline(assessment.rosh_levels, setting, groups)
    return assessment.level


def probation_visit_high_rosh(rows: Rows, day, settings) -> list[Check]:
    """QM-89 (paras 7.12-7.13): people in the community whose risk of serious harm in the community, by their latest
    completed assessment, is one the national standard sets probation home visits for (high and very high: the
    intervals of visits.probation.interval), with a probation or joint home visit made within that interval up to the
    day / those people. Someone rated so for less than the interval, with no visit yet, is not counted: theirs is
    not due."""
    intervals, groups = settings.params["intervals"], settings.params.get("groups")
    custody = {p.pk for p in rows.people if p.in_custody}
    made = _by(v for v in rows.visits
               if v.visit_agency in PROBATION_VISITS and v.outcome == ATTENDED and v.occurred_on and v.occurred_on <= day)
    checks = []
    for pk, found in sorted(_by(a for a in rows.rosh if (a.completed_on or a.assessed_on) <= day).items()):
        if pk in custody:
            continue
        newest_first = sorted(found, key=lambda a: (a.assessed_on, a.pk), reverse=True)
        level = _community_level(newest_first[0], groups)
        if level not in intervals:
            continue
        since = newest_first[0].assessed_on  # the start of the unbroken run of ratings that set visits
        for a in newest_first[1:]:
            if _community_level(a, groups) not in intervals:
                break
            since = a.assessed_on
        start = _back(day, intervals[level])
        passed = any(start < v.occurred_on for v in made.get(pk, ()))
        if passed or since <= start:
            checks.append(Check(pk, passed, f"No probation home visit in the last {_interval_words(intervals[level])}",
                                ("visits:visits", pk)))
    return checks


def plan_review_on_time(rows: Rows, day, settings) -> list[Check]:
    """QM-110 (paras 9.2 and 9.8): plans whose scheduled review is not overdue on the day / plans started by then. A
    review is due the plans part's interval (plans.review.base_interval, shortened by the MAPPA level in force that
    day and by the latest risk of serious harm, headlined for where the person is) after the last review, or the
    plan's start. Reviews a significant event makes due are QM-111's."""
    params = settings.params
    intervals = ReviewIntervals(params["base"], params.get("by_level") or {}, params.get("by_rosh") or {})
    groups = params.get("groups")
    custody = {p.pk for p in rows.people if p.in_custody}
    levels: dict[int, int] = {}
    for e, d in _decisions_in_force(rows, day):
        levels[e.nominal_id] = max(levels.get(e.nominal_id, 0), d.level)
    latest = {}
    for a in sorted((a for a in rows.rosh if (a.completed_on or a.assessed_on) <= day), key=lambda a: (a.assessed_on, a.pk)):
        latest[a.nominal_id] = a
    reviewed = defaultdict(list)
    for r in rows.reviews:
        if r.completed_on <= day:
            reviewed[r.nominal_id].append(r.completed_on)
    checks = []
    for plan in sorted((p for p in rows.plans if p.started_on <= day), key=lambda p: p.nominal_id):
        pk = plan.nominal_id
        rosh = latest.get(pk)
        rosh_level = _community_level(rosh, groups, CUSTODY if pk in custody else COMMUNITY) if rosh else ""
        due = scheduled_review(max(reviewed.get(pk, []), default=plan.started_on), intervals,
                               level=levels.get(pk), rosh=rosh_level).due
        checks.append(Check(pk, due >= day, f"Plan review overdue since {_day(due)}", ("plans:review_add", pk)))
    return checks


def review_endorsed(rows: Rows, day, settings) -> list[Check]:
    """QM-116 (paras 9.5 and 10.12): reviews of the plan completed in the period that a supervisor has endorsed by the
    day / reviews completed in the period. A review waits on its supervisor's queue until endorsed, and fails here
    until then."""
    start = _in_window(day, settings)
    return [Check(r.nominal_id, r.endorsed_on is not None and r.endorsed_on <= day,
                  f"Review of {_day(r.completed_on)} not endorsed by a supervisor",
                  ("plans:review_detail", r.nominal_id, r.pk))
            for r in sorted(rows.reviews, key=lambda r: (r.nominal_id, r.completed_on, r.pk))
            if start < r.completed_on <= day]


def event_reviewed(rows: Rows, day, settings) -> list[Check]:
    """QM-111 (paras 9.2, 9.7): significant events in the period that made a review of the plan due, dealt with by a
    review within N days (plans.review.trigger_days) / those events. An event within its N days and not yet reviewed
    is not counted: its review is not due."""
    days, start = int(settings.params["within_days"]), _in_window(day, settings)
    checks = []
    for t in sorted(rows.triggers, key=lambda t: (t.nominal_id, t.occurred_on, t.pk)):
        if not (start < t.occurred_on <= day and t.recorded_on <= day):
            continue
        due = t.occurred_on + datetime.timedelta(days=days)
        reviewed = t.reviewed_on if t.reviewed_on is not None and t.reviewed_on <= day else None
        if reviewed is None and due >= day:
            continue
        if reviewed is None:
            checks.append(Check(t.nominal_id, False, f"Significant event of {_day(t.occurred_on)} not reviewed",
                                ("plans:review_add", t.nominal_id)))
        else:
            checks.append(Check(t.nominal_id, reviewed <= due, f"Significant event of {_day(t.occurred_on)} reviewed late",
                                ("plans:review_detail", t.nominal_id, t.review_id)))
    return checks


def level1_disclosure(rows: Rows, day, settings) -> list[Check]:
    """QM-25 (para 7.4): level 1 cases with a decision on disclosure recorded since their MAPPA episode began /
    level 1 cases (the level decision in force on the day)."""
    considered = _by(d for d in rows.disclosures if d.considered_on <= day)
    return [Check(e.nominal_id, any(d.considered_on >= e.identified_on for d in considered.get(e.nominal_id, ())),
                  "No disclosure decision recorded for a level 1 case", ("safeguarding:decision_add", e.nominal_id))
            for e, d in _decisions_in_force(rows, day) if d.level == 1]


# MAPPA level 1 (inspection 2010 para 4.4, 4.26, Summary and Chapter 4's key findings).
def _level1_since(decisions: list[Decision], day) -> datetime.date:
    """The first day of the unbroken run of level 1 decisions in force up to `day` (an episode's decisions)."""
    made = sorted((d for d in decisions if d.decided_on <= day),
                  key=lambda d: (d.decided_on, d.pk), reverse=True)
    since = made[0].decided_on
    for d in made[1:]:
        if d.level != 1:
            break
        since = d.decided_on
    return since


def level1_screened(rows: Rows, day, settings) -> list[Check]:
    """QM-21 (Summary, para 4.26): level 1 cases whose decision in force was made through a multi-agency screening
    step / level 1 cases. Passes a decision made at a screening meeting or at a level 2 or 3 MAPP meeting (stepping
    down), or by the lead agency after a screening of the case since it became eligible (on the agenda of a screening
    meeting held by the day of the decision, or a referral of the episode screened by then: what
    arrangements.services asks of a lead agency's decision where the area's policy requires a screening first, except
    that here the meeting must be recorded as held, where the service takes any screening meeting of that date).
    The catalogue's alternative, a decision with its decision-maker and rationale recorded, is not counted: the
    register refuses a level decision without them, so it would pass every case."""
    agenda = _by(a for a in rows.agenda if a.meeting_kind == SCREENING)
    screened = _by((r for r in rows.referrals if r.screened_on is not None), "eligibility_id")
    checks = []
    for e, d in _decisions_in_force(rows, day):
        if d.level != 1:
            continue
        passed = d.forum in MULTI_AGENCY_FORUMS or (d.forum == LEAD_AGENCY and (
            any(e.identified_on <= a.held_on <= d.decided_on for a in agenda.get(e.nominal_id, ()))
            or any(r.screened_on <= d.decided_on for r in screened.get(e.pk, ()))))
        checks.append(Check(e.nominal_id, passed, f"Level 1 decided on {_day(d.decided_on)} without a multi-agency screening",
                            ("arrangements:case", e.nominal_id)))
    return checks


def _touchpoints(rows: Rows) -> dict[int, list[datetime.date]]:
    """The days each case had multi-agency attention: on the agenda of a MAPPA meeting held, its minutes at one, a
    level decided at a screening or MAPP meeting, a referral screened."""
    days = defaultdict(list)
    for a in rows.agenda:
        days[a.nominal_id].append(a.held_on)
    for m in rows.minutes:
        days[m.nominal_id].append(m.held_on)
    for d in rows.decisions:
        if d.forum in MULTI_AGENCY_FORUMS:
            days[d.nominal_id].append(d.decided_on)
    for r in rows.referrals:
        if r.screened_on is not None:
            days[r.nominal_id].append(r.screened_on)
    return days


def level1_oversight(rows: Rows, day, settings) -> list[Check]:
    """QM-22 (Chapter 4 key findings, para 4.4): level 1 cases with multi-agency oversight in the last review period
    (the level 1 review interval, mappa.review.level1, up to the day): on the agenda of a MAPPA meeting held, minuted
    at one, a level decided at a screening or MAPP meeting, or a referral screened / level 1 cases. A case at level 1
    for less than the period with none yet is not counted: its period has not run."""
    interval = settings.params["interval"]["latest"]
    start = _back(day, interval)
    touched, by_episode = _touchpoints(rows), _by(rows.decisions, "eligibility_id")
    checks = []
    for e, d in _decisions_in_force(rows, day):
        if d.level != 1:
            continue
        passed = any(start < t <= day for t in touched.get(e.nominal_id, ()))
        if passed or _level1_since(by_episode[e.pk], day) <= start:
            checks.append(Check(e.nominal_id, passed, f"No multi-agency oversight in the last {_interval_words(interval)}",
                                ("arrangements:case", e.nominal_id)))
    return checks


def intelligence_actions_done(rows: Rows, day, settings) -> list[Check]:
    """QM-36, second half (para 4.19): actions from intelligence that fell due in the period (or were done in it
    before they fell due) done by their due date / those actions. An action not yet due and not done is not counted.
    Only the actions of items whose content the reader may read count (policy.intelligence_readable)."""
    start = _in_window(day, settings)
    checks = []
    for a in sorted(rows.intelligence_actions, key=lambda a: (a.nominal_id, a.due_on, a.pk)):
        if a.recorded_on > day:
            continue
        done = a.completed_on if a.completed_on is not None and a.completed_on <= day else None
        if done is None and a.due_on >= day:
            continue
        if not start < min(a.due_on, done or a.due_on) <= day:
            continue
        checks.append(Check(a.nominal_id, done is not None and done <= a.due_on,
                            f"Action from intelligence not done by {_day(a.due_on)}",
                            ("intelligence:item", a.nominal_id, a.item_id)))
    return checks


# Risk Matrix 2000 and the assessments after release (paras 5.6, 9.1).
def _latest_rm2000s(rows: Rows, day) -> list[Assessment]:
    return [max(found, key=lambda a: (a.assessed_on, a.pk)) for _pk, found in sorted(_rm2000s(rows, day).items())]


def rm2000_peer_reviewed(rows: Rows, day, settings) -> list[Check]:
    """QM-42 (para 5.6): people whose latest completed Risk Matrix 2000 was peer reviewed by a trained colleague by
    the day / people with one completed. (The risk part takes a peer review only from a colleague trained in the tool
    who is not its author.)"""
    return [Check(a.nominal_id, a.peer_reviewed_on is not None and a.peer_reviewed_on <= day,
                  "Risk Matrix 2000 not peer reviewed", ("risk:assessment", a.pk))
            for a in _latest_rm2000s(rows, day)]


def rm2000_current(rows: Rows, day, settings) -> list[Check]:
    """QM-50, its third part (para 9.1): people whose latest completed Risk Matrix 2000 is no older than the days
    after which the risk part makes it due for review (risk.rm2000.review_after_days) / people with one completed."""
    days = int(settings.params["within_days"])
    return [Check(a.nominal_id, a.assessed_on + datetime.timedelta(days=days) >= day,
                  f"Risk Matrix 2000 of {_day(a.assessed_on)} older than {days} days", ("risk:nominal", a.nominal_id))
            for a in _latest_rm2000s(rows, day)]


def release_reviewed(rows: Rows, day, settings) -> list[Check]:
    """QM-50, its first part (para 9.1): registered sexual offenders released in the period from the custody they were
    in on the relevant date whose risk of serious harm was assessed after release within the days the risk part
    allows (risk.review.days_after_event) / those releases. Someone released fewer than those days ago with none yet
    is not counted: theirs is not due."""
    days, start = int(settings.params["within_days"]), _in_window(day, settings)
    assessed = _by(a for a in rows.rosh if (a.completed_on or a.assessed_on) <= day)
    releases = sorted({(r.nominal_id, r.starts_on) for r in rows.registrations
                       if r.from_custody and r.starts_on is not None and r.recorded_on <= day and start < r.starts_on <= day})
    checks = []
    for pk, released in releases:
        due = released + datetime.timedelta(days=days)
        passed = any(released <= a.assessed_on <= due for a in assessed.get(pk, ()))
        if passed or due < day:
            checks.append(Check(pk, passed, f"Risk not assessed within {days} days of release on {_day(released)}",
                                ("risk:nominal", pk)))
    return checks


# Programmes (inspection 2010 paras 6.1-6.2).
def _months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (a month on is the same day of the month, or its last day)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_interval(start, {"months": months}) <= end else months - 1


def _waits(rows: Rows, day, settings) -> list[tuple[ProgrammeReferral, int]]:
    """The referrals to a sex offender treatment programme QM-80 counts, with each one's wait in whole months: from
    the referral to the start, or to the day while still waiting. Counted: those waiting on the day (not found
    ineligible, not started, not finished) and those that started in the period."""
    start = _in_window(day, settings)
    found = []
    for r in sorted(rows.programme_referrals, key=lambda r: (r.nominal_id, r.referred_on, r.pk)):
        if not r.sexual or r.recorded_on > day or r.referred_on > day:
            continue
        started = r.started_on if r.started_on is not None and r.started_on <= day else None
        finished = r.outcome and r.outcome_on is not None and r.outcome_on <= day
        if started is not None and start < started:
            found.append((r, _months_between(r.referred_on, started)))
        elif started is None and not finished and r.eligibility != NOT_ELIGIBLE:
            found.append((r, _months_between(r.referred_on, day)))
    return found


def programme_wait(rows: Rows, day, settings) -> list[Check]:
    """QM-80 (para 6.1): referrals to a sex offender treatment programme that waited, or have waited so far, less
    than the first band (`bands`, in months) from referral to the start / referrals waiting on the day or started in
    the period. A failing referral names its band; the distribution over the bands is shown with the figure."""
    first = int(settings.params["bands"][0])
    return [Check(r.nominal_id, months < first, f"{_band_words(months, settings)} from referral on {_day(r.referred_on)}"
                  + ("" if r.started_on is not None and r.started_on <= day else ", still waiting"),
                  ("interventions:referral", r.nominal_id, r.pk))
            for r, months in _waits(rows, day, settings)]


def _band_words(months: int, settings) -> str:
    bands = [int(b) for b in settings.params["bands"]]
    if months < bands[0]:
        return f"Waited less than {bands[0]} months"
    for low, high in zip(bands, bands[1:], strict=False):
        if months < high:
            return f"Waited {low} to {high} months"
    return f"Waited over {bands[-1]} months"


def programme_wait_bands(rows: Rows, day, settings) -> list[tuple[str, int]]:
    """QM-80's distribution: how many of the counted referrals fall in each band."""
    bands = [int(b) for b in settings.params["bands"]]
    labels = ([f"Waited less than {bands[0]} months"] + [f"Waited {lo} to {hi} months" for lo, hi in zip(bands, bands[1:], strict=False)]
              + [f"Waited over {bands[-1]} months"])
    counts = dict.fromkeys(labels, 0)
    for _r, months in _waits(rows, day, settings):
        counts[_band_words(months, settings)] += 1
    return list(counts.items())


def programme_before_order_ended(rows: Rows, day, settings) -> list[Check]:
    """QM-81 (para 6.1): referrals to a programme, under an order or licence that ended in the period, completed by
    the day it ended / those referrals. A referral found not eligible is not counted: the programme was not
    required."""
    start = _in_window(day, settings)
    return [Check(r.nominal_id, r.outcome == COMPLETED and r.outcome_on is not None and r.outcome_on <= r.order_ends_on,
                  f"Order or licence ended on {_day(r.order_ends_on)} before the programme was completed",
                  ("interventions:referral", r.nominal_id, r.pk))
            for r in sorted(rows.programme_referrals, key=lambda r: (r.nominal_id, r.referred_on, r.pk))
            if r.order_ends_on is not None and start < r.order_ends_on <= day and r.recorded_on <= day
            and r.referred_on <= r.order_ends_on and r.eligibility != NOT_ELIGIBLE]


def pre_programme_done(rows: Rows, day, settings) -> list[Check]:
    """QM-82 (para 6.2): programme starts in the period with pre-programme work set whose work was finished by the
    start / those starts. A start with no pre-programme work set is not counted."""
    start = _in_window(day, settings)
    return [Check(r.nominal_id, r.pre_done_on is not None and r.pre_done_on <= r.started_on,
                  f"Pre-programme work not finished before the start on {_day(r.started_on)}",
                  ("interventions:referral", r.nominal_id, r.pk))
            for r in sorted(rows.programme_referrals, key=lambda r: (r.nominal_id, r.referred_on, r.pk))
            if r.pre_work and r.started_on is not None and start < r.started_on <= day and r.recorded_on <= day]


# Approved premises (para 8.7).
def _leavers(rows: Rows, day, settings) -> list[Placement]:
    start = _in_window(day, settings)
    return sorted((p for p in rows.placements if p.departed_on is not None and start < p.departed_on <= day),
                  key=lambda p: (p.nominal_id, p.departed_on, p.pk))


def move_on(rows: Rows, day, settings) -> list[Check]:
    """QM-98 (para 8.7): people who left approved premises in the period by a planned move-on to somewhere recorded
    / people who left in the period. An unplanned departure (absconded, recalled, evicted) fails."""
    return [Check(p.nominal_id, p.departure == PLANNED_MOVE_ON and bool(p.destination.strip()),
                  f"Left approved premises on {_day(p.departed_on)} without a planned move-on",
                  ("resettlement:resettlement", p.nominal_id))
            for p in _leavers(rows, day, settings)]


def median_stay(rows: Rows, day, settings) -> list[tuple[str, int]]:
    """QM-98's second part: the median stay, in days, of those who left in the period (the lower middle of an
    even count)."""
    stays = sorted((p.departed_on - p.arrived_on).days for p in _leavers(rows, day, settings))
    return [("Median stay of those who left, in days", stays[(len(stays) - 1) // 2])] if stays else []


# The assessment at the start (para 5.12).
def assessed_at_start(rows: Rows, day, settings) -> list[Check]:
    """QM-45 (para 5.12): community orders and licences that started in the period with a risk of serious harm
    assessment within N days of the start (risk.oasys.days_after_start), either side of it: the assessment made for
    the court or for the release counts / those starts. A start fewer than N days ago with none yet is not counted:
    its assessment is not due."""
    days, start = int(settings.params["within_days"]), _in_window(day, settings)
    assessed = _by(a for a in rows.rosh if (a.completed_on or a.assessed_on) <= day)
    checks = []
    for s in sorted(rows.starts, key=lambda s: (s.nominal_id, s.starts_on, s.pk)):
        if not (start < s.starts_on <= day and s.recorded_on <= day):
            continue
        due, gap = s.starts_on + datetime.timedelta(days=days), datetime.timedelta(days=days)
        passed = any(s.starts_on - gap <= a.assessed_on <= due for a in assessed.get(s.nominal_id, ()))
        if passed or due < day:
            what = "licence" if s.kind == LICENCE else "order"
            checks.append(Check(s.nominal_id, passed,
                                f"No risk of serious harm assessment within {days} days of the {what}'s start on {_day(s.starts_on)}",
                                ("risk:nominal", s.nominal_id)))
    return checks


# Staff (inspection 2010 chapter 10).
def staff_trained(rows: Rows, day, settings) -> list[Check]:
    """QM-131 (paras 5.5, 10.6, 10.8): members of staff in a role of the catalogue with current training, on the day,
    in every course the role requires (workforce.roles, as the team page reads it: workforce.rules.missing_training)
    / members in a role that requires training. A member's role is read from their agency and account role."""
    roles = settings.params["roles"]
    training = _by(rows.staff_training, "user_id")
    checks = []
    for m in sorted(rows.staff, key=lambda m: m.pk):
        role = role_of(m.agency_kind, m.role, roles)
        if not roles["roles"].get(role, {}).get("training"):
            continue
        held = [Training(t.course, t.trained_on, t.expires_on) for t in training.get(m.pk, ())]
        missing = [roles["courses"].get(c, c) for c in missing_training(role, held, day, roles)]
        checks.append(Check(None, not missing, f"No current training in {', '.join(missing)}",
                            ("workforce:person", m.pk), staff_id=m.pk))
    return checks


def staff_supervised(rows: Rows, day, settings) -> list[Check]:
    """QM-133 (para 10.13): practitioners (offender managers and public protection officers) with a supervision
    session recorded within the supervision interval up to the day (workforce.supervision.interval, monthly) /
    practitioners."""
    interval = settings.params["interval"]
    start = _back(day, interval)
    held = _by((s for s in rows.staff_sessions if s.recorded_on <= day and s.held_on <= day), "supervisee_id")
    checks = []
    for m in sorted((m for m in rows.staff if m.role == PRACTITIONER), key=lambda m: m.pk):
        latest = max((s.held_on for s in held.get(m.pk, ())), default=None)
        what = (f"No supervision recorded since {_day(latest)}" if latest else "No supervision recorded")
        checks.append(Check(None, latest is not None and latest > start, f"{what} (due every {_interval_words(interval)})",
                            ("workforce:add_supervision", m.pk), staff_id=m.pk))
    return checks


@dataclass(frozen=True)
class Measure:
    key: str
    evaluate: Callable[[Rows, datetime.date, Settings], list[Check]]
    counts: str  # what one check is: "people", "MAPPA cases", "plan items", ...
    # A distribution shown beside the figure (label, number), where the catalogue asks for one.
    breakdown: Callable[[Rows, datetime.date, Settings], list[tuple[str, int]]] | None = None
    about: str = CASES


MEASURES = {m.key: m for m in (
    Measure("ethnicity", ethnicity_recorded, "people"),
    Measure("registration", registration_recorded, "category 1 cases"),
    Measure("rm2000_in_time", rm2000_in_time, "registered people"),
    Measure("rm2000_approved", rm2000_approved, "people with a Risk Matrix 2000"),
    Measure("level_recorded", level_recorded, "MAPPA cases"),
    Measure("named_manager", named_manager, "people"),
    Measure("plan_structured", plan_structured, "plans"),
    Measure("plan_items_owned", plan_items_owned, "plan items"),
    Measure("level1_notified", level1_notified, "level 1 cases"),
    Measure("level_review", level_review_on_time, "MAPPA cases with a level"),
    Measure("disclosure", disclosure_considered, "cases discussed at level 2 and 3 meetings"),
    Measure("level_rationale", level_rationale, "assessments managed at another level"),
    Measure("police_visits", police_visits_on_time, "police visits due"),
    Measure("initial_visit", initial_visit_in_time, "people registered in the period"),
    Measure("visit_diarised", next_visit_diarised, "people registered in the community"),
    Measure("visit_checked", visit_checked, "police visits made or attempted"),
    Measure("visit_pnc", visit_pnc_checked, "police visits made or attempted"),
    Measure("intelligence_evaluated", intelligence_evaluated, "pieces of information submitted"),
    Measure("level1_disclosure", level1_disclosure, "level 1 cases"),
    Measure("victim_liaison", liaison_communication, "records with a victim in statutory contact"),
    Measure("review_liaison", review_liaison_input, "plan reviews on records with a victim in statutory contact"),
    Measure("victim_offer", victim_offer_in_time, "victims within the statutory contact scheme"),
    Measure("probation_visits", probation_visit_high_rosh, "people with a high or very high risk of serious harm"),
    Measure("event_reviewed", event_reviewed, "significant events"),
    Measure("plan_review", plan_review_on_time, "plans"),
    Measure("review_endorsed", review_endorsed, "plan reviews"),
    Measure("level1_screened", level1_screened, "level 1 cases"),
    Measure("level1_oversight", level1_oversight, "level 1 cases"),
    Measure("intelligence_actions", intelligence_actions_done, "actions from intelligence"),
    Measure("rm2000_peer_reviewed", rm2000_peer_reviewed, "people with a Risk Matrix 2000"),
    Measure("rm2000_current", rm2000_current, "people with a Risk Matrix 2000"),
    Measure("release_reviewed", release_reviewed, "releases of registered sexual offenders"),
    Measure("assessed_at_start", assessed_at_start, "community orders and licences started"),
    Measure("programme_wait", programme_wait, "referrals to a sex offender treatment programme", programme_wait_bands),
    Measure("programme_before_end", programme_before_order_ended, "referrals under an order or licence that ended"),
    Measure("pre_programme", pre_programme_done, "programme starts with pre-programme work"),
    Measure("move_on", move_on, "people who left approved premises", median_stay),
    Measure("staff_trained", staff_trained, "members of staff in a role that requires training", about=STAFF),
    Measure("staff_supervised", staff_supervised, "practitioners", about=STAFF),
)}


def month_ends(day: datetime.date, months: int) -> list[datetime.date]:
    """The last day of each of the `months` months before `day`'s month, oldest first, then `day` itself."""
    ends, end = [], day.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(months):
        ends.append(end)
        end = end.replace(day=1) - datetime.timedelta(days=1)
    return ends[::-1] + [day]


def trend(measure: Measure, rows: Rows, days: list[tuple[datetime.date, Settings]]) -> list[tuple]:
    """(day, figure) for each day given with the measure's settings in force on it (month_ends)."""
    return [(day, figure(measure.evaluate(rows, day, settings))) for day, settings in days]
