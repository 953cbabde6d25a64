"""Sex offender notification: combined terms, notification orders, stays that add up and foreign travel.

Golden examples quote the Sexual Offences Act 2003 and the regulations named in each docstring; the
numbers come from this app's reference data migrations, so a test fails if the data and the rules disagree.
"""
import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from mappa.orders import rules, services
from mappa.orders.kinds import KINDS
from mappa.orders.models import NotificationEvent, NotificationRequirement

D = datetime.date
ROWS = [*importlib.import_module("mappa.orders.migrations.0001_reference_data").ROWS,
        *importlib.import_module("mappa.orders.migrations.0005_combined_terms_stays_and_travel").ROWS]


def ref(key, on):
    rows = [r for r in ROWS if r["key"] == key and r["effective_from"] <= on]
    return max(rows, key=lambda r: r["effective_from"])["value"]


TABLE = ref("orders.notification.periods", D(2010, 1, 1))
QUALIFYING = {"days": ref("orders.notification.other_address_days", D(2010, 1, 1)),
              "within_months": ref("orders.notification.stay_within_months", D(2010, 1, 1))}


def period(months):
    return rules.notification_period(disposal="custody", custodial_months=months, age_at_conviction=30, table=TABLE)


# --- s.82(3)-(4): combined terms


def test_golden_consecutive_terms_count_as_their_aggregate():
    """s.82(4)(a): 'in the case of consecutive terms, is equal to the aggregate of those terms'. Two consecutive
    terms of 18 months are read as 36 months: imprisonment 'for a term of 30 months or more', indefinitely."""
    terms = {"a": rules.Term(18), "b": rules.Term(18, "consecutive", "a")}
    assert rules.combined_term_months(terms, "a") == rules.combined_term_months(terms, "b") == 36
    assert period(rules.combined_term_months(terms, "a")).indefinite
    assert period(18).months == 120  # alone, each gives ten years


def test_golden_partly_concurrent_terms_are_x_plus_y_minus_z():
    """s.82(4)(b): 'in the case of partly concurrent terms (X and Y, which overlap for a period Z), is equal to
    X plus Y minus Z'."""
    assert rules.combined_term_months({"x": rules.Term(20), "y": rules.Term(20, "partly_concurrent", "x", 8)}, "x") == 32
    assert rules.combined_term_months({"x": rules.Term(20), "y": rules.Term(20, "partly_concurrent", "x", 12)}, "y") == 28


def test_golden_wholly_concurrent_terms_are_read_as_the_longest():
    """Wholly concurrent terms fall outside s.82(3): each offence keeps its own term, so the longest decides."""
    terms = {"a": rules.Term(24), "b": rules.Term(12, "concurrent", "a"), "c": rules.Term(6)}
    assert rules.combined_term_months(terms, "b") == 24
    assert rules.combined_term_months(terms, "c") == 6  # not linked: read alone


months = st.integers(min_value=1, max_value=240)


@given(months, months)
def test_consecutive_is_the_sum_and_concurrent_the_longest(x, y):
    assert rules.combined_term_months({1: rules.Term(x), 2: rules.Term(y, "consecutive", 1)}, 1) == x + y
    assert rules.combined_term_months({1: rules.Term(x), 2: rules.Term(y, "concurrent", 1)}, 2) == max(x, y)


@given(months, months, st.integers(min_value=0, max_value=240))
def test_partly_concurrent_is_x_plus_y_minus_z_and_lies_between_longest_and_sum(x, y, z):
    z = min(z, x, y)
    total = rules.combined_term_months({1: rules.Term(x), 2: rules.Term(y, "partly_concurrent", 1, z)}, 1)
    assert total == x + y - z
    assert max(x, y) <= total <= x + y


@given(st.lists(st.tuples(months, st.sampled_from(["consecutive", "concurrent", "partly_concurrent"]),
                          st.integers(min_value=0, max_value=240)), min_size=1, max_size=5))
def test_a_chain_of_terms_gives_every_term_the_same_total_never_more_than_the_sum(chain):
    terms = {0: rules.Term(12)}
    for i, (length, runs, overlap) in enumerate(chain, start=1):
        terms[i] = rules.Term(length, runs, i - 1, overlap)
    totals = {rules.combined_term_months(terms, k) for k in terms}
    assert len(totals) == 1
    total = totals.pop()
    assert max(t.months for t in terms.values()) <= total <= sum(t.months for t in terms.values())


