"""The pure rules of orders: notification periods and due dates, legal status, civil order lengths, SFOs.

The tables come from this app's reference data migration (the values the system really uses), so a
test fails if the data and the rules disagree. Golden examples cite the documents in shared/.
"""
import datetime
import importlib
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappa.orders import rules

D = datetime.date
MIGRATION = importlib.import_module("mappa.orders.migrations.0001_reference_data")


def ref(key, on=None):
    on = on or D(2026, 1, 1)
    rows = [r for r in MIGRATION.ROWS if r["key"] == key and r["effective_from"] <= on]
    return max(rows, key=lambda r: r["effective_from"])["value"]


TABLE = ref("orders.notification.periods")
REVIEW = ref("orders.notification.indefinite_review")
SFO = ref("orders.sfo.definition")
MIN_YEARS = ref("orders.civil.minimum_years")


def period(disposal, months=None, age=30, **kw):
    return rules.notification_period(disposal=disposal, custodial_months=months, age_at_conviction=age, table=TABLE, **kw)


# --- every row of reference data cites where it comes from


def test_every_reference_row_cites_its_source_and_has_a_description():
    for row in MIGRATION.ROWS:
        assert row["source"] and row["description"], row["key"]
    periods = [r for r in MIGRATION.ROWS if r["key"] == "orders.notification.periods"][0]
    assert "Sexual Offences Act 2003, s.82" in periods["source"]


# --- calendar arithmetic


@pytest.mark.parametrize("start, months, end", [
    (D(2010, 1, 1), 12, D(2010, 12, 31)),
    (D(2008, 2, 29), 12, D(2009, 2, 28)),  # leap day: the anniversary is 1 March
    (D(2008, 2, 29), 48, D(2012, 2, 28)),  # four years on there is a 29 February again
    (D(2007, 3, 1), 12, D(2008, 2, 29)),  # ends on a leap day
    (D(2010, 8, 31), 6, D(2011, 2, 28)),  # 31 February does not exist: anniversary 1 March
    (D(2011, 12, 31), 2, D(2012, 2, 29)),
    (D(2010, 3, 1), 60, D(2015, 2, 28)),
])
def test_a_period_in_months_ends_the_day_before_its_anniversary(start, months, end):
    assert rules.period_end(start, months=months) == end


def test_a_period_of_days_beginning_with_a_day_counts_that_day():
    # s.83(1): "within the period of 3 days beginning with the relevant date"
    assert rules.period_end(D(2010, 3, 1), days=3) == D(2010, 3, 3)
    assert rules.period_end(D(2012, 2, 28), days=3) == D(2012, 3, 1)  # through 29 February
    assert rules.period_end(D(2011, 2, 28), days=3) == D(2011, 3, 2)
    assert rules.period_end(D(2010, 12, 30), days=3) == D(2011, 1, 1)


def test_months_and_days_together_are_refused():
    with pytest.raises(ValueError):
        rules.period_end(D(2010, 1, 1), months=1, days=1)


@pytest.mark.parametrize("born, day, age", [
    (D(1992, 2, 29), D(2010, 2, 28), 17),  # no 29 February in 2010: 18 on 1 March
    (D(1992, 2, 29), D(2010, 3, 1), 18),
    (D(1992, 2, 29), D(2012, 2, 29), 20),
    (D(1990, 6, 15), D(2008, 6, 14), 17),
    (D(1990, 6, 15), D(2008, 6, 15), 18),
])
def test_age_on_a_day(born, day, age):
    assert rules.age_on(born, day) == age


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=1, max_value=600))
def test_a_period_of_months_is_never_shorter_than_its_calendar_length(start, months):
    end = rules.period_end(start, months=months)
    anniversary = end + datetime.timedelta(days=1)
    assert anniversary == rules.add_months(start, months)
    assert (anniversary.year * 12 + anniversary.month) - (start.year * 12 + start.month) in (months, months + 1)
    assert anniversary.day == start.day or anniversary.day == 1
    assert rules.period_end(start, months=months + 1) > end  # longer periods end later


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=1, max_value=400))
def test_a_period_of_days_ends_n_minus_one_days_later(start, days):
    assert (rules.period_end(start, days=days) - start).days == days - 1


