"""A user's work list kept between pages, and worked out again only for the cases that changed.

The home page's work list is every part's work on every case the user reaches (extensions.work_for): some thirty
reads, 100 to 250 ms a page on a national register, every time. Here the list is kept case by case (StoredWork):
each case's items on the user's list, with the case's change number when they were worked out (core.changes, which
the database itself keeps on every write). A page then reads the numbers of the cases the user reaches, works out
again only the cases whose number moved or that are new to the user (the lists narrowed to them,
policy.narrowed_to), and reads the rest as kept.

The whole list is worked out again when anything it rests on beyond the cases' own records has changed
(StoredWorkState.under): the day (due dates become overdue, "waiting N days" grows, two-week horizons move); the
change number of the records about no one case (teams, users, covers, reference data); who the user is (the access
policy's scope_key); the covers they give or are given that run now (a cover starts and ends at a time of day); and
the code. A user whose reach reads the clock (emergency access), or spans an area (a co-ordinator), gets the list
worked out each time, as before (see `under`).

Work about no case (a team member's supervision, training to renew) is always read afresh: it is cheap, and rests on
staff records. Only the whole list is kept (a user's own, and a supervisor's team queue: see Lists); a list filtered
to some kinds of work is read as before.
"""
import datetime
import functools
import hashlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F, OuterRef

from mappa.access import policy
from mappa.core import changes, extensions
from mappa.core.extensions import WorkItem
from mappa.core.models import StoredWork, StoredWorkState

ENABLED = True  # `make bench` turns it off to time the home page worked out afresh, side by side


@dataclass(frozen=True)
class Lists:
    """A work list that may be kept. `view` names it ("mine", "team"); `cases(user)` the ids of the records (read
    through the policy) whose changes it follows; `on_cases(user, today)` its work on those cases, worked out
    (narrowed to the changed ones when only some changed, policy.narrowed_to); `off_cases(user, today)` its work
    about no case, read afresh each time; `people(user)` the users whose running covers it rests on."""

    view: str
    cases: Callable
    on_cases: Callable
    off_cases: Callable
    people: Callable


MINE = Lists("mine", cases=lambda user: policy.reached_ids(user),
             on_cases=lambda user, today: extensions.work_for(user, today, on_cases=True),
             off_cases=lambda user, today: extensions.work_for(user, today, on_cases=False),
             people=lambda user: [user.pk])


