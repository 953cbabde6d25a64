"""Where the parts of the domain plug into the case page, the home page and the navigation.

Each app registers what it adds in its AppConfig.ready(). The case page, the home page and the
service navigation render whatever is registered, so a new part of the domain never edits the
nominal register's views or templates.

Every callable registered here reads case data only through mappa.access.policy, and must run
a fixed number of queries whatever the size of a person's history (the case page's query count
is benchmarked).
"""
import datetime
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class CasePanel:
    """A section of the case page's overview, e.g. "MAPPA" or "Risk".

    `context(user, nominal)` returns the template's context, or None to leave the panel out
    (for instance when the user's agency may not see it). The nominal has already been read
    through policy.get_nominal; `context` must narrow items by policy.items_for / handling_scope.
    The template is included with the page's context plus `panel` (this object) and `data`
    (what context returned). A panel's data may hold "markings": a list of the protective
    markings of what it shows, so the page shows the highest.
    """

    slug: str
    title: str
    template: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class CaseTab:
    """A link in the case page's sub-navigation, to a page of its own. `url_name` takes the nominal's pk.
    `visible(user, nominal)` may hide it."""

    label: str
    url_name: str
    order: int = 100
    visible: Callable | None = None


@dataclass(frozen=True)
class CaseMarker:
    """A marker in the case header on every page about a person: something everyone working the case must
    know at a glance (staff safety, a child in the household, a victim's safety measure).

    `label` is the tag ("Staff safety"), `text` a few words beside it, `href` where the detail is (or "").
    `kind` picks the tag's colour: "warning" (red), "caution" (orange), anything else (blue). `marking` is
    the protective marking of what the marker says, so the page shows the highest; leave it empty when
    the record's own marking covers it."""

    label: str
    text: str = ""
    href: str = ""
    kind: str = ""
    marking: str = ""


# The columns Nominal.full_name reads, through a row's `nominal`: a work list that names people reads
# only these with `.only()`, not the whole record.
NOMINAL_NAME = ("nominal__first_name", "nominal__middle_names", "nominal__last_name")


@dataclass(frozen=True)
class WorkItem:
    """Something on a user's work list: due or overdue work on a case they may see."""

    nominal_id: int
    nominal_name: str
    what: str
    due: datetime.date | None
    url: str
    kind: str = ""
    # On a supervisor's team queue: the team member whose work it is (their list it is on); "" on one's own.
    whose: str = ""

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due is not None and self.due < day


@dataclass(frozen=True)
class NavLink:
    """A link in the service navigation; `visible(user)` decides who sees it."""

    text: str
    url_name: str
    visible: Callable
    order: int = 100


@dataclass(frozen=True)
class PlanRequirement:
    """Something the shared risk management plan must show, recorded elsewhere: a current licence
    condition, a civil order prohibition, a MAPPA meeting decision, a disclosure decision, a victim
    safety measure. `key` ("orders.licencecondition:12") lets a plan item link back to it."""

    key: str
    kind: str  # "licence_condition", "order_prohibition", "mappa_decision", "disclosure_decision", "victim_safety"
    text: str
    source_label: str
    source_url: str = ""
    restrictive: bool = True
    since: datetime.date | None = None
    handling: str = ""
    code: str = ""  # what it is in its part's own terms (a licence condition's catalogue code)


@dataclass(frozen=True)
class DemoLoader:
    """A part's demo loader. `after` names the parts whose demo records it reads (the MAPPA category is
    proposed from the sentences and registration the orders demo records), so those load first."""

    part: str
    load: Callable
    after: tuple[str, ...] = ()


