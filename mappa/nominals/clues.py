"""Other identifying facts a person search may carry, and how each weighs. Pure functions.

Besides the name and the date of birth (matching.py), a search may give a postcode or postcode district,
part of a PNC number, a vehicle registration or a phone number. Each is evidence in the same manner as the
date: a recorded fact that agrees adds its weight to a result's score and is named in why it matched; one
that does not agree says nothing. Part of a PNC number, a vehicle and a phone number also find people (like
an identifier); a postcode only weighs for people found some other way, since a district holds thousands.

The weights are matching weights, tuned on the benchmark's generated register (`make bench`, the
search-quality table), not figures set by guidance.
"""
import re
from dataclasses import dataclass

# The kinds of evidence.
PNC = "pnc"  # the whole number, typed with other words
PNC_NO_LETTER = "pnc_no_letter"  # the year and serial number, without the check letter
PNC_NO_YEAR = "pnc_no_year"  # the serial number and check letter, without the year
VEHICLE = "vehicle"
VEHICLE_MISREAD = "vehicle_misread"  # the same but for characters that look alike (0 and O, 1 and I, 5 and S, 8 and B)
PHONE = "phone"
POSTCODE = "postcode"  # a whole postcode of an address
DISTRICT = "district"  # the postcode district (the first half) of an address

# Matching weights, added to the name's similarity (0..100) and the date's weight. A phone number weighs
# less than a vehicle: households share one.
WEIGHTS = {
    PNC: 60.0,
    PNC_NO_LETTER: 50.0,
    PNC_NO_YEAR: 40.0,
    VEHICLE: 30.0,
    VEHICLE_MISREAD: 15.0,
    PHONE: 25.0,
    POSTCODE: 20.0,
    DISTRICT: 10.0,
}
# Kinds that find people on their own (the others only weigh for people found by name or date).
FINDING = {PNC, PNC_NO_LETTER, PNC_NO_YEAR, VEHICLE, VEHICLE_MISREAD, PHONE}


@dataclass(frozen=True)
class Evidence:
    kind: str
    weight: float
    text: str  # what a result says about it, e.g. "Vehicle AB12 CDE matches"


def evidence(kind: str, text: str) -> Evidence:
    return Evidence(kind, WEIGHTS[kind], text)


def strongest(found: list[Evidence]) -> list[Evidence]:
    """The best piece of evidence of each kind of fact (one vehicle counts once, however many match), best
    first: two of a person's addresses in the district searched are not twice the evidence."""
    group = {PNC_NO_LETTER: PNC, PNC_NO_YEAR: PNC, VEHICLE_MISREAD: VEHICLE, DISTRICT: POSTCODE}
    best: dict[str, Evidence] = {}
    for item in found:
        fact = group.get(item.kind, item.kind)
        if fact not in best or item.weight > best[fact].weight:
            best[fact] = item
    return sorted(best.values(), key=lambda e: -e.weight)


# ---------------------------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})?")
POSTCODE_FORMAT = "a postcode or its first half (the postcode district), like CM1 2AB or CM1"


@dataclass(frozen=True)
class Postcode:
    district: str  # "CM1"
    whole: str = ""  # "CM1 2AB", when the whole postcode was given

    def __str__(self) -> str:
        return self.whole or self.district


def read_postcode(text: str) -> Postcode | None:
    """A postcode ("CM1 2AB", "cm12ab") or a postcode district ("CM1"), or None."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    match = _POSTCODE.fullmatch(compact)
    if not match:
        return None
    district, inward = match.groups()
    return Postcode(district, f"{district} {inward}" if inward else "")


def postcode_evidence(searched: Postcode, recorded: str, current: bool) -> Evidence | None:
    """How an address's postcode weighs for the one searched: the whole postcode, or the same district."""
    found = read_postcode(recorded)
    if found is None or found.district != searched.district:
        return None
    where = "Current address" if current else "An address"
    if searched.whole and found.whole == searched.whole:
        return evidence(POSTCODE, f"{where} in {found.whole}")
    return evidence(DISTRICT, f"{where} in postcode district {found.district} ({found})")


