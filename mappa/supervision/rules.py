"""The supervision rules, as pure functions over plain values: how often a person must report, what an order's
requirements have left to do, and what the enforcement rule asks for after unacceptable absences.

The numbers come from dated reference rows (supervision/migrations/0002_reference_data.py), passed in as
`table`. Neither catalogue gives a National Standard number (good practice 2009-2012 section 0.2 caveat 6 and
section 3.4; inspection 2010 section 0.5 and paragraph 6.4), so each row says "no number given in the
sources: project default" and cites what the documents do say."""
import calendar
import datetime
from dataclasses import dataclass

UNPAID_WORK, PROGRAMME, ACTIVITY, CURFEW, RESIDENCE, EXCLUSION, TREATMENT = (
    "unpaid_work", "programme", "activity", "curfew", "residence", "exclusion", "treatment")
KEPT, ACCEPTABLE, UNACCEPTABLE = "kept", "acceptable", "unacceptable"
WARNING, FINAL_WARNING, BREACH, RECALL = "warning", "final_warning", "breach", "recall"
LEVELS = ("low", "medium", "high", "very_high")
# Requirements counted in hours, and in days or sessions.
BY_HOURS = {UNPAID_WORK}
BY_DAYS = {PROGRAMME, ACTIVITY, TREATMENT}


@dataclass(frozen=True)
class Progress:
    ordered: int | None
    done: int
    unit: str  # "hours", "days" or "" (a requirement of dates only: curfew, residence, exclusion)

    @property
    def left(self) -> int | None:
        return None if self.ordered is None else max(self.ordered - self.done, 0)

    @property
    def complete(self) -> bool:
        return self.ordered is not None and self.done >= self.ordered

    def describe(self) -> str:
        if not self.unit:
            return "Runs for its dates"
        if self.ordered is None:
            return f"{self.done} {self.unit} done"
        return f"{self.done} of {self.ordered} {self.unit} done, {self.left} left"


def progress(kind: str, hours: int | None, hours_done: int, days: int | None, days_done: int) -> Progress:
    """What a requirement has left: unpaid work in hours (catalogue REQ-UPW-01: ordered, worked, outstanding),
    programmes, activity and treatment in days or sessions (R-64, R-65), the others by their dates alone."""
    if kind in BY_HOURS:
        return Progress(hours, hours_done, "hours")
    if kind in BY_DAYS:
        return Progress(days, days_done, "days")
    return Progress(None, 0, "")


def credit(kind: str, outcome: str, hours: int | None) -> tuple[int, int]:
    """(hours, days) a kept appointment adds to its requirement's progress; a missed one adds nothing."""
    if outcome != KEPT:
        return 0, 0
    if kind in BY_HOURS:
        return (hours or 0), 0
    if kind in BY_DAYS:
        return 0, 1
    return 0, 0


def requirement_errors(kind: str, hours, days, starts_on, ends_on, electronic_monitoring: bool) -> dict:
    """Why a requirement as given cannot be saved: {field: message}."""
    errors = {}
    if kind in BY_HOURS and not hours:
        errors["hours"] = "Enter the hours of unpaid work ordered"
    if kind not in BY_HOURS and hours:
        errors["hours"] = "Only unpaid work is ordered in hours"
    if kind not in BY_DAYS and days:
        errors["days"] = "Only programmes, rehabilitation activity and treatment are ordered in days or sessions"
    if electronic_monitoring and kind not in (CURFEW, EXCLUSION):
        errors["electronic_monitoring"] = "Only a curfew or an exclusion is electronically monitored"
    if kind in (CURFEW, EXCLUSION, RESIDENCE) and ends_on is None:
        errors["ends_on"] = "Enter the date the requirement ends"
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    return errors


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---- The reporting schedule (good practice section 3.4; inspection E-33, paragraph 6.4) ----

@dataclass(frozen=True)
class Reporting:
    every_days: int
    stage: str  # "start" or "later"
    level: str  # the risk level the interval was read for
    reason: str


def stage_of(order_start: datetime.date, on: datetime.date, table: dict) -> str:
    """The stage of the order (or licence) on `on`: its first weeks ("start") or after ("later")."""
    return "start" if (on - order_start).days < table["start_weeks"] * 7 else "later"


