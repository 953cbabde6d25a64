"""Finding a person by name (typos, sound-alikes, aliases), date of birth (near matches too) or identifier.

Candidates come from indexed keys; only those the user may see are ranked, so results never
leak records outside the user's scope.
"""
import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Max, OuterRef, Q, Subquery, Value

from mappa.access import policy
from mappa.accounts.models import Team
from mappa.core.prepared import Prepared
from mappa.nominals import clues, matching, names
from mappa.nominals.models import (
    Activity,
    Address,
    Alias,
    Contact,
    Identifier,
    IdentifierKind,
    NameKey,
    NameVariant,
    Nominal,
    Vehicle,
    phone_key_sql,
    registration_key_sql,
)

MIN_SCORE = 60
MAX_CANDIDATES = 3000


@dataclass
class Query:
    """What a search looks for. `date_of_birth` is a whole date (from the date field or the name box);
    `born` a year of birth or an age when only that is known. Neither filters: both weigh as evidence
    (matching.date_evidence), and so do a postcode, part of a PNC number, a vehicle registration and a phone
    number (clues.py), the last three finding people on their own too."""
    text: str = ""
    date_of_birth: datetime.date | None = None
    born: matching.Born | None = None
    notes: list[str] = field(default_factory=list)  # how what was typed into the name box was read
    error: str = ""  # why the name box cannot be searched as typed
    gender: str = ""  # narrows the results to people recorded with this gender (a Gender value)
    town: str = ""  # narrows them to people whose current address the reader may see is in this town
    postcode: clues.Postcode | None = None
    pnc: clues.Pnc | None = None
    registration: str = ""  # clues.registration form
    phone: str = ""  # clues.phone_key form
    whole: str = ""  # the name box as typed: an identifier is looked up as the whole of it

    @property
    def narrowed(self) -> bool:
        return bool(self.gender or self.town.strip())

    @property
    def finds(self) -> bool:
        """Whether something besides a name or a date finds people: part of a PNC number, a vehicle, a phone."""
        return bool(self.pnc or self.registration or self.phone)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.date_of_birth and not self.finds

    @property
    def birth(self) -> matching.Born | None:
        return matching.Born(date=self.date_of_birth) if self.date_of_birth else self.born

    @property
    def searched_facts(self) -> list[str]:
        """The other facts searched, in words, for the page: "postcode district CM1", "vehicle AB12 CDE"."""
        out = []
        if self.postcode:
            out.append(f"postcode {self.postcode.whole}" if self.postcode.whole else f"postcode district {self.postcode.district}")
        if self.pnc:
            out.append(f"PNC number {self.pnc}" if self.pnc.kind == clues.PNC else f"part of a PNC number ({self.pnc})")
        if self.registration:
            out.append(f"vehicle {clues.show_registration(self.registration)}")
        if self.phone:
            out.append(f"phone number {self.phone}")
        return out


def read_query(text: str, date_of_birth: datetime.date | None = None, today: datetime.date | None = None,
               gender: str = "", town: str = "", postcode: clues.Postcode | None = None, pnc: clues.Pnc | None = None,
               registration: str = "", phone: str = "") -> Query:
    """The Query for a name box and a date of birth field (and the gender and town that narrow it, and the
    postcode, PNC number, registration and phone fields, already read by clues.read_*): a date, year or age,
    a phone number, a PNC number (whole with other words, or in part), a postcode and a registration typed
    into the name box are taken out of the words and used (a field, when filled in, wins over the box)."""
    read = clues.read_clues(text or "")
    finding = bool(pnc or registration or phone or read.pnc or read.registration or read.phone)
    query = _read_name_box(read.text, date_of_birth, today, finding)
    query.whole = (text or "").strip()
    query.gender, query.town = gender or "", (town or "").strip()
    given = {"postcode": postcode, "pnc": pnc, "registration": registration, "phone": phone}
    for name, value in given.items():
        setattr(query, name, value or getattr(read, name))
    for what, as_typed in read.typed:
        name = {"pnc_part": "pnc", "district": "postcode"}.get(what, what)
        if given[name]:
            query.notes.append(f"Searched the {FIELD_NAMES[name]} from its field, not \u201c{as_typed}\u201d from the name box")
        else:
            query.notes.append(f"Searched \u201c{as_typed}\u201d as {clues.CALLED[what]}")
    if query.postcode and not query.error and not (names.split_query(query.text) or query.date_of_birth or query.finds):
        query.error = (f"Enter a name as well as the {FIELD_NAMES['postcode']} {query.postcode}: "
                       "a postcode on its own matches too many people")
    return query


