"""What the intelligence pages, the API, the work list and the audit read, always through mappa.access.policy.

Pages and the API are given an Entry, never an item: an Entry holds the content (what was submitted or
registered, the grading, links and actions) only for a reader who may read it, so no template or serializer
can show what the reader may not see. Everyone else gets whom to ask and the sanitised version.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from mappa.access import policy
from mappa.core import reference
from mappa.core.dates import day as govuk_day
from mappa.core.markings import Handling, marking_for
from mappa.intelligence import rules
from mappa.intelligence.models import IntelligenceItem


@dataclass(frozen=True)
class Content:
    """What only a reader who may read the item is given."""
    information: str
    source_type: str
    obtained_on: datetime.date
    submitted_by: str
    content: str = ""
    grade: str = ""
    grading: tuple = ()  # (part, code, label) for source, assessment, handling
    handling_conditions: str = ""
    changes_risk: bool = False
    evaluated_by: str = ""
    not_registered_reason: str = ""
    links: tuple = ()
    actions: tuple = ()


@dataclass(frozen=True)
class Entry:
    id: int
    version: int
    nominal_id: int
    status: str
    status_label: str
    submitted_on: datetime.date
    due_on: datetime.date
    evaluated_on: datetime.date | None
    timeliness: str
    ask: str
    sanitised: str
    content: Content | None = None
    own_submission: str = ""  # the submitter's own words, for a submitter who may not read the item
    may_evaluate: bool = False
    may_add_action: bool = False

    @property
    def readable(self) -> bool:
        return self.content is not None

    @property
    def marking(self) -> str:
        return marking_for(Handling.INTELLIGENCE) if self.content is not None or self.own_submission else marking_for("")


def _ask(item) -> str:
    """Whom a reader who may not read the item asks: the officer who registered it, or whom it waits with."""
    person = item.evaluated_by or item.evaluator
    if person is not None:
        where = f", {person.team}" if person.team_id else ""
        return f"Ask {person.display_name}{where}"
    return f"Ask a supervisor of {item.nominal.team}" if item.nominal.team_id else "Ask the record's manager"


def _labels(table: list[dict]) -> dict:
    return {row["code"]: row["label"] for row in table}


def grading_tables(on: datetime.date | None = None) -> dict:
    on = on or timezone.localdate()
    return {part: reference.value(f"intelligence.grading.{part}", on) for part in ("source", "assessment", "handling")}


def entry(user, item, *, today: datetime.date, detail: bool = False, tables: dict | None = None) -> Entry:
    """The item as `user` may be told it. With `detail`, its links and actions too (a query each)."""
    readable = policy.may_read_intelligence(user, item)
    evaluated = timezone.localtime(item.evaluated_at).date() if item.evaluated_at else None
    content = None
    if readable:
        grading = ()
        if item.grade:
            tables = tables or grading_tables(evaluated)
            grading = tuple((part, code, _labels(tables[part]).get(code, code)) for part, code in
                            (("source", item.source_evaluation), ("assessment", item.intelligence_assessment),
                             ("handling", item.handling_code)))
        content = Content(
            information=item.information, source_type=item.get_source_type_display(), obtained_on=item.obtained_on,
            submitted_by=item.created_by.display_name if item.created_by_id else "", content=item.content,
            grade=item.grade, grading=grading, handling_conditions=item.handling_conditions,
            changes_risk=item.changes_risk, evaluated_by=item.evaluated_by.display_name if item.evaluated_by_id else "",
            not_registered_reason=item.not_registered_reason,
            links=tuple(policy.intelligence_links_for(user, item)) if detail else (),
            actions=tuple(policy.intelligence_actions_for(user, item).order_by("completed_on", "due_on", "id")) if detail else ())
    own = item.information if not readable and item.created_by_id == user.pk else ""
    responsible = policy.answers_for_intelligence(user, item.nominal) or item.evaluated_by_id == user.pk
    return Entry(
        id=item.pk, version=item.version, nominal_id=item.nominal_id, status=item.status,
        status_label=item.get_status_display(), submitted_on=timezone.localtime(item.submitted_at).date(),
        due_on=item.due_on, evaluated_on=evaluated, timeliness=rules.timeliness(item.due_on, evaluated, today),
        ask=_ask(item), sanitised=item.sanitised, content=content, own_submission=own,
        may_evaluate=item.status == rules.SUBMITTED and policy.may_evaluate_intelligence(user, item.nominal),
        may_add_action=readable and responsible and item.status == rules.REGISTERED
        and policy.can(user, policy.WRITE, item.nominal))


PAGE_SIZE = 50


def newest_first(user, nominal):
    return policy.intelligence_for(user, nominal).order_by("-submitted_at", "-id")


def entries(user, nominal, items=None, limit: int = PAGE_SIZE) -> list[Entry]:
    """The person's items as `user` may be told them (`items`, read by newest_first; else the newest), newest
    first: a fixed number of queries however many there are."""
    today = timezone.localdate()
    items = list(items if items is not None else newest_first(user, nominal)[:limit])
    tables = grading_tables(today) if items else None
    for item in items:
        item.nominal = nominal  # read by get_nominal: its grounds answer `can` with no query
    return [entry(user, item, today=today, tables=tables) for item in items]


def counts(user, nominal) -> dict:
    """How many items, and how many wait for evaluation: told to every reader of the record."""
    rows = policy.intelligence_for(user, nominal).aggregate(
        total=Count("id"), waiting=Count("id", filter=Q(status=rules.SUBMITTED)))
    return rows


@dataclass
class Audit:
    figures: list
    since: datetime.date
    until: datetime.date
    items: dict = field(default_factory=dict)  # id -> (nominal id, nominal name, submitted on, due, state)


def audit(user, since: datetime.date, until: datetime.date, today: datetime.date) -> Audit:
    """The supervisor's audit of intelligence handling on the team's records over submissions in the period:
    a fixed number of reads, then the counting in rules.audit."""
    items = list(policy.intelligence_audited_by(user)
                 .filter(submitted_at__date__gte=since, submitted_at__date__lte=until)
                 .values("id", "nominal_id", "status", "due_on", "evaluated_at", "changes_risk", "submitted_at",
                         "nominal__first_name", "nominal__middle_names", "nominal__last_name"))
    ids = [row["id"] for row in items]
    actions = {}
    for row in (policy.intelligence_actions_audited_by(user).filter(item_id__in=ids)
                .values("item_id").annotate(total=Count("id"), open=Count("id", filter=Q(completed_on__isnull=True)),
                                            overdue=Count("id", filter=Q(completed_on__isnull=True, due_on__lt=today)))):
        actions[row["item_id"]] = row
    rows = []
    shown = {}
    for row in items:
        evaluated = timezone.localtime(row["evaluated_at"]).date() if row["evaluated_at"] else None
        act = actions.get(row["id"], {})
        rows.append(rules.Row(id=row["id"], nominal_id=row["nominal_id"], status=row["status"], due=row["due_on"],
                              evaluated=evaluated, changes_risk=row["changes_risk"], actions=act.get("total", 0),
                              open_actions=act.get("open", 0), overdue_actions=act.get("overdue", 0)))
        name = " ".join(p for p in (row["nominal__first_name"], row["nominal__middle_names"], row["nominal__last_name"]) if p)
        shown[row["id"]] = {"nominal_id": row["nominal_id"], "name": name,
                            "submitted_on": timezone.localtime(row["submitted_at"]).date(), "due_on": row["due_on"],
                            "evaluated_on": evaluated,
                            "state": STATE_WORDS[rules.timeliness(row["due_on"], evaluated, today)]}
    return Audit(rules.audit(rows, today), since, until, shown)


STATE_WORDS = {"in_time": "evaluated in time", "late": "evaluated late", "overdue": "overdue", "due": "due"}


def due_words(entry_: Entry) -> str:
    if entry_.evaluated_on:
        return f"Evaluated {govuk_day(entry_.evaluated_on)} ({STATE_WORDS[entry_.timeliness]})"
    return f"Evaluation due {govuk_day(entry_.due_on)}" + (" (overdue)" if entry_.timeliness == "overdue" else "")


def item_for_page(user, nominal, pk, action=policy.READ) -> IntelligenceItem:
    item = policy.get_intelligence(user, pk, action)
    if item.nominal_id != nominal.pk:
        from django.http import Http404

        raise Http404("No such item")
    item.nominal = nominal
    return item