@dataclass
class Registry:
    panels: list[CasePanel] = field(default_factory=list)
    tabs: list[CaseTab] = field(default_factory=list)
    work: list[Callable] = field(default_factory=list)
    work_kinds: dict[Callable, frozenset] = field(default_factory=dict)  # provider: the kinds of work it gives
    work_facts: dict[Callable, frozenset] = field(default_factory=dict)  # provider: the facts it reads (see work_list)
    work_answered: set = field(default_factory=set)  # providers whose items are all on cases the user answers for
    work_not_on_cases: set = field(default_factory=set)  # providers whose items are about staff, never a case
    nav: list[NavLink] = field(default_factory=list)
    plan: list[Callable] = field(default_factory=list)
    demo: list[DemoLoader] = field(default_factory=list)
    markers: list[Callable] = field(default_factory=list)
    allocation: list[Callable] = field(default_factory=list)

    def _add(self, bucket: list, entry):
        if entry not in bucket:
            bucket.append(entry)
            bucket.sort(key=lambda e: getattr(e, "order", 0))
        return entry


registry = Registry()


def case_panel(panel: CasePanel) -> CasePanel:
    if any(p.slug == panel.slug and p != panel for p in registry.panels):
        raise ValueError(f"A case panel called {panel.slug!r} is already registered")
    return registry._add(registry.panels, panel)


def case_tab(tab: CaseTab) -> CaseTab:
    return registry._add(registry.tabs, tab)


def work_list(provider: Callable | None = None, *, kinds: tuple[str, ...] = (), facts: tuple[str, ...] = (),
              answered: bool = False, on_cases: bool = True):
    """Register `provider(user, today) -> list[WorkItem]`: work due on cases the user may see.

    A provider may also take `members` (`provider(reader, today, members=[...])`): then it answers for several
    people at once, a supervisor's team, in the same few queries as for one: the items each member's own list would
    hold, each marked with whose it is (WorkItem.whose, the member's display name), read as `reader` may see them.
    A provider that does not take it is asked once per member (see team_work_for).

    `kinds` names every WorkItem.kind the provider can give: a list filtered to other kinds then does not run it
    (see work_for). A provider that names none is run for every list.

    `facts` names the Facts fields the provider reads (core.facts) about cases the user answers for: a page that lists
    several providers' work gathers those once for all of them (see _gather_facts), not each provider for its own
    few cases in turn.

    `answered`: every item the provider gives is on a case the user answers for (policy.answered_for: those they
    manage or partner on, and a supervisor's team's), so the case overview of anyone else does not run it (see
    work_for_nominal). A provider with work on other cases (items its user owns, an area's) leaves it False.
    `on_cases=False`: its items are about staff, never a case (a team member's supervision, training to renew), so
    no case overview runs it.
    Use as `work_list(provider)`, `@work_list` or `@work_list(kinds=("home_visit",))`."""
    def register(fn: Callable) -> Callable:
        if fn not in registry.work:
            registry.work.append(fn)
        if kinds:
            registry.work_kinds[fn] = frozenset(kinds)
        if facts:
            registry.work_facts[fn] = frozenset(facts)
        if answered:
            registry.work_answered.add(fn)
        if not on_cases:
            registry.work_not_on_cases.add(fn)
        return fn

    return register if provider is None else register(provider)


def work_kinds() -> set[str]:
    """Every kind of work the registered providers name (see work_list)."""
    return set().union(*registry.work_kinds.values())


def _providers(kinds) -> list[Callable]:
    """The providers to run for a list of the given kinds (empty: every kind): those naming one of them, and those
    naming none (their kinds are not known until they run)."""
    wanted = set(kinds)
    return [p for p in registry.work
            if not wanted or p not in registry.work_kinds or registry.work_kinds[p] & wanted]


def nav_link(link: NavLink) -> NavLink:
    return registry._add(registry.nav, link)


def plan_requirements(provider: Callable) -> Callable:
    """Register `provider(user, nominal) -> list[PlanRequirement]`, narrowed by the access policy."""
    if provider not in registry.plan:
        registry.plan.append(provider)
    return provider


def case_markers(provider: Callable) -> Callable:
    """Register `provider(user, nominal) -> list[CaseMarker]` for the case header: only what that reader may
    see (read through the access policy), in a fixed number of queries (the header is on every person page)."""
    if provider not in registry.markers:
        registry.markers.append(provider)
    return provider