# ---------------------------------------------------------------------------------------------
# PNC numbers, whole or in part
# ---------------------------------------------------------------------------------------------

PNC_PART_FORMAT = ("a PNC number or part of one: the year and serial number (2009/0012345), the serial number "
                   "and check letter (0012345A), or all three (2009/0012345A)")
_PNC_SLASH = re.compile(r"(\d{2}|\d{4})/0*(\d{1,7})([A-Z])?")
_PNC_TOGETHER = re.compile(r"(\d{2}|\d{4})(\d{7})([A-Z])")
_PNC_NO_YEAR = re.compile(r"/?0*(\d{1,7})([A-Z])")


@dataclass(frozen=True)
class Pnc:
    """A PNC number as far as it is known: two-digit year, seven-digit serial number, check letter."""
    year: str | None
    serial: str
    letter: str | None

    @property
    def kind(self) -> str:
        if self.year is None:
            return PNC_NO_YEAR
        return PNC if self.letter else PNC_NO_LETTER

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.serial}{self.letter}"
        return f"{self.year}/{self.serial}{self.letter or ''}"

    def stored_forms(self) -> tuple[str, list[str]]:
        """How to look it up among stored (canonical, names.canonical_pnc) numbers: ("exact", [values]) or
        ("prefix", [value]). Without the year, the serial and letter with each of the hundred years."""
        if self.year is None:
            return "exact", [f"{year:02d}{self.serial}{self.letter}" for year in range(100)]
        if self.letter is None:
            return "prefix", [f"{self.year}{self.serial}"]
        return "exact", [f"{self.year}{self.serial}{self.letter}"]


def read_pnc(text: str, least_digits: int = 1) -> Pnc | None:
    """A PNC number, whole or in part: "2009/0012345A" (or "09/12345A", "090012345A"), the year and serial
    without the check letter ("2009/0012345", "09/12345": the slash tells the year from the serial), or the
    serial and check letter without the year ("0012345A", "/12345A"). None for anything else. A serial of
    fewer than `least_digits` digits (leading zeros not counted) is not taken as one."""
    text = re.sub(r"[\s.-]", "", (text or "").upper())
    for pattern in (_PNC_SLASH, _PNC_TOGETHER):
        match = pattern.fullmatch(text)
        if match:
            year, serial, letter = match.groups()
            return _pnc(year[-2:], serial, letter, least_digits)
    match = _PNC_NO_YEAR.fullmatch(text)
    if match:
        return _pnc(None, *match.groups(), least_digits)
    return None


def _pnc(year, serial: str, letter, least_digits: int) -> Pnc | None:
    if len(str(int(serial))) < least_digits:
        return None
    return Pnc(year, f"{int(serial):07d}", letter)


def pnc_evidence(searched: Pnc, recorded: str, shown: str) -> Evidence | None:
    """How a stored (canonical) PNC number weighs for the one searched; `shown` is the number as recorded."""
    if len(recorded) != 10 or recorded[2:9] != searched.serial:
        return None
    if searched.year is not None and recorded[:2] != searched.year:
        return None
    if searched.letter is not None and recorded[9] != searched.letter:
        return None
    said = {PNC: "matches", PNC_NO_LETTER: "has the year and serial number searched",
            PNC_NO_YEAR: "has the serial number and check letter searched"}[searched.kind]
    return evidence(searched.kind, f"PNC number {shown} {said}")


# ---------------------------------------------------------------------------------------------
# Vehicle registrations
# ---------------------------------------------------------------------------------------------

