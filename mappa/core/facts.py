"""What the system holds about a person that the rules need, gathered from every part that records it.

Rules (the MAPPA category proposal, the actuarial calculators) take plain facts, never models,
so they stay pure and testable. The parts that record convictions, sentences, orders and
notification requirements register a provider here; a rule's caller asks `facts_for` and shows
each fact's source beside the result.

Facts are always gathered for a reader: a provider reads only the items that reader may see (the
access policy's handling rules, `policy.handling_scope` and `policy.may_see`), so a rule's result
shown to them never rests on, or names, an item kept from them. The caller has already checked that
the reader reaches the record (`policy.get_nominal`, `policy.nominals_for`). A reader of None sees
only unrestricted items: what everyone who may see the record may see.

A provider is `provider(reader, nominal) -> Facts` and must read a fixed number of queries, and must
never call facts_for itself. Providers' answers are merged: lists are joined, a flag is true if any
provider says so, other values are the first one given. A caller that needs only some facts (a
work list over a caseload) names them, and only the providers of those run.

Each source says which restricted items (their handling and recording agency) the fact was worked
out from, so that whatever is stored from a fact (a MAPPA proposal's reasons) can be shown only to
those who may see them all.
"""
import datetime
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Source:
    """Where a fact came from, shown beside any result that uses it. `restrictions` holds the handling and
    recording agency id of each restricted item it was worked out from (empty: nothing restricted)."""

    label: str
    url: str = ""
    restrictions: tuple[tuple[str, int | None], ...] = ()


def restrictions_of(*items) -> tuple[tuple[str, int | None], ...]:
    """The (handling, agency id) of each restricted one of `items` (register items read with both)."""
    return tuple(dict.fromkeys((item.handling, item.agency_id) for item in items if item is not None and item.handling))


def sees_all(reader, restrictions) -> bool:
    """Whether `reader` may see every item behind `restrictions` (see Source)."""
    from mappa.access import policy

    return all(policy.may_see(reader, handling, agency_id) for handling, agency_id in restrictions)


@dataclass(frozen=True)
class Disposal:
    """One sentence or order imposed for a conviction, and how long the person is subject to it."""

    kind: str  # "custody", "hospital", "guardianship" or "other"
    imposed_on: datetime.date
    custodial_months: float | None = None  # the custodial term of a determinate sentence
    indeterminate: bool = False  # life or imprisonment for public protection
    # The last day the person is subject to it (custody, licence or order); None: no end recorded or for life.
    ends_on: datetime.date | None = None
    ends_on_estimated: bool = False  # worked out from the term, as no expiry date is recorded
    label: str = ""  # e.g. "Immediate custody 24 months from 3 Mar 2025"
    source: Source | None = None


@dataclass(frozen=True)
class Sanction:
    """A conviction, caution, reprimand or final warning (a "sanction" in OGRS terms)."""

    date: datetime.date
    kind: str  # "conviction", "caution", "reprimand", "final_warning"
    offence_code: str = ""  # Home Office offence code, e.g. "019/11"
    offence: str = ""
    sexual: bool = False
    contact_sexual: bool = False
    indecent_images: bool = False
    violent: bool = False
    against_child: bool = False
    internet_facilitated: bool = False
    custodial_months: float | None = None  # length of a custodial sentence imposed, if any
    disposal: str = ""  # e.g. "immediate custody", "community order", "hospital order"
    disposals: tuple[Disposal, ...] = ()  # each sentence or order imposed for it
    abroad: bool = False  # a conviction by a court outside England and Wales
    source: Source | None = None


@dataclass(frozen=True)
class Flag:
    """A yes/no fact with where it came from, e.g. subject to notification requirements."""

    value: bool
    source: Source | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None  # None with value=True means indefinitely or not known


NO = Flag(False)


@dataclass(frozen=True)
class Facts:
    sanctions: tuple[Sanction, ...] = ()
    notification_requirements: Flag = NO  # registered sexual offender (incl. through a civil order)
    hospital_or_guardianship_order: Flag = NO
    disqualified_from_working_with_children: Flag = NO
    in_custody: Flag = NO
    on_licence: Flag = NO
    community_order: Flag = NO  # on a community order or suspended sentence order now (since: its start)
    release_date: datetime.date | None = None  # expected release from the custody the person is in now
    released_on: datetime.date | None = None  # the last release from custody, when not in custody now
    mappa_category: int | None = None  # confirmed MAPPA category (1, 2, 3) while eligible
    mappa_level: int | None = None  # current MAPPA level (1, 2, 3)
    rosh: str = ""  # highest current risk of serious harm: "low", "medium", "high", "very_high"
    extra: dict = field(default_factory=dict)

    @property
    def convictions(self) -> tuple[Sanction, ...]:
        return tuple(s for s in self.sanctions if s.kind == "conviction")


def _merged(mine, theirs):
    """One field of two providers' facts together: sanctions joined in date order, a flag that holds, a dict's keys,
    else the first that is known."""
    if isinstance(mine, tuple):
        return tuple(sorted(mine + theirs, key=lambda s: s.date))
    if isinstance(mine, Flag):
        return mine if mine.value or not theirs.value else theirs
    if isinstance(mine, dict):
        return {**mine, **theirs}
    return mine if mine not in (None, "") else theirs


NAMES = tuple(f.name for f in fields(Facts))


