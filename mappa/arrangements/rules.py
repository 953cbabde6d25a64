"""MAPPA rules as pure functions: category proposal, review dates, referral suggestion, overdue checks,
and the checks a meeting's record must pass.

Nothing here touches the ORM. Numbers and lists set by statute or guidance (the custody threshold and the
specified offences of Category 2, the review intervals, the RoSH levels that suggest a referral, the forums
that set each level) are passed in by the caller, who reads them from reference
data in force on the day (mappa.core.reference), so changing guidance never rewrites history.

Sources: HMI Probation and HMI Constabulary, "Restriction and Rehabilitation: Getting the Right Mix"
(June 2010) ¶4.3 (categories; Category 2 from the Criminal Justice Act 2003 s.327(3)-(5) and Schedule 15), ¶4.4 (levels), ¶7.4 (disclosure as a standing item), ¶9.2 (review
timescales from the April 2009 MAPPA guidance); Essex MAPPA annual report 2008/09 ("Who are the MAPPA
offenders?").
"""
import calendar
import datetime
from dataclasses import dataclass

from mappa.core.dates import day as govuk_day
from mappa.core.facts import Disposal, Facts, Source

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


@dataclass(frozen=True)
class Reason:
    text: str
    source: Source | None = None


@dataclass(frozen=True)
class Category2Law:
    """What makes Category 2 on a day, from the reference data in force (the caller reads it):
    `minimum_custody_months`, the shortest custodial term (s.327(3)(b)); `specified`, the offences specified
    in Schedule 15 as groups with the Home Office offence codes a conviction is matched against
    ({"groups": [{"name", "part", "codes": ["005", "008/01", ...]}]}); and whether disqualification from
    working with children still makes Category 2 (s.327(5), repealed)."""

    minimum_custody_months: float
    specified: dict
    disqualification_counts: bool = False


@dataclass(frozen=True)
class Ending:
    """Category 2 has ended: the sentence, licence or order that made it ended on `on`."""

    on: datetime.date
    reason: str  # an Eligibility end reason: "licence_ended" or "order_ended"
    text: str


@dataclass(frozen=True)
class CategoryProposal:
    """What the system proposes; a person confirms it. `category` None means the facts held do not
    make the person eligible under 1 or 2: only a person's judgement can make them Category 3.
    `notes` say what was held but does not count (a sentence that has ended, an offence not specified);
    `ending` is set when Category 2 rested only on sentences or orders that have ended."""

    category: int | None
    reasons: tuple[Reason, ...]
    notes: tuple[Reason, ...] = ()
    ending: Ending | None = None

    @property
    def label(self) -> str:
        if self.category is None:
            return "No category proposed"
        return CATEGORY_NAMES[self.category]


def _flag_live(flag, on: datetime.date) -> bool:
    return bool(flag.value) and (flag.until is None or flag.until >= on) and (flag.since is None or flag.since <= on)


def specified_group(offence_code: str, specified: dict) -> dict | None:
    """The group of specified offences a Home Office offence code falls in: a group's code is either a
    whole class ("005") or one offence ("008/01")."""
    code = (offence_code or "").strip()
    if not code:
        return None
    for group in specified.get("groups", []):
        for listed in group["codes"]:
            if code == listed or ("/" not in listed and code.startswith(listed + "/")):
                return group
    return None


def qualifying_sentence(disposal: Disposal, minimum_custody_months: float) -> str | None:
    """Why a sentence counts under s.327(3)(b), or None: custody for `minimum_custody_months` or more (or
    for life or public protection), or a hospital or guardianship order."""
    if disposal.kind == "custody":
        if disposal.indeterminate:
            return "an indeterminate sentence (life or for public protection)"
        if disposal.custodial_months is not None and disposal.custodial_months >= minimum_custody_months:
            return f"{disposal.custodial_months:g} months' custody (at least {minimum_custody_months:g})"
        return None
    if disposal.kind in ("hospital", "guardianship"):
        return f"a {disposal.kind} order"
    return None


def _lasts(disposal: Disposal) -> str:
    if disposal.ends_on is None:
        return "for life or until the licence is ended" if disposal.indeterminate else "while it lasts (no end date recorded)"
    estimated = " (worked out from its length: no expiry date recorded)" if disposal.ends_on_estimated else ""
    return f"until {govuk_day(disposal.ends_on)}{estimated}"


