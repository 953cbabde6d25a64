"""How a searched date of birth, year of birth or age weighs for or against a recorded one. Pure functions.

A date of birth is evidence, not a filter: records carry wrong dates as often as wrong names, and the
slips are the same few (day and month swapped, a day out, a year or a decade out). Each way a searched
date can meet a recorded one has a matching weight, added to the name's similarity (0..100) to rank
the people a search may mean, in the manner of the Fellegi-Sunter model: agreement adds, a near match
adds less, disagreement takes away, and a date not recorded says nothing.

The weights are matching weights, tuned on the benchmark's generated register (`make bench`, the
search-quality table), not figures set by guidance.

Used by the person search (search.candidate_scores) and by anything else that compares a date it was
given with a person's recorded date: `date_evidence(searched, recorded)`.
"""
import datetime
import re
from dataclasses import dataclass

# The kinds of evidence, best first.
EXACT = "exact"
SWAPPED = "swapped"  # day and month the wrong way round
ONE_DAY = "one_day"
ONE_YEAR = "one_year"
TEN_YEARS = "ten_years"
SAME_YEAR = "same_year"  # only a year was searched, and it is the year of birth
NEAR_YEAR = "near_year"  # only a year was searched, one out
AGE = "age"  # only an age was searched, and the person's age is within it
NOT_RECORDED = "not_recorded"
AGE_OUTSIDE = "age_outside"
DIFFERENT = "different"

# Matching weights, added to the name's similarity (0..100). An exact date is strong evidence: in a
# large area few people share a date of birth, while many share a name.
WEIGHTS = {
    EXACT: 30.0,
    SWAPPED: 20.0,
    ONE_DAY: 20.0,
    ONE_YEAR: 16.0,
    TEN_YEARS: 10.0,
    SAME_YEAR: 10.0,
    NEAR_YEAR: 4.0,
    AGE: 8.0,
    NOT_RECORDED: 0.0,
    AGE_OUTSIDE: -10.0,
    DIFFERENT: -25.0,
}
# Kinds that count as a match, exact or near (the others are shown only when the name carries them).
AGREEING = {EXACT, SWAPPED, ONE_DAY, ONE_YEAR, TEN_YEARS, SAME_YEAR, NEAR_YEAR, AGE}
# "About 40" means 38 to 42.
AGE_SLACK = 2

_SLIPS = {SWAPPED: "day and month swapped", ONE_DAY: "one day out", ONE_YEAR: "one year out", TEN_YEARS: "ten years out"}


@dataclass(frozen=True)
class Born:
    """What a search says about when someone was born: a whole date, or only a year, or only an age
    (about `age` on `on`). At most one of the three is set."""
    date: datetime.date | None = None
    year: int | None = None
    age: int | None = None
    on: datetime.date | None = None  # the day the age is counted on (today)

    def __str__(self) -> str:
        if self.date:
            return show_date(self.date)
        if self.year:
            return str(self.year)
        return f"about {self.age}" if self.age is not None else ""


@dataclass(frozen=True)
class DateEvidence:
    kind: str
    weight: float
    text: str  # what a result says about it, e.g. "Born 2 Nov 1985, you searched 11 Feb 1985: day and month swapped"

    @property
    def agrees(self) -> bool:
        return self.kind in AGREEING


def show_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"  # as GOV.UK writes dates (core.dates.day)


def _shifted_year(day: datetime.date, years: int) -> datetime.date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return None


def date_variants(day: datetime.date) -> list[datetime.date]:
    """The date and the recorded dates it nearly matches: day and month swapped, a day either side, a
    year and ten years either side. A search looks these up as well as the names (see search.py)."""
    out = [day]
    if day.day <= 12 and day.day != day.month:
        out.append(day.replace(month=day.day, day=day.month))
    out += [day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)]
    out += [shifted for years in (-1, 1, -10, 10) if (shifted := _shifted_year(day, years))]
    return list(dict.fromkeys(out))


def slip(searched: datetime.date, recorded: datetime.date) -> str | None:
    """EXACT, or the slip that explains a recorded date (SWAPPED, ONE_DAY, ONE_YEAR, TEN_YEARS), or None."""
    if recorded == searched:
        return EXACT
    if (recorded.day, recorded.month, recorded.year) == (searched.month, searched.day, searched.year):
        return SWAPPED
    if abs((recorded - searched).days) == 1:
        return ONE_DAY
    if (recorded.month, recorded.day) == (searched.month, searched.day):
        return {1: ONE_YEAR, 10: TEN_YEARS}.get(abs(recorded.year - searched.year))
    return None


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def date_evidence(searched: Born | datetime.date | None, recorded: datetime.date | None) -> DateEvidence | None:
    """How the searched date of birth (a Born, or a plain date) weighs for the recorded one, and what a
    result says about it; None when nothing about the date was searched."""
    if isinstance(searched, datetime.date):
        searched = Born(date=searched)
    if searched is None or not (searched.date or searched.year or searched.age is not None):
        return None
    if recorded is None:
        return DateEvidence(NOT_RECORDED, WEIGHTS[NOT_RECORDED], "Date of birth not recorded")
    kind = _kind(searched, recorded)
    return DateEvidence(kind, WEIGHTS[kind], _text(kind, searched, recorded))