REGISTRATION_FORMAT = "a vehicle registration using letters and numbers only, like AB12 CDE"
# Letters and the digits they are misread as, and back.
MISREAD_LETTERS = "OISB"
MISREAD_DIGITS = "0158"
_TO_DIGITS = str.maketrans(MISREAD_LETTERS, MISREAD_DIGITS)
_LETTERISH = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") | set(MISREAD_DIGITS)
_DIGITISH = set("0123456789") | set(MISREAD_LETTERS)
_PREFIX_STYLE = re.compile(r"[A-Z][0-9]{1,3}[A-Z]{3}")  # A123 BCD (1983-2001)
_SUFFIX_STYLE = re.compile(r"[A-Z]{3}[0-9]{1,3}[A-Z]")  # ABC 123D (1963-1983)


def registration(text: str) -> str:
    """A registration as compared: upper case, letters and digits only ("ab12 cde" -> "AB12CDE")."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def misread_key(text: str) -> str:
    """The registration with each letter that looks like a digit written as the digit, so that two
    registrations read one for the other meet: "AB12 CDE", "A812 CDE" and "AB12 CD€" -> "A812CDE"."""
    return registration(text).translate(_TO_DIGITS)


def read_registration(text: str) -> str | None:
    """A registration typed into the registration field: 2 to 8 letters and digits, spaces ignored."""
    plate = registration(text)
    if re.fullmatch(r"[A-Z0-9 ]+", (text or "").upper().strip()) and 2 <= len(plate) <= 8:
        return plate
    return None


def looks_like_registration(text: str) -> str | None:
    """A registration among other words: the current style (AB12 CDE, with at most one character misread
    as its look-alike, like A812 CDE), or the older prefix (A123 BCD) and suffix (ABC 123D) styles. It must
    hold a digit and a letter, so no name is taken for one."""
    plate = registration(text)
    if plate != re.sub(r"\s+", "", (text or "").upper()) or not (any(c.isdigit() for c in plate) and any(c.isalpha() for c in plate)):
        return None
    if _PREFIX_STYLE.fullmatch(plate) or _SUFFIX_STYLE.fullmatch(plate):
        return plate
    if len(plate) != 7:
        return None
    shape = [_LETTERISH] * 2 + [_DIGITISH] * 2 + [_LETTERISH] * 3
    if not all(c in allowed for c, allowed in zip(plate, shape)):
        return None
    misread = sum(c.isdigit() for c in plate[:2] + plate[4:]) + sum(c.isalpha() for c in plate[2:4])
    return plate if misread <= 1 else None


def show_registration(plate: str) -> str:
    """A registration as written, with the space before the last three characters: "AB12CDE" -> "AB12 CDE"."""
    return f"{plate[:-3]} {plate[-3:]}" if len(plate) > 4 else plate


def registration_evidence(searched: str, recorded: str) -> Evidence | None:
    """How a recorded registration weighs for the one searched: the same, or the same but for characters
    read as their look-alikes (named)."""
    one, other = registration(searched), registration(recorded)
    if not one or not other:
        return None
    if one == other:
        return evidence(VEHICLE, f"Vehicle {recorded} matches")
    if misread_key(one) != misread_key(other):
        return None
    pairs = sorted({f"{b} and {a}" for a, b in zip(one, other) if a != b})
    return evidence(VEHICLE_MISREAD, f"Vehicle {recorded}, you searched {show_registration(one)}: "
                                     f"{', '.join(pairs)} look alike")


# ---------------------------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------------------------

PHONE_FORMAT = "a phone number, like 01632 960 001 or +44 7700 900 982"
# What is taken out of a number before comparing, and how +44 is written as the leading 0, in the order the
# database applies them too (search.phone_key_sql).
PHONE_PUNCTUATION = (" ", "(", ")", "-", ".")
PHONE_PREFIXES = (("+440", "0"), ("+44", "0"))


def phone_key(text: str) -> str:
    """A phone number as compared: no spaces or punctuation, and +44 (or +44 (0)) written as the leading 0:
    "+44 (0)7700 900-982" and "07700 900982" -> "07700900982"."""
    key = text or ""
    for mark in PHONE_PUNCTUATION:
        key = key.replace(mark, "")
    for prefix, national in PHONE_PREFIXES:
        key = key.replace(prefix, national)
    return key


def read_phone(text: str) -> str | None:
    """The key of a phone number (phone_key), or None for text that is not one: a UK number is 0 and 9 or 10
    more digits, another country's + and 7 to 15 digits."""
    key = phone_key(text)
    if re.fullmatch(r"0[0-9]{9,10}|\+[1-9][0-9]{6,14}", key) and re.fullmatch(r"[+0-9 ().-]+", (text or "").strip()):
        return key
    return None