@given(st.dates(min_value=D(1920, 1, 1), max_value=D(2000, 12, 31)), st.integers(min_value=0, max_value=80))
def test_age_goes_up_by_one_on_each_birthday(born, years):
    birthday = rules.add_months(born, 12 * years)
    assert rules.age_on(born, birthday) == years
    if years:
        assert rules.age_on(born, birthday - datetime.timedelta(days=1)) == years - 1


# --- input checks


@pytest.mark.parametrize("code", ["019/11", "008/01", "088/00"])
def test_home_office_offence_codes_are_accepted(code):
    assert rules.offence_code_errors(code) == {}


@pytest.mark.parametrize("code", ["19/11", "019-11", "ABC/12", "0191", "019/111"])
def test_an_unknown_offence_code_format_is_refused_with_an_example(code):
    assert "like 019/11" in rules.offence_code_errors(code)["offence_code"]


def test_an_end_before_its_start_and_a_future_date_are_refused():
    errors = rules.date_errors(start=D(2010, 5, 1), end=D(2010, 4, 30), start_field="a", end_field="b",
                               start_label="Start date", end_label="End date")
    assert errors == {"b": "End date must be on or after the start date (1 May 2010)"}
    assert rules.not_future(D(2030, 1, 1), D(2026, 1, 1), "date", "Date of conviction") == {
        "date": "Date of conviction must be today or in the past"}
    assert rules.not_future(D(2026, 1, 1), D(2026, 1, 1), "date", "Date") == {}


# --- notification periods (Sexual Offences Act 2003 s.82, from reference data)


def test_golden_seven_years_imprisonment_means_notification_indefinitely():
    # Seed 002, line 182: "seven years imprisonment, to be followed by a three-year Extended Licence"
    result = period("custody", 84)
    assert result.indefinite and result.months is None
    assert rules.notification_end(D(2004, 6, 1), result) is None
    assert result.describe() == "indefinitely"


@pytest.mark.parametrize("disposal, months, years", [
    ("custody", 30, None),  # 30 months or more: indefinite (the boundary itself)
    ("custody", 29.99, 10),
    ("custody", 24, 10),  # seed 002 line 459 area: "two years imprisonment" (good practice E2.3-20)
    ("custody", 6.01, 10),
    ("custody", 6, 7),  # 6 months or less: 7 years (the boundary itself)
    ("custody", 2, 7),
    ("hospital_restriction", None, None),
    ("hospital", None, 7),
    ("caution", None, 2),
    ("other", None, 5),
])
def test_adult_notification_periods_follow_the_s82_table(disposal, months, years):
    result = period(disposal, months)
    if years is None:
        assert result.indefinite
    else:
        assert not result.indefinite and result.months == years * 12 and not result.halved


@pytest.mark.parametrize("disposal, months, expected_months", [
    ("custody", 24, 60),  # 10 years halved: 5 years
    ("custody", 6, 42),  # 7 years halved: 3 years 6 months
    ("caution", None, 12),  # 2 years halved
    ("other", None, 30),  # 5 years halved: 2 years 6 months
])
def test_under_18s_have_the_fixed_periods_halved(disposal, months, expected_months):
    result = period(disposal, months, age=16)
    assert result.months == expected_months and result.halved
    assert "halved" in result.describe()


def test_indefinite_notification_is_not_halved_for_under_18s():
    assert period("custody", 36, age=15).indefinite


def test_a_conditional_discharge_lasts_for_the_discharge_and_needs_its_length():
    assert period("conditional_discharge", discharge_months=18).months == 18
    with pytest.raises(ValueError):
        period("conditional_discharge")


def test_an_unknown_disposal_is_refused():
    with pytest.raises(ValueError):
        period("banishment")