def test_a_term_linked_in_a_circle_is_read_without_looping():
    terms = {1: rules.Term(10, "consecutive", 2), 2: rules.Term(10, "consecutive", 1)}
    assert rules.combined_term_months(terms, 1) >= 10


# --- s.84(1)(c) and (6): the qualifying period at an address


def reached(*stays):
    return rules.qualifying_period_reached(list(stays), **QUALIFYING)


def test_golden_a_single_stay_of_seven_days():
    """s.84(6)(a): '"qualifying period" means (a) a period of 7 days'; the stay is notified within 3 days
    beginning with the day it is completed (s.84(1))."""
    assert reached((D(2011, 3, 1), D(2011, 3, 7))) == D(2011, 3, 7)
    assert reached((D(2011, 3, 1), D(2011, 3, 6))) is None


def test_golden_two_stays_within_twelve_months_add_up():
    """s.84(6)(b): '(b) two or more periods, in any period of 12 months, which taken together amount to 7 days'."""
    assert reached((D(2011, 1, 10), D(2011, 1, 13)), (D(2011, 6, 1), D(2011, 6, 3))) == D(2011, 6, 3)
    assert reached((D(2011, 1, 10), D(2011, 1, 13)), (D(2012, 1, 10), D(2012, 1, 12))) is None  # 12 months apart
    # 10 January 2011 to 9 January 2012 is a period of 12 months holding all seven days
    assert reached((D(2011, 1, 10), D(2011, 1, 13)), (D(2012, 1, 7), D(2012, 1, 9))) == D(2012, 1, 9)
    assert reached((D(2011, 1, 10), D(2011, 1, 13)), (D(2012, 1, 8), D(2012, 1, 10))) is None


stay = st.tuples(st.dates(min_value=D(2005, 1, 1), max_value=D(2015, 12, 31)), st.integers(min_value=0, max_value=9))


@given(st.lists(stay, min_size=1, max_size=6), stay)
def test_another_stay_never_delays_the_qualifying_day_and_it_is_one_of_the_days_stayed(stays, extra):
    spans = [(first, first + datetime.timedelta(days=n)) for first, n in stays]
    more = [*spans, (extra[0], extra[0] + datetime.timedelta(days=extra[1]))]
    before, after = reached(*spans), reached(*more)
    if before is not None:
        assert after is not None and after <= before
        assert any(first <= before <= last for first, last in spans)


# --- foreign travel (s.86 and the travel regulations of the day)


def test_golden_before_august_2012_only_trips_of_three_days_or_more():
    """SI 2004/1220: notify travel out of the United Kingdom 'for a period of three days or more', not less
    than 7 days before departure; where the details are not known then, 'not less than 24 hours' before (reg 7(2))."""
    rule = ref("orders.notification.travel", D(2010, 6, 1))
    assert rules.travel_due(D(2010, 6, 10), D(2010, 6, 11), "", rule) is None  # two days abroad
    assert rules.travel_due(D(2010, 6, 10), D(2010, 6, 12), "", rule) == D(2010, 6, 3)
    assert rules.travel_due(D(2010, 6, 10), None, "not_known", rule) == D(2010, 6, 9)
    assert rules.travel_due(D(2010, 6, 10), None, "excused", rule) == D(2010, 6, 9)  # no shorter notice then


def test_golden_from_13_august_2012_all_foreign_travel():
    """SI 2012/1876 (in force 13 August 2012): 'all foreign travel (including travel outside of the UK of less
    than three days)'; short notice '12 hours' with 'a reasonable excuse', otherwise not less than 24 hours."""
    rule = ref("orders.notification.travel", D(2013, 1, 1))
    assert rules.travel_due(D(2013, 1, 10), D(2013, 1, 10), "", rule) == D(2013, 1, 3)  # a day trip
    assert rules.travel_due(D(2013, 1, 10), None, "not_known", rule) == D(2013, 1, 9)
    assert rules.travel_due(D(2013, 1, 10), None, "excused", rule) == D(2013, 1, 9)  # 12 hours: the day before, on dates
    assert ref("orders.notification.homeless_days", D(2013, 1, 1)) == 7  # weekly when no sole or main residence


