"""The rules of a programme referral, as pure functions over plain values: what a decision or a date needs, the
stage a referral has reached, how long the person has waited, attendance against the programme's sessions, and when
the post-programme review is due.

The numbers (how long a wait is too long, when the review is due) come from dated reference rows
(interventions/migrations/0002_reference_data.py), passed in as `table`."""
import datetime
from dataclasses import dataclass

SEXUAL = "sexual"
PENDING, ELIGIBLE, NOT_ELIGIBLE, DEFERRED = "pending", "eligible", "not_eligible", "deferred"
COMPLETED, NOT_COMPLETED = "completed", "not_completed"
ATTENDED, ACCEPTABLE, UNACCEPTABLE = "attended", "acceptable", "unacceptable"
DECISIONS = (ELIGIBLE, NOT_ELIGIBLE, DEFERRED)
ATTENDANCE = (ATTENDED, ACCEPTABLE, UNACCEPTABLE)

# The stages a referral goes through, in order (pathway P-17).
REFERRED, WAITING, STARTED, FINISHED, REVIEWED, CLOSED = (
    "referred", "waiting", "started", "finished", "reviewed", "closed")
STAGE_LABELS = {REFERRED: "Referred, not yet on the waiting list", WAITING: "On the waiting list",
                STARTED: "On the programme", FINISHED: "Finished, post-programme review to do",
                REVIEWED: "Finished and reviewed", CLOSED: "Not going ahead"}


def stage(eligibility: str, listed_on, started_on, outcome: str, reviewed_on) -> str:
    """Where a referral stands: a decision not to go ahead closes it; otherwise the latest step taken."""
    if eligibility == NOT_ELIGIBLE:
        return CLOSED
    if outcome:
        return REVIEWED if reviewed_on else FINISHED
    if started_on:
        return STARTED
    if listed_on:
        return WAITING
    return REFERRED


def _past(errors: dict, name: str, day, today) -> None:
    if day is not None and day > today:
        errors.setdefault(name, "The date must be today or in the past")


def decision_errors(decision: str, reason: str, referred_on, assessed_on, today) -> dict:
    """Why an eligibility decision cannot be saved (E-27: the reasons for exclusion, inspection V-09 and
    paragraph 6.6; a deferral with its reason, good practice E2.3-30): {field: message}."""
    errors = {}
    if decision not in DECISIONS:
        errors["eligibility"] = "Choose eligible, not eligible or deferred"
    if decision in (NOT_ELIGIBLE, DEFERRED) and not (reason or "").strip():
        errors["eligibility_reason"] = ("Say why the person is not eligible" if decision == NOT_ELIGIBLE
                                        else "Say why the referral is deferred")
    if assessed_on is None:
        errors["assessed_on"] = "Enter the date of the assessment"
    else:
        _past(errors, "assessed_on", assessed_on, today)
        if referred_on is not None and assessed_on < referred_on:
            errors["assessed_on"] = "The assessment cannot be before the referral"
    return errors


def dates_errors(eligibility: str, referred_on, assessed_on, listed_on, started_on, pre_done_on, today) -> dict:
    """Why the waiting list's dates cannot be saved: each step on or after the one before, none in the future,
    and only an eligible person placed on the list or started."""
    errors = {}
    for name, day in (("referred_on", referred_on), ("listed_on", listed_on), ("started_on", started_on),
                      ("pre_programme_done_on", pre_done_on)):
        _past(errors, name, day, today)
    if (listed_on or started_on) and eligibility != ELIGIBLE:
        errors["listed_on" if listed_on else "started_on"] = ("Record that the person is eligible before placing them "
                                                              "on the waiting list")
    if listed_on and assessed_on and listed_on < assessed_on:
        errors.setdefault("listed_on", "The date placed on the list cannot be before the assessment")
    if listed_on and referred_on and listed_on < referred_on:
        errors.setdefault("listed_on", "The date placed on the list cannot be before the referral")
    if started_on and not listed_on:
        errors.setdefault("started_on", "Enter the date placed on the waiting list first")
    if started_on and listed_on and started_on < listed_on:
        errors.setdefault("started_on", "The start cannot be before the date placed on the list")
    return errors


