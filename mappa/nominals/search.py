"""Finding a person by name (typos, sound-alikes, aliases), date of birth or identifier.

Candidates come from indexed keys; only those the user may see are ranked, so results never
leak records outside the user's scope.
"""
import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import OuterRef, Q, Subquery

from mappa.access import policy
from mappa.accounts.models import Team
from mappa.core.prepared import Prepared
from mappa.nominals import names
from mappa.nominals.models import Address, Alias, Identifier, IdentifierKind, NameKey, NameVariant, Nominal

MIN_SCORE = 60
MAX_CANDIDATES = 3000


@dataclass
class Query:
    text: str = ""
    date_of_birth: datetime.date | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.date_of_birth


@dataclass
class Hit:
    nominal: "Nominal | Shown"
    score: float
    matched_name: str = ""
    matched_identifier: str = ""
    town: str = ""
    extra: dict = field(default_factory=dict)


def name_values(tokens: list[str]) -> dict:
    """What the name statement looks for, worked out from the query's words: sound-alike keys, the
    surname's first three letters, and the surname's one-slip variants (see names.deletion_variants).
    With one word it may be either name, and a surname starting with it; with more, the first and last
    (perhaps given surname first), and a slip in the surname only with the same first initial. An initial
    after the surname ("Naylor W") is read as if before it."""
    if len(tokens) > 1 and len(tokens[-1]) == 1 < len(tokens[0]):
        tokens = [tokens[-1], *tokens[:-1]]
    last = tokens[-1]
    values = {"variants": sorted(names.deletion_variants(last)), "prefix": last[:3]}
    if len(tokens) == 1:
        return values | {"key": names.phonetic_key(last), "start": last}
    first = tokens[0]
    return values | {"first_key": names.phonetic_key(first), "last_key": names.phonetic_key(last), "initial": first[0]}


def _name_condition(values: dict) -> Q:
    if "key" in values:
        key = values["key"]
        return Q(last_key=key) | Q(first_key=key) | Q(last_prefix=values["prefix"], last_norm__startswith=values["start"])
    first_key, last_key = values["first_key"], values["last_key"]
    return (
        Q(last_key=last_key)
        | Q(last_prefix=values["prefix"], first_key=first_key)
        # The names may have been given surname first.
        | Q(last_key=first_key, first_key=last_key)
    )


def _slip_in_surname(values: dict) -> Q:
    """Name keys whose surname is one typing slip from the query's.

    A query of its own: OR-ed into _name_condition, the join would stop PostgreSQL combining
    that condition's indexes and make it scan every name key. With a first name too, its first
    letter must agree, which keeps a slip in a common surname from bringing in everyone like it."""
    variants = NameVariant.objects.filter(variant__in=values["variants"])
    if "initial" in values:
        variants = variants.filter(first_initial=values["initial"])
    return Q(pk__in=variants.values("name_key_id"))


def _identifier_hits(user, text: str) -> dict[int, str]:
    forms = [form for form in names.identifier_search_forms(text) if len(form) >= 4 and any(ch.isdigit() for ch in form)]
    if not forms:
        return {}
    rows = (
        policy.items_for(user, Identifier).filter(normalised__in=forms)
        .values_list("nominal_id", "kind", "value")[:50]
    )
    return {nid: f"{IdentifierKind(kind).label} {val}" for nid, kind, val in rows}


class Candidate(NamedTuple):
    """A person the query may mean, with what a result shows of them (*SHOWN, agency, town) when the name
    search read it."""
    nominal_id: int
    score: float
    matched_identifier: str = ""
    shown: tuple | None = None
    alias_id: int | None = None  # when the name matched was an alias (hydrate reads it for the result)


def candidate_scores(user, query: Query) -> list[Candidate]:
    """The people the query may mean, best first."""
    scores: dict[int, Candidate] = {}
    for nid, label in _identifier_hits(user, query.text).items():
        scores[nid] = Candidate(nid, 100.0, matched_identifier=label)
    tokens = names.split_query(query.text)
    if tokens:
        rows = _name_candidates(user, tokens, query.date_of_birth)
        for row, score in zip(rows, names.score_candidates(tokens, [(row[2], row[3], row[5]) for row in rows])):
            nid = row[0]
            if score >= MIN_SCORE and score > (scores[nid].score if nid in scores else 0):
                scores[nid] = Candidate(nid, score, shown=row[4:], alias_id=row[1])
    elif query.date_of_birth:
        for nid in policy.nominals_for(user).filter(date_of_birth=query.date_of_birth).values_list("pk", flat=True)[:MAX_CANDIDATES]:
            scores[nid] = Candidate(nid, 100.0)
    return sorted(scores.values(), key=lambda c: (-c.score, c.nominal_id))


