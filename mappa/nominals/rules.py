"""Validation rules for what people record, as plain functions returning plain-English errors."""
import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mappa.core.dates import day as govuk_day
from mappa.nominals import matching

_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_VEHICLE = re.compile(r"^[A-Z0-9 ]{2,10}$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def date_order_errors(start, end, start_field: str, end_field: str, what: str) -> dict:
    if start and end and end < start:
        return {end_field: f"{what} must be on or after {govuk_day(start)}"}
    return {}


def not_in_future(day, field: str, label: str, today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    if day and day > today:
        return {field: f"{label} must be today or in the past"}
    return {}


def plausible_birth_date(day, today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    if day is None:
        return {}
    if day > today:
        return {"date_of_birth": "Date of birth must be today or in the past"}
    if day.year < today.year - 120:
        return {"date_of_birth": "Date of birth must be within the last 120 years"}
    return {}


# How far back an activity entry may be dated: a case's log records a life, as a date of birth does (above). An
# earlier date is a slip (1800 for 2000), and before 1847 Britain kept local mean time, whose offset from UTC had
# seconds (-00:01:15) that no date-time standard can write.
ENTRY_YEARS_BACK = 120
FUTURE_LEEWAY = datetime.timedelta(minutes=5)  # clocks of the caller and the server differ a little


def entry_time_errors(occurred_at, now: datetime.datetime) -> dict:
    """When an activity entry happened: now or in the past, and not more than ENTRY_YEARS_BACK years ago."""
    if occurred_at is None:
        return {}
    if occurred_at > now + FUTURE_LEEWAY:
        return {"occurred_at": "When it happened must be now or in the past"}
    if occurred_at.year < now.year - ENTRY_YEARS_BACK:
        return {"occurred_at": f"When it happened must be within the last {ENTRY_YEARS_BACK} years, "
                               f"in {now.year - ENTRY_YEARS_BACK} or later"}
    return {}


def contact_errors(kind: str, value: str, platform: str) -> dict:
    value = (value or "").strip()
    if kind == "phone" and not _PHONE.match(value):
        return {"value": "Enter a phone number, like 01632 960 001 or +44 7700 900 982"}
    if kind == "email":
        try:
            validate_email(value)
        except ValidationError:
            return {"value": "Enter an email address in the correct format, like name@example.com"}
    if kind == "online" and not platform.strip():
        return {"platform": "Enter the site or app this online identity is used on"}
    return {}


def clean_postcode(postcode: str) -> tuple[str, dict]:
    text = re.sub(r"\s+", "", (postcode or "").upper())
    if not text:
        return "", {}
    if not _POSTCODE.match(text):
        return postcode, {"postcode": "Enter a real postcode, like SW1A 1AA"}
    return f"{text[:-3]} {text[-3:]}", {}


def clean_registration(registration: str) -> tuple[str, dict]:
    text = " ".join((registration or "").upper().split())
    if not _VEHICLE.match(text):
        return registration, {"registration": "Enter a registration number using letters and numbers only, like AB12 CDE"}
    return text, {}


# Letters in any alphabet, with the spaces, hyphens, apostrophes and full stops names are written with.
_NAME = re.compile(r"[^\W\d_]+(?:[ \-'\u2019.]+[^\W\d_]*)*\.?")


def name_errors(names: dict[str, tuple[str, str]]) -> dict:
    """{field: message} for names (field: (value, label)) that are not written as names: no digits or
    symbols such as < or @, and at least one letter. Empty names are for the field's own rules."""
    errors = {}
    for field, (value, label) in names.items():
        value = (value or "").strip()
        if value and not _NAME.fullmatch(value):
            errors[field] = f"{label} must only include letters, spaces, hyphens and apostrophes"
    return errors


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def occupant_age_errors(date_of_birth, under_18: bool, today: datetime.date) -> dict:
    """'Under 18' is for when the date of birth is not known; with a date of birth it must agree."""
    if date_of_birth and under_18 and age_on(date_of_birth, today) >= 18:
        return {"under_18": f"Born {govuk_day(date_of_birth)}, they are {age_on(date_of_birth, today)}, not under 18. "
                            "Untick 'Under 18' or correct the date of birth"}
    return {}


def second_current_home_errors(is_current_home: bool, other_current_homes: list[str]) -> dict:
    """A person lives at one current address at a time (a workplace is not where they live)."""
    if is_current_home and other_current_homes:
        return {"status": f"There is already a current address where they live ({other_current_homes[0]}). "
                          "Change that one to previous, with the date they moved out, before adding another, "
                          "or record this one as proposed"}
    return {}


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# What files may be uploaded: by extension and by their first bytes, so a renamed file is caught.
PHOTO_TYPES = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",),
    ".docx": (b"PK",), ".odt": (b"PK",), ".xlsx": (b"PK",), ".txt": None, ".rtf": (b"{\\rtf",), ".doc": (b"\xd0\xcf\x11\xe0",),
}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def upload_errors(upload, field: str, allowed: dict, max_bytes: int) -> dict:
    """Plain errors for an uploaded file of the wrong type or size; {} for a stored or missing file."""
    if not upload or getattr(upload, "_committed", True):
        return {}
    name = (upload.name or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    names = sorted(e.lstrip(".").upper() for e in allowed)
    kinds = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    if extension not in allowed:
        return {field: f"The selected file must be a {kinds}"}
    if upload.size > max_bytes:
        return {field: f"The selected file must be smaller than {max_bytes // (1024 * 1024)}MB"}
    if upload.size == 0:
        return {field: "The selected file is empty"}
    signatures = allowed[extension]
    if signatures:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in signatures):
            return {field: f"The selected file is not a real {extension.lstrip('.').upper()} file"}
    return {}


# One person, one record: why a record may be the person being added, and whether two records may be merged.

def birth_date_likeness(entered: datetime.date | None, found: datetime.date | None) -> str:
    """How the date of birth of a possible duplicate compares with the one entered, in words ("" when they
    differ in no way a slip would explain). The usual slips, as the search weighs them (matching.slip): day and
    month swapped, a day out, a year or a decade out (one digit of the year mistyped)."""
    if entered is None or found is None:
        return "No date of birth to compare" if (entered or found) else ""
    return LIKENESS.get(matching.slip(entered, found), "")


LIKENESS = {matching.EXACT: "Same date of birth", matching.SWAPPED: "Date of birth with day and month swapped",
            matching.ONE_DAY: "Date of birth one day apart", matching.ONE_YEAR: "Date of birth 1 year apart",
            matching.TEN_YEARS: "Date of birth 10 years apart"}


def duplicate_reasons(entered: tuple[str, str, datetime.date | None], found: tuple[str, str, datetime.date | None],
                      matched_name: str = "", matched_identifier: str = "") -> list[str]:
    """Why a record found by the search may be the person being added: (first, last, date of birth) entered
    and found, and the alias or identifier the search matched, if any."""
    reasons = []
    if matched_identifier:
        reasons.append(f"Same {matched_identifier}")
    if matched_name:
        reasons.append(f"Name matches the alias {matched_name}")
    elif _same_name(entered[:2], found[:2]):
        reasons.append("Same name")
    elif _same_name(entered[:2], found[1::-1]):
        reasons.append("Same names, given the other way round")
    else:
        reasons.append("Similar name")
    likeness = birth_date_likeness(entered[2], found[2])
    if likeness:
        reasons.append(likeness)
    return reasons


def _same_name(one: tuple[str, str], other: tuple[str, str]) -> bool:
    from mappa.nominals.names import normalise

    return [normalise(part or "") for part in one] == [normalise(part or "") for part in other]


def merge_errors(survivor_id: int, merged_id: int) -> dict:
    """What stops merging one record into another, whoever asks (a record already merged is found by no one)."""
    if survivor_id == merged_id:
        return {"other": "Choose a different record: a record cannot be merged into itself"}
    return {}


def merge_reason_errors(reason: str) -> dict:
    """A merge, and adding a person despite a possible duplicate, must say why (the audit keeps it)."""
    if len("".join(ch for ch in (reason or "") if ch.isalnum())) < 3:
        return {"reason": "Say why, in a few words: the audit keeps it"}
    return {}
