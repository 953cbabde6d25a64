"""The home page's work queue, as pure functions over the work list (mappa.core.extensions.WorkItem).

Work on one person of one kind is one line ("Review assessments after 6 events"), which opens to its items,
so that a list of fifty events reads as the dozen things a practitioner has to do. Filters and orders are
applied to items before they are grouped, so a line's count is always that of the items it shows.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

from mappa.core.extensions import WorkItem

# What a line of several items of one kind says; {n} is how many. A kind not named here reads "{n} items".
KINDS = {
    "risk_review": ("Assessment reviews", "Review assessments after {n} events"),
    "risk_approval": ("Assessments to approve", "Approve {n} assessments"),
    "risk_due": ("Assessments due", "{n} assessments due"),
    "home_visit": ("Home visits", "{n} home visits due"),
    "plan_item": ("Plan items", "{n} plan items due"),
    "plan_review": ("Plan reviews", "{n} plan reviews due"),
    "plan_endorsement": ("Plan reviews to endorse", "Endorse {n} plan reviews"),
    "mappa_review": ("MAPPA reviews", "{n} MAPPA reviews due"),
    "mappa_action": ("MAPPA actions", "{n} MAPPA actions"),
    "mappa_action_chair": ("Overdue actions of meetings you chair", "{n} overdue actions of meetings you chair"),
    "notification": ("Notifications to the police", "{n} notifications to the police due or overdue"),
    "breach_decision": ("Breaches to decide", "Decide what to do about {n} breaches"),
    "recall_decision": ("Recalls to decide", "{n} recalls awaiting a decision"),
    "release": ("Releases", "{n} releases coming"),
    "licence_end": ("Licence end dates", "{n} licences ending"),
    "audit_action": ("Themed audit actions", "Put right {n} things found by a themed audit"),
    "transfer": ("Transfers to answer", "Accept or decline {n} transfers"),
    "cover": ("Cases you are covering", "{n} cases you are covering"),
    "staff_supervision": ("Staff supervision", "Supervise {n} members of your team"),
    "training_expiry": ("Training to renew", "Renew {n} training records"),
    "supervision_outcome": ("Appointment outcomes", "Record the outcome of {n} appointments"),
    "supervision_warning": ("Warnings to give", "{n} warnings to give"),
    "supervision_breach": ("Breach action", "{n} breach actions due"),
    "supervision_medication": ("Medication reviews", "{n} medication reviews due"),
    "supervision_recall": ("Recall to consider", "Consider recall on {n} licences"),
    "intervention_review": ("Post-programme reviews", "{n} post-programme reviews due"),
    "intervention_waiting": ("Waits for a programme", "{n} waits for a programme too long"),
    "resettlement_move_on": ("Move-on plans", "Agree {n} move-on plans"),
    "resettlement_action": ("Resettlement actions", "{n} resettlement actions overdue"),
}

# Kinds of work that are one kind on the queue: a line and a filter choice.
FAMILY = {"risk_rm2000": "risk_due", "risk_rm2000_review": "risk_due", "risk_oasys": "risk_due",
          "risk_release": "risk_due", "notification_due": "notification", "notification_overdue": "notification"}

DUE_FILTERS = {"overdue": "Overdue", "week": "Due in the next 7 days"}
SORTS = {"due": "Due date, soonest first", "-due": "Due date, latest first", "person": "Person"}


def family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def kind_label(kind: str) -> str:
    """The name of a kind of work, for the filter."""
    if kind in KINDS:
        return KINDS[kind][0]
    return kind.replace("_", " ").capitalize() or "Other work"


@dataclass(frozen=True)
class Line:
    """The work of one kind on one person."""

    nominal_id: int
    nominal_name: str
    kind: str
    items: tuple[WorkItem, ...]
    whose: str = ""  # the team member whose work it is, on a supervisor's team queue

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def due(self) -> datetime.date | None:
        """The soonest due date of its items (None when none has a date)."""
        return min((i.due for i in self.items if i.due is not None), default=None)

    @property
    def what(self) -> str:
        if self.count == 1:
            return self.items[0].what
        return KINDS.get(self.kind, ("", "{n} items"))[1].format(n=self.count)

    @property
    def url(self) -> str:
        """Where the work is done, when all its items are done in one place; else "" (each item links)."""
        urls = {i.url for i in self.items}
        return urls.pop() if len(urls) == 1 else ""

    def overdue_on(self, day: datetime.date) -> int:
        """How many of its items are overdue on `day`."""
        return sum(1 for i in self.items if i.overdue_on(day))


def matches(item: WorkItem, today: datetime.date, due: str = "", kinds: Iterable[str] = (), whose: str = "") -> bool:
    """Whether an item passes the filters: `due` one of DUE_FILTERS (or "" for any), `kinds` those wanted
    (none for any), as families (see FAMILY), `whose` the team member's (or "" for anyone's)."""
    kinds = set(kinds)
    if whose and item.whose != whose:
        return False
    if kinds and family(item.kind) not in kinds:
        return False
    if due == "overdue":
        return item.overdue_on(today)
    if due == "week":
        return item.due is not None and today <= item.due <= today + datetime.timedelta(days=6)
    return True


def _by_due(item: WorkItem):
    return (item.due is None, item.due or datetime.date.max, item.what)


def group(items: Iterable[WorkItem]) -> list[Line]:
    """One line per person, kind (see FAMILY) and whose work it is, its items soonest first; lines in the order of
    their first item."""
    found: dict[tuple, list[WorkItem]] = {}
    for n, item in enumerate(items):
        # Work of no named kind is not like any other: a line of its own.
        key = (item.nominal_id, family(item.kind), item.whose) if item.kind else (item.nominal_id, "", item.whose, n)
        found.setdefault(key, []).append(item)
    return [Line(nominal_id=key[0], nominal_name=rows[0].nominal_name, kind=key[1], whose=key[2],
                 items=tuple(sorted(rows, key=_by_due))) for key, rows in found.items()]


def order(lines: list[Line], sort: str = "due") -> list[Line]:
    """Lines in the order asked for (one of SORTS): undated lines last whichever way dates run."""
    by_person = lambda line: (line.nominal_name.lower(), line.nominal_id, line.kind, line.whose)  # noqa: E731
    if sort == "person":
        return sorted(lines, key=lambda line: (*by_person(line), line.due or datetime.date.max))
    dated = sorted((line for line in lines if line.due is not None), key=lambda line: (line.due, *by_person(line)),
                   reverse=sort == "-due")
    return dated + sorted((line for line in lines if line.due is None), key=by_person)


def queue(items: Iterable[WorkItem], today: datetime.date, *, due: str = "", kinds: Iterable[str] = (),
          sort: str = "due", whose: str = "") -> list[Line]:
    """The work queue: the items that pass the filters, grouped and ordered."""
    kinds = tuple(kinds)
    return order(group(i for i in items if matches(i, today, due, kinds, whose)), sort)


def team_queue(work_of: Iterable[tuple[str, Iterable[WorkItem]]], held: set[int]) -> list[WorkItem]:
    """A supervisor's team queue from each member's work list, (member's name, their items): the items on the
    records `held` (the team's, as the supervisor may see them), and work about no case (as team_items), marked with
    whose they are, each once a member."""
    found: dict[WorkItem, None] = {}
    for name, items in work_of:
        for item in items:
            if item.nominal_id in held or not item.nominal_id:
                found.setdefault(replace(item, whose=name))
    return list(found)


def team_items(items: Iterable[WorkItem], held: set[int]) -> list[WorkItem]:
    """A supervisor's team queue from the members' work lists read together (each item marked with whose it is): the
    items on the records `held`, and work about no case (a member's training to renew: its provider read it as the
    supervisor may see it), each once a member."""
    return list(dict.fromkeys(item for item in items if item.nominal_id in held or not item.nominal_id))


def members_present(items: Iterable[WorkItem]) -> list[str]:
    """The team queue's filter choices: the members with work on it, by name."""
    return sorted({i.whose for i in items if i.whose}, key=str.lower)


def kinds_present(items: Iterable[WorkItem]) -> list[tuple[str, str]]:
    """The filter's choices: each kind of work on the list, with its name, by name."""
    return sorted({(family(i.kind), kind_label(family(i.kind))) for i in items}, key=lambda k: (k[1], k[0]))