def phone_evidence(searched: str, recorded: str) -> Evidence | None:
    if phone_key(recorded) != searched:
        return None
    return evidence(PHONE, f"Phone number {recorded} matches")


# ---------------------------------------------------------------------------------------------
# Reading them out of the name box
# ---------------------------------------------------------------------------------------------

# What each fact is called when the page says how the name box was read.
CALLED = {"phone": "a phone number", "pnc": "a PNC number", "pnc_part": "part of a PNC number",
          "postcode": "a postcode", "district": "a postcode district", "registration": "a vehicle registration"}


@dataclass(frozen=True)
class ReadClues:
    """A name box's text with any phone number, PNC number, postcode or registration taken out of it."""
    text: str
    postcode: Postcode | None = None
    pnc: Pnc | None = None
    registration: str = ""
    phone: str = ""
    typed: tuple = ()  # ((what it was read as, as typed), ...), in the order found


def _recognise(piece: str, alone: bool) -> tuple[str, object] | None:
    """What one piece of the name box is, if it is one of the facts: (what, value), else None."""
    if not any(c.isdigit() for c in piece):
        return None
    if piece.startswith(("0", "+", "(")) and (phone := read_phone(piece)):
        return "phone", phone
    pnc = read_pnc(piece, least_digits=4) if "/" in piece else read_pnc(piece, least_digits=5)
    if pnc and (pnc.kind != PNC or not alone):  # a whole PNC number on its own is an identifier search
        return ("pnc" if pnc.kind == PNC else "pnc_part"), pnc
    postcode = read_postcode(piece) if _POSTCODE_TYPED.fullmatch(piece.upper()) else None
    if postcode and postcode.whole:
        return "postcode", postcode
    parts = piece.split()
    if len(parts) == 1 or (len(parts) == 2 and (len(parts[1]) == 3 or len(parts[0]) == 3)):
        plate = looks_like_registration(piece)
        if plate:
            return "registration", plate
    if postcode:
        return "district", postcode
    return None


# A postcode or district as typed among other words: the halves as written, no more.
_POSTCODE_TYPED = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?(?: ?[0-9][A-Z]{2})?")


def read_clues(text: str) -> ReadClues:
    """Take a phone number, a PNC number (whole, with other words, or in part), a postcode or postcode
    district and a vehicle registration out of the name box, each written with or without its spaces.
    Only the first of each is taken. Words without a digit are never taken: they are the name."""
    words = (text or "").split()
    kept, found, typed = [], {}, []
    i = 0
    while i < len(words):
        for length in (4, 3, 2, 1):
            if i + length > len(words):
                continue
            piece = " ".join(words[i:i + length]).strip(",;")
            read = _recognise(piece, alone=length == len(words))
            field = read and ("pnc" if read[0] == "pnc_part" else "postcode" if read[0] == "district" else read[0])
            if read and field not in found:
                found[field] = read[1]
                typed.append((read[0], piece))
                i += length
                break
        else:
            kept.append(words[i])
            i += 1
    return ReadClues(" ".join(kept), postcode=found.get("postcode"), pnc=found.get("pnc"),
                     registration=found.get("registration", ""), phone=found.get("phone", ""), typed=tuple(typed))