def reporting(rosh: str, order_start: datetime.date, on: datetime.date, table: dict, of: str = "order") -> Reporting:
    """How often the person must report on `on`, from their risk of serious harm and the stage of the order (or
    licence, `of`="licence": the same table, as no source gives licence reporting of its own: good practice section
    3.4 R-30 says only "more frequently than the National Standard minimum" of one licence case).
    Risk not known is read as the highest: reporting is never set at a minimum without a reason (para 6.4)."""
    level = rosh if rosh in LEVELS else "very_high"
    stage = stage_of(order_start, on, table)
    every = int(table[stage][level])
    stage_words = f"the first {table['start_weeks']} weeks of the {of}" if stage == "start" else "after the first weeks"
    risk_words = f"{level.replace('_', ' ')} risk of serious harm" if rosh in LEVELS else "risk of serious harm not known"
    return Reporting(every, stage, level, f"Every {_days(every)}: {risk_words}, {stage_words}")


def _days(n: int) -> str:
    if n % 7 == 0:
        weeks = n // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return "day" if n == 1 else f"{n} days"


def next_report_due(order_start: datetime.date, last_kept: datetime.date | None, every_days: int) -> datetime.date:
    """The next appointment is due `every_days` after the last one kept, or from the start of the order."""
    return (last_kept or order_start) + datetime.timedelta(days=every_days)


# ---- The enforcement rule (good practice section 2.10, R-43; REQ-CON-02, REQ-ENF-01) ----

@dataclass(frozen=True)
class Enforcement:
    counted: int  # unacceptable absences in the window since the last breach action
    step: str  # "", WARNING, FINAL_WARNING or BREACH: what the latest absence calls for
    done: bool  # that step has been taken
    trigger_on: datetime.date | None  # the absence that calls for it
    due_on: datetime.date | None  # breach action: laid by this date
    window_from: datetime.date | None = None

    def overdue_on(self, day: datetime.date) -> bool:
        return not self.done and self.due_on is not None and self.due_on < day

    def describe(self, months: int) -> str:
        if not self.step:
            return "No unacceptable absences to act on"
        what = {WARNING: "a warning", FINAL_WARNING: "a final warning", BREACH: "breach action (return to court)",
                RECALL: "recall to be considered"}[self.step]
        absences = "unacceptable absence" if self.counted == 1 else "unacceptable absences"
        if self.done:
            return f"{self.counted} {absences} in the last {months} months: {what} taken"
        return f"{self.counted} {absences} in the last {months} months: {what} is due" + (
            f" by {self.due_on:%-d %B %Y}" if self.due_on else "")


SEVERITY = {"": 0, WARNING: 1, FINAL_WARNING: 2, BREACH: 3, RECALL: 3}


def enforcement(absences: list[datetime.date], warnings: list[tuple[datetime.date, str]],
                breaches: list[datetime.date], on: datetime.date, table: dict) -> Enforcement:
    """What the enforcement rule asks for on `on`.

    Unacceptable absences count within `window_months` before `on`, and only after the last breach action (the
    court has dealt with those before it). The first calls for a warning, the `final_warning_at`-th a final
    warning, the `breach_at`-th breach action, due within `breach_within_days` of that absence. A step is taken
    when a warning at least as severe (or breach action) is recorded on or after the absence that called for it."""
    window_from = add_months(on, -int(table["window_months"]))
    last_breach = max((b for b in breaches if b <= on), default=None)
    counted = sorted(a for a in absences if window_from < a <= on and (last_breach is None or a > last_breach))
    n = len(counted)
    if n == 0:
        return Enforcement(0, "", True, None, None, window_from)
    if n >= int(table["breach_at"]):
        trigger = counted[int(table["breach_at"]) - 1]
        due = trigger + datetime.timedelta(days=int(table["breach_within_days"]))
        return Enforcement(n, BREACH, False, trigger, due, window_from)
    step = FINAL_WARNING if n >= int(table["final_warning_at"]) else WARNING
    trigger = counted[-1]
    done = any(given >= trigger and SEVERITY.get(kind, 0) >= SEVERITY[step] for given, kind in warnings)
    return Enforcement(n, step, done, trigger, None, window_from)


