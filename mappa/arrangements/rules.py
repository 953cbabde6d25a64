"""MAPPA rules as pure functions: category proposal, review dates, referral suggestion, overdue checks,
and the checks a meeting's record must pass.

Nothing here touches the ORM. Numbers set by guidance (the custody threshold, the review intervals,
the RoSH levels that suggest a referral) are passed in by the caller, who reads them from reference
data in force on the day (mappa.core.reference), so changing guidance never rewrites history.

Sources: HMI Probation and HMI Constabulary, "Restriction and Rehabilitation: Getting the Right Mix"
(June 2010) ¶4.3 (categories), ¶4.4 (levels), ¶7.4 (disclosure as a standing item), ¶9.2 (review
timescales from the April 2009 MAPPA guidance); Essex MAPPA annual report 2008/09 ("Who are the MAPPA
offenders?").
"""
import calendar
import datetime
from dataclasses import dataclass

from mappa.core.facts import Facts, Source

CATEGORY_NAMES = {
    1: "Category 1: registered sexual offender",
    2: "Category 2: violent or other sexual offender",
    3: "Category 3: other dangerous offender",
}
LEVEL_NAMES = {
    1: "Level 1: ordinary agency management",
    2: "Level 2: active multi-agency management",
    3: "Level 3: active multi-agency management with senior involvement",
}
QUALIFYING_ORDERS = ("hospital order", "guardianship order")


@dataclass(frozen=True)
class Reason:
    text: str
    source: Source | None = None


@dataclass(frozen=True)
class CategoryProposal:
    """What the system proposes; a person confirms it. `category` None means the facts held do not
    make the person eligible under 1 or 2: only a person's judgement can make them Category 3."""

    category: int | None
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        if self.category is None:
            return "No category proposed"
        return CATEGORY_NAMES[self.category]


def _flag_live(flag, on: datetime.date) -> bool:
    return bool(flag.value) and (flag.until is None or flag.until >= on) and (flag.since is None or flag.since <= on)


def proposed_category(facts: Facts, *, on: datetime.date, minimum_custody_months: float) -> CategoryProposal:
    """Category 1 before 2 (¶4.3): notification requirements (Part 2 SOA 2003, or through a civil order
    such as a SOPO) make Category 1; a sexual or violent offence with a sentence of imprisonment of
    `minimum_custody_months` or more, a hospital or guardianship order, or disqualification from working
    with children make Category 2. Every reason carries its source."""
    if _flag_live(facts.notification_requirements, on):
        return CategoryProposal(1, (Reason("Subject to notification requirements (registered sexual offender)",
                                           facts.notification_requirements.source),))
    reasons = []
    for sanction in facts.convictions:
        if not (sanction.sexual or sanction.violent):
            continue
        kind = "sexual" if sanction.sexual else "violent"
        offence = sanction.offence or f"{kind} offence"
        months = sanction.custodial_months
        if months is not None and months >= minimum_custody_months:
            reasons.append(Reason(f"{offence} ({sanction.date:%d %B %Y}): {months:g} months' imprisonment "
                                  f"(at least {minimum_custody_months:g})", sanction.source))
        elif sanction.disposal.strip().lower() in QUALIFYING_ORDERS:
            reasons.append(Reason(f"{offence} ({sanction.date:%d %B %Y}): {sanction.disposal}", sanction.source))
    if _flag_live(facts.hospital_or_guardianship_order, on):
        reasons.append(Reason("Detained under a hospital or guardianship order", facts.hospital_or_guardianship_order.source))
    if _flag_live(facts.disqualified_from_working_with_children, on):
        reasons.append(Reason("Disqualified from working with children", facts.disqualified_from_working_with_children.source))
    if reasons:
        return CategoryProposal(2, tuple(reasons))
    return CategoryProposal(None, (Reason(
        "Nothing held makes this person eligible under Category 1 or 2. Category 3 needs a person's judgement "
        "that they pose a risk of serious harm needing active multi-agency management, with the link between "
        "their offending and that risk recorded."),))


