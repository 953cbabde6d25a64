"""Licence and condition rules: the versioned catalogue, parameters, wording, dates and variations."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.licences import rules
from mappa.licences.rules import CatalogueEntry, Parameter

D = datetime.date
CURFEW = CatalogueEntry("curfew", "Curfew", rules.ADDITIONAL, "Stay at {address} from {start} until {end} every day.",
                        (Parameter("address", "Curfew address"), Parameter("start", "Curfew starts", rules.TIME),
                         Parameter("end", "Curfew ends", rules.TIME)), D(2008, 4, 1))
NO_CONTACT = CatalogueEntry("no_contact", "No contact", rules.ADDITIONAL, "Do not contact {people}.",
                            (Parameter("people", "The people he must not contact", rules.PEOPLE),), D(2008, 4, 1))
REPORTING = CatalogueEntry("reporting", "Reporting", rules.ADDITIONAL, "Report to {place} every {hours} hours.",
                           (Parameter("place", "Where to report"), Parameter("hours", "Interval in hours", rules.HOURS)))


def test_the_wording_in_force_is_the_latest_that_took_effect_by_the_day():
    old = CatalogueEntry("curfew", "Curfew", rules.ADDITIONAL, "old", (), D(2008, 4, 1))
    new = CatalogueEntry("curfew", "Curfew", rules.ADDITIONAL, "new", (), D(2012, 1, 1))
    assert rules.in_force([old, new], "curfew", D(2011, 12, 31)).text == "old"
    assert rules.in_force([old, new], "curfew", D(2012, 1, 1)).text == "new"
    assert rules.in_force([old, new], "curfew", D(2008, 3, 31)) is None
    assert rules.in_force([old, new], "unknown", D(2020, 1, 1)) is None
    assert [e.text for e in rules.current_catalogue([old, new], D(2013, 1, 1))] == ["new"]


def test_a_curfew_7pm_to_7am_is_accepted_and_written_out():
    # good practice 2009-2012 §2.4: "7pm-7am curfew" (E1.3-03)
    checked = rules.check_parameters(CURFEW, {"address": "the approved premises", "start": "19:00", "end": "7.00"}, {})
    assert checked.errors == {}
    assert checked.values == {"address": "the approved premises", "start": "19:00", "end": "07:00"}
    assert rules.render(CURFEW, checked.values, {}) == "Stay at the approved premises from 19:00 until 07:00 every day."
    assert rules.curfew_hours("19:00", "07:00") == 12


def test_bad_parameters_are_refused_with_clear_messages():
    checked = rules.check_parameters(CURFEW, {"address": "", "start": "25:00", "end": "7pm", "colour": "red"}, {})
    assert checked.errors == {
        "address": "Enter curfew address",
        "start": "Curfew starts must be a time on the 24-hour clock, like 19:00",
        "end": "Curfew ends must be a time on the 24-hour clock, like 19:00",
        "colour": "“Curfew” does not take “colour”",
    }
    same = rules.check_parameters(CURFEW, {"address": "x", "start": "19:00", "end": "19:00"}, {})
    assert same.errors == {"end": "The curfew must end at a different time from when it starts"}
    hours = rules.check_parameters(REPORTING, {"place": "AP staff", "hours": "0"}, {})
    assert hours.errors["hours"].startswith("Interval in hours must be a whole number of hours")


def test_named_people_must_be_on_the_record():
    people = {7: "Tracy Holden", 9: "Emma Dunmore"}
    assert rules.check_parameters(NO_CONTACT, {"people": []}, people).errors == {"people": "Choose the people he must not contact"}
    assert rules.check_parameters(NO_CONTACT, {"people": ["8"]}, people).errors == {
        "people": "Choose from the people recorded on this person's record"}
    ok = rules.check_parameters(NO_CONTACT, {"people": ["9", "7"]}, people)
    assert ok.values == {"people": [7, 9]}
    assert rules.render(NO_CONTACT, ok.values, people) == "Do not contact Tracy Holden or Emma Dunmore."


def test_licence_dates():
    assert rules.licence_date_errors(D(2026, 1, 1), D(2025, 12, 31)) == {"end_date": "The licence must end after it starts"}
    assert rules.licence_date_errors(D(2026, 1, 1), D(2026, 1, 1)) == {"end_date": "The licence must end after it starts"}
    assert rules.licence_date_errors(D(2026, 1, 1), D(2027, 1, 1)) == {}
    assert set(rules.licence_date_errors(None, None)) == {"start_date", "end_date"}


def test_a_licence_is_current_from_its_first_to_its_last_day_unless_revoked():
    start, end = D(2024, 2, 29), D(2025, 2, 28)
    assert not rules.is_current(start, end, None, D(2024, 2, 28))
    assert rules.is_current(start, end, None, start) and rules.is_current(start, end, None, end)
    assert not rules.is_current(start, end, None, D(2025, 3, 1))
    assert not rules.is_current(start, end, D(2024, 6, 1), D(2024, 6, 1))  # recalled
    assert rules.is_current(start, end, D(2024, 6, 1), D(2024, 5, 31))


@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.integers(1, 4000), st.integers(-10, 4010))
def test_current_exactly_between_start_and_end(start, length, offset):
    end = start + datetime.timedelta(days=length)
    day = start + datetime.timedelta(days=offset)
    assert rules.is_current(start, end, None, day) == (0 <= offset <= length)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 23), st.integers(0, 59))
def test_a_curfew_lasts_between_a_minute_and_a_day(h1, m1, h2, m2):
    hours = rules.curfew_hours(f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}")
    assert 0 < hours <= 24


def test_easing_a_condition_that_protects_a_victim_needs_the_victim_liaison_officer():
    # good practice §2.4 E2.2-17 ("following VLO consultation"); seed 002: the travel request was refused
    # after Probation "got the views of the Victim Liaison Officer".
    base = dict(kind="ease", decision="approved", condition_code="exclusion_zone", new_code=None,
                victim_liaison_consulted=False, victim_views="", reason="Shorter journey")
    assert "victim_liaison_consulted" in rules.variation_errors(**base)
    assert rules.variation_errors(**{**base, "victim_liaison_consulted": True, "victim_views": "Keep the zones"}) == {}
    assert rules.variation_errors(**{**base, "decision": "refused"}) == {}  # a refusal never loosens anything
    assert rules.variation_errors(**{**base, "condition_code": "curfew"}) == {}
    assert rules.variation_errors(**{**base, "reason": " "}) == {"reason": "Enter the reasons for the decision",
                                                               "victim_liaison_consulted": rules.variation_errors(**base)["victim_liaison_consulted"]}
    assert rules.variation_errors(**{**base, "kind": "add", "condition_code": None}) == {"code": "Choose the condition to add"}
