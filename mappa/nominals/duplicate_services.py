"""One person, one record: adding a person checks first whether they are already on the register.

The check is the name search itself (search.candidate_scores), run for the person being added, so it finds
what a search would (sound-alikes, slips, aliases, the date of birth as the search weighs it) and only among
the records the person adding may see. Records they may not see are not reported at all: telling them that
"someone like this" is held elsewhere would let anyone learn, name by name, who is on the register.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.nominals import rules, search
from mappa.nominals.services import create_nominal, new_nominal

# How many possible duplicates are shown: the best of them, enough to spot the person, not a search page.
SHOWN = 10


@dataclass
class PossibleDuplicate:
    """A record the actor may see that may be the person being added, and why."""
    nominal_id: int
    full_name: str
    date_of_birth: datetime.date | None
    agency: str
    town: str
    score: float
    reasons: list[str]


class PossibleDuplicates(ValidationError):
    """Refused: the person may already be on the register. Confirm they are someone else, with a reason."""

    ASK = ("This person may already be on the register. Open the existing record, or confirm that this is a "
           "different person and say why")

    def __init__(self, candidates: list[PossibleDuplicate], errors: dict | None = None):
        super().__init__(errors or {"confirmed_new_person": self.ASK})
        self.candidates = candidates


def possible_duplicates(actor, data: dict) -> list[PossibleDuplicate]:
    """Records the actor may see that may be the person described by `data` (first, middle, last names and date
    of birth), best first. The check is audited as a search."""
    first, last = data.get("first_name") or "", data.get("last_name") or ""
    born = data.get("date_of_birth")
    text = " ".join(part for part in (first, last) if part)
    if not text.strip():
        return []
    # One search, with the date as evidence: a date entered with a slip (day and month swapped, a digit out) or
    # not recorded does not hide the person, since every name the search would find without a date (at least
    # MIN_SCORE alike, from the same name statement and candidate limit) scores at least as well with a date
    # that is alike or not known. Only people whose date differs in no usual way are dropped, below.
    candidates = search.candidate_scores(actor, search.Query(text=text, date_of_birth=born))
    hits = search.hydrate(actor, sorted(candidates, key=lambda c: (-c.score, c.nominal_id)))
    found = []
    for hit in hits:
        shown = hit.nominal
        reasons = rules.duplicate_reasons((first, last, born), (shown.first_name, shown.last_name, shown.date_of_birth),
                                          hit.matched_name, hit.matched_identifier)
        if born and shown.date_of_birth and shown.date_of_birth != born and not rules.birth_date_likeness(born, shown.date_of_birth):
            continue
        found.append(PossibleDuplicate(shown.pk, " ".join(p for p in (shown.first_name, shown.middle_names, shown.last_name) if p),
                                       shown.date_of_birth, shown.agency, hit.town, hit.score, reasons))
    found = found[:SHOWN]
    record(actor, Action.SEARCH, details={"duplicate_check": True, "q": text, "dob": str(born or ""), "results": len(found)})
    return found


def add_nominal(*, actor, data: dict, manager=None, confirmed_new_person: bool = False, reason: str = ""):
    """Add a person, unless they may already be on the register: then refused with the possible duplicates
    (PossibleDuplicates), until the actor confirms this is a different person and says why. The confirmation,
    its reason and the records it set aside are kept on the new record's audit row. What is wrong with the
    details themselves is said first: a name that is not a name is not looked for."""
    new_nominal(actor=actor, data=data, manager=manager)
    candidates = possible_duplicates(actor, data)
    if candidates and not confirmed_new_person:
        raise PossibleDuplicates(candidates)
    reason_errors = rules.merge_reason_errors(reason) if candidates else {}
    if reason_errors:
        raise PossibleDuplicates(candidates, reason_errors)
    details = {"confirmed_new_person": True, "possible_duplicates": [c.nominal_id for c in candidates]} if candidates else None
    with transaction.atomic():
        return create_nominal(actor=actor, data=data, manager=manager, reason=reason if candidates else "", details=details)