def test_the_notification_end_date_counts_from_the_conviction_including_leap_days():
    ten_years = period("custody", 12)
    assert rules.notification_end(D(2008, 2, 29), ten_years) == D(2018, 2, 28)
    assert rules.notification_end(D(2010, 5, 4), ten_years) == D(2020, 5, 3)
    caution = period("caution")
    assert rules.notification_end(D(2010, 1, 1), caution) == D(2011, 12, 31)


def test_age_at_conviction_decides_halving_on_a_leap_day_birthday():
    born = D(1992, 2, 29)
    young = period("caution", age=rules.age_on(born, D(2010, 2, 28)))
    adult = period("caution", age=rules.age_on(born, D(2010, 3, 1)))
    assert (young.months, adult.months) == (12, 24)


@given(st.floats(min_value=0, max_value=600, allow_nan=False), st.floats(min_value=0, max_value=600, allow_nan=False),
       st.integers(min_value=10, max_value=90))
def test_a_longer_sentence_never_gives_a_shorter_notification_period(a, b, age):
    short, long = sorted([a, b])

    def length(months):
        p = period("custody", months, age=age)
        return float("inf") if p.indefinite else p.months

    assert length(long) >= length(short)


@given(st.sampled_from(["custody", "hospital", "caution", "other"]), st.floats(min_value=0, max_value=29, allow_nan=False))
def test_a_child_is_never_subject_for_longer_than_an_adult(disposal, months):
    child, adult = period(disposal, months, age=14), period(disposal, months, age=40)
    assert child.months * 2 == adult.months


# --- due dates (ss.83-86)


def test_golden_initial_notification_within_three_days_of_conviction():
    # Gloss:RSO: "register with the police within three days of their conviction or release from prison"
    days = ref("orders.notification.initial_days")
    assert rules.initial_notification_due(relevant_date=D(2010, 3, 1), days=days) == D(2010, 3, 3)


def test_initial_notification_runs_from_release_when_in_custody():
    days = ref("orders.notification.initial_days")
    assert rules.initial_notification_due(relevant_date=D(2005, 1, 10), days=days, in_custody_on_relevant_date=True) is None
    assert rules.initial_notification_due(relevant_date=D(2005, 1, 10), days=days, in_custody_on_relevant_date=True,
                                          released_on=D(2012, 2, 28)) == D(2012, 3, 1)


def test_changes_stays_travel_homeless_and_annual_notifications():
    change = ref("orders.notification.change_days")
    assert rules.change_notification_due(D(2011, 2, 27), change) == D(2011, 3, 1)
    stay = ref("orders.notification.other_address_days")
    assert rules.qualifying_period_reached([(D(2011, 3, 1), D(2011, 3, 7))], days=stay, within_months=12) == D(2011, 3, 7)
    assert rules.qualifying_period_reached([(D(2011, 3, 1), D(2011, 3, 6))], days=stay, within_months=12) is None
    assert rules.periodic_notification_due(D(2011, 3, 1), ref("orders.notification.periodic_months")) == D(2012, 2, 29)
    assert rules.periodic_notification_due(D(2012, 2, 29), 12) == D(2013, 2, 28)
    assert rules.homeless_notification_due(D(2013, 1, 7), ref("orders.notification.homeless_days")) == D(2013, 1, 14)
    assert rules.travel_notification_due(D(2011, 8, 1), ref("orders.notification.travel_days_before")) == D(2011, 7, 25)


def test_weekly_homeless_reporting_only_applies_from_its_effective_date():
    with pytest.raises(ValueError):
        ref("orders.notification.homeless_days", on=D(2010, 1, 1))


def test_indefinite_review_date_depends_on_age_and_on_when_the_scheme_existed():
    assert rules.review_eligible_on(first_notified=D(2008, 2, 29), age_at_conviction=30, review=REVIEW) == D(2023, 3, 1)
    assert rules.review_eligible_on(first_notified=D(2008, 2, 29), age_at_conviction=16, review=REVIEW) == D(2016, 2, 29)
    assert rules.review_eligible_on(first_notified=D(2008, 1, 1), age_at_conviction=30, review=None) is None
    assert rules.review_eligible_on(first_notified=None, age_at_conviction=30, review=REVIEW) is None