FIELD_NAMES = {"postcode": "postcode", "pnc": "PNC number", "registration": "vehicle registration", "phone": "phone number"}


def _read_name_box(text: str, date_of_birth: datetime.date | None, today: datetime.date | None, finding: bool = False) -> Query:
    read = matching.read_query(text or "", today)
    if read.error:
        return Query(text=read.text, date_of_birth=date_of_birth, error=read.error)
    if read.born is None:
        return Query(text=read.text, date_of_birth=date_of_birth)
    if date_of_birth:
        return Query(text=read.text, date_of_birth=date_of_birth,
                     notes=[f"Searched the date of birth {matching.show_date(date_of_birth)} from the date field, "
                            f"not \u201c{read.typed}\u201d from the name box"])
    if read.born.date:
        return Query(text=read.text, date_of_birth=read.born.date,
                     notes=[f"Searched \u201c{read.typed}\u201d as a date of birth ({read.born})"])
    if not names.split_query(read.text) and not finding:  # a vehicle, phone or PNC number finds; a year then weighs
        return Query(text=read.text, error=f"Enter a name as well as \u201c{read.typed}\u201d: a year of birth or an age "
                                            "on its own matches too many people")
    what = "a year of birth" if read.born.year else "an age"
    return Query(text=read.text, born=read.born, notes=[f"Searched \u201c{read.typed}\u201d as {what}"])


@dataclass
class Hit:
    nominal: "Nominal | Shown"
    score: float
    matched_name: str = ""
    matched_identifier: str = ""
    town: str = ""
    extra: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # why it matched, in words the reader may see
    date: matching.DateEvidence | None = None
    facts: tuple = ()  # clues.Evidence


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


def _slipped_keys(values: dict):
    """The ids of the name keys whose surname is one typing slip from the query's, read from the variants alone.

    A query of its own: OR-ed into _name_condition, the join would stop PostgreSQL combining
    that condition's indexes and make it scan every name key. The ids themselves, not the keys holding
    them: asked for the keys, PostgreSQL read all 318,000 of them to match a common surname's 30,000
    variants (110 of a search's 170 ms on the national register). With a first name too, its first
    letter must agree, which keeps a slip in a common surname from bringing in everyone like it."""
    variants = NameVariant.objects.filter(variant__in=values["variants"])
    if "initial" in values:
        variants = variants.filter(first_initial=values["initial"])
    return variants.values("name_key_id")


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
    """A person the query may mean, with what a result shows of them (ROW_FIELDS after the names) when the
    name or date search read it.

    `score` ranks: the name's similarity (0..100, `name_score`) plus the date of birth's matching weight
    (`date`, see matching.WEIGHTS), or 100 for an identifier. `yours` is 2 for someone the reader
    manages, 1 for someone their team holds, else 0: it breaks ties, after the score."""
    nominal_id: int
    score: float
    matched_identifier: str = ""
    shown: tuple | None = None
    alias_id: int | None = None  # when the name matched was an alias (hydrate reads it for the result)
    name_score: float | None = None
    date: matching.DateEvidence | None = None
    yours: int = 0
    facts: tuple = ()  # clues.Evidence: the other facts searched that agree, best first