def confirmation_errors(proposal: CategoryProposal, *, category: int | None, basis: str, link_to_risk: str) -> dict:
    """What is wrong with a person's confirmation of a category, as {field: message}."""
    errors = {}
    if category not in (1, 2, 3):
        return {"category": "Choose the MAPPA category"}
    if category == 3:
        if proposal.category in (1, 2):
            errors["category"] = (f"Category 3 is only for people who do not qualify under Category 1 or 2; "
                                  f"the records held show {proposal.label}")
        if not link_to_risk.strip():
            errors["link_to_risk"] = "Record the link between the offending and the risk of serious harm for Category 3"
    elif category != proposal.category and not basis.strip():
        errors["basis"] = (f"The records held do not show Category {category}: say what it is based on "
                           f"(for example the conviction or registration not yet recorded here)")
    return errors


# ---------------------------------------------------------------- review dates

def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def after(day: datetime.date, interval: dict) -> datetime.date:
    """`day` plus an interval such as {"weeks": 6} or {"months": 4}."""
    unknown = set(interval) - {"days", "weeks", "months"}
    if unknown:
        raise ValueError(f"Unknown interval units {sorted(unknown)}")
    day = add_months(day, int(interval.get("months", 0)))
    return day + datetime.timedelta(days=int(interval.get("days", 0)), weeks=int(interval.get("weeks", 0)))


@dataclass(frozen=True)
class ReviewWindow:
    earliest: datetime.date
    latest: datetime.date


def review_window(decided_on: datetime.date, schedule: dict) -> ReviewWindow:
    """When the next review falls due, from the schedule in force for the level
    ({"earliest": {"weeks": 4}, "latest": {"weeks": 6}}: level 3 every four to six weeks, ¶9.2)."""
    return ReviewWindow(after(decided_on, schedule["earliest"]), after(decided_on, schedule["latest"]))


def next_review_errors(next_review: datetime.date | None, *, decided_on: datetime.date, window: ReviewWindow) -> dict:
    """A level decision names its next review, no later than the guidance allows."""
    if next_review is None:
        return {"next_review": "Enter the date of the next review"}
    if next_review <= decided_on:
        return {"next_review": "The next review must be after the date of the decision"}
    if next_review > window.latest:
        return {"next_review": f"The next review must be no later than {window.latest:%d %B %Y} under the guidance in force"}
    return {}


def is_overdue(due: datetime.date | None, today: datetime.date, *, done: bool = False) -> bool:
    return due is not None and not done and due < today


def days_overdue(due: datetime.date | None, today: datetime.date) -> int:
    return max(0, (today - due).days) if due else 0


def is_later_decision(candidate: tuple[datetime.date, int], current: tuple[datetime.date, int] | None) -> bool:
    """Whether a level decision (decided_on, id) replaces `current` as the episode's decision in force:
    the latest decided_on wins, and of two on the same day the one recorded last (higher id). A decision
    back-dated before the one in force is kept in the history but does not replace it."""
    return current is None or candidate > current


# ---------------------------------------------------------------- referral suggestion

@dataclass(frozen=True)
class Suggestion:
    """A prompt to consider referral: it never sets the level (¶4.4: high or very high RoH does not mean
    a case automatically needs level 2)."""

    key: str
    text: str


def referral_suggestion(facts: Facts, *, current_level: int | None, suggest_for_rosh: list[str]) -> Suggestion | None:
    if facts.rosh and facts.rosh in suggest_for_rosh and (current_level or 1) < 2:
        label = facts.rosh.replace("_", " ")
        return Suggestion(
            key=f"rosh:{facts.rosh}",
            text=(f"Risk of serious harm is assessed as {label}. Consider whether this case needs a referral "
                  f"for active multi-agency management at level 2 or 3. This is a prompt only: a person decides the level."),
        )
    return None


