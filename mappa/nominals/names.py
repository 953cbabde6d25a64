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


# Names shorter than this get no deletion variants: two-letter fragments would match half the register.
MIN_VARIANT_LENGTH = 4


def deletion_variants(name: str) -> set[str]:
    """The name (letters only) and, for names of four letters or more, each way of dropping one letter.

    Two names one typing slip apart (a letter left out, added, changed, or two swapped) always
    share at least one variant: "smtih" and "smith" share "smth" and "smih".
    """
    compact = normalise(name).replace(" ", "")
    if not compact:
        return set()
    variants = {compact}
    if len(compact) >= MIN_VARIANT_LENGTH:
        variants |= {compact[:i] + compact[i + 1:] for i in range(len(compact))}
    return variants


def similarity(query: str, candidate: str) -> float:
    """0..100: how alike two full names are, order of words ignored."""
    return fuzz.token_sort_ratio(normalise(query), normalise(candidate))


def score_candidates(tokens: list[str], candidates: list[tuple[str, str]]) -> list[float]:
    """Similarity (0..100) of a normalised query to each (first, last) normalised name pair, as
    `similarity` scores them: the whole name for a query of several words, else the better of
    the first name and the surname. The inputs are normalised already, so they are not again."""
    ratio = fuzz.token_sort_ratio
    if len(tokens) > 1:
        wanted = " ".join(tokens)
        return [ratio(wanted, f"{first} {last}", processor=None) for first, last in candidates]
    token = tokens[0]
    return [max(ratio(token, first, processor=None), ratio(token, last, processor=None)) for first, last in candidates]


def split_query(text: str) -> list[str]:
    return normalise(text).split()


def normalise_identifier(value: str) -> str:
    """Identifiers are compared without spaces, slashes or case: "2009/0012345 x" -> "20090012345X"."""
    return re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
