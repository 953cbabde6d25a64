"""Licence and condition rules, and the address lookup's ranking (at the end): pure functions over plain values
(no database).

A catalogue entry says what a condition is: its code, whether it is a standard or an additional
condition, its wording with {placeholders}, and the parameters those placeholders take. The
catalogue is versioned: each entry has the date its wording took effect, and a licence condition
uses the wording in force on the day it was added.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from mappa.core.dates import day as govuk_day

STANDARD = "standard"
ADDITIONAL = "additional"

# What a parameter can hold.
TEXT = "text"  # a line of text, e.g. the name of an approved premises or a programme
TIME = "time"  # a time of day, HH:MM (24-hour clock)
HOURS = "hours"  # a whole number of hours, more than 0
PEOPLE = "people"  # people named in the person's register record (relationships), by id
ZONES = "zones"  # exclusion zones drawn on the map, by id (may be added after the condition)
KINDS = (TEXT, TIME, HOURS, PEOPLE, ZONES)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    kind: str = TEXT
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    title: str
    category: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    effective_from: datetime.date = datetime.date(2000, 1, 1)
    source: str = ""
    plan_kind: str = "licence_condition"
    restrictive: bool = True

    @classmethod
    def from_row(cls, *, code, title, category, text, parameters, effective_from, source="", **_):
        return cls(code, title, category, text, tuple(Parameter(**p) for p in parameters or []), effective_from, source)


def in_force(entries, code: str, on: datetime.date) -> CatalogueEntry | None:
    """The wording of `code` in force on `on`: the latest entry that took effect on or before it."""
    candidates = [e for e in entries if e.code == code and e.effective_from <= on]
    return max(candidates, key=lambda e: e.effective_from) if candidates else None


def entry_for_licence(entries, code: str, *, licence_start: datetime.date, added_on: datetime.date) -> CatalogueEntry | None:
    """The catalogue entry a condition added on `added_on` to a licence that started on `licence_start` takes.
    An additional condition takes the wording in force on the day it is added. The standard conditions are those
    prescribed when the licence was issued (Criminal Justice Act 2003 s.250(4)(a): they "must be included" in the
    licence), so a later Order's new standard condition is not one of an older licence's (None). A licence older
    than the catalogue's first standard conditions takes them as the catalogue first has them."""
    entry = in_force(entries, code, added_on)
    if entry is None or entry.category != STANDARD:
        return entry
    covered = any(e.category == STANDARD and e.effective_from <= licence_start for e in entries)
    return in_force(entries, code, licence_start) if covered else entry


def current_catalogue(entries, on: datetime.date) -> list[CatalogueEntry]:
    codes = sorted({e.code for e in entries})
    found = [in_force(entries, code, on) for code in codes]
    return sorted([e for e in found if e], key=lambda e: (e.category != STANDARD, e.title))


def catalogue_for_licence(entries, *, licence_start: datetime.date, added_on: datetime.date) -> list[CatalogueEntry]:
    """The conditions that may be added on `added_on` to a licence that started on `licence_start`, each in the
    wording it takes there (entry_for_licence): a standard condition prescribed after the licence started is
    not offered, since it is not one of that licence's."""
    codes = sorted({e.code for e in entries})
    found = [entry_for_licence(entries, code, licence_start=licence_start, added_on=added_on) for code in codes]
    return sorted([e for e in found if e], key=lambda e: (e.category != STANDARD, e.title))


_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def clean_time(value: str) -> str | None:
    m = _TIME.match(str(value or "").strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def curfew_hours(start: str, end: str) -> float:
    """Length of a curfew from `start` to `end` (HH:MM), running past midnight when end is earlier."""
    (sh, sm), (eh, em) = (map(int, start.split(":")), map(int, end.split(":")))
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    if minutes <= 0:
        minutes += 24 * 60
    return minutes / 60


@dataclass
class Checked:
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)


