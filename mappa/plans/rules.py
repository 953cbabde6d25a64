"""Rules of the shared risk management plan: what is missing, what is due, and copied reviews.

Pure functions on plain values (no ORM). The numbers (review intervals, how soon a triggered
review is due) come from reference data and are passed in by the caller.

Sources: HMI Probation and HMI Constabulary, "Restriction and Rehabilitation: Getting the Right
Mix" (June 2010), catalogued in shared/domain/inspection-2010-sexual-offenders.md (E-11, E-14,
E-15, 3.6 Planning, P-08, P-11, P-16, P-19).
"""
import calendar
import datetime
import re
from dataclasses import dataclass, field

# The four headings of a MAPPA risk management plan.
SUPERVISION = "supervision"
MONITORING = "monitoring_control"
INTERVENTIONS = "interventions_treatment"
VICTIM_SAFETY = "victim_safety"
HEADINGS = {
    SUPERVISION: "Supervision",
    MONITORING: "Monitoring and control",
    INTERVENTIONS: "Interventions and treatment",
    VICTIM_SAFETY: "Victim safety planning",
}

# An item's purpose (E-14, V-05): the "right mix" of restriction and rehabilitation (Rec, ¶5.17).
RESTRICTIVE = "restrictive"
CONSTRUCTIVE = "constructive"
BOTH = "both"

# What an item does for the content checklist (¶5.18, P-08 step 3).
POLICE_HOME_VISIT = "police_home_visit"
PROBATION_HOME_VISIT = "probation_home_visit"
DISCLOSURE = "disclosure"
VICTIM_LIAISON = "victim_liaison"
OWN_ROLE = "own_role"
CONTINGENCY = "contingency"
ELEMENTS = {
    POLICE_HOME_VISIT: "Home visiting by the police",
    PROBATION_HOME_VISIT: "Home visiting by probation",
    DISCLOSURE: "Disclosure considered",
    VICTIM_LIAISON: "Victim liaison officer's input",
    OWN_ROLE: "The person's own role in managing their behaviour",
    CONTINGENCY: "Contingency: what happens if risk rises",
}

# Item status.
PLANNED, IN_PROGRESS, DONE, CANCELLED = "planned", "in_progress", "done", "cancelled"
CLOSED = {DONE, CANCELLED}


@dataclass(frozen=True)
class Item:
    """A plan action, as the rules see it."""

    id: int | str
    heading: str
    what: str
    purpose: str = RESTRICTIVE
    element: str = ""
    owner: str = ""  # the named person
    owner_agency: str = ""
    start: datetime.date | None = None
    due: datetime.date | None = None
    every_days: int | None = None
    response_hours: int | None = None  # contingency: how fast
    status: str = PLANNED
    last_done: datetime.date | None = None
    source_key: str = ""

    @property
    def live(self) -> bool:
        return self.status != CANCELLED

    @property
    def open(self) -> bool:
        return self.status not in CLOSED


@dataclass(frozen=True)
class Requirement:
    """Something recorded elsewhere the plan must show (mirrors core.extensions.PlanRequirement)."""

    key: str
    kind: str
    text: str
    restrictive: bool = True
    code: str = ""  # a licence condition's catalogue code
    source: str = ""  # where it is recorded, as its part labels it


# Licence conditions (catalogue codes) that let the police visit the person at home.
POLICE_VISIT_CONDITIONS = frozenset({"police_visits"})


def police_visit_basis(registered: str, requirements=()) -> str:
    """What gives the police the power to visit the person at home, in words, or "" if nothing recorded does.
    Police home visits are "checking compliance with legislation and court orders" and "confirming that the
    offender resides ... at the address ... notified" (2010 inspection ¶7.16): they rest on registration
    (notification requirements, including those a prevention order "triggers": Glossary, SOPO) or on a licence
    condition to permit them. Seeds 001 and 002, the case of Mr D: "As Mr. D will not be a registered sex offender on
    release, the mandatory visits from Police Protection Officers cannot happen. Instead, Probation will request
    another condition in his Licence, 'to comply with Police monitoring visits.'" `registered` is the label of
    the registration's source, "" when the person is not registered (as the reader may see)."""
    if registered:
        return registered
    condition = next((r for r in requirements if r.kind == "licence_condition" and r.code in POLICE_VISIT_CONDITIONS), None)
    return f"{condition.source or 'Licence condition'}: {condition.text}" if condition else ""


@dataclass(frozen=True)
class Gap:
    code: str
    message: str
    heading: str = ""
    requirement_key: str = ""
    item_id: int | str | None = None


def covered_keys(items) -> set[str]:
    return {i.source_key for i in items if i.live and i.source_key}