def _kind(searched: Born, recorded: datetime.date) -> str:
    if searched.date:
        return slip(searched.date, recorded) or DIFFERENT
    if searched.year:
        return {0: SAME_YEAR, 1: NEAR_YEAR}.get(abs(recorded.year - searched.year), DIFFERENT)
    age = age_on(recorded, searched.on or datetime.date.today())
    return AGE if abs(age - searched.age) <= AGE_SLACK else AGE_OUTSIDE


def _text(kind: str, searched: Born, recorded: datetime.date) -> str:
    if kind == EXACT:
        return "Date of birth matches"
    if kind == SAME_YEAR:
        return f"Born {show_date(recorded)}, in the year searched"
    if kind in (AGE, AGE_OUTSIDE):
        return f"Aged {age_on(recorded, searched.on or datetime.date.today())}, you searched {searched}"
    text = f"Born {show_date(recorded)}, you searched {searched}"
    if kind == NEAR_YEAR:
        return f"{text}: one year out"
    return f"{text}: {_SLIPS[kind]}" if kind in _SLIPS else text


# ---------------------------------------------------------------------------------------------
# Reading a date of birth, a year or an age typed into the name box
# ---------------------------------------------------------------------------------------------

_MONTHS = {name: i for i, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\w/.-])")
_ISO = re.compile(r"(?<![\w/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/.-])")
_WORDS = re.compile(r"(?<!\w)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\w)")
_AGE = re.compile(r"(?<![^\s,])(?:about|aged?|around|approx(?:imately)?|c\.|circa)\s*(\d{1,3})(?![^\s,])", re.IGNORECASE)
# A year stands alone between spaces or commas: in "2009/0012345A" it is part of a PNC number.
_YEAR = re.compile(r"(?<![^\s,])(?:(?:born|b\.)\s*)?((?:19|20)\d{2})(?![^\s,])", re.IGNORECASE)


@dataclass(frozen=True)
class ReadQuery:
    """A name box's text with any date of birth, year of birth or age taken out of it."""
    text: str
    born: Born | None = None
    typed: str = ""  # the date, year or age as it was typed
    error: str = ""  # why what looked like a date cannot be one


def read_query(text: str, today: datetime.date | None = None) -> ReadQuery:
    """Take a date of birth ("02/11/1985", "2 Nov 1985", "1985-11-02", day first as written in the UK), a
    year ("born 1985", or a year after a name) or an age ("about 40", "aged 40") out of the name box. A
    year on its own is left alone (it may be part of an identifier)."""
    today = today or datetime.date.today()
    text = text or ""
    for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy"), (_WORDS, "dmy")):
        match = pattern.search(text)
        if match:
            return _with_date(text, match, order, today)
    rest_of = lambda m: " ".join((text[:m.start()] + " " + text[m.end():]).split())  # noqa: E731
    match = _AGE.search(text)
    if match:
        return ReadQuery(rest_of(match), Born(age=int(match.group(1)), on=today), match.group(0).strip())
    match = _YEAR.search(text)
    if match and (rest_of(match) or match.group(0) != match.group(1)) and 1900 <= int(match.group(1)) <= today.year:
        return ReadQuery(rest_of(match), Born(year=int(match.group(1))), match.group(0).strip())
    return ReadQuery(text)


def _month(word: str) -> int | None:
    """The month a name or its usual abbreviation ("Nov", "November", "Sept") stands for."""
    word = word.lower()
    for name, number in _MONTHS.items():
        full = datetime.date(2000, number, 1).strftime("%B").lower()
        if word in (name, full) or (name == "sep" and word == "sept"):
            return number
    return None


def _with_date(text: str, match: re.Match, order: str, today: datetime.date) -> ReadQuery:
    rest = " ".join((text[:match.start()] + " " + text[match.end():]).split())
    typed = match.group(0).strip()
    parts = dict(zip(order, match.groups()))
    month = parts["m"]
    if not month.isdigit():
        month = _month(month)
        if month is None:  # "2 Hamilton 1985" or "12 Mayfield 1985" is not a date
            return ReadQuery(text)
    year = int(parts["y"])
    if len(parts["y"]) == 2:  # 85 is 1985, 05 is 2005
        year += 2000 if year <= today.year % 100 else 1900
    try:
        day = datetime.date(year, int(month), int(parts["d"]))
    except ValueError:
        return ReadQuery(rest, typed=typed, error=f"{typed} is not a real date: enter a date of birth as day, month and year, like 2/11/1985")
    if day > today:
        return ReadQuery(rest, typed=typed, error=f"{typed} is in the future: enter a date of birth in the past")
    return ReadQuery(rest, Born(date=day), typed)
