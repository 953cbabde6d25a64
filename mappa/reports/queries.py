"""Reading the register for the annual report: every read goes through the access policy's scoped querysets,
so a reader's report counts only the records and items they may see. The counting itself is in rules.py.

`build_report(user, area, year)` is the whole build, a plain function: the background task (tasks.py) calls it and
stores what it gives as the reader's snapshot (models.Snapshot), which the pages then read.
"""
import datetime

from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import AgencyKind
from mappa.arrangements.models import Eligibility, LevelDecision, Referral
from mappa.core import reference
from mappa.core.models import ReferenceSetting
from mappa.orders.models import Breach, CivilOrder, FurtherOffence, OrderEvent, Recall
from mappa.orders.rules import reporting_year
from mappa.reports import rules

YEAR_STARTS = "orders.report.year_starts"


def population_key(area) -> str:
    return f"reports.population.{area.code}"


def earliest_year() -> int:
    """The first reporting year with a rule for where years begin (reference data): no report before it."""
    first = ReferenceSetting.objects.filter(key=YEAR_STARTS).order_by("effective_from").first()
    return first.effective_from.year if first else timezone.localdate().year


def years_of(first_year: int) -> tuple[rules.Year, rules.Year]:
    """The reporting year that begins in `first_year` (1 April to 31 March, from the reference data in force
    that day) and the year before it, bounded by the same rule so the two compare."""
    starts = reference.value(YEAR_STARTS, datetime.date(first_year, 12, 31))
    return (rules.Year(*reporting_year(first_year, starts)), rules.Year(*reporting_year(first_year - 1, starts)))


def latest_year(today: datetime.date) -> int:
    """The first calendar year of the latest reporting year that has begun by `today`."""
    return today.year if years_of(today.year)[0].start <= today else today.year - 1


def population(area, on: datetime.date) -> int | None:
    try:
        return int(reference.value(population_key(area), on))
    except reference.MissingReferenceData:
        return None


def _in_area(user, model, area):
    # Unordered: the rules need no order, and sorting tens of thousands of rows costs more than reading them.
    return policy.items_in_area(user, model, area.pk).order_by()


def _events(qs, date_field: str, kind_field: str | None = None) -> tuple[rules.Event, ...]:
    fields = ["pk", "nominal_id", date_field] + ([kind_field] if kind_field else [])
    return tuple(rules.Event(row[0], row[1], row[2], row[3] if kind_field else "") for row in qs.values_list(*fields))


def _no_progress(done: int, total: int) -> None:
    pass


def rows_for(user, area, start: datetime.date, end: datetime.date, progress=_no_progress) -> rules.Rows:
    """The rows the report counts, for the records of `area` that `user` may see, from `start` (the previous
    year's first day, for the referrals beside) to `end`. A fixed number of queries, whatever the area's size.
    `progress(done, total)` is told after each read (a background build shows it)."""
    span = (start, end)
    people = policy.nominals_in_area(user, area.pk).order_by()
    episodes = _in_area(user, Eligibility, area).filter(identified_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    # By area and date, not by the episodes above (a subquery repeating the scope): the rules keep only the
    # decisions of the episodes they were given.
    decisions = _in_area(user, LevelDecision, area).filter(decided_on__lte=end)
    orders = [kind for _, _, kinds in rules.ORDER_GROUPS for kind in kinds]
    reads = {
        "people": lambda: tuple(
            rules.Person(pk, team, team if kind == AgencyKind.POLICE else None, gender, born, bool(ethnicity.strip()))
            for pk, team, kind, gender, born, ethnicity in people.values_list(
                "pk", "team__name", "team__agency__kind", "gender", "date_of_birth", "ethnicity")),
        "episodes": lambda: tuple(rules.Episode(*row) for row in episodes.values_list(
            "pk", "nominal_id", "category", "identified_on", "ended_on")),
        "decisions": lambda: tuple(rules.Decision(*row) for row in decisions.values_list(
            "pk", "eligibility_id", "level", "decided_on")),
        "recalls": lambda: _events(_in_area(user, Recall, area).filter(returned_to_custody_on__range=span),
                                   "returned_to_custody_on"),
        "order_breaches": lambda: _events(_in_area(user, Breach, area).filter(
            against=Breach.Against.ORDER, order__kind__in=("sopo", "shpo"), decision=Breach.Decision.PROSECUTION,
            occurred_on__range=span), "occurred_on"),
        "notification_breaches": lambda: _events(_in_area(user, Breach, area).filter(
            against=Breach.Against.NOTIFICATION, decision=Breach.Decision.PROSECUTION, occurred_on__range=span),
            "occurred_on"),
        "serious_offences": lambda: _events(_in_area(user, FurtherOffence, area).filter(
            serious=True, occurred_on__range=span), "occurred_on"),
        "applications": lambda: _events(_in_area(user, CivilOrder, area).filter(
            kind__in=orders, applied_on__range=span), "applied_on", "kind"),
        "interim_orders": lambda: _events(_in_area(user, OrderEvent, area).filter(
            kind=OrderEvent.Kind.INTERIM, order__kind__in=orders, occurred_on__range=span), "occurred_on", "order__kind"),
        "full_orders": lambda: _events(_in_area(user, OrderEvent, area).filter(
            kind=OrderEvent.Kind.GRANTED, order__kind__in=orders, occurred_on__range=span), "occurred_on", "order__kind"),
        "referrals": lambda: tuple(rules.Referral(*row) for row in _in_area(user, Referral, area).filter(
            referred_on__range=span).values_list("pk", "nominal_id", "referred_on", "eligibility__category")),
    }
    found = {}
    for done, (name, read) in enumerate(reads.items(), start=1):
        found[name] = read()
        progress(done, len(reads))
    return rules.Rows(**found)


def build_report(user, area, year: int, progress=_no_progress) -> rules.Report:
    """The annual report of `area` for the reporting year beginning in `year`, as `user` may see it."""
    this, previous = years_of(year)
    rows = rows_for(user, area, previous.start, this.end, progress)
    return rules.build(area.name, rows, this, previous, population(area, this.end))


CHUNK = 5000  # ids per statement: well under every database's limit on parameters


def cases_behind(user, people) -> list[int]:
    """The records behind a figure that `user` may see, as ids in name order. A figure only ever holds people the
    reader's own rows gave it; they are read again through the policy all the same."""
    ids, keyed = sorted(people), []
    for i in range(0, len(ids), CHUNK):
        keyed += policy.nominals_for(user).filter(pk__in=ids[i:i + CHUNK]).values_list("last_name", "first_name", "pk")
    return [pk for *_, pk in sorted(keyed)]


def cases(user, ids: list[int]) -> list:
    """The records `ids` (a page of cases_behind), in that order."""
    found = {n.pk: n for n in policy.nominals_for(user).filter(pk__in=ids).select_related("team", "manager")}
    return [found[pk] for pk in ids if pk in found]