def check_parameters(entry: CatalogueEntry, given: dict, people: dict[int, str], zones: dict[int, str] | None = None) -> Checked:
    """Validate the parameters given for a condition. `people` and `zones` are the ids (and names)
    the user may name on this record; anything else is refused."""
    zones = zones or {}
    out = Checked()
    known = {p.name for p in entry.parameters}
    for name in sorted(set(given) - known):
        if given[name] not in (None, "", [], ()):
            out.errors[name] = f"“{entry.title}” does not take “{name}”"
    for p in entry.parameters:
        raw = given.get(p.name)
        empty = raw in (None, "", [], ()) or (isinstance(raw, str) and not raw.strip())
        if empty:
            if p.required and p.kind != ZONES:
                out.errors[p.name] = f"Enter {p.label[:1].lower() + p.label[1:]}" if p.kind != PEOPLE else \
                    f"Choose {p.label[:1].lower() + p.label[1:]}"
            else:
                out.values[p.name] = [] if p.kind in (PEOPLE, ZONES) else ""
            continue
        if p.kind == TEXT:
            text = str(raw).strip()
            if len(text) > 300:
                out.errors[p.name] = f"{p.label} must be 300 characters or fewer"
            else:
                out.values[p.name] = text
        elif p.kind == TIME:
            t = clean_time(raw)
            if t is None:
                out.errors[p.name] = f"{p.label} must be a time on the 24-hour clock, like 19:00"
            else:
                out.values[p.name] = t
        elif p.kind == HOURS:
            try:
                n = int(str(raw).strip())
            except ValueError:
                n = None
            if n is None or n <= 0 or n > 24 * 7:
                out.errors[p.name] = f"{p.label} must be a whole number of hours, from 1 to 168"
            else:
                out.values[p.name] = n
        elif p.kind in (PEOPLE, ZONES):
            allowed = people if p.kind == PEOPLE else zones
            try:
                ids = sorted({int(i) for i in (raw if isinstance(raw, (list, tuple, set)) else [raw])})
            except (TypeError, ValueError):
                ids = None
            if ids is None or any(i not in allowed for i in ids):
                what = "people recorded on this person's record" if p.kind == PEOPLE else "zones drawn for this person"
                out.errors[p.name] = f"Choose from the {what}"
            else:
                out.values[p.name] = ids
    times = [p.name for p in entry.parameters if p.kind == TIME]
    if len(times) == 2 and all(out.values.get(t) for t in times) and out.values[times[0]] == out.values[times[1]]:
        out.errors[times[1]] = "The curfew must end at a different time from when it starts"
    return out


def _names(ids, names: dict[int, str]) -> str:
    chosen = [names.get(i, "a named person") for i in ids]
    if not chosen:
        return "the people named"
    return chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " or " + chosen[-1]


def render(entry: CatalogueEntry, values: dict, people: dict[int, str], zones: dict[int, str] | None = None) -> str:
    """The condition's wording with its parameters filled in."""
    zones = zones or {}
    filled = {}
    for p in entry.parameters:
        v = values.get(p.name)
        if p.kind == PEOPLE:
            filled[p.name] = _names(v or [], people)
        elif p.kind == ZONES:
            filled[p.name] = _names(v or [], zones) if v else "the area shown on the map attached to this licence"
        else:
            filled[p.name] = v if v not in (None, "") else "as directed by your supervising officer"
    text = entry.text.format(**filled)
    return re.sub(r"\s+", " ", text).strip()


def licence_date_errors(start: datetime.date | None, end: datetime.date | None) -> dict:
    errors = {}
    if start is None:
        errors["start_date"] = "Enter the date the licence starts"
    if end is None:
        errors["end_date"] = "Enter the date the licence ends (the licence expiry date)"
    if start and end and end <= start:
        errors["end_date"] = "The licence must end after it starts"
    return errors