def allocation_check(check: Callable) -> Callable:
    """Register `check(actor, nominals, manager, on) -> {nominal id: [str]}`: what a person given cases to manage
    lacks for each (the names of the training missing, inspection 2010 F-152), in a fixed number of queries
    whatever the number of cases. The register warns with these before a case is allocated, transferred or
    covered, and goes on only with a reason."""
    if check not in registry.allocation:
        registry.allocation.append(check)
    return check


def allocation_warnings(actor, nominals, manager, on: datetime.date) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for check in registry.allocation:
        for nominal_id, lacking in check(actor, list(nominals), manager, on).items():
            known = found.setdefault(nominal_id, [])
            known += [w for w in lacking if w not in known]
    return {k: v for k, v in found.items() if v}


def _part_of(loader: Callable) -> str:
    """The part a callable belongs to: "orders" for mappa.orders.registrations."""
    module = loader.__module__.split(".")
    return module[1] if module[0] == "mappa" and len(module) > 1 else loader.__module__


def demo_data(loader: Callable | None = None, *, after: tuple[str, ...] = ()):
    """Register `loader(*, users, nominals, today)`, run inside the demo loader's transaction once the
    register's demo people exist. `users` and `nominals` are keyed as in mappa.demo.demo_data. `after`
    names the parts (app names, "orders") whose demo records the loader reads: their loaders run first.
    Use as `demo_data(load)`, `@demo_data` or `@demo_data(after=("orders",))`."""
    def register(fn: Callable) -> Callable:
        if all(entry.load is not fn for entry in registry.demo):
            registry.demo.append(DemoLoader(_part_of(fn), fn, tuple(after)))
        return fn

    return register if loader is None else register(loader)


def requirements_for(user, nominal) -> list[PlanRequirement]:
    return [r for provider in registry.plan for r in provider(user, nominal)]


def markers_for(user, nominal) -> list[CaseMarker]:
    return [m for provider in registry.markers for m in provider(user, nominal)]


def demo_loaders() -> list[Callable]:
    """The demo loaders in the order they registered, except that each runs after every loader of the parts
    it names in `after` (parts with no loader are ignored). A cycle is a programming error."""
    pending = list(registry.demo)
    ordered: list[Callable] = []
    while pending:
        waiting_on = {entry.part for entry in pending}
        ready = next((e for e in pending if not set(e.after) & waiting_on), None)
        if ready is None:
            raise ValueError(f"Demo loaders wait on each other: {sorted(waiting_on)}")
        pending.remove(ready)
        ordered.append(ready.load)
    return ordered


def panels_for(user, nominal) -> list[dict]:
    shown = []
    for panel in registry.panels:
        data = panel.context(user, nominal)
        if data is not None:
            shown.append({"panel": panel, "data": data})
    return shown


def tabs_for(user, nominal) -> list[CaseTab]:
    return [t for t in registry.tabs if t.visible is None or t.visible(user, nominal)]


def work_for(user, today: datetime.date, kinds=(), on_cases: bool | None = None) -> list[WorkItem]:
    """Everything due for the user, overdue first, then by due date; with `kinds`, at least the work of those kinds
    (only the providers that may give them run: see work_list). `on_cases` True or False: only the lists of work on
    cases, or only those of work about staff (see work_list's `on_cases`)."""
    return _work(user, today, _on_cases(_providers(kinds), on_cases))


def _on_cases(providers: list, on_cases: bool | None) -> list:
    if on_cases is None:
        return providers
    return [p for p in providers if (p not in registry.work_not_on_cases) == on_cases]


def _work(user, today: datetime.date, providers) -> list[WorkItem]:
    from mappa.access import policy

    if policy.narrowing() is not None and not policy.answered_cases(user):
        # Narrowed to cases the user answers for none of (policy.narrowed_to): the lists whose work is all on such
        # cases have nothing to give.
        providers = [p for p in providers if p not in registry.work_answered]
    _gather_facts(user, providers)
    return in_order([item for provider in providers for item in provider(user, today)], today)