# --- serious further offences


@pytest.mark.parametrize("sexual, violent, years, serious", [
    (True, False, 14, True),  # the boundary: 14 years or more
    (False, True, 13.99, False),
    (False, True, 999, True),  # life
    (False, False, 999, False),  # neither sexual nor violent
    (True, True, None, False),
])
def test_a_serious_further_offence_is_sexual_or_violent_carrying_14_years_or_more(sexual, violent, years, serious):
    assert rules.is_serious_further_offence(sexual=sexual, violent=violent, maximum_penalty_years=years,
                                            definition=SFO) is serious


# --- civil orders


def test_golden_a_full_sopo_lasts_at_least_five_years():
    # HMI Probation/HMIC 2010 ¶7.25: "must be specified and last for a minimum of five years"
    check = lambda end, interim=False, indefinite=False: rules.civil_order_errors(  # noqa: E731
        kind="sopo", interim=interim, start=D(2010, 3, 1), end=end, indefinite=indefinite,
        minimum_years=MIN_YEARS, maximum_years={})
    assert check(D(2015, 2, 28)) == {}
    assert "at least 5 years: end on or after 28 February 2015" in check(D(2015, 2, 27))["ends_on"]
    assert check(None, indefinite=True) == {}  # seed 002 line 397: "a life-long Sexual Offender Prevention Order"
    assert check(D(2010, 6, 1), interim=True) == {}  # interim orders are short
    assert "Enter the end date" in check(None)["ends_on"]
    assert "on or after the start date" in check(D(2010, 2, 1))["ends_on"]


def test_golden_a_foreign_travel_order_maximum_rose_from_six_months_to_five_years():
    # ¶2.4L: the maximum "from six months to five years" (Policing and Crime Act 2009 s.23)
    def check(on, end):
        return rules.civil_order_errors(kind="fto", interim=False, start=on, end=end, indefinite=False,
                                        minimum_years={}, maximum_years=ref("orders.civil.maximum_years", on=on))
    assert "at most 6 months" in check(D(2009, 1, 1), D(2009, 7, 1))["ends_on"]
    assert check(D(2009, 1, 1), D(2009, 6, 30)) == {}
    assert check(D(2011, 1, 1), D(2015, 12, 31)) == {}
    assert "at most 5 years: end on or before 31 December 2015" in check(D(2011, 1, 1), D(2016, 1, 1))["ends_on"]
    assert "Enter the end date" in rules.civil_order_errors(
        kind="fto", interim=False, start=D(2011, 1, 1), end=None, indefinite=True, minimum_years={},
        maximum_years={"fto": 5})["ends_on"]


# --- legal status, derived from dates


def test_golden_in_custody_release_in_143_days():
    facts = rules.StatusInput(custody=[rules.CustodySpell("sentence", D(2009, 1, 5), expected_release=D(2010, 9, 30))])
    status = rules.legal_status(facts, D(2010, 5, 10))
    assert status.lines[0] == "in custody, release in 143 days (30 September 2010)"
    assert status.in_custody and not status.on_licence and status.release_date == D(2010, 9, 30)


def test_golden_on_licence_until_and_subject_to_notification_indefinitely():
    facts = rules.StatusInput(
        custody=[rules.CustodySpell("sentence", D(2004, 1, 5), end=D(2008, 7, 1))],
        supervision=[rules.Supervision("licence", D(2008, 7, 1), D(2011, 6, 30))],
        notification=[rules.NotificationSpell(D(2004, 1, 5), None)],
    )
    status = rules.legal_status(facts, D(2010, 5, 10))
    assert status.lines == ("on licence until 30 June 2011", "subject to notification indefinitely")
    assert status.on_licence and status.notification_indefinite and str(status).startswith("on licence")