# A name this far from the query is kept only when the date of birth agrees with the one searched.
MIN_NAME_SCORE_WITH_DATE = 50
# With a date and no name, a person's score is this plus the date's weight (an exact date scores 100).
DATE_ONLY_BASE = 100 - matching.WEIGHTS[matching.EXACT]
# Ties among the first this many results (a page) are broken by the latest activity the reader may see,
# for at most RECENCY_MOST people.
RECENCY_PAGE = 20
RECENCY_MOST = 200


def candidate_scores(user, query: Query) -> list[Candidate]:
    """The people the query may mean, best first: by the evidence (`score`: the name, the date, and the other
    facts searched), then people the reader manages, then their team's, then the latest activity the reader
    may see, then record id. A public entry point: anything that looks for a person as the search does calls
    this (and hydrate)."""
    scores: dict[int, Candidate] = {}
    for nid, label in _identifier_hits(user, query.whole or query.text).items():
        scores[nid] = Candidate(nid, 100.0, matched_identifier=label)
    tokens = names.split_query(query.text)
    birth = query.birth
    facts = _facts_found(user, query)
    finding = set(facts)
    rows, name_scores, date_rows = [], [], []
    if tokens:
        rows = _name_candidates(user, tokens, query.date_of_birth)
        name_scores = names.score_candidates(tokens, [(row[2], row[3], row[5]) for row in rows])
    elif query.date_of_birth:
        date_rows = _date_only_rows(user, matching.date_variants(query.date_of_birth))
    if query.postcode:
        wanted = {row[0] for row, name_score in zip(rows, name_scores) if name_score >= MIN_NAME_SCORE_WITH_DATE}
        for nid, found in _postcode_facts(user, query.postcode, wanted | finding | {row[0] for row in date_rows}).items():
            facts.setdefault(nid, []).extend(found)
    facts = {nid: clues.strongest(found) for nid, found in facts.items()}
    for row, name_score in zip(rows, name_scores):
        nid = row[0]
        candidate = _scored(user, row, name_score, birth, facts.get(nid, []), found=nid in finding)
        if candidate and candidate.score > (scores[nid].score if nid in scores else 0):
            scores[nid] = candidate
    for row in date_rows:
        evidence = matching.date_evidence(birth, row[1 + DOB])
        found = facts.get(row[0], [])
        scores[row[0]] = Candidate(row[0], DATE_ONLY_BASE + evidence.weight + _weight(found), shown=row[1:], date=evidence,
                                   yours=_yours(user, row[1:]), facts=tuple(found))
    for nid in finding & set(scores):
        if scores[nid].matched_identifier:  # found by a whole identifier: the facts are named, the score is full
            scores[nid] = scores[nid]._replace(facts=tuple(facts[nid]))
    missing = [nid for nid in finding if nid not in scores]
    if missing:
        for row in _shown_rows(user, missing):
            scores[row[0]] = _found_by_facts(user, row, tokens, birth, facts[row[0]])
    return _ordered(user, [c for c in scores.values() if _within(query, c)])


def _weight(found: list[clues.Evidence]) -> float:
    return sum(item.weight for item in found)


def _within(query: Query, candidate: Candidate) -> bool:
    """Whether a candidate is within the gender and town the query narrows to. A match by identifier is
    always kept: the identifier says who it is."""
    if not query.narrowed or candidate.matched_identifier:
        return True
    shown = candidate.shown
    if query.gender and shown[GENDER] != query.gender:
        return False
    town = query.town.strip().lower()
    return not town or (shown[-1] or "").lower().startswith(town)