def uncovered(requirements, items) -> list:
    """Requirements (current licence conditions, civil order prohibitions, meeting and disclosure
    decisions, victim safety measures) that no live plan item links back to (¶5.18, ¶7.31, F-078)."""
    keys = covered_keys(items)
    return [r for r in requirements if r.key not in keys]


def balance(items) -> dict:
    """How many live items restrict and how many help change behaviour (an item for both counts twice)."""
    live = [i for i in items if i.live]
    return {
        "restrictive": sum(1 for i in live if i.purpose in (RESTRICTIVE, BOTH)),
        "constructive": sum(1 for i in live if i.purpose in (CONSTRUCTIVE, BOTH)),
    }


def missing(items, requirements=(), police_may_visit: str = "") -> list[Gap]:
    """Everything the plan lacks, in the order a reader should put it right.

    A plan must show (¶5.18, ¶5.19, ¶7.4, ¶7.10, ¶7.31, Rec; catalogue P-08, F-075 to F-086):
    every current requirement; home visiting by probation, and by the police where something recorded gives
    them the power (`police_may_visit`, from police_visit_basis, said in the gap); disclosure considered;
    victim safety measures and the victim liaison officer's input; the person's own role;
    contingency (who acts, how fast); at least one restrictive and one constructive item; and
    every open item with an owner and a timescale.
    """
    items = list(items)
    live = [i for i in items if i.live]
    gaps = [
        Gap("requirement", f"Not in the plan: {r.text}", requirement_key=r.key)
        for r in uncovered(requirements, items)
    ]
    elements = {i.element for i in live}
    covered_kinds = {r.kind for r in requirements if r.key in covered_keys(items)}
    if police_may_visit and POLICE_HOME_VISIT not in elements:
        gaps.append(Gap(POLICE_HOME_VISIT, f"{ELEMENTS[POLICE_HOME_VISIT]} is not in the plan. The police may "
                                           f"visit because of: {police_may_visit}", heading=MONITORING))
    if PROBATION_HOME_VISIT not in elements:
        gaps.append(Gap(PROBATION_HOME_VISIT, f"{ELEMENTS[PROBATION_HOME_VISIT]} is not in the plan", heading=MONITORING))
    if DISCLOSURE not in elements and "disclosure_decision" not in covered_kinds:
        gaps.append(Gap(DISCLOSURE, "The plan does not show that disclosure has been considered", heading=MONITORING))
    if not any(i.heading == VICTIM_SAFETY for i in live):
        gaps.append(Gap("victim_safety", "There are no victim safety measures", heading=VICTIM_SAFETY))
    if VICTIM_LIAISON not in elements:
        gaps.append(Gap(VICTIM_LIAISON, "The victim liaison officer's input is not in the plan", heading=VICTIM_SAFETY))
    if OWN_ROLE not in elements:
        gaps.append(Gap(OWN_ROLE, "The person's own role in managing their behaviour is not in the plan", heading=INTERVENTIONS))
    contingency = [i for i in live if i.element == CONTINGENCY]
    if not contingency:
        gaps.append(Gap(CONTINGENCY, "There is no contingency: who acts, and how fast, if risk rises", heading=SUPERVISION))
    for item in contingency:
        if not item.response_hours:
            gaps.append(Gap("contingency_speed", f"The contingency “{item.what}” does not say how fast to act",
                            heading=item.heading, item_id=item.id))
    mix = balance(items)
    if not mix["constructive"]:
        gaps.append(Gap("constructive", "Nothing in the plan helps the person change: add a constructive item",
                        heading=INTERVENTIONS))
    if not mix["restrictive"]:
        gaps.append(Gap("restrictive", "Nothing in the plan restricts or monitors: add a restrictive item",
                        heading=MONITORING))
    for item in items:
        if not item.open:
            continue
        if not item.owner or not item.owner_agency:
            who = "named person" if item.owner_agency else "owner"
            gaps.append(Gap("owner", f"“{item.what}” has no {who}", heading=item.heading, item_id=item.id))
        if item.due is None and not item.every_days and item.element != CONTINGENCY:
            gaps.append(Gap("timescale", f"“{item.what}” has no due date or frequency", heading=item.heading, item_id=item.id))
    return gaps


def next_due(item: Item) -> datetime.date | None:
    """When the item is next due: its due date, or for a recurring item the last time it was done
    (or its start) plus its frequency. Closed items are not due."""
    if not item.open:
        return None
    if item.every_days:
        since = item.last_done or item.start
        if since is not None:
            recurring = since + datetime.timedelta(days=item.every_days)
            return min(recurring, item.due) if item.due and not item.last_done else recurring
    return item.due