def licence_enforcement(absences: list[datetime.date], warnings: list[tuple[datetime.date, str]],
                        recalls: list[datetime.date], on: datetime.date, table: dict) -> Enforcement:
    """What the enforcement rule asks for on a licence on `on` (reference row supervision.licence_enforcement).

    A licence is not breached to court: its unacceptable absences bring a warning, then a final warning, then
    recall to be considered (good practice section 2.10: "a decision made to issue a final warning" as the
    alternative to recall, E2.2-25; warned, then recalled, E3.1-02; REQ-ENF-02). Absences count within
    `window_months` before `on`, and only after the last recall asked for (any decision: a refusal is a
    considered one). The `recall_at`-th calls for recall to be considered, from that absence; it is taken once a
    recall is asked for, which starts the count again."""
    window_from = add_months(on, -int(table["window_months"]))
    last_recall = max((r for r in recalls if r <= on), default=None)
    counted = sorted(a for a in absences if window_from < a <= on and (last_recall is None or a > last_recall))
    n = len(counted)
    if n == 0:
        return Enforcement(0, "", True, None, None, window_from)
    if n >= int(table["recall_at"]):
        trigger = counted[int(table["recall_at"]) - 1]
        return Enforcement(n, RECALL, False, trigger, None, window_from)
    step = FINAL_WARNING if n >= int(table["final_warning_at"]) else WARNING
    trigger = counted[-1]
    done = any(given >= trigger and SEVERITY.get(kind, 0) >= SEVERITY[step] for given, kind in warnings)
    return Enforcement(n, step, done, trigger, None, window_from)


# ---- Polygraph, medication to reduce sexual arousal, circles of support (inspection E-21, E-29, E-30) ----

NO_SIGNIFICANT_RESPONSE, SIGNIFICANT_RESPONSE, NO_OPINION, REFUSED = "nsr", "sr", "no_opinion", "refused"


def polygraph_significant(outcome: str, disclosures: str) -> bool:
    """Whether an examination is a significant event: a significant response, a refusal or failure to attend
    (both breach a licence's polygraph condition), or anything disclosed (good practice E2.2-25: a test "that
    triggered an alert" led to a phone being found; inspection 2010 para 2.4L, P-25)."""
    return outcome in (SIGNIFICANT_RESPONSE, REFUSED) or bool((disclosures or "").strip())


def polygraph_errors(examined_on, outcome: str, disclosures: str, today: datetime.date) -> dict:
    errors = {}
    if examined_on is not None and examined_on > today:
        errors["examined_on"] = "The date of the examination must be today or in the past"
    if outcome == REFUSED and (disclosures or "").strip():
        errors["disclosures"] = "No disclosures are made at an examination refused or not attended"
    return errors


def medication_review_due(started_on: datetime.date, last_reviewed_on: datetime.date | None,
                          table: dict) -> datetime.date:
    """The next review of medication to reduce sexual arousal: `table["weeks"]` after the last review, or after
    the start (reference row supervision.medication.review_interval)."""
    return (last_reviewed_on or started_on) + datetime.timedelta(weeks=int(table["weeks"]))


def medication_errors(consent_on, withdrawn_on, started_on, ended_on, today: datetime.date) -> dict:
    """Treatment starts only with consent (Probation Circular 35/2007: voluntary treatment; inspection 2010
    para 2.12); consent withdrawn and the end come after what they end."""
    errors = {}
    if consent_on is not None and consent_on > today:
        errors["consent_on"] = "The date consent was given must be today or in the past"
    if started_on is not None and consent_on is not None and started_on < consent_on:
        errors["started_on"] = "Medication cannot start before consent was given"
    if withdrawn_on is not None and consent_on is not None and withdrawn_on < consent_on:
        errors["consent_withdrawn_on"] = "Consent cannot be withdrawn before it was given"
    if withdrawn_on is not None and withdrawn_on > today:
        errors["consent_withdrawn_on"] = "The date consent was withdrawn must be today or in the past"
    if ended_on is not None and started_on is not None and ended_on < started_on:
        errors["ended_on"] = "The end date must be the same as or after the start date"
    return errors


def medication_active(started_on, ended_on, withdrawn_on, today: datetime.date) -> bool:
    """Taking the medication today: started, not ended, consent not withdrawn."""
    return (started_on is not None and started_on <= today and (ended_on is None or ended_on > today)
            and (withdrawn_on is None or withdrawn_on > today))


def circle_errors(referred_on, started_on, ended_on, volunteers, today: datetime.date) -> dict:
    """A circle is referred, then starts (with its volunteers), then ends; none of it in the future."""
    errors = {}
    for name, day in (("referred_on", referred_on), ("started_on", started_on), ("ended_on", ended_on)):
        if day is not None and day > today:
            errors[name] = "The date must be today or in the past"
    if started_on is not None and referred_on is not None and started_on < referred_on:
        errors["started_on"] = "A circle cannot start before the referral"
    if ended_on is not None and started_on is None:
        errors["ended_on"] = "Enter when the circle started before it ends"
    elif ended_on is not None and ended_on < started_on:
        errors["ended_on"] = "The end date must be the same as or after the start date"
    if volunteers and started_on is None:
        errors["volunteers"] = "Volunteers are counted once the circle has started"
    return errors
