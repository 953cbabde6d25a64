"""Reading reference data that guidance sets, as in force on a date."""
import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.core.dates import day as govuk_day
from mappa.core.models import ReferenceSetting


class MissingReferenceData(ValidationError, LookupError):
    """No value of a rule is in force on the date asked about: nearly always a date the user gave that
    comes before the guidance. It is a validation error, so a service that meets it refuses the change as
    for any other bad input (the API answers 400, a page shows it on the form), saying which rule and from
    when it has a value."""

    def __init__(self, key: str, on: datetime.date, earliest: ReferenceSetting | None):
        self.key, self.on = key, on
        if earliest is None:
            text = f"There is no guidance recorded for “{key}”: ask an administrator to load it"
        else:
            text = (f"There is no guidance in force on {govuk_day(on)} for “{earliest.description or key}”: "
                    f"the earliest is from {govuk_day(earliest.effective_from)}")
        super().__init__(text, code="no_guidance")



_remembered: ContextVar[dict | None] = ContextVar("remembered_reference", default=None)


@contextmanager
def remembered():
    """Within the block (a request), the whole table (a few dozen rows) is read once, at the first
    question, however many panels and work-list providers ask. Saving or deleting a setting forgets
    what was read (see mappa.core.apps)."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def forget() -> None:
    memo = _remembered.get()
    if memo is not None:
        memo.clear()


def _all_rows(memo: dict) -> dict:
    if "rows" not in memo:
        rows: dict = {}
        for row in ReferenceSetting.objects.order_by("key", "-effective_from"):
            rows.setdefault(row.key, []).append(row)
        memo["rows"] = rows
    return memo["rows"]


def in_force(key: str, on: datetime.date | None = None) -> ReferenceSetting:
    on = on or timezone.localdate()
    memo = _remembered.get()
    if memo is None:
        row = ReferenceSetting.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    else:
        row = next((r for r in _all_rows(memo).get(key, []) if r.effective_from <= on), None)
    if row is None:
        raise MissingReferenceData(key, on, _earliest(key, memo))
    return row


def _earliest(key: str, memo: dict | None) -> ReferenceSetting | None:
    if memo is None:
        return ReferenceSetting.objects.filter(key=key).order_by("effective_from").first()
    rows = _all_rows(memo).get(key, [])
    return rows[-1] if rows else None


def value(key: str, on: datetime.date | None = None):
    return in_force(key, on).value


def every_row(key: str) -> list[tuple[datetime.date, object]]:
    """Every dated value of a rule, oldest first: for a rule whose later changes reach what began under an earlier
    one (a new release fraction reaches prisoners already serving)."""
    memo = _remembered.get()
    rows = _all_rows(memo).get(key, []) if memo is not None else ReferenceSetting.objects.filter(key=key)
    return sorted(((r.effective_from, r.value) for r in rows), key=lambda r: r[0])


def in_force_among(rows: list[tuple[datetime.date, object]], on: datetime.date):
    """The value in force on `on` among `rows` (every_row's dated values, oldest first), or None when none is: for a
    list judged date by date (each victim's day of sentence) from the rows read once, not a query a date."""
    found = None
    for effective_from, row_value in rows:
        if effective_from > on:
            break
        found = row_value
    return found


def load_rows(apps, rows) -> None:
    """For data migrations: put guidance's rows in place (again, if they are there already)."""
    setting = apps.get_model("core", "ReferenceSetting")
    for row in rows:
        setting.objects.update_or_create(key=row["key"], effective_from=row["effective_from"], defaults=row)


def unload_rows(apps, rows) -> None:
    setting = apps.get_model("core", "ReferenceSetting")
    for row in rows:
        setting.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()