# --- the services: page and API read the same rules


def add(w, slug, actor=None, **data):
    return services.create_record(actor=actor or w.police, nominal=w.case, kind=KINDS[slug], data=data)


def change(w, item, **data):
    return services.update_record(actor=w.police, item=item, data=data, version=item.version)


def sexual(w, on, **extra):
    return add(w, "convictions", offence="Sexual assault", convicted_on=on, sexual=True, **extra)


def test_consecutive_sentences_for_two_convictions_make_notification_indefinite(world):
    first, second = sexual(world, D(2010, 3, 1)), sexual(world, D(2010, 3, 1))
    one = add(world, "sentences", conviction=first, kind="custody", sentenced_on=D(2010, 3, 1), length_months=Decimal("18"))
    other = add(world, "sentences", conviction=second, kind="custody", sentenced_on=D(2010, 3, 1),
                length_months=Decimal("18"))
    requirement = add(world, "notification", conviction=first, relevant_date=D(2010, 3, 1))
    assert requirement.period_months == 120 and not requirement.indefinite
    change(world, other, runs="consecutive", runs_with=one)
    requirement.refresh_from_db()
    assert requirement.indefinite and "30 months or more" in requirement.band


def test_runs_with_needs_the_other_term_and_partly_concurrent_needs_the_overlap(world):
    conviction = sexual(world, D(2010, 3, 1))
    one = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 3, 1),
              length_months=Decimal("12"))
    for data, field, words in [
        ({"runs": "consecutive"}, "runs_with", "Choose the other custodial term"),
        ({"runs": "partly_concurrent", "runs_with": one}, "overlap_months", "how many months"),
        ({"runs": "partly_concurrent", "runs_with": one, "overlap_months": Decimal("12")}, "overlap_months", "less than each term"),
        ({"overlap_months": Decimal("3")}, "overlap_months", "Only partly concurrent"),
    ]:
        with pytest.raises(ValidationError) as exc:
            add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 3, 1),
                length_months=Decimal("12"), **data)
        assert words in exc.value.message_dict[field][0]
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", conviction=conviction, kind="fine", sentenced_on=D(2010, 3, 1), runs="concurrent",
            runs_with=one)
    assert "Only a term of imprisonment" in exc.value.message_dict["runs"][0]


def test_a_notification_order_runs_for_the_s82_period_of_the_sentence_abroad(world):
    """s.98(1)(b): the person becomes subject to the notification requirements 'for the notification period set
    out in section 82'; s.98(2)(a): the relevant date is 'the date of the conviction'; s.98(4): the initial
    notification runs from the date of service of the order."""
    abroad = sexual(world, D(2009, 6, 1), kind="abroad", court="Rotterdam district court")
    add(world, "sentences", conviction=abroad, kind="custody", sentenced_on=D(2009, 6, 1), length_months=Decimal("12"))
    order = add(world, "civil-orders", kind="notification_order", status="granted", conviction=abroad,
                applied_on=D(2011, 1, 10), starts_on=D(2011, 2, 1))
    requirement = add(world, "notification", civil_order=order, relevant_date=D(2009, 6, 1))
    assert not requirement.indefinite and requirement.period_months == 120
    assert requirement.ends_on == D(2019, 5, 31) and "s.98" in requirement.basis
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    assert initial.due_on == D(2011, 2, 3)
    with pytest.raises(ValidationError) as exc:
        add(world, "notification", civil_order=order, relevant_date=D(2011, 2, 1))
    assert "conviction, finding or caution abroad (s.98(2)) (1 June 2009)" in exc.value.message_dict["relevant_date"][0]


def test_a_notification_order_needs_its_conviction_abroad_and_an_interim_one_lasts_while_it_has_effect(world):
    order = add(world, "civil-orders", kind="notification_order", status="granted", applied_on=D(2011, 1, 10),
                starts_on=D(2011, 2, 1))
    with pytest.raises(ValidationError) as exc:
        add(world, "notification", civil_order=order, relevant_date=D(2011, 2, 1))
    assert "conviction abroad" in exc.value.message_dict["civil_order"][0]
    interim = add(world, "civil-orders", kind="notification_order", status="interim", applied_on=D(2011, 1, 10),
                  starts_on=D(2011, 1, 12), ends_on=D(2011, 4, 12))
    requirement = add(world, "notification", civil_order=interim, relevant_date=D(2011, 1, 12))
    assert requirement.ends_on == D(2011, 4, 12) and "has effect" in requirement.band


