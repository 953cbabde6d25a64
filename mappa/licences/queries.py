"""What the licences part reads, through the policy: what one reader is told about zone checks (below), and the
address lookup (at the end).

A check of a place or a route runs against every current zone of the person, so a victim is protected
whoever asks. What a reader is told must not depend on zones they may not see (a victim's home drawn as
a zone restricted as victim details): otherwise checking point after point would find the home. So a
reader who may see every zone gets the whole answer; any other reader gets the findings of the zones
they may see, and the same note whatever the other zones found: no result, distance or finding of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import CharField, Q, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.licences import gazetteer, rules
from mappa.licences import geometry as geo
from mappa.licences.models import AddressLocation, Zone

NOTE = "Also checked against zones you may not see: the offender manager will confirm."


@dataclass(frozen=True)
class Reader:
    """What one user may know of one person's zones."""

    zone_ids: frozenset
    complete: bool  # they may see every current zone of the person

    def shows(self, zone_id) -> bool:
        return int(zone_id) in self.zone_ids


def reader_for(user, nominal) -> Reader:
    """One query, whatever the number of zones (the case panel counts its queries)."""
    today = timezone.localdate()
    seen, complete = set(), True
    for pk, handling, agency_id, ended_on in policy.items_for_rules(user, Zone, nominal).values_list(
            "pk", "handling", "agency_id", "ended_on"):
        if policy.may_see(user, handling, agency_id):
            seen.add(pk)
        elif ended_on is None or ended_on > today:
            complete = False
    return Reader(frozenset(seen), complete)


@dataclass(frozen=True)
class Answer:
    """A check as one reader is told it. `findings` are dicts (stored checks) or geometry.Findings (routes)."""

    result: str  # clear, near or inside: of the zones the reader may see
    findings: tuple
    note: str = ""  # the same for every check when the reader may not see every zone
    rejected: bool = False

    @property
    def complete(self) -> bool:
        return not self.note

    @property
    def flagged(self) -> tuple:
        return tuple(f for f in self.findings if _status(f) != geo.Status.CLEAR)


def _status(finding) -> str:
    return finding["status"] if isinstance(finding, dict) else finding.status


def _zone(finding) -> int:
    return int(finding["zone"] if isinstance(finding, dict) else finding.zone_key)


def _result(findings) -> str:
    statuses = {_status(f) for f in findings}
    if geo.Status.INSIDE in statuses:
        return AddressLocation.Result.INSIDE
    if geo.Status.NEAR in statuses:
        return AddressLocation.Result.NEAR
    return AddressLocation.Result.CLEAR


def for_location(reader: Reader, location: AddressLocation) -> Answer:
    """The stored check of an address location, as the reader may be told it."""
    shown = tuple(f for f in location.findings if reader.shows(f["zone"]))
    if reader.complete and len(shown) == len(location.findings):
        return Answer(location.result, shown, "", location.rejected)
    result = _result(shown)
    return Answer(result, shown, NOTE, result == AddressLocation.Result.INSIDE and location.address.status == "proposed")


def for_route(reader: Reader, findings) -> Answer:
    """A route check (every zone's finding, nearest first), as the reader may be told it."""
    shown = tuple(f for f in findings if reader.shows(_zone(f)))
    complete = reader.complete and len(shown) == len(findings)
    return Answer(_result(shown), shown, "" if complete else NOTE)


def hidden_from(reader: Reader, findings, status: str = geo.Status.INSIDE) -> list:
    """The findings of `status` that the reader may not be told of."""
    return [f for f in findings if _status(f) == status and not reader.shows(_zone(f))]


# ---- the address lookup --------------------------------------------------------------------------
# What the address lookup reads: the gazetteer (public address data) and the addresses already on the register,
# the latter only through mappa.access.policy, so an address recorded on a case the reader may not see, or under a
# handling restriction they are not within, is never offered.

SHOWN = 20  # matches listed at once: more than this and the reader is asked to narrow the search
REGISTER_READ = 200  # register addresses weighed at most, newest first (the text has narrowed them already)
LONGEST = 100  # characters of search text accepted


@dataclass
class Lookup:
    text: str = ""
    error: str = ""  # the text cannot be searched: said beside the search box
    matches: list = field(default_factory=list)  # the first SHOWN of the ranked matches (rules.Ranked)
    count: int = 0
    chosen: rules.AddressCandidate | None = None

    @property
    def searched(self) -> bool:
        return bool(self.text) and not self.error

    @property
    def too_many(self) -> bool:
        return self.count > len(self.matches)


def register_addresses(user, text: str) -> list[rules.AddressCandidate]:
    """Addresses on records `user` may see, within handling, holding every number and word typed (a loose
    first cut in the database; the rule decides)."""
    query = rules.read_query(text)
    if query.empty:
        return []
    from mappa.nominals.models import Address

    # Only addresses recorded without a handling restriction: one the reader may see under a restriction (a victim's
    # refuge, say) is not offered on another person's form, where it would be shown outside its marking.
    rows = policy.items_for(user, Address).filter(handling="").exclude(line1="", postcode="")
    for part in (*query.numbers, *query.words):
        rows = rows.filter(Q(line1__icontains=part) | Q(line2__icontains=part) | Q(town__icontains=part)
                           | Q(county__icontains=part))
    if query.postcode:
        rows = rows.annotate(compact=Upper(Replace("postcode", Value(" "), Value(""), output_field=CharField()))).filter(
            compact__startswith=query.postcode)
    rows = rows.order_by("-pk").values_list("pk", "line1", "line2", "town", "county", "postcode")[:REGISTER_READ]
    return [rules.AddressCandidate(f"r:{pk}", line1, line2, town, postcode, county, source="register")
            for pk, line1, line2, town, county, postcode in rows]


def address_lookup(user, text: str, chosen_key: str = "") -> Lookup:
    """The addresses that may be the one typed, best first, from the gazetteer and the register as `user` may see
    it; with `chosen_key`, the one chosen among them (asked for again, so a key cannot reach anything the search
    would not offer)."""
    text = " ".join((text or "").split())
    if not text:
        return Lookup(error="Enter part of the address, like a house number and street, or a postcode")
    if len(text) > LONGEST:
        return Lookup(text=text[:LONGEST], error=f"Address search must be {LONGEST} characters or fewer")
    if rules.read_query(text).empty:
        return Lookup(text=text, error="Enter a house number, a street, a town or a postcode")
    candidates = [*gazetteer.search(text), *register_addresses(user, text)]
    ranked = rules.rank(text, candidates)
    record(user, Action.SEARCH, details={"q": text, "results": len(ranked), "for": "address lookup"})
    chosen = next((r.candidate for r in ranked if r.candidate.key == chosen_key), None) if chosen_key else None
    return Lookup(text=text, matches=ranked[:SHOWN], count=len(ranked), chosen=chosen)
