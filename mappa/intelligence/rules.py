"""The rules of intelligence handling, as plain functions over plain values (no database).

Intelligence is "information that has been subject to a defined evaluation and risk assessment process"
(ACPO NIM guidance, inspection 2010 para 4.18). Anyone may submit information on a person; the case manager
evaluates it and registers it as an intelligence item, and supervisors audit that it was evaluated and acted
on (para 4.19). The grading scheme is the 3x5x2 (reference data `intelligence.grading.*`); the time allowed to
evaluate is reference data too (`intelligence.evaluation.within`).
"""
import datetime
from dataclasses import dataclass, field

SUBMITTED, REGISTERED, NOT_REGISTERED = "submitted", "registered", "not_registered"
PERMITTED, CONDITIONS = "P", "C"
ACTION_KINDS = ("tasking", "risk_review", "mappa_referral", "plan_change", "other")


def codes(table: list[dict]) -> list[str]:
    """The codes of a grading table as reference data holds it: [{"code": "1", "label": ..., "meaning": ...}]."""
    return [row["code"] for row in table]


def grading_errors(source: str, assessment: str, handling: str, conditions: str, grading: dict) -> dict:
    """What is wrong with a 3x5x2 evaluation, by field. `grading` holds the three tables in force."""
    errors = {}
    if source not in codes(grading["source"]):
        errors["source_evaluation"] = "Choose how reliable the source is: " + ", ".join(codes(grading["source"]))
    if assessment not in codes(grading["assessment"]):
        errors["intelligence_assessment"] = "Choose how the source knows it: " + ", ".join(codes(grading["assessment"]))
    if handling not in codes(grading["handling"]):
        errors["handling_code"] = "Choose a handling code: " + ", ".join(codes(grading["handling"]))
    if handling == CONDITIONS and not (conditions or "").strip():
        errors["handling_conditions"] = "Say what the conditions on sharing are"
    return errors


def grade(source: str, assessment: str, handling: str) -> str:
    """The grading as written on an intelligence report: "2/B/P"."""
    return f"{source}/{assessment}/{handling}" if source and assessment and handling else ""


def due_on(submitted: datetime.date, within_days: int) -> datetime.date:
    """The day by which a submission must be evaluated."""
    return submitted + datetime.timedelta(days=within_days)


def timeliness(due: datetime.date, evaluated: datetime.date | None, today: datetime.date) -> str:
    """"in_time" or "late" once evaluated; "overdue" or "due" while waiting."""
    if evaluated is not None:
        return "in_time" if evaluated <= due else "late"
    return "overdue" if today > due else "due"


def may_read_content(*, status: str, handling_code: str, responsible: bool, submitter: bool,
                     allowed_by_handling: bool) -> bool:
    """Whether a reader of the record may read an item's content (what was submitted, or what was registered,
    its grading, links and actions).

    `responsible`: the record's manager, a supervisor of its team or the officer who evaluated it.
    `submitter`: the person who submitted the information. `allowed_by_handling`: the reader's agency may see
    intelligence (the police) or recorded the item. Before evaluation only the submitter and those responsible
    read it; a registered item coded P (lawful sharing permitted) is read as any intelligence is; one coded C
    (sharing subject to conditions) only by those responsible for it. Everyone else is told it exists and
    whom to ask, and reads the sanitised version."""
    if responsible:
        return True
    if status != REGISTERED:
        return submitter
    return handling_code == PERMITTED and allowed_by_handling


@dataclass(frozen=True)
class Row:
    """One item as the supervisors' audit counts it (plain values read through the policy)."""
    id: int
    nominal_id: int
    status: str
    due: datetime.date
    evaluated: datetime.date | None
    changes_risk: bool
    actions: int
    open_actions: int
    overdue_actions: int


@dataclass
class Figure:
    key: str
    label: str
    rule: str
    ids: list[int] = field(default_factory=list)

    @property
    def value(self) -> int:
        return len(self.ids)


def audit(rows: list[Row], today: datetime.date) -> list[Figure]:
    """The supervisors' audit of handling (para 4.19): evaluated in time? acted on? Each figure keeps the ids
    of the items behind it, so its cases can be opened."""
    figures = [
        Figure("submitted", "Information submitted", "Every submission in the period"),
        Figure("in_time", "Evaluated in time", "Evaluated on or before the day it was due"),
        Figure("late", "Evaluated late", "Evaluated after the day it was due"),
        Figure("overdue", "Waiting, overdue", "Not yet evaluated and past the day it was due"),
        Figure("waiting", "Waiting, not yet due", "Not yet evaluated, still within the time allowed"),
        Figure("registered", "Registered as intelligence", "Evaluated and registered as an intelligence item"),
        Figure("changes_risk", "Changing the risk", "Registered as changing the risk"),
        Figure("not_acted_on", "Changing the risk with no action", "Registered as changing the risk with no action recorded"),
        Figure("open_actions", "With actions open", "At least one action from it not yet completed"),
        Figure("overdue_actions", "With actions overdue", "At least one open action past its due date"),
    ]
    by_key = {f.key: f for f in figures}
    for row in rows:
        by_key["submitted"].ids.append(row.id)
        state = timeliness(row.due, row.evaluated, today)
        by_key["in_time" if state == "in_time" else "late" if state == "late" else
               "overdue" if state == "overdue" else "waiting"].ids.append(row.id)
        if row.status == REGISTERED:
            by_key["registered"].ids.append(row.id)
            if row.changes_risk:
                by_key["changes_risk"].ids.append(row.id)
                if not row.actions:
                    by_key["not_acted_on"].ids.append(row.id)
        if row.open_actions:
            by_key["open_actions"].ids.append(row.id)
        if row.overdue_actions:
            by_key["overdue_actions"].ids.append(row.id)
    return figures
