"""Finding a person by name (typos, sound-alikes, aliases), date of birth or identifier.

Candidates come from indexed keys; only those the user may see are ranked, so results never
leak records outside the user's scope.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from mappa.access import policy
from mappa.nominals import names
from mappa.nominals.models import Address, Identifier, NameKey, NameVariant, Nominal

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
    nominal: Nominal
    score: float
    matched_name: str = ""
    matched_identifier: str = ""
    town: str = ""
    extra: dict = field(default_factory=dict)


def _name_condition(tokens: list[str]) -> Q:
    if len(tokens) == 1:
        token = tokens[0]
        key = names.phonetic_key(token)
        return Q(last_key=key) | Q(first_key=key) | Q(last_prefix=token[:3], last_norm__startswith=token)
    first, last = tokens[0], tokens[-1]
    first_key, last_key = names.phonetic_key(first), names.phonetic_key(last)
    return (
        Q(last_key=last_key)
        | Q(last_prefix=last[:3], first_key=first_key)
        # The names may have been given surname first.
        | Q(last_key=first_key, first_key=last_key)
    )


def _slip_in_surname(tokens: list[str]) -> Q:
    """Name keys whose surname is one typing slip from the query's (see names.deletion_variants).

    A query of its own: OR-ed into _name_condition, the join would stop PostgreSQL combining
    that condition's indexes and make it scan every name key. With a first name too, its first
    letter must agree, which keeps a slip in a common surname from bringing in everyone like it."""
    variants = NameVariant.objects.filter(variant__in=sorted(names.deletion_variants(tokens[-1])))
    if len(tokens) > 1:
        variants = variants.filter(first_initial=tokens[0][0])
    return Q(pk__in=variants.values("name_key_id"))


def _visible_id(user) -> Subquery:
    """The candidate's own nominal id when the policy lets `user` reach that record, else NULL.

    Filtering name keys with `nominal_id=_visible_id(user)` applies exactly the scope of
    policy.nominals_for, one candidate at a time. It is written as a correlated scalar subquery on
    purpose: PostgreSQL turns the `nominal__in=policy.nominals_for(user)` (IN or EXISTS) form into a
    semi-join, and for a wide scope (a co-ordinator's whole area) chooses to build the entire scope
    first, scanning every nominal, which costs 150-250 ms at 250,000 records, even when only a few
    thousand name keys match. A scalar subquery is never turned into a join, so each candidate costs
    one primary-key probe.
    """
    return Subquery(policy.nominals_for(user).filter(pk=OuterRef("nominal_id")).order_by().values("pk")[:1])


def _identifier_hits(user, text: str) -> dict[int, str]:
    value = names.normalise_identifier(text)
    if len(value) < 4 or not any(ch.isdigit() for ch in value):
        return {}
    rows = (
        Identifier.objects.filter(normalised=value, nominal__in=policy.nominals_for(user))
        .filter(policy.handling_scope(user))
        .values_list("nominal_id", "kind", "value")[:50]
    )
    return {nid: f"{kind.upper()} {val}" for nid, kind, val in rows}


def candidate_scores(user, query: Query) -> list[tuple[int, float, str, str]]:
    """(nominal id, score, matched name, matched identifier), best first."""
    scores: dict[int, tuple[float, str, str]] = {}
    for nid, label in _identifier_hits(user, query.text).items():
        scores[nid] = (100.0, "", label)
    tokens = names.split_query(query.text)
    if tokens:
        rows = _name_candidates(user, tokens, query.date_of_birth)
        for (nid, first, last), score in zip(rows, names.score_candidates(tokens, [(f, l) for _, f, l in rows])):
            if score >= MIN_SCORE and score > scores.get(nid, (0,))[0]:
                scores[nid] = (score, f"{first} {last}".title(), "")
    elif query.date_of_birth:
        for nid in policy.nominals_for(user).filter(date_of_birth=query.date_of_birth).values_list("pk", flat=True)[:MAX_CANDIDATES]:
            scores[nid] = (100.0, "", "")
    return sorted(((nid, *v) for nid, v in scores.items()), key=lambda row: (-row[1], row[0]))


def _name_candidates(user, tokens: list[str], date_of_birth) -> list[tuple[int, str, str]]:
    """(nominal id, first, last) of name keys in the user's scope that the query may mean, in one
    statement: the sound-alike and prefix keys, and the surname variants."""
    parts = []
    visible = _visible_id(user)
    for condition in (_name_condition(tokens), _slip_in_surname(tokens)):
        keys = NameKey.objects.filter(condition, nominal_id=visible)
        if date_of_birth:
            keys = keys.filter(nominal__date_of_birth=date_of_birth)
        parts.append(keys.values_list("nominal_id", "first_norm", "last_norm"))
    return list(parts[0].union(parts[1], all=True)[:MAX_CANDIDATES])


def hydrate(user, rows) -> list[Hit]:
    """Load just what a result shows: name, date of birth, photo, town, managing agency."""
    ids = [row[0] for row in rows]
    town = (Address.objects.filter(nominal_id=OuterRef("pk"), status=Address.Status.CURRENT)
            .filter(policy.handling_scope(user)).order_by("-moved_in", "-id").values("town")[:1])
    nominals = Nominal.objects.filter(pk__in=ids).select_related("team__agency", "manager").annotate(current_town=town)
    # Shown in the candidates' order, so the database need not sort them.
    nominals = nominals.order_by()
    by_id = {n.pk: n for n in nominals}
    return [
        Hit(nominal=by_id[nid], score=score, matched_name=name, matched_identifier=ident,
            town=by_id[nid].current_town or "")
        for nid, score, name, ident in rows
        if nid in by_id
    ]