def _scored(user, row: tuple, name_score: float, birth, facts: list[clues.Evidence], found: bool = False) -> Candidate | None:
    """The candidate for one name key, or None when the name and the evidence together are too weak. A person
    `found` by a fact that finds (a vehicle, a phone, part of a PNC number) is kept whatever the name."""
    shown = row[4:]
    evidence = matching.date_evidence(birth, shown[DOB])
    score = name_score + (evidence.weight if evidence else 0) + _weight(facts)
    strong_name = name_score >= MIN_SCORE
    supported = (evidence and evidence.agrees) or facts
    if not found and (score < MIN_SCORE or not (strong_name or (supported and name_score >= MIN_NAME_SCORE_WITH_DATE))):
        return None
    return Candidate(row[0], score, shown=shown, alias_id=row[1], name_score=name_score, date=evidence,
                     yours=_yours(user, shown), facts=tuple(facts))


def _found_by_facts(user, row: tuple, tokens: list[str], birth, facts: list[clues.Evidence]) -> Candidate:
    """The candidate for a person found by a fact alone (their names matched none of the name keys searched):
    scored by how alike their name is, when a name was searched, else as a date-only search scores."""
    shown = row[1:]
    name_score = None
    if tokens:
        name_score = names.score_candidates(tokens, [(names.normalise(shown[0]), names.normalise(shown[2]), shown[1])])[0]
    evidence = matching.date_evidence(birth, shown[DOB])
    score = (name_score if tokens else DATE_ONLY_BASE) + (evidence.weight if evidence else 0) + _weight(facts)
    return Candidate(row[0], score, shown=shown, name_score=name_score, date=evidence, yours=_yours(user, shown),
                     facts=tuple(facts))


# At most this many people found by each fact (a phone number shared by a hostel, a common partial number).
FACT_LIMIT = 50


def _facts_found(user, query: Query) -> dict[int, list[clues.Evidence]]:
    """The people in the reader's scope that part of a PNC number, a vehicle or a phone number finds, each with
    the evidence: only from the identifiers, vehicles and contacts the reader may see (policy.items_for), so a
    fact held under a restriction the reader may not see finds and ranks no one. One query for each fact."""
    found: dict[int, list[clues.Evidence]] = {}

    def add(nid, item):
        if item:
            found.setdefault(nid, []).append(item)

    if query.pnc:
        how, values = query.pnc.stored_forms()
        numbers = policy.items_for(user, Identifier).filter(kind=IdentifierKind.PNC)
        numbers = numbers.filter(normalised__startswith=values[0]) if how == "prefix" else numbers.filter(normalised__in=values)
        for nid, stored, shown in numbers.values_list("nominal_id", "normalised", "value").order_by()[:FACT_LIMIT]:
            add(nid, clues.pnc_evidence(query.pnc, stored, shown))
    if query.registration:
        vehicles = (policy.items_for(user, Vehicle).annotate(read_key=registration_key_sql())
                    .filter(read_key=clues.misread_key(query.registration)))
        for nid, plate in vehicles.values_list("nominal_id", "registration").order_by()[:FACT_LIMIT]:
            add(nid, clues.registration_evidence(query.registration, plate))
    if query.phone:
        phones = (policy.items_for(user, Contact).filter(kind=Contact.Kind.PHONE).annotate(key=phone_key_sql())
                  .filter(key=query.phone))
        for nid, number in phones.values_list("nominal_id", "value").order_by()[:FACT_LIMIT]:
            add(nid, clues.phone_evidence(query.phone, number))
    return found


def _postcode_facts(user, postcode: clues.Postcode, nominal_ids: set[int]) -> dict[int, list[clues.Evidence]]:
    """For these people (found by name, date or another fact), the addresses the reader may see in the postcode
    district searched, as evidence. A district alone finds no one: it holds thousands."""
    if not nominal_ids:
        return {}
    addresses = (policy.items_for(user, Address).filter(nominal_id__in=sorted(nominal_ids), postcode__startswith=f"{postcode.district} ")
                 .values_list("nominal_id", "postcode", "status").order_by())
    found: dict[int, list[clues.Evidence]] = {}
    for nid, code, status in addresses:
        item = clues.postcode_evidence(postcode, code, status == Address.Status.CURRENT)
        if item:
            found.setdefault(nid, []).append(item)
    return found