def outcome_errors(outcome: str, reason: str, started_on, on, today) -> dict:
    """Why a completion or non-completion cannot be saved (REQ-INT-02; inspection paragraph 6.1): only a programme
    that started finishes, and a non-completion says why."""
    errors = {}
    if outcome not in (COMPLETED, NOT_COMPLETED):
        errors["outcome"] = "Choose completed or not completed"
    if outcome == NOT_COMPLETED and not (reason or "").strip():
        errors["outcome_reason"] = "Say why the programme was not completed"
    if outcome == COMPLETED and started_on is None:
        errors["outcome"] = "Record the date the programme started before recording that it was completed"
    if on is None:
        errors["outcome_on"] = "Enter the date"
    else:
        _past(errors, "outcome_on", on, today)
        if started_on is not None and on < started_on:
            errors["outcome_on"] = "The date cannot be before the programme started"
    return errors


def attendance_errors(attendance: str, reason: str, on, started_on, today) -> dict:
    """Why a session's attendance cannot be saved: a session of a programme that has started, not in the future;
    a missed session says why (acceptable or not, like an appointment under the order)."""
    errors = {}
    if attendance not in ATTENDANCE:
        errors["attendance"] = "Choose attended, missed with an acceptable reason or missed with an unacceptable reason"
    if attendance in (ACCEPTABLE, UNACCEPTABLE) and not (reason or "").strip():
        errors["reason"] = "Give the reason the session was missed"
    if attendance == ATTENDED and (reason or "").strip():
        errors["reason"] = "Give a reason only for a missed session"
    if started_on is None:
        errors["on"] = "Record the date the programme started before recording its sessions"
    elif on is not None and on < started_on:
        errors["on"] = "The session cannot be before the programme started"
    if on is not None:
        _past(errors, "on", on, today)
    return errors


@dataclass(frozen=True)
class Attendance:
    attended: int
    acceptable: int
    unacceptable: int
    sessions: int | None  # the programme's sessions, when the catalogue gives them

    def describe(self) -> str:
        of = f" of {self.sessions}" if self.sessions else ""
        missed = self.acceptable + self.unacceptable
        text = f"{self.attended}{of} sessions attended"
        if missed:
            text += f", {missed} missed ({self.unacceptable} without an acceptable reason)"
        return text


def attendance(marks: list[str], sessions: int | None) -> Attendance:
    """Attendance over a referral's sessions, against the programme's number of sessions (R-64, T-19)."""
    return Attendance(marks.count(ATTENDED), marks.count(ACCEPTABLE), marks.count(UNACCEPTABLE), sessions)


def waiting_days(listed_on, started_on, outcome: str, today) -> int | None:
    """Days on the waiting list: to the start, or to today while still waiting (inspection paragraph 6.1)."""
    if listed_on is None:
        return None
    end = started_on or (today if not outcome else None)
    return None if end is None else (end - listed_on).days


def waited_too_long_on(listed_on, table: dict) -> datetime.date | None:
    """The day a wait on the list becomes too long (F-090: alert when a wait exceeds a threshold)."""
    if listed_on is None:
        return None
    return listed_on + datetime.timedelta(days=int(table["waiting_alert_days"]))


def waiting_too_long(listed_on, started_on, outcome: str, eligibility: str, today, table: dict) -> bool:
    """Still waiting, and for longer than the threshold."""
    if listed_on is None or started_on or outcome or eligibility != ELIGIBLE:
        return False
    return waited_too_long_on(listed_on, table) < today


def review_due(outcome_on, table: dict) -> datetime.date | None:
    """The post-programme review (the SARN or post-programme report, inspection paragraphs 2.9 and 5.11; F-066) is
    due this many days after the programme ends, completed or not."""
    if outcome_on is None:
        return None
    return outcome_on + datetime.timedelta(days=int(table["review_within_days"]))


def is_significant(outcome: str, review_raises_concern: bool) -> bool:
    """A non-completion, or a review finding that the risk has changed, is a significant event that makes the risk
    and plan reviews due (inspection 2010 paragraph 9.7; catalogue P-11 step 2 'programme completed or excluded')."""
    return outcome == NOT_COMPLETED or review_raises_concern