def test_licence_boundaries_and_release_day():
    facts = rules.StatusInput(
        custody=[rules.CustodySpell("sentence", D(2010, 1, 1), end=D(2011, 2, 28), expected_release=D(2011, 2, 28))],
        supervision=[rules.Supervision("licence", D(2011, 2, 28), D(2012, 2, 29))],
    )
    assert rules.legal_status(facts, D(2011, 2, 27)).in_custody
    assert rules.legal_status(facts, D(2011, 2, 27)).lines == ("in custody, release in 1 day (28 February 2011)",)
    on_release = rules.legal_status(facts, D(2011, 2, 28))
    assert not on_release.in_custody and on_release.on_licence
    assert rules.legal_status(facts, D(2012, 2, 29)).on_licence  # the last day of the licence
    assert not rules.legal_status(facts, D(2012, 3, 1)).on_licence


def test_recall_puts_someone_back_in_custody_and_licence_is_not_shown_while_inside():
    facts = rules.StatusInput(
        custody=[rules.CustodySpell("sentence", D(2004, 1, 5), end=D(2008, 7, 1)),
                 rules.CustodySpell("recall", D(2009, 2, 1))],
        supervision=[rules.Supervision("licence", D(2008, 7, 1), D(2011, 6, 30))],
    )
    status = rules.legal_status(facts, D(2009, 3, 1))
    assert status.lines == ("in custody on recall, release date not known",)
    assert status.in_custody and not status.on_licence


def test_remand_notification_ending_and_orders():
    facts = rules.StatusInput(
        custody=[rules.CustodySpell("remand", D(2026, 1, 1))],
        notification=[rules.NotificationSpell(D(2016, 1, 1), D(2025, 12, 31))],
        orders=[rules.OrderSpell("a sexual harm prevention order", D(2020, 1, 1), None)],
    )
    status = rules.legal_status(facts, D(2026, 2, 1))
    assert status.lines == ("on remand in custody, release date not known",
                            "subject to a sexual harm prevention order until further order")
    last_day = rules.legal_status(rules.StatusInput(notification=facts.notification), D(2025, 12, 31))
    assert last_day.lines == ("subject to notification until 31 December 2025",)
    nothing = rules.legal_status(rules.StatusInput(), D(2026, 2, 1))
    assert nothing.lines[0].startswith("no current sentence")


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 1, 1)), st.integers(min_value=0, max_value=3000),
       st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=3000))
@settings(max_examples=200)
def test_nobody_is_both_in_custody_and_on_licence(start, custody_days, licence_days, offset):
    release = start + datetime.timedelta(days=custody_days)
    facts = rules.StatusInput(
        custody=[rules.CustodySpell("sentence", start, end=release, expected_release=release)],
        supervision=[rules.Supervision("licence", release, release + datetime.timedelta(days=licence_days))],
    )
    status = rules.legal_status(facts, start + datetime.timedelta(days=offset))
    assert not (status.in_custody and status.on_licence)
    if status.in_custody:
        assert status.release_date and (status.release_date - (start + datetime.timedelta(days=offset))).days > 0


def test_golden_the_reporting_year_runs_from_1_april_to_31_march():
    # Seed 002, line 172: "the full year 1 April 2008 to 31 March 2009"; the RSO snapshot on 31 March 2009.
    assert rules.reporting_year(2008, ref("orders.report.year_starts")) == (D(2008, 4, 1), D(2009, 3, 31))
    assert rules.reporting_year(2011, {"month": 3, "day": 1}) == (D(2011, 3, 1), D(2012, 2, 29))


def test_a_notification_due_in_custody_is_due_three_days_after_release():
    days = ref("orders.notification.initial_days")
    moved = rules.due_after_custody(D(2011, 6, 1), custody_from=D(2011, 5, 1), released=D(2012, 2, 28), days=days)
    assert moved == D(2012, 3, 1)
    kept = rules.due_after_custody(D(2011, 4, 30), custody_from=D(2011, 5, 1), released=D(2012, 2, 28), days=days)
    assert kept == D(2011, 4, 30)  # already overdue before custody: still a breach to consider