def sentence_date_errors(start: datetime.date | None, end: datetime.date | None,
                         period: tuple[datetime.date, datetime.date | None] | None) -> dict:
    """A licence issued under a recorded sentence has the sentence's licence period, never its own copy.
    `period` is the sentence's (start, end) (mappa.orders.rules.licence_period), or None when the sentence has
    no licence start recorded. Dates left empty are filled from the sentence by the caller."""
    if period is None:
        return {"sentence": "This sentence has no licence start date recorded yet: add the licence dates to the "
                            "sentence first, or enter the licence's dates without choosing a sentence"}
    p_start, p_end = period
    if p_end is None:
        return {"sentence": "This sentence has no licence expiry or sentence expiry date recorded yet: add it to the "
                            "sentence first, or enter the licence's dates without choosing a sentence"}
    errors = {}
    if start is not None and start != p_start:
        errors["start_date"] = (f"The licence start date ({govuk_day(start)}) does not match the sentence it was issued "
                                f"under, whose licence starts on {govuk_day(p_start)}: the dates come from the sentence")
    if end is not None and end != p_end:
        errors["end_date"] = (f"The licence end date ({govuk_day(end)}) does not match the sentence it was issued "
                              f"under, whose licence expires on {govuk_day(p_end)}: the dates come from the sentence")
    return errors


def is_current(start: datetime.date, end: datetime.date, revoked_on: datetime.date | None, today: datetime.date) -> bool:
    """In force today: started, not yet expired, and not revoked (e.g. on recall)."""
    if revoked_on is not None and revoked_on <= today:
        return False
    return start <= today <= end


def condition_is_active(added_on: datetime.date, ended_on: datetime.date | None, today: datetime.date) -> bool:
    return added_on <= today and (ended_on is None or ended_on > today)


# Conditions that protect a victim: easing or removing them needs the victim liaison officer's view
# (good practice 2009-2012 §2.4: a non-contact condition "following VLO consultation", E2.2-17;
# REQ-REQ-04: victim-contact staff told about changes).
PROTECTS_VICTIM = {"no_contact", "exclusion_zone", "not_enter_place"}
VARIATION_KINDS = ("add", "vary", "ease", "remove")


def variation_errors(*, kind: str, decision: str, condition_code: str | None, new_code: str | None,
                     victim_liaison_consulted: bool, victim_views: str, reason: str) -> dict:
    errors = {}
    if kind not in VARIATION_KINDS:
        errors["kind"] = "Choose what was asked for: add, vary, ease or remove a condition"
    if decision not in ("approved", "refused"):
        errors["decision"] = "Choose whether the variation was approved or refused"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reasons for the decision"
    if kind == "add" and not new_code:
        errors["code"] = "Choose the condition to add"
    if kind in ("vary", "ease", "remove") and not condition_code:
        errors["condition"] = "Choose the condition this variation is about"
    protects = (condition_code or new_code) in PROTECTS_VICTIM
    if protects and kind in ("vary", "ease", "remove") and decision == "approved" and not victim_liaison_consulted:
        errors["victim_liaison_consulted"] = ("Consult the victim liaison officer before easing, varying or removing a "
                                              "condition that protects a victim")
    if victim_liaison_consulted and not (victim_views or "").strip():
        errors["victim_views"] = "Enter the victim's views as the victim liaison officer gave them"
    return errors


# ---- finding an address from what someone types --------------------------------------------------
# Finding an address from what someone types (issue 18, "places on a real map": an address lookup by postcode or
# address), as pure functions: read the text, keep the addresses that hold every part of it, best first.
#
# Officers type what they have: "27 larch cl", "flat 3 41 quarry", "NX2 5", "station rd hallam". A visit confirms that
# the person lives at or frequents the address notified (inspection 2010, para 7.16), so the lookup must find the
# address as it is written in the gazetteer, not a look-alike: every number typed must be one of the address's numbers
# (27 never finds 127 or 2), every word must begin one of its words (with the usual abbreviations of street kinds), and
# a postcode, whole or its first part, must begin the address's postcode. What matches is then ordered by how well:
# a whole postcode, the house number with the street typed after it, whole words before beginnings of words; ties in
# the order of town, street and house number (2 before 10), so the same text always lists the same way.

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
