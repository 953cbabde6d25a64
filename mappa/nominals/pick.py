"""Choosing a person on the register by name, among the people the chooser may see. The meeting agenda and the
relationship and household forms use it, so nobody has to know an internal record number."""
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.nominals import search

PICK_LIMIT = 10  # the best matches offered; a longer list means more of the name needs typing


def people_matching(user, text: str, purpose: str) -> tuple[list, int]:
    """The closest people the words may mean (search reads through the policy) and how many matched in all.
    Every such search is audited, with what it was for."""
    candidates = search.candidate_scores(user, search.Query(text=text))
    record(user, Action.SEARCH, details={"q": text, "results": len(candidates), "for": purpose})
    return search.hydrate(user, candidates[:PICK_LIMIT]), len(candidates)
