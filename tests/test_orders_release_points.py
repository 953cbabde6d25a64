"""The automatic release point of a standard fixed-term sentence, by the law of its day: one-half (Criminal Justice
Act 2003 s.244(3)(a)), two-thirds for the sentences s.244ZA reaches (from 1 April 2020, widened 28 June 2022), and 40
per cent from 10 September 2024 (SI 2024/844), which reached prisoners still serving. Shown beside the date the
prison's calculation gives, never instead of it."""
import datetime
import importlib
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from mappa.orders import rules, services
from mappa.orders.kinds import KINDS

D = datetime.date
O = rules.ReleaseOffence
ROWS = importlib.import_module("mappa.orders.migrations.0011_release_points").ROWS
STANDARD = [(r["effective_from"], r["value"]) for r in ROWS if r["key"] == "orders.release.standard"]
NONE = O()
SEXUAL_LIFE = O(sexual=True, schedule_15="sexual", life_maximum=True)
VIOLENT_LIFE = O(violent=True, schedule_15="violent", life_maximum=True)


def two_thirds_on(day):
    rows = [r for r in ROWS if r["key"] == "orders.release.two_thirds" and r["effective_from"] <= day]
    return max(rows, key=lambda r: r["effective_from"])["value"]["rules"]


def point(sentenced, months, offence=NONE, remand_days=0):
    return rules.release_point(sentenced_on=sentenced, months=months, remand_days=remand_days, offence=offence,
                               two_thirds=two_thirds_on(sentenced), standard=STANDARD)


def test_before_2020_every_standard_sentence_is_released_at_one_half():
    """s.244(3)(a): "one-half of the sentence"; two years from 1 June 2019 is 731 days, half of which, rounded up,
    is 366: released 1 June 2020, long before the 40 per cent order, which therefore never reached him."""
    got = point(D(2019, 6, 1), 24)
    assert (got.release, got.fraction, got.caveats) == (D(2020, 6, 1), Fraction(1, 2), ())
    assert "s.244(3)(a)" in got.basis


def test_seven_years_or_more_for_a_schedule_15_offence_carrying_life_serves_two_thirds_from_1_april_2020():
    """s.244ZA(4): a term "of 7 years or more", "imposed on or after 1 April 2020", for an offence "specified in Part
    1 or 2 of Schedule 15" for which life could have been imposed."""
    got = point(D(2021, 3, 1), 96, SEXUAL_LIFE)
    assert (got.release, got.fraction) == (D(2026, 7, 1), Fraction(2, 3))
    assert "s.244ZA(4)" in got.basis
    assert point(D(2020, 3, 31), 96, SEXUAL_LIFE).fraction == Fraction(1, 2)  # imposed the day before


def test_four_to_seven_years_for_a_sexual_offence_carrying_life_serves_two_thirds_only_from_28_june_2022():
    """s.244ZA(5): "at least 4 years but less than 7 years", imposed on or after the day s.130 of the Police, Crime,
    Sentencing and Courts Act 2022 came into force (28 June 2022)."""
    before = point(D(2021, 3, 1), 60, SEXUAL_LIFE)
    assert before.fraction == Fraction(1, 2)
    after = point(D(2023, 3, 1), 60, SEXUAL_LIFE)
    assert (after.release, after.fraction) == (D(2026, 7, 1), Fraction(2, 3))
    assert "s.244ZA(5)" in after.basis


def test_40_per_cent_for_a_sentence_imposed_after_10_september_2024():
    """SI 2024/844 art. 3(2): "one-half of the sentence is to be read as a reference to 40 per cent of the sentence";
    two years from 15 January 2025 is 730 days, 40 per cent of which is 292."""
    got = point(D(2025, 1, 15), 24)
    assert (got.release, got.fraction) == (D(2025, 11, 3), Fraction(2, 5))
    assert any("Schedule to SI 2024/844" in c for c in got.caveats)  # excluded offences the record cannot tell


def test_sexual_offences_are_excluded_from_40_per_cent():
    """SI 2024/844 Schedule, paragraph 12: "An offence under the Sexual Offences Act 2003"."""
    got = point(D(2025, 1, 15), 24, O(sexual=True, life_maximum=False))
    assert (got.release, got.fraction) == (D(2026, 1, 15), Fraction(1, 2))
    assert any(c.startswith("Not 40 per cent") for c in got.caveats)


def test_a_violent_offence_is_excluded_from_40_per_cent_from_four_years_only():
    three_years = point(D(2025, 1, 15), 36, VIOLENT_LIFE)
    assert three_years.fraction == Fraction(2, 5)
    five_years = point(D(2025, 1, 15), 60, VIOLENT_LIFE)
    assert (five_years.release, five_years.fraction) == (D(2027, 7, 17), Fraction(1, 2))
    # s.244ZA(7)(b) lists only some violent offences: the record cannot say which, so the page says so.
    assert any("s.244ZA(7)(b)" in c for c in five_years.caveats)