def _shown_rows(user, nominal_ids: list[int]) -> list[tuple]:
    """(pk, *ROW_FIELDS) of these people (in the reader's scope: found through policy.items_for)."""
    people = (policy.nominals_for(user).filter(pk__in=nominal_ids).order_by()
              .annotate(agency_name=_agency_name("team_id"), current_town=_current_town(user, "pk")))
    return list(people.values_list("pk", *ROW_FIELDS))


def _yours(user, shown: tuple) -> int:
    if shown[MANAGER] == user.pk:
        return 2
    return 1 if user.team_id and shown[TEAM] == user.team_id else 0


def _ordered(user, candidates: list[Candidate]) -> list[Candidate]:
    """Best first (see candidate_scores). The latest activity is read, in one query, only for the
    candidates that tie with another on the first RECENCY_PAGE, and the rest of their group (at most
    RECENCY_MOST): further down, ties stay in record order."""
    key = lambda c: (-round(c.score, 1), -c.yours)  # noqa: E731
    ranked = sorted(candidates, key=lambda c: (*key(c), c.nominal_id))
    groups = Counter(key(c) for c in ranked)
    shown_ties = {key(c) for c in ranked[:RECENCY_PAGE] if groups[key(c)] > 1}
    if not shown_ties:
        return ranked
    tied = [c for c in ranked if key(c) in shown_ties][:RECENCY_MOST]
    latest = _latest_activity(user, [c.nominal_id for c in tied])
    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return sorted(ranked, key=lambda c: (*key(c), _descending(latest.get(c.nominal_id, never)), c.nominal_id))


def _descending(moment: datetime.datetime) -> float:
    return -moment.timestamp()


def _latest_activity(user, nominal_ids: list[int]) -> dict[int, datetime.datetime]:
    """When each person's latest activity the reader may see happened (the people are in the reader's
    scope already: they came from scoped statements)."""
    rows = (policy.items_on(user, Activity, nominal_ids).order_by().values("nominal_id")
            .annotate(latest=Max("occurred_at")).values_list("nominal_id", "latest"))
    return dict(rows)


def _name_candidates(user, tokens: list[str], date_of_birth) -> list[tuple]:
    """(nominal id, alias id, first, last, *ROW_FIELDS) of name keys in the user's scope that the query may
    mean: the keys are the sound-alike and prefix keys and the surname variants (two plain index reads),
    and what a result shows comes with them, so a page of results needs no second one. With a date of
    birth, also every name key of the people born on that date or a near one (matching.date_variants),
    whatever their names, so that a person whose name is common is not lost among the others like it.
    Both statements are prepared once for each user and shape of query (core.prepared)."""
    key = policy.scope_key(user)
    rows = NAME_STATEMENT.rows(key, user, name_values(tokens))
    if date_of_birth:
        seen = {(row[0], row[1]) for row in rows}
        rows += [row for row in DATE_STATEMENT.rows(key, user, {"dates": matching.date_variants(date_of_birth)})
                 if (row[0], row[1]) not in seen]
    return rows


def _keys_in_scope(user):
    return policy.items_for(user, NameKey, nominal=policy.reachable(user, "nominal_id"))


def _key_rows(user, keys):
    keys = keys.annotate(agency_name=_agency_name("nominal__team_id"), current_town=_current_town(user, "nominal_id"))
    return keys.values_list("nominal_id", "alias_id", "first_norm", "last_norm", *(f"nominal__{name}" for name in SHOWN + RANKED),
                            "agency_name", "current_town").order_by()[:MAX_CANDIDATES]


def _name_statement(user, **values):
    matching_keys = NameKey.objects.filter(_name_condition(values)).values("pk").union(_slipped_keys(values), all=True)
    return _key_rows(user, _keys_in_scope(user).filter(pk__in=matching_keys))


def _date_statement(user, dates):
    # Each date as a Value: a date field would refuse core.prepared's markers in its place.
    return _key_rows(user, _keys_in_scope(user).filter(nominal__date_of_birth__in=[Value(day) for day in dates]))