def overdue(items, today: datetime.date) -> list[Item]:
    return [i for i in items if (d := next_due(i)) is not None and d < today]


# Review intervals: {"months": 4}, {"weeks": 6} or {"days": 30}.
def add_interval(day: datetime.date, interval: dict) -> datetime.date:
    months = int(interval.get("months", 0))
    if months:
        month_index = day.month - 1 + months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        day = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    return day + datetime.timedelta(weeks=int(interval.get("weeks", 0)), days=int(interval.get("days", 0)))


ROSH_ORDER = ("low", "medium", "high", "very_high")


@dataclass(frozen=True)
class ReviewIntervals:
    """From reference data: the base interval, and the shorter ones a MAPPA level or a RoSH brings."""

    base: dict
    by_level: dict = field(default_factory=dict)  # {"2": {"weeks": 12}}
    by_rosh: dict = field(default_factory=dict)  # {"high": {"weeks": 12}}


@dataclass(frozen=True)
class ReviewDue:
    due: datetime.date
    reason: str
    scheduled: datetime.date
    triggered: bool = False


def scheduled_review(since: datetime.date, intervals: ReviewIntervals, *, level: int | None = None,
                     rosh: str = "") -> ReviewDue:
    """The scheduled review date: the earliest of the base interval and the intervals for the MAPPA
    level and the RoSH, counted from the last review (or the plan's start). ¶9.2: level 3 every four to
    six weeks, level 2 every eight to twelve weeks, level 1 every four months; ¶9.8 within four months."""
    options = [(add_interval(since, intervals.base), "the standard review interval")]
    if level is not None and str(level) in intervals.by_level:
        options.append((add_interval(since, intervals.by_level[str(level)]), f"MAPPA level {level}"))
    if rosh in ROSH_ORDER:
        # A RoSH brings its own interval or, if none is set, the one of the nearest lower band that has one.
        for band in reversed(ROSH_ORDER[: ROSH_ORDER.index(rosh) + 1]):
            if band in intervals.by_rosh:
                options.append((add_interval(since, intervals.by_rosh[band]), f"{rosh.replace('_', ' ')} risk of serious harm"))
                break
    due, reason = min(options, key=lambda o: o[0])
    return ReviewDue(due, reason, due)


def review_due(since: datetime.date, intervals: ReviewIntervals, *, level: int | None = None, rosh: str = "",
               triggers=(), trigger_days: int = 0) -> ReviewDue:
    """The next review: scheduled, or sooner when a significant event has happened since the last one
    (¶9.2 "Immediate reviews should also be undertaken when significant events occur"; ¶9.7).
    `triggers` are (date, description) pairs of events not yet reviewed."""
    scheduled = scheduled_review(since, intervals, level=level, rosh=rosh)
    best = scheduled
    for occurred, what in triggers:
        due = occurred + datetime.timedelta(days=trigger_days)
        if due < best.due:
            best = ReviewDue(due, f"significant event: {what}", scheduled.due, triggered=True)
    return best


# Reviews copied from the last one (¶9.8 "pulled through ... not updated"; P-11 step 4).
REVIEW_SECTIONS = {
    "considered": "What was considered",
    "victim_views": "The victim's views",
    "changes": "What changed",
}


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


def copied_sections(previous: dict | None, current: dict) -> list[str]:
    """Sections of a review whose text is the same as the last review's (ignoring case, spacing and
    punctuation). Empty sections are not "copied": they are simply missing."""
    if not previous:
        return []
    return [
        name for name in REVIEW_SECTIONS
        if _normal(current.get(name, "")) and _normal(current.get(name, "")) == _normal(previous.get(name, ""))
    ]


def outcome_unsupported(outcome: str, items_changed: int) -> str:
    """A review that says the plan was amended when no item changed since the last review is a copy
    in disguise (¶9.8 "pulled through ... not updated"). Returns the problem, or ""."""
    if outcome in ("amended", "new_plan") and items_changed == 0:
        return "The review says the plan changed, but no item has changed since the last review: change the plan first, or choose no change"
    return ""


def review_gaps(review: dict, *, victim_identified: bool = True) -> dict:
    """What a review must record (E-15; ¶9.4 a structured record; ¶7.10 victim liaison input)."""
    errors = {}
    if not _normal(review.get("considered", "")):
        errors["considered"] = "Say what was considered in this review"
    if not _normal(review.get("changes", "")):
        errors["changes"] = "Say what changed, or why nothing needed to change"
    if victim_identified and not _normal(review.get("victim_views", "")):
        errors["victim_views"] = "Record the victim's views, or the victim liaison officer's input"
    return errors
