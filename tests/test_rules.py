"""Validation rules as pure functions, with properties checked over many inputs."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.core.markings import Marking, highest, marking_for
from mappa.nominals import rules

dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1))


@given(dates, dates)
def test_date_order_errors_exactly_when_end_is_before_start(start, end):
    errors = rules.date_order_errors(start, end, "start", "end", "End date")
    assert bool(errors) == (end < start)
    if errors:
        assert errors["end"].startswith("End date must be on or after")


@given(dates)
def test_birth_dates_in_the_future_are_refused(day):
    today = datetime.date(2026, 11, 23)
    errors = rules.plausible_birth_date(day, today)
    assert bool(errors) == (day > today or day.year < today.year - 120)


postcodes = st.builds(
    lambda area, district, sector, unit: f"{area}{district} {sector}{unit}",
    st.text(alphabet="ABCDEFGHIJKLMNOPRSTUWYZ", min_size=1, max_size=2),
    st.integers(min_value=1, max_value=99).map(str),
    st.integers(min_value=0, max_value=9).map(str),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
)


@given(postcodes, st.sampled_from(["", " ", "  "]), st.booleans())
def test_postcodes_are_tidied_whatever_the_spacing_or_case(postcode, spacing, lower):
    typed = postcode.replace(" ", spacing)
    typed = typed.lower() if lower else typed
    cleaned, errors = rules.clean_postcode(typed)
    assert errors == {}
    assert cleaned == postcode


def test_golden_postcodes():
    assert rules.clean_postcode("sw1a1aa") == ("SW1A 1AA", {})
    assert rules.clean_postcode("NOT A CODE")[1] == {"postcode": "Enter a real postcode, like SW1A 1AA"}
    assert rules.clean_postcode("") == ("", {})


@given(st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789 ", min_size=2, max_size=8))
def test_registration_tidy_is_idempotent(registration):
    cleaned, errors = rules.clean_registration(registration)
    if not errors:
        assert rules.clean_registration(cleaned) == (cleaned, {})
        assert cleaned == cleaned.upper().strip()


@given(st.sampled_from(["phone", "email", "online"]), st.text(max_size=40), st.text(max_size=20))
def test_contact_errors_name_the_field_at_fault(kind, value, platform):
    errors = rules.contact_errors(kind, value, platform)
    assert set(errors) <= {"value", "platform"}
    if kind == "online" and platform.strip():
        assert errors == {}


def test_golden_contacts():
    assert rules.contact_errors("phone", "01632 960 001", "") == {}
    assert rules.contact_errors("phone", "+44 7700 900982", "") == {}
    assert "value" in rules.contact_errors("phone", "call me", "")
    assert rules.contact_errors("email", "name@example.com", "") == {}
    assert "platform" in rules.contact_errors("online", "@someone", "")


@given(st.lists(st.sampled_from([Marking.OFFICIAL, Marking.OFFICIAL_SENSITIVE, ""])))
def test_page_marking_is_the_highest_shown(markings):
    expected = Marking.OFFICIAL_SENSITIVE if Marking.OFFICIAL_SENSITIVE in markings else Marking.OFFICIAL
    assert highest(markings) == expected


def test_restricted_items_are_always_sensitive():
    assert marking_for("victim") == "OFFICIAL-SENSITIVE [VICTIM DETAILS]"
    assert marking_for("") == "OFFICIAL-SENSITIVE"