def _date_only_rows(user, dates) -> list[tuple]:
    """(pk, *ROW_FIELDS) of the people in scope born on one of `dates`."""
    people = (policy.nominals_for(user).filter(date_of_birth__in=dates).order_by()
              .annotate(agency_name=_agency_name("team_id"), current_town=_current_town(user, "pk")))
    return list(people.values_list("pk", *ROW_FIELDS)[:MAX_CANDIDATES])


NAME_STATEMENT = Prepared(_name_statement)
DATE_STATEMENT = Prepared(_date_statement)


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
# What ranking and narrowing also read of the person (the team, for ties; the gender).
RANKED = ("team_id", "gender")
# A candidate's `shown`: SHOWN, RANKED, the agency's name and the current town; positions in it.
ROW_FIELDS = (*SHOWN, *RANKED, "agency_name", "current_town")
DOB, MANAGER, TEAM, GENDER = (ROW_FIELDS.index(name) for name in ("date_of_birth", "manager_id", "team_id", "gender"))


def hydrate(user, candidates: list[Candidate], full: bool = False) -> list[Hit]:
    """A Hit for each candidate, in order, with the reasons it matched. What a result shows was mostly
    read with the names; people found by identifier alone are read here, in one query. With `full`, each
    hit holds the whole Nominal instead (the API returns the record). A public entry point, with
    candidate_scores."""
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
            shown.update({row[0]: row[1:] for row in rows.values_list("pk", *ROW_FIELDS)})
        # Made only for the page's candidates, not for every one the names matched.
        found = {pk: (_shown(pk, values), values[-1]) for pk, values in shown.items()}
    aliases = _alias_names(user, candidates)
    hits = []
    for c in candidates:
        if c.nominal_id not in found:
            continue
        alias = aliases.get(c.alias_id, "")
        hits.append(Hit(nominal=found[c.nominal_id][0], score=c.score, matched_name=alias,
                        matched_identifier=c.matched_identifier, town=found[c.nominal_id][1] or "",
                        reasons=reasons(c, alias), date=c.date, facts=c.facts))
    return hits


def reasons(candidate: Candidate, alias: str = "") -> list[str]:
    """Why a candidate matched, in words: only what the reader may see (the alias is one they may see,
    read through the policy; the date of birth is shown with every result; the postcode, PNC number,
    vehicle or phone number named is one of the person's items the reader may see, read through the policy)."""
    out = []
    if candidate.matched_identifier:
        out.append(f"Matched identifier: {candidate.matched_identifier}")
    if candidate.name_score is not None:
        if alias:
            out.append(f"Also known as: {alias}")
        elif candidate.name_score >= 100:
            out.append("Name matches")
        else:
            out.append(f"Name spelt differently ({candidate.name_score:.0f}% alike)")
    if candidate.date is not None:
        out.append(candidate.date.text)
    out += [fact.text for fact in candidate.facts]
    if candidate.yours == 2:
        out.append("You manage them")
    elif candidate.yours == 1:
        out.append("Held by your team")
    return out


def _alias_names(user, candidates: list[Candidate]) -> dict[int, str]:
    """The aliases the candidates were found by, as recorded (the keys hold only normalised names)."""
    wanted = [c.alias_id for c in candidates if c.alias_id]
    if not wanted:
        return {}
    rows = policy.items_for(user, Alias).filter(pk__in=wanted).values_list("pk", "first_name", "last_name")
    return {pk: f"{first} {last}".strip() for pk, first, last in rows}


def _shown(pk: int, values: tuple) -> Shown:
    first, middle, last, born, photo, manager_id = values[:len(SHOWN)]
    return Shown(pk=pk, first_name=first, middle_names=middle, last_name=last, date_of_birth=born, photo=photo or "",
                 manager_id=manager_id, agency=values[-2] or "")