# The reader to gather facts for when what is worked out from them is stored in a row everyone who may see
# the record reads (a risk assessment's filled-in inputs): they come from unrestricted items only.
EVERYONE = None

_providers: list[Callable] = []
FIELDS = frozenset(f.name for f in fields(Facts))


def provider(fn: Callable | None = None, *, many: Callable | None = None, provides: tuple[str, ...] | None = None):
    """Register `fn(reader, nominal) -> Facts`. Give `many(reader, nominals) -> {pk: Facts}` too (same answers,
    a fixed number of queries for any number of people: the reader's handling rule is a condition of those
    queries, never more of them) so that lists over a caseload stay cheap, and `provides`,
    the names of the fields it answers, so that a caller asking for only some facts runs only their
    providers (one that does not say is asked every time)."""
    if provides is not None:
        _check_fields(provides)

    def register(fn: Callable) -> Callable:
        if many is not None:
            fn.many = many
        if provides is not None:
            fn.provides = frozenset(provides)
        if fn not in _providers:
            _providers.append(fn)
        return fn

    return register(fn) if fn is not None else register


_remembered: ContextVar[dict | None] = ContextVar("remembered_facts", default=None)


@contextmanager
def remembered():
    """Within the block, each person's facts are gathered once for each reader: a page whose panels each
    ask for them (the case page, the home page's work list) reads them one time. Nothing may change in
    the block."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembering() -> bool:
    """Whether a remembered() block is open (what is gathered now serves the rest of it)."""
    return _remembered.get() is not None


def remember(key, compute: Callable):
    """Inside remembered(), what `compute()` answers is kept for the rest of the block under `key` (a
    tuple naming the part, e.g. ("orders.snapshot", pk)); outside it, computed each time. For a
    provider's raw reads that a panel of the same page needs too. What is kept here is read whoever may
    see it: each reader of it narrows it by the access policy."""
    memo = _remembered.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def facts_for_many(reader, nominals, only: tuple[str, ...] | None = None) -> dict:
    """{pk: Facts} for each of `nominals`, as `reader` may see them, from every provider (its `many`); or,
    given `only` (names of Facts fields), just those fields, from just the providers of them (the other
    fields are left empty)."""
    return _facts(reader, list(nominals), only, one=False)


def facts_for(reader, nominal, only: tuple[str, ...] | None = None) -> Facts:
    """One person's facts as `reader` may see them, from each provider's own function (which may share its
    reads with the page about that person), as facts_for_many would give them."""
    return _facts(reader, [nominal], only, one=True)[_key(nominal)]


def _facts(reader, nominals: list, only, one: bool) -> dict:
    chosen = _providers_of(only)
    memo = _remembered.get()
    if memo is None:
        with remembered():  # providers share their raw reads (see remember) within the one gathering
            answers = _gather(reader, nominals, chosen, one)
    else:
        # Each provider's answer is kept on its own, so what a partial request gathered serves a later full
        # one only for the providers it ran; and for its reader only.
        who = _reader_key(reader)
        keyed = [(_key(n), n) for n in nominals]
        missing = [(fn, n) for fn in chosen for pk, n in keyed if ("facts", fn, who, pk) not in memo]
        if missing:
            people = list({_key(n): n for _, n in missing}.values())
            found = _gather(reader, people, list(dict.fromkeys(fn for fn, _ in missing)), one)
            memo.update({("facts", fn, who, pk): answer for (fn, pk), answer in found.items()})
        answers = {(fn, pk): memo[("facts", fn, who, pk)] for fn in chosen for pk, _ in keyed}
    # Only the fields asked for are merged (a caseload's facts are thousands of merges), each from the providers that
    # answer it (`provides`); the others stay empty.
    names = NAMES if only is None else tuple(only)
    answering = [(name, [fn for fn in chosen if name in getattr(fn, "provides", FIELDS)]) for name in names]
    merged = {}
    for pk in dict.fromkeys(_key(n) for n in nominals):
        blank = Facts()  # its own empty dict, never one shared between people
        values = {}
        for name, fns in answering:
            value = getattr(blank, name)
            for fn in fns:
                value = _merged(value, getattr(answers[(fn, pk)], name))
            values[name] = value
        merged[pk] = Facts(**values)
    return merged


def _reader_key(reader):
    # Readers without an id (None, an anonymous user) all see only unrestricted items.
    return getattr(reader, "pk", None)


def _providers_of(only) -> list[Callable]:
    if only is None:
        return list(_providers)
    _check_fields(only)
    return [fn for fn in _providers if getattr(fn, "provides", None) is None or fn.provides & set(only)]


def _check_fields(names) -> None:
    if not FIELDS.issuperset(names):
        raise ValueError(f"Facts has no field {sorted(set(names) - FIELDS)}")


def _gather(reader, nominals: list, providers: list, one: bool = False) -> dict:
    """{(provider, pk): Facts}: what each of `providers` answers for each of `nominals`, for `reader`."""
    found = {}
    for fn in providers:
        many = None if one else getattr(fn, "many", None)
        answers = many(reader, nominals) if many else {_key(n): fn(reader, n) for n in nominals}
        found.update({(fn, _key(n)): answers[_key(n)] for n in nominals})
    return found


def _key(nominal):
    # A nominal not yet saved (or none at all, as in rule tests) still gets its facts.
    return getattr(nominal, "pk", None)