@functools.cache
def code_version() -> str:
    """A digest of the application's Python source: a new release may change what any list gives, so a list kept
    under another release is worked out again. Read once a process."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def under(user, today: datetime.date, lists: Lists = MINE) -> dict | None:
    """What the user's whole list rests on beyond its cases' own records, now; None when it is not kept: for a user
    whose reach reads the clock (emergency access), and for a reach as wide as an area (a co-ordinator's: comparing
    the numbers of London's 37,828 cases cost 190-260 ms a page, the lists worked out afresh 155-190)."""
    key = policy.scope_key(user)
    if key is None or not extensions.case_workers(user) or policy.AREA in policy.grounds(user, policy.READ):
        return None
    return {"day": today.isoformat(), "everything": changes.of_everything(), "scope": list(key),
            "covers": policy.covers_running(lists.people(user)), "code": code_version()}


def work_for(user, today: datetime.date, lists: Lists = MINE) -> list[WorkItem]:
    """The user's whole work list, as `lists` works it out afresh, from what is kept where nothing has changed."""
    now = under(user, today, lists) if ENABLED else None
    if now is None:
        return extensions.in_order([*lists.on_cases(user, today), *lists.off_cases(user, today)], today)
    state, _ = StoredWorkState.objects.get_or_create(user=user, view=lists.view)
    cases = lists.cases(user)
    if state.under != now:
        _rebuild(user, today, lists, cases, state.under, now)
    else:
        _refresh(user, today, lists, cases, now)
    kept = StoredWork.objects.filter(user=user, view=lists.view).exclude(items=[]).values_list("nominal_id", "items")
    items = [_item(fields) for pk, rows in kept if pk in cases for fields in rows]
    return extensions.in_order([*items, *lists.off_cases(user, today)], today)


def _rebuild(user, today: datetime.date, lists: Lists, cases: set[int], was: dict, now: dict) -> None:
    numbers = changes.of_cases(cases)  # before the lists: a change made meanwhile shows as a moved number next time
    found = _by_case(lists.on_cases(user, today))
    with _kept_as(user, lists, was, now) as state:
        if state is not None:
            StoredWork.objects.filter(user=user, view=lists.view).delete()
            _keep(user, lists, numbers, found)


def _refresh(user, today: datetime.date, lists: Lists, cases: set[int], now: dict) -> None:
    numbers = changes.of_cases(cases)
    kept = dict(StoredWork.objects.filter(user=user, view=lists.view).values_list("nominal_id", "seq"))
    moved = {pk: number for pk, number in numbers.items() if kept.get(pk) != number}
    if len(moved) > NARROWED_UP_TO:  # many cases changed (or a wide reach seen for the first time): all at once
        _rebuild(user, today, lists, cases, now, now)
        return
    if not moved:
        return
    with policy.narrowed_to(moved):
        found = _by_case(lists.on_cases(user, today))
    with _kept_as(user, lists, now, now) as state:
        if state is not None:
            StoredWork.objects.filter(user=user, view=lists.view, nominal_id__in=list(moved)).delete()
            _keep(user, lists, moved, found)


NARROWED_UP_TO = 500  # more changed cases than this and the whole list is worked out again, not narrowed to them


@contextmanager
def _kept_as(user, lists: Lists, was: dict, now: dict):
    """The user's list state, locked for writing what was worked out while it was `was`, and left saying `now`; None
    if another page of theirs changed it meanwhile (what it wrote was worked out later, so it stands)."""
    with transaction.atomic():
        state = StoredWorkState.objects.select_for_update().get(user=user, view=lists.view)
        if state.under != was:
            yield None
            return
        yield state
        if was != now:
            state.under = now
            state.save()


def _keep(user, lists: Lists, numbers: dict, found: dict) -> None:
    # A row for every case, with or without work: a case's number then says whether its (empty) list is still right.
    StoredWork.objects.bulk_create([StoredWork(user=user, view=lists.view, nominal_id=pk, seq=number,
                                               items=found.get(pk, [])) for pk, number in numbers.items()],
                                   batch_size=2000)


def _by_case(items: list[WorkItem]) -> dict[int, list]:
    found: dict[int, list] = {}
    for item in items:
        found.setdefault(item.nominal_id, []).append(
            [item.nominal_id, item.nominal_name, item.what, item.due.isoformat() if item.due else None, item.url,
             item.kind, item.whose])
    return found


def _item(fields: list) -> WorkItem:
    nominal_id, name, what, due, url, kind, whose = fields
    return WorkItem(nominal_id, name, what, datetime.date.fromisoformat(due) if due else None, url, kind, whose)


def work_on_case(user, nominal, today: datetime.date) -> list[WorkItem]:
    """What the user's work list holds for one person (the case overview's "What needs doing"): the kept row when the
    user's list and that case are both unchanged since it was worked out, else read afresh for that one case
    (extensions.work_for_nominal), as before. The person has been read through the policy already."""
    now = under(user, today) if ENABLED else None
    if now is not None and now == (StoredWorkState.objects.filter(user=user, view=MINE.view)
                                   .values_list("under", flat=True).first()):
        row = (StoredWork.objects.filter(user=user, view=MINE.view, nominal_id=nominal.pk)
               .annotate(number=changes.number_of(OuterRef("nominal_id")))
               .filter(seq=F("number")).values_list("items", flat=True).first())
        if row is not None:
            return extensions.in_order([_item(fields) for fields in row], today)
    return extensions.work_for_nominal(user, nominal, today)