@given(st.dates(min_value=D(2004, 5, 1), max_value=D(2030, 1, 1)), st.integers(0, 2000), st.integers(-500, 3000))
def test_custody_never_brings_a_due_date_forward(start, length, offset):
    released = start + datetime.timedelta(days=length)
    due = start + datetime.timedelta(days=offset)
    result = rules.due_after_custody(due, custody_from=start, released=released, days=3)
    assert result >= due
    assert result == due or result == released + datetime.timedelta(days=2)


@given(st.dates(min_value=datetime.date(1992, 1, 1), max_value=datetime.date(2030, 1, 1)),
       st.one_of(st.none(), st.integers(0, 4000)), st.one_of(st.none(), st.integers(0, 4000)))
def test_a_custodial_sentence_ends_for_mappa_when_its_licence_period_ends(start, to_licence_end, to_expiry):
    """The category rule and the legal status read one end: a 1991 Act sentence whose licence expired at the
    three-quarter point, before the sentence expiry date, no longer supervises the person after it."""
    licence_end = start + datetime.timedelta(days=to_licence_end) if to_licence_end is not None else None
    expiry = start + datetime.timedelta(days=to_expiry) if to_expiry is not None else None
    ends, estimated = rules.subject_until(custodial=True, indeterminate=False, started_on=start, length_months=48,
                                          extension_months=None, licence_end=licence_end, sentence_expiry=expiry,
                                          order_end=None)
    period = rules.licence_period(licence_start=start, licence_end=licence_end, sentence_expiry=expiry)
    if licence_end or expiry:
        assert (ends, estimated) == (period[1], False)
    else:
        assert estimated and period[1] is None


def test_a_1991_act_licence_ends_before_the_sentence_expiry_date_and_so_does_eligibility():
    ends, _ = rules.subject_until(custodial=True, indeterminate=False, started_on=datetime.date(1999, 1, 4),
                                  length_months=48, extension_months=None, licence_end=datetime.date(2001, 12, 31),
                                  sentence_expiry=datetime.date(2002, 12, 31), order_end=None)
    assert ends == datetime.date(2001, 12, 31)


# ---------------------------------------------------------------------------------------------
# Release and expiry of a fixed term


def test_the_seed_two_year_sentence_with_five_months_remand():
    """Seed 001: five months on remand, then two years, remand counted: out at the halfway point, which is seven
    months after sentence, on a licence to the end of the term twelve months later."""
    remanded, sentenced = D(2025, 1, 6), D(2025, 6, 6)
    dates = rules.fixed_term_dates(starts=sentenced, months=24, remand_days=(sentenced - remanded).days,
                                   fraction=Fraction(1, 2))
    assert dates.release == D(2026, 1, 6)  # twelve months after he was remanded
    assert dates.expiry == D(2027, 1, 5)  # two years after he was remanded, less a day
    assert rules.fixed_term_dates(starts=D(2021, 3, 1), months=96, remand_days=0,
                                  fraction=Fraction(2, 3)).release == D(2026, 7, 1)  # s.244ZA: 64 of 96 months


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 1, 1)), st.integers(min_value=1, max_value=600),
       st.integers(min_value=0, max_value=400), st.sampled_from([Fraction(1, 2), Fraction(2, 3), Fraction(2, 5)]))
@settings(max_examples=300)
def test_release_comes_once_the_fraction_is_served_and_before_the_term_ends(starts, months, remand, fraction):
    dates = rules.fixed_term_dates(starts=starts, months=months, remand_days=remand, fraction=fraction)
    term = (rules.add_months(starts, months) - starts).days
    served = (dates.release - starts).days + remand  # days in custody, remand counted, before the first day out
    assert served >= term * fraction and served - 1 < term * fraction
    assert dates.expiry == rules.period_end(starts, months=months) - datetime.timedelta(days=remand)
    assert dates.release <= dates.expiry + datetime.timedelta(days=1)


def test_a_term_or_fraction_the_law_cannot_give_is_refused():
    for months, remand, fraction in ((0, 0, Fraction(1, 2)), (12, -1, Fraction(1, 2)), (12, 0, Fraction(0))):
        with pytest.raises(ValueError):
            rules.fixed_term_dates(starts=D(2025, 1, 1), months=months, remand_days=remand, fraction=fraction)