@pytest.fixture
def requirement(world):
    conviction = sexual(world, D(2010, 3, 1))
    add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 3, 1), length_months=Decimal("12"))
    return add(world, "notification", conviction=conviction, relevant_date=D(2010, 3, 1))


def test_stays_at_the_same_address_add_up_within_twelve_months(world, requirement):
    first = add(world, "notifications", requirement=requirement, kind="other_address", event_date=D(2011, 1, 10),
                stay_ends_on=D(2011, 1, 13), stay_address="12 Mill Lane, Bradwell")
    assert first.due_on is None  # four days: not yet the qualifying period
    second = add(world, "notifications", requirement=requirement, kind="other_address", event_date=D(2011, 6, 1),
                 stay_ends_on=D(2011, 6, 5), stay_address="12  mill lane, bradwell")
    assert second.due_on == D(2011, 6, 5)  # 7 days reached on 3 June: within 3 days beginning with it
    elsewhere = add(world, "notifications", requirement=requirement, kind="other_address", event_date=D(2011, 6, 1),
                    stay_ends_on=D(2011, 6, 5), stay_address="3 High Street")
    assert elsewhere.due_on is None


def test_foreign_travel_follows_the_rules_of_its_day(world, requirement):
    short_2010 = add(world, "notifications", requirement=requirement, kind="foreign_travel", event_date=D(2010, 6, 10),
                     returns_on=D(2010, 6, 11))
    assert short_2010.due_on is None
    short_2013 = add(world, "notifications", requirement=requirement, kind="foreign_travel", event_date=D(2013, 6, 10),
                     returns_on=D(2013, 6, 11))
    assert short_2013.due_on == D(2013, 6, 3)
    late = add(world, "notifications", requirement=requirement, kind="foreign_travel", event_date=D(2013, 6, 10),
               notice="not_known")
    assert late.due_on == D(2013, 6, 9)
    with pytest.raises(ValidationError) as exc:
        add(world, "notifications", requirement=requirement, kind="name", event_date=D(2013, 6, 10), returns_on=D(2013, 6, 11))
    assert "foreign travel only" in exc.value.message_dict["returns_on"][0]


def test_the_api_refuses_a_partly_concurrent_term_without_its_overlap(world):
    conviction = sexual(world, D(2010, 3, 1))
    one = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 3, 1), length_months=Decimal("12"))
    api = APIClient()
    api.force_authenticate(world.police)
    bad = api.post(f"/api/v1/nominals/{world.case.pk}/sentences/", {
        "conviction": conviction.pk, "kind": "custody", "sentenced_on": "2010-03-01", "length_months": "12",
        "runs": "partly_concurrent", "runs_with": one.pk}, format="json")
    assert bad.status_code == 400 and "how many months" in bad.json()["errors"]["overlap_months"][0]
    assert NotificationRequirement.objects.count() == 0


def test_the_pages_ask_for_the_new_facts(world, login, requirement):
    client = login(world.police)
    sentence_form = client.get(f"/orders/{world.case.pk}/sentences/new/").content.decode()
    assert "Runs with another term" in sentence_form and "Months the two terms run together" in sentence_form
    event_form = client.get(f"/orders/{world.case.pk}/notifications/new/").content.decode()
    assert "Address stayed at" in event_form and "Date of return" in event_form
    assert "Sexual risk order (SRO)" in client.get(f"/orders/{world.case.pk}/civil-orders/new/").content.decode()
    data = {"requirement": requirement.pk, "kind": "foreign_travel", "event_date_day": 10, "event_date_month": 6,
            "event_date_year": 2010, "returns_on_day": 9, "returns_on_month": 6, "returns_on_year": 2010, "notice": ""}
    page = client.post(f"/orders/{world.case.pk}/notifications/new/", data)
    assert page.status_code == 200 and "on or after the date of the change or event" in page.content.decode()