def _name_candidates(user, tokens: list[str], date_of_birth) -> list[tuple]:
    """(nominal id, alias id, first, last, *SHOWN, agency, town) of name keys in the user's scope that the query may
    mean, in one statement: the keys are the sound-alike and prefix keys and the surname variants (two
    plain index reads), and what a result shows comes with them, so a page of results needs no second one.
    The statement is prepared once for each user and shape of query (core.prepared)."""
    values = name_values(tokens)
    if date_of_birth:
        return NAME_STATEMENT.fresh(user, values | {"date_of_birth": date_of_birth})
    return NAME_STATEMENT.rows(policy.scope_key(user), user, values)


def _name_statement(user, date_of_birth=None, **values):
    matching = NameKey.objects.filter(_name_condition(values)).values("pk").union(
        NameKey.objects.filter(_slip_in_surname(values)).values("pk"), all=True)
    keys = policy.items_for(user, NameKey, nominal=policy.reachable(user, "nominal_id")).filter(pk__in=matching)
    if date_of_birth:
        keys = keys.filter(nominal__date_of_birth=date_of_birth)
    keys = keys.annotate(agency_name=_agency_name("nominal__team_id"), current_town=_current_town(user, "nominal_id"))
    return keys.values_list("nominal_id", "alias_id", "first_norm", "last_norm", *(f"nominal__{name}" for name in SHOWN),
                            "agency_name", "current_town").order_by()[:MAX_CANDIDATES]


NAME_STATEMENT = Prepared(_name_statement)


def _agency_name(ref: str) -> Subquery:
    """The name of the agency of the team `ref`. A subquery, not a join: joined, the teams and agencies
    lead PostgreSQL to misjudge how many name keys match and to loop over every team for each."""
    return Subquery(Team.objects.filter(pk=OuterRef(ref)).order_by().values("agency__name")[:1])


def _current_town(user, ref: str) -> Subquery:
    """The town of the person's (`ref`) latest current address that the user may see."""
    return Subquery(policy.items_for(user, Address, nominal=OuterRef(ref)).filter(status=Address.Status.CURRENT)
                    .order_by("-moved_in", "-id").values("town")[:1])


@dataclass(frozen=True)
class Shown:
    """What a result shows of a person: enough to tell people apart, and nothing more."""
    pk: int
    first_name: str
    middle_names: str
    last_name: str
    date_of_birth: datetime.date | None
    photo: str
    manager_id: int | None
    agency: str


# Shown's fields as read through the person, in Shown's order (the pk before them, the agency after).
SHOWN = ("first_name", "middle_names", "last_name", "date_of_birth", "photo", "manager_id")


def hydrate(user, candidates: list[Candidate], full: bool = False) -> list[Hit]:
    """A Hit for each candidate, in order. What a result shows was mostly read with the names; people
    found by identifier or date of birth alone are read here, in one query. With `full`, each hit holds
    the whole Nominal instead (the API returns the record)."""
    if full:
        nominals = policy.nominals_for(user).annotate(current_town=_current_town(user, "pk")).order_by()
        found = {n.pk: (n, n.current_town) for n in nominals.select_related("team__agency", "manager")
                 .filter(pk__in=[c.nominal_id for c in candidates])}
    else:
        shown = {c.nominal_id: c.shown for c in candidates if c.shown is not None}
        missing = [c.nominal_id for c in candidates if c.shown is None]
        if missing:
            rows = (policy.nominals_for(user).filter(pk__in=missing).order_by()
                    .annotate(agency_name=_agency_name("team_id"), current_town=_current_town(user, "pk")))
            shown.update({row[0]: row[1:] for row in rows.values_list("pk", *SHOWN, "agency_name", "current_town")})
        # Made only for the page's candidates, not for every one the names matched.
        found = {pk: (_shown(pk, values[:-1]), values[-1]) for pk, values in shown.items()}
    aliases = _alias_names(user, candidates)
    return [
        Hit(nominal=found[c.nominal_id][0], score=c.score, matched_name=aliases.get(c.alias_id, ""),
            matched_identifier=c.matched_identifier, town=found[c.nominal_id][1] or "")
        for c in candidates
        if c.nominal_id in found
    ]


def _alias_names(user, candidates: list[Candidate]) -> dict[int, str]:
    """The aliases the candidates were found by, as recorded (the keys hold only normalised names)."""
    wanted = [c.alias_id for c in candidates if c.alias_id]
    if not wanted:
        return {}
    rows = policy.items_for(user, Alias).filter(pk__in=wanted).values_list("pk", "first_name", "last_name")
    return {pk: f"{first} {last}".strip() for pk, first, last in rows}


def _shown(pk: int, values: tuple) -> Shown:
    first, middle, last, born, photo, manager_id, agency = values
    return Shown(pk=pk, first_name=first, middle_names=middle, last_name=last, date_of_birth=born, photo=photo or "",
                 manager_id=manager_id, agency=agency or "")