def test_a_prisoner_past_the_40_per_cent_point_but_not_halfway_was_released_on_10_september_2024():
    """The explanatory note: the order "will apply to existing prisoners serving qualifying sentences" who have
    not passed the current release point. Two years from 2 October 2023: 40 per cent fell on 21 July 2024, the
    halfway point on 2 October 2024, so release came on the day the order came into force."""
    got = point(D(2023, 10, 2), 24)
    assert (got.release, got.fraction) == (D(2024, 9, 10), Fraction(2, 5))


def test_five_years_or_more_imposed_before_10_september_2024_waited_for_22_october_2024():
    """SI 2024/844 art. 1(2)(b): 22 October 2024 for a sentence imposed before 10 September 2024 that is not a
    "relevant sentence" (under 5 years)."""
    got = point(D(2019, 11, 1), 120)
    assert (got.release, got.fraction) == (D(2024, 10, 22), Fraction(2, 5))


def test_a_prisoner_released_halfway_before_the_order_is_not_touched_by_it():
    got = point(D(2019, 11, 1), 48)
    assert (got.release, got.fraction, got.caveats) == (D(2021, 11, 1), Fraction(1, 2), ())


def test_when_the_record_does_not_say_whether_the_offence_carries_life_the_page_says_what_it_would_change():
    got = point(D(2021, 3, 1), 96, O(sexual=True, schedule_15="sexual", life_maximum=None))
    assert got.fraction == Fraction(1, 2)
    assert any("carries life" in c for c in got.caveats)


def test_remand_counts_as_time_served():
    """s.240ZA: days on remand count towards the sentence, so the release point comes that many days earlier."""
    assert point(D(2019, 6, 1), 24, remand_days=30).release == D(2020, 6, 1) - datetime.timedelta(days=30)


offences = st.builds(O, sexual=st.booleans(), violent=st.booleans(),
                     schedule_15=st.sampled_from([None, "violent", "sexual"]),
                     life_maximum=st.sampled_from([None, True, False]))


@given(day=st.dates(D(2005, 4, 4), D(2030, 12, 31)), months=st.integers(1, 240), offence=offences)
def test_release_falls_within_the_sentence_and_never_before_40_per_cent_or_after_two_thirds(day, months, offence):
    got = point(day, months, offence)
    term = rules.fixed_term_dates(starts=day, months=months, remand_days=0, fraction=Fraction(1, 2))
    earliest = rules.fixed_term_dates(starts=day, months=months, remand_days=0, fraction=Fraction(2, 5)).release
    latest = rules.fixed_term_dates(starts=day, months=months, remand_days=0, fraction=Fraction(2, 3)).release
    assert earliest <= got.release <= latest <= term.expiry
    if got.fraction != Fraction(2, 3):
        assert got.release <= term.release  # a later change only ever brought release forward


@given(day=st.dates(D(2005, 4, 4), D(2024, 9, 9)), months=st.integers(1, 240))
def test_a_sexual_offence_is_never_released_at_40_per_cent(day, months):
    assert point(day, months, O(sexual=True)).fraction in (Fraction(1, 2), Fraction(2, 3))


@pytest.mark.django_db
def test_the_sentence_row_shows_the_release_point_beside_the_prison_calculation(world, client):
    conviction = services.create_record(actor=world.om, nominal=world.case, kind=KINDS["convictions"], data={
        "offence": "Burglary", "convicted_on": D(2025, 1, 15)})
    services.create_record(actor=world.om, nominal=world.case, kind=KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": D(2025, 1, 15), "length_months": Decimal("24"),
        "custody_from": D(2025, 1, 15), "release_kind": "automatic", "release_date": D(2026, 1, 15),
        "release_date_source": "prison_calculation"})
    client.force_login(world.om)
    page = client.get(reverse("orders:list", args=[world.case.pk, "sentences"])).content.decode()
    assert "Automatic release point by the law of its day: 3 November 2025, 40 per cent of the term" in page
    assert "The expected release date recorded is not this date: check the prison" in page


@pytest.mark.django_db
def test_no_release_point_is_worked_out_from_a_conviction_the_reader_may_not_see(world, client):
    """Which fraction applies says something about the offence."""
    conviction = services.create_record(actor=world.police, nominal=world.case, kind=KINDS["convictions"], data={
        "offence": "Burglary abroad", "convicted_on": D(2025, 1, 15), "handling": "intelligence"})
    services.create_record(actor=world.police, nominal=world.case, kind=KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": D(2025, 1, 15), "length_months": Decimal("24")})
    client.force_login(world.om)
    page = client.get(reverse("orders:list", args=[world.case.pk, "sentences"])).content.decode()
    assert "Automatic release point" not in page