# ---------------------------------------------------------------- level decisions and meetings

def level_decision_errors(*, level: int | None, rationale: str, information_considered: str,
                          decided_on: datetime.date | None, today: datetime.date) -> dict:
    errors = {}
    if level not in (1, 2, 3):
        errors["level"] = "Choose the MAPPA level"
    if not rationale.strip():
        errors["rationale"] = "Give the rationale for the level decision"
    if not information_considered.strip():
        errors["information_considered"] = "Say what information was considered"
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    elif decided_on > today:
        errors["decided_on"] = "The date of the decision must be today or in the past"
    return errors


FORUM_PHRASES = {
    "screening": "at a multi-agency screening meeting",
    "meeting": "at a level 2 or 3 MAPP meeting",
    "chair": "by the chair of a level 2 or 3 MAPP meeting out of meeting",
    "lead_agency": "by the lead agency after screening",
    "offender_manager": "by the offender manager alone",
}


def forums_for(level: int, allowed: dict) -> list[str]:
    """The forums that may set `level` under `allowed` ({"1": [forum, ...], ...}, the guidance in force)."""
    return list(allowed.get(str(level), []))


def forum_errors(*, level: int, forum: str, allowed: dict) -> dict:
    """Whether `forum` may set `level` under `allowed`, the guidance in force on the day of the decision:
    levels 2 and 3 are set at a level 2 or 3 MAPP meeting (or by its chair out of meeting, recorded as
    such); level 1 by the lead agency after screening, at a screening meeting, or by a level 2 or 3
    meeting stepping a case down (¶4.4, ¶4.26)."""
    permitted = forums_for(level, allowed)
    if forum in permitted:
        return {}
    ways = " or ".join(FORUM_PHRASES.get(f, f) for f in permitted) or "no forum recorded here"
    return {"forum": f"A level {level} decision is made {ways}, not {FORUM_PHRASES.get(forum, forum)}"}


def new_meeting_errors(*, held_on: datetime.date | None, today: datetime.date) -> dict:
    if held_on is None:
        return {"held_on": "Enter the date of the meeting"}
    if held_on < today:
        return {"held_on": "A new meeting cannot be arranged for a date in the past"}
    return {}


@dataclass(frozen=True)
class Attendee:
    agency_kind: str
    senior: bool
    attended: bool


def senior_attendance_missing(level: int, attendees: list[Attendee], responsible_authorities: set[str]) -> bool:
    """A level 3 meeting needs senior representatives of the responsible authority (¶4.4): flag when none attended."""
    if level != 3:
        return False
    return not any(a.attended and a.senior and a.agency_kind in responsible_authorities for a in attendees)


def action_errors(*, description: str, owner_name: str, owner_agency: bool, purpose: str,
                  due_on: datetime.date | None) -> dict:
    errors = {}
    if not description.strip():
        errors["description"] = "Describe the action"
    if not owner_name.strip():
        errors["owner_name"] = "Name the person who owns the action"
    if not owner_agency:
        errors["owner_agency"] = "Choose the agency that owns the action"
    if purpose not in ("restrictive", "constructive", "both"):
        errors["purpose"] = "Say whether the action is restrictive, constructive or both"
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due"
    return errors


def minute_errors(*, meeting_level: int, summary: str, disclosure_considered: bool, disclosure_decision: str) -> dict:
    """At every level 2 or 3 meeting, disclosure to third parties must be considered and the decision recorded (¶7.4)."""
    errors = {}
    if not summary.strip():
        errors["summary"] = "Record the discussion of this case"
    if meeting_level in (2, 3):
        if not disclosure_considered:
            errors["disclosure_considered"] = "Disclosure to third parties must be considered at every level 2 and 3 meeting"
        if not disclosure_decision.strip():
            errors["disclosure_decision"] = "Record the decision on disclosure to third parties (including a decision not to disclose, with its reason)"
    return errors
