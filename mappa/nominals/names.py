"""Name matching rules: normalising, phonetic keys and similarity. Pure functions."""
import re
import unicodedata

import jellyfish
from rapidfuzz import fuzz

_NON_LETTERS = re.compile(r"[^a-z ]+")


def normalise(name: str) -> str:
    """Lower case ASCII letters and single spaces: "O'Brien-Smith " -> "obrien smith"."""
    # Upper-casing first folds letters like the dotless ı and ß onto their ASCII forms.
    text = unicodedata.normalize("NFKD", (name or "").upper()).encode("ascii", "ignore").decode().lower()
    text = text.replace("-", " ")
    return " ".join(_NON_LETTERS.sub("", text).split())


def phonetic_key(name: str) -> str:
    """A sound-alike key for one name, so that Smyth/Smith and Davies/Davis meet.

    Metaphone of the name with spaces and apostrophes removed; empty for an empty name.
    """
    compact = normalise(name).replace(" ", "")
    if not compact:
        return ""
    return jellyfish.metaphone(compact)[:20]


def similarity(query: str, candidate: str) -> float:
    """0..100: how alike two full names are, order of words ignored."""
    return fuzz.token_sort_ratio(normalise(query), normalise(candidate))


def split_query(text: str) -> list[str]:
    return normalise(text).split()


def normalise_identifier(value: str) -> str:
    """Identifiers are compared without spaces, slashes or case: "2009/0012345 x" -> "20090012345X"."""
    return re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