def category2(facts: Facts, *, on: datetime.date, law: Category2Law) -> tuple[list, list, Ending | None]:
    """The reasons that make Category 2 on `on` (CJA 2003 s.327(3)-(4)), the notes on what was held but does
    not count, and the ending when only ended sentences or orders qualified. A conviction counts when its
    offence code is among the offences specified and a qualifying sentence was imposed for it; it counts while
    the person is subject to that sentence, licence or order."""
    reasons, notes, ended = [], [], []
    for sanction in facts.convictions:
        group = None if sanction.abroad else specified_group(sanction.offence_code, law.specified)
        offence = sanction.offence or "Conviction"
        qualifying = [(d, why) for d in sanction.disposals
                      if d.imposed_on <= on and (why := qualifying_sentence(d, law.minimum_custody_months))]
        if group is None and sanction.abroad:
            if qualifying and (sanction.sexual or sanction.violent):
                notes.append(Reason(f"{offence}: a conviction abroad, and Category 2 counts convictions by a court in "
                                    "England or Wales (s.327(3)). Category 3 may apply.", sanction.source))
            continue
        if group is None:
            if qualifying and (sanction.sexual or sanction.violent):
                code = sanction.offence_code or "no offence code recorded"
                notes.append(Reason(f"{offence} ({code}) is marked as a sexual or violent offence, but is not among the "
                                    "offences specified for Category 2 (Criminal Justice Act 2003, Schedule 15) held here. "
                                    "If it is one, confirm Category 2 and say so as the basis.", sanction.source))
            continue
        for disposal, why in qualifying:
            what = f"{offence} ({sanction.offence_code}, {group['name']}), {govuk_day(sanction.date)}: {why}"
            if disposal.ends_on is not None and disposal.ends_on < on:
                notes.append(Reason(f"{what}, ended {govuk_day(disposal.ends_on)}: no longer makes Category 2",
                                    disposal.source or sanction.source))
                ended.append(disposal)
            else:
                reasons.append(Reason(f"{what}, {_lasts(disposal)}", disposal.source or sanction.source))
    if law.disqualification_counts and _flag_live(facts.disqualified_from_working_with_children, on):
        reasons.append(Reason("Disqualified from working with children (Criminal Justice and Court Services Act 2000 "
                              "ss.28-29)", facts.disqualified_from_working_with_children.source))
    ending = None
    if ended and not reasons:
        last = max(ended, key=lambda d: d.ends_on)
        reason = "licence_ended" if last.kind == "custody" else "order_ended"
        ending = Ending(last.ends_on, reason, f"The sentence, licence or order that made this person Category 2 ended on "
                                              f"{govuk_day(last.ends_on)}")
    return reasons, notes, ending


def proposed_category(facts: Facts, *, on: datetime.date, law: Category2Law) -> CategoryProposal:
    """Category 1 before 2 (¶4.3): notification requirements (Part 2 SOA 2003, or through a civil order
    such as a SOPO) make Category 1; a specified sexual or violent offence with a qualifying sentence the
    person is still subject to makes Category 2 (see category2). Every reason carries its source."""
    if _flag_live(facts.notification_requirements, on):
        return CategoryProposal(1, (Reason("Subject to notification requirements (registered sexual offender)",
                                           facts.notification_requirements.source),))
    reasons, notes, ending = category2(facts, on=on, law=law)
    if reasons:
        return CategoryProposal(2, tuple(reasons), tuple(notes))
    return CategoryProposal(None, (Reason(
        "Nothing held makes this person eligible under Category 1 or 2. Category 3 needs a person's judgement "
        "that they pose a risk of serious harm needing active multi-agency management, with the link between "
        "their offending and that risk recorded."),), tuple(notes), ending)


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
        return {"next_review": f"The next review must be no later than {govuk_day(window.latest)} under the guidance in force"}
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


def has_started(*, held_on: datetime.date, starts_at: datetime.time | None, now: datetime.datetime) -> bool:
    """A meeting has started once its day has come and, when it has a start time, that time has come (`now` is
    local time)."""
    if held_on != now.date():
        return held_on < now.date()
    return starts_at is None or starts_at <= now.time()


def minutes_open(*, status: str, held_on: datetime.date, today: datetime.date) -> bool:
    """Minutes are recorded from the day of the meeting (during it or after), never for a cancelled one."""
    return status != "cancelled" and held_on <= today


def meeting_status_errors(*, status: str, current: str, held_on: datetime.date, starts_at: datetime.time | None,
                          now: datetime.datetime) -> dict:
    """A planned meeting may stay planned, be cancelled, or be marked held once it has started."""
    if status == current or status == "cancelled":
        return {}
    if status == "held":
        if has_started(held_on=held_on, starts_at=starts_at, now=now):
            return {}
        return {"status": "A meeting can be marked as held once it has started"}
    return {"status": "Choose planned, held or cancelled"}


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


# The standing items of every level 2/3 meeting's agenda; disclosure to third parties is one (inspection 2010 ¶7.4).
STANDING_ITEMS = [
    "New information and intelligence", "Risk assessment review", "Victim issues and the victim's views",
    "Disclosure to third parties (must be considered and the decision recorded)", "Review of actions",
    "Level review", "Date of the next meeting",
]
