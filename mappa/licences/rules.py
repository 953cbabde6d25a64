"""Finding an address from what someone types (issue 18, "places on a real map": an address lookup by postcode or
address), as pure functions: read the text, keep the addresses that hold every part of it, best first.

Officers type what they have: "27 larch cl", "flat 3 41 quarry", "NX2 5", "station rd hallam". A visit confirms that
the person lives at or frequents the address notified (inspection 2010, para 7.16), so the lookup must find the
address as it is written in the gazetteer, not a look-alike: every number typed must be one of the address's numbers
(27 never finds 127 or 2), every word must begin one of its words (with the usual abbreviations of street kinds), and
a postcode, whole or its first part, must begin the address's postcode. What matches is then ordered by how well:
a whole postcode, the house number with the street typed after it, whole words before beginnings of words; ties in
the order of town, street and house number (2 before 10), so the same text always lists the same way."""
import re
from dataclasses import dataclass

# The first part of a postcode ("NX2", "SW1A"), alone or with the start of the second ("NX2 5", "NX25Q").
OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
WHOLE_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")
PARTIAL_INWARD = re.compile(r"^\d[A-Z]?$")
NUMBER = re.compile(r"^\d+[A-Z]?$")
# What people abbreviate in an address (Royal Mail's usual street descriptors), read as the whole word.
ABBREVIATIONS = {
    "rd": "road", "st": "street", "ave": "avenue", "av": "avenue", "ln": "lane", "cl": "close", "ct": "court",
    "cres": "crescent", "dr": "drive", "gdns": "gardens", "gr": "grove", "pl": "place", "sq": "square",
    "ter": "terrace", "terr": "terrace", "wk": "walk", "hse": "house", "ind": "industrial", "est": "estate",
}
# Words that say nothing of which address: "flat 3" finds flat 3 by its number.
NOISE = {"flat", "apartment", "the", "of", "and", "&", "no", "number", "unit", "room"}

# Points for each part of the text an address holds; the totals order the matches.
WHOLE_POSTCODE_POINTS = 50
POSTCODE_START_POINTS = 20
NUMBER_POINTS = 10
NUMBER_THEN_STREET_POINTS = 5
WHOLE_WORD_POINTS = 4
WORD_START_POINTS = 2


@dataclass(frozen=True)
class AddressCandidate:
    """An address the lookup may offer: from the gazetteer, or one already on the register the reader may see."""
    key: str  # how the choice is asked for again ("g:…" gazetteer, "r:…" register)
    line1: str
    line2: str
    town: str
    postcode: str
    county: str = ""
    source: str = "gazetteer"

    @property
    def label(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)


@dataclass(frozen=True)
class AddressQuery:
    numbers: tuple[str, ...]
    words: tuple[str, ...]
    postcode: str  # the whole postcode or its start, without spaces ("NX25QT", "NX2", "NX25"); "" when none
    whole_postcode: bool

    @property
    def empty(self) -> bool:
        return not (self.numbers or self.words or self.postcode)


@dataclass(frozen=True)
class Ranked:
    candidate: AddressCandidate
    score: int


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^A-Z0-9&]+", (text or "").upper()) if t]


def read_query(text: str) -> AddressQuery:
    """What was typed, in parts: house numbers, words and a postcode (whole, or its start)."""
    tokens = _tokens(text)
    postcode, whole = "", False
    # A whole postcode written with or without its space ("NX2 5QT", "nx25qt").
    for i, token in enumerate(tokens):
        joined = token + (tokens[i + 1] if i + 1 < len(tokens) else "")
        for size, candidate in ((2, joined), (1, token)):
            if WHOLE_POSTCODE.match(candidate) and OUTWARD.match(WHOLE_POSTCODE.match(candidate).group(1)):
                postcode, whole = candidate, True
                del tokens[i:i + size]
                break
        if whole:
            break
    if not whole:
        # The first part of a postcode, perhaps with the start of the second ("NX2 5"); a word like "A1" is a
        # postcode's start only when it is the only such token (roads are written "A12 road" rarely enough).
        starts = [i for i, t in enumerate(tokens) if OUTWARD.match(t) and not NUMBER.match(t)]
        if len(starts) == 1:
            i = starts[0]
            postcode = tokens[i]
            if i + 1 < len(tokens) and PARTIAL_INWARD.match(tokens[i + 1]) and i + 1 == len(tokens) - 1:
                postcode += tokens[i + 1]
                del tokens[i + 1]
            del tokens[i]
    numbers = tuple(t for t in tokens if NUMBER.match(t))
    words = tuple(ABBREVIATIONS.get(t.lower(), t.lower()) for t in tokens
                  if not NUMBER.match(t) and t.lower() not in NOISE)
    return AddressQuery(numbers, words, postcode, whole)


def _score(query: AddressQuery, candidate: AddressCandidate) -> int | None:
    """How well the address holds what was typed; None when it lacks any part of it."""
    postcode = candidate.postcode.replace(" ", "").upper()
    score = 0
    if query.postcode:
        if not postcode.startswith(query.postcode):
            return None
        score += WHOLE_POSTCODE_POINTS if query.whole_postcode else POSTCODE_START_POINTS
    tokens = _tokens(" ".join((candidate.line1, candidate.line2, candidate.town, candidate.county)))
    words = [t.lower() for t in tokens]
    numbers = {t for t in tokens if NUMBER.match(t)}
    for number in query.numbers:
        if number not in numbers:
            return None
        score += NUMBER_POINTS
        # "14 chapel": the number written before the street it belongs to.
        at = tokens.index(number)
        if at + 1 < len(words) and any(words[at + 1].startswith(w) for w in query.words):
            score += NUMBER_THEN_STREET_POINTS
    for word in query.words:
        if word in words:
            score += WHOLE_WORD_POINTS
        elif any(w.startswith(word) for w in words):
            score += WORD_START_POINTS
        else:
            return None
    return score


def _natural(text: str) -> tuple:
    """Text ordered as people count: "2 Station Road" before "10 Station Road"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text.lower()))


def _street(candidate: AddressCandidate) -> tuple:
    """The street and the house number on it, to list a street in its numbers' order: the second line names the
    street when the first is a flat or a building ("Flat 3", "41 Quarry Road")."""
    line = candidate.line2 or candidate.line1
    numbered = re.search(r"(\d+)[A-Za-z]?\s+([A-Za-z].*)$", line)
    return (numbered.group(2).lower(), int(numbered.group(1))) if numbered else (line.lower(), 0)


def rank(text: str, candidates) -> list[Ranked]:
    """The addresses holding every part of `text`, best first. The same address offered twice (the gazetteer's
    and the same one on the register) is kept once, the first offered."""
    query = read_query(text)
    if query.empty:
        return []
    found, seen = [], set()
    for candidate in candidates:
        same = tuple(_tokens(candidate.label))
        if same in seen:
            continue
        score = _score(query, candidate)
        if score is not None:
            seen.add(same)
            found.append(Ranked(candidate, score))
    found.sort(key=lambda r: (-r.score, r.candidate.town.lower(), _street(r.candidate),
                              _natural(r.candidate.label), r.candidate.key))
    return found