def in_order(items: list[WorkItem], today: datetime.date) -> list[WorkItem]:
    """Overdue first, then by due date, then by person."""
    return sorted(items, key=lambda i: (not i.overdue_on(today), i.due or datetime.date.max, i.nominal_name))


def _gather_facts(user, providers) -> None:
    """Inside facts.remembered (a page), the facts `providers` declare (see work_list), gathered at once over every
    case the user answers for (policy.answered_cases), as the user may see them: each provider then finds its own
    cases' facts there. Each case's facts are the same whichever cases are gathered with it."""
    from mappa.access import policy
    from mappa.core import facts

    wanted = set().union(*(registry.work_facts.get(p, ()) for p in providers))
    if wanted and facts.remembering() and user.is_authenticated:
        facts.facts_for_many(user, policy.answered_cases(user), only=tuple(sorted(wanted)))


def answering(user, members=None) -> list[tuple[object, str]]:
    """For a provider taking `members`: (member, whose) for each member asked about, or (user, "") for the user's own
    list (WorkItem.whose is empty there)."""
    if members is None:
        return [(user, "")]
    return [(m, m.display_name) for m in members]


def case_workers(user, members=None) -> list[tuple[object, str]]:
    """As answering, keeping only those who keep a list of case work: a member of an agency who is not an
    administrator, an emergency reader or a read-only partner. None at all if the reader keeps none."""
    from mappa.accounts.models import Role

    if not user.is_authenticated or not user.agency_id:
        return []
    return [(m, whose) for m, whose in answering(user, members) if m.is_authenticated and m.agency_id
            and m.role not in (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY)]


def whose_case(user, members, asked, managers: dict) -> Callable[[int], list[str]]:
    """For a provider over managed cases (`managers`: each case's manager): whose lists an item on a case is on: the
    user's own, or with `members` the case's manager's and the team's supervisors'."""
    from mappa.accounts.models import Role

    def whose(nominal_id) -> list[str]:
        if members is None:
            return [""]
        return [label for m, label in asked
                if managers.get(nominal_id) == m.pk or (m.role == Role.SUPERVISOR and m.team_id == user.team_id)]

    return whose


def answers_for_many(provider: Callable) -> bool:
    return "members" in inspect.signature(provider).parameters


def team_work_for(reader, members, today: datetime.date, kinds=(), on_cases: bool | None = None) -> list[WorkItem]:
    """Every member's work list at once, each item marked with whose it is (an item on two members' lists is there
    twice, once for each): one call of each provider that answers for many (see work_list), one a member of any
    other. `reader` is whom the reads are scoped to (the supervisor asking); members must be of the reader's agency,
    with their agency and team read (select_related), so that what their lists hold the reader may see. With `kinds`
    and `on_cases`, as work_for."""
    members = list(members)
    providers = _on_cases(_providers(kinds), on_cases)
    _gather_facts(reader, providers)
    items = []
    for provider in providers:
        if answers_for_many(provider):
            items += provider(reader, today, members=members)
        else:
            items += [replace(item, whose=m.display_name) for m in members for item in provider(m, today)]
    return items


def work_for_nominal(user, nominal, today: datetime.date) -> list[WorkItem]:
    """What the user's work list holds for one person (the case overview's "What needs doing"): the lists read with
    the records narrowed to that person (policy.narrowed_to), so they read one case, not the whole caseload; the lists
    whose work is all on cases the user answers for (work_list's `answered`) only when the user answers for this one."""
    from mappa.access import policy

    with policy.narrowed_to(nominal.pk):
        found = _work(user, today, [p for p in registry.work if p not in registry.work_not_on_cases])
    return [item for item in found if item.nominal_id == nominal.pk]


def nav_for(user) -> list[NavLink]:
    return [link for link in registry.nav if link.visible(user)]
