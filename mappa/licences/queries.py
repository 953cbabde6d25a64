"""What the address lookup reads: the gazetteer (public address data) and the addresses already on the register,
the latter only through mappa.access.policy, so an address recorded on a case the reader may not see, or under a
handling restriction they are not within, is never offered."""
from dataclasses import dataclass, field

from django.db.models import CharField, Q, Value
from django.db.models.functions import Replace, Upper

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.licences import gazetteer, rules

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
