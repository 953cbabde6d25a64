"""Recall: type and urgency apart, the fixed term by date and sentence length, licence time left, and the times
from revocation to arrest and return to custody, on the page, in the figures and in the API."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.core import reference
from mappa.orders import queries, rules, services
from mappa.orders.kinds import KINDS

D = datetime.date
UTC = datetime.UTC
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def add(w, slug, actor=None, **data):
    return services.create_record(actor=actor or w.om, nominal=w.case, kind=KINDS[slug], data=data)


def change(w, item, **data):
    return services.update_record(actor=w.om, item=item, data=data, version=item.version)


@pytest.fixture
def sentence(world):
    """Two years, released on licence 100 days ago, the licence running 265 days more."""
    conviction = add(world, "convictions", offence="Wounding", convicted_on=days(-500), violent=True)
    return add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=days(-500),
               length_months=Decimal("24"), custody_from=days(-500), release_kind="automatic", release_date=days(-100),
               released_on=days(-100), licence_start=days(-100), licence_end=days(265), sentence_expiry=days(265))


def recall(world, sentence, **data):
    base = {"sentence": sentence, "kind": "standard", "requested_on": days(-10), "requested_by": "Offender manager",
            "reason": "Risk escalating"}
    return add(world, "recalls", **(base | data))


# --- the rules, from the words of their sources ----------------------------------------------------


def table(bands, excluded=("extended", "life", "ipp")):
    return {"excluded_kinds": list(excluded), "bands": bands}


AFTER_2015 = table([{"under_months": 12, "days": 14}, {"days": 28}])


def test_the_fixed_term_was_28_days_from_return_to_prison_in_2008():
    """Criminal Justice Act 2003 s.255A(4), as inserted by the Criminal Justice and Immigration Act 2008 s.29:
    "automatic release" means "release at the end of the period of 28 days beginning with the date on which the
    prisoner is returned to prison". The period includes the day of return."""
    assert rules.fixed_term_days(kind="custody", custodial_months=6, table=table([{"days": 28}])) == 28
    assert rules.fixed_term_ends(D(2009, 3, 2), 28) == D(2009, 3, 29)


def test_since_2015_the_fixed_term_is_14_days_under_12_months_and_28_days_otherwise():
    """Criminal Justice Act 2003 ss.255B-255C as amended by the Offender Rehabilitation Act 2014 (in force
    1 February 2015): 14 days for a sentence of less than 12 months, 28 days in any other case."""
    assert rules.fixed_term_days(kind="custody", custodial_months=11.9, table=AFTER_2015) == 14
    assert rules.fixed_term_days(kind="custody", custodial_months=12, table=AFTER_2015) == 28
    assert rules.fixed_term_days(kind="custody", custodial_months=84, table=AFTER_2015) == 28


def test_an_extended_sentence_prisoner_has_no_fixed_term_recall():
    """Criminal Justice Act 2003 s.255A(2): the Secretary of State must, "on recalling a person other than an
    extended sentence prisoner", consider automatic release; life and IPP licences have no fixed term."""
    for kind in ("extended", "life", "ipp"):
        assert rules.fixed_term_days(kind=kind, custodial_months=84, table=AFTER_2015) is None


@given(st.floats(min_value=0.1, max_value=1200))
def test_every_determinate_sentence_has_a_fixed_term_of_14_or_28_days(months):
    assert rules.fixed_term_days(kind="custody", custodial_months=months, table=AFTER_2015) == (14 if months < 12 else 28)


def test_a_recall_needs_licence_time_left():
    """Criminal Justice Act 2003 s.254(1): the Secretary of State may "revoke his licence and recall him to
    prison"; with no licence left there is nothing to revoke (good practice 2009-2012, E2.2-25: "immediate recall
    to prison would have resulted in a final release without supervision")."""
    period = (D(2009, 3, 19), D(2010, 3, 18))
    assert rules.recall_licence_errors(period=period, requested_on=D(2010, 3, 18), revoked_on=D(2010, 3, 18)) == {}
    late = rules.recall_licence_errors(period=period, requested_on=D(2010, 3, 1), revoked_on=D(2010, 3, 19))
    assert late == {"decided_at": "No licence time remains: the licence ended on 18 March 2010, before the recall "
                                  "was revoked (19 March 2010)"}
    early = rules.recall_licence_errors(period=period, requested_on=D(2009, 3, 1), revoked_on=None)
    assert "had not started" in early["requested_on"]
    assert "sentence" in rules.recall_licence_errors(period=None, requested_on=D(2009, 3, 1), revoked_on=None)
    # A life licence has no end.
    assert rules.recall_licence_errors(period=(D(2009, 3, 19), None), requested_on=D(2040, 1, 1), revoked_on=None) == {}


def test_revocation_arrest_and_return_come_in_that_order_and_not_in_the_future():
    now = datetime.datetime(2026, 1, 10, 12, tzinfo=UTC)
    revoked = datetime.datetime(2026, 1, 5, 14, tzinfo=UTC)

    def errors(arrested=None, returned=None, revoked_at=revoked):
        return rules.recall_sequence_errors(
            revoked_at=revoked_at, revoked_on=revoked_at.date() if revoked_at else None, arrested_at=arrested,
            arrested_on=arrested.date() if arrested else None, returned_on=returned, now=now)

    assert errors(datetime.datetime(2026, 1, 5, 15, tzinfo=UTC), D(2026, 1, 6)) == {}
    assert "on or after the revocation" in errors(datetime.datetime(2026, 1, 5, 13, tzinfo=UTC))["arrested_at"]
    assert "now or in the past" in errors(datetime.datetime(2026, 1, 11, tzinfo=UTC))["arrested_at"]
    assert "on or after the arrest" in errors(datetime.datetime(2026, 1, 7, tzinfo=UTC), D(2026, 1, 6))["returned_to_custody_on"]
    assert "on or after the revocation" in errors(None, D(2026, 1, 4))["returned_to_custody_on"]
    assert "record the revocation first" in errors(datetime.datetime(2026, 1, 7, tzinfo=UTC), revoked_at=None)["arrested_at"]


def test_the_time_to_arrest_is_said_plainly_and_checked_against_the_target():
    assert rules.describe_minutes(45) == "45 minutes"
    assert rules.describe_minutes(60) == "1 hour"
    assert rules.describe_minutes(190) == "3 hours 10 minutes"
    assert rules.describe_minutes(26 * 60) == "26 hours"
    assert rules.describe_minutes(52 * 60) == "2 days 4 hours"
    assert rules.within_target(120, 2) and not rules.within_target(121, 2) and rules.within_target(None, 2) is None


def test_the_reference_data_says_where_each_number_comes_from(db):
    assert reference.value("orders.recall.fixed_term", D(2012, 1, 1))["bands"] == [{"days": 28}]
    assert reference.value("orders.recall.fixed_term", D(2015, 2, 1))["bands"][0] == {"under_months": 12, "days": 14}
    assert "s.255A" in reference.in_force("orders.recall.fixed_term", D(2009, 1, 1)).source
    assert reference.value("orders.recall.arrest_hours", D(2010, 1, 1)) == {"emergency": 2, "standard": 24}
    with pytest.raises(reference.MissingReferenceData):
        reference.value("orders.recall.fixed_term", D(2008, 7, 13))


# --- the service ----------------------------------------------------------------------------------


def test_an_emergency_fixed_term_recall_keeps_its_type_and_urgency_apart_and_its_times(world, sentence):
    item = recall(world, sentence, kind="fixed_term", urgency="emergency", decision="revoked",
                  decided_at=at(days(-10), 14), arrested_at=at(days(-10), 15, 30), returned_to_custody_on=days(-9))
    assert item.name == "Emergency fixed-term recall"
    assert (item.fixed_term_days, item.fixed_term_ends_on) == (28, days(-9) + datetime.timedelta(days=27))
    assert (item.arrest_target_hours, item.minutes_to_arrest, item.days_to_return) == (2, 90, 1)
    assert item.arrested_in_time and item.time_to_arrest == "1 hour 30 minutes"
    assert "s.255" in item.basis and "2 hours" in item.basis
    status = queries.legal_status(world.case, today=days(-5))
    assert status.lines[0].startswith("in custody on recall, release in") and status.release_date == item.fixed_term_ends_on


def test_a_recall_after_the_licence_has_ended_is_refused_and_nothing_saved(world, sentence):
    change(world, sentence, licence_end=days(-20), sentence_expiry=days(-20))
    with pytest.raises(ValidationError) as exc:
        recall(world, sentence, requested_on=days(-10))
    assert "No licence time remains" in exc.value.message_dict["requested_on"][0]
    assert not sentence.recalls.exists()


def test_an_arrest_before_the_revocation_is_refused(world, sentence):
    with pytest.raises(ValidationError) as exc:
        recall(world, sentence, decision="revoked", decided_at=at(days(-10), 14), arrested_at=at(days(-10), 9))
    assert "Arrest must be on or after the revocation" in exc.value.message_dict["arrested_at"][0]


def test_an_extended_sentence_cannot_be_recalled_for_a_fixed_term(world):
    conviction = add(world, "convictions", offence="Rape", convicted_on=days(-3000), sexual=True)
    extended = add(world, "sentences", conviction=conviction, kind="extended", sentenced_on=days(-3000),
                   length_months=Decimal("84"), extension_months=36, released_on=days(-300), licence_start=days(-300),
                   licence_end=days(700), sentence_expiry=days(-250 + 1000))
    with pytest.raises(ValidationError) as exc:
        recall(world, extended, kind="fixed_term")
    assert "cannot be recalled for a fixed term" in exc.value.message_dict["kind"][0]


def test_a_fixed_term_recall_before_fixed_terms_existed_is_refused(world):
    conviction = add(world, "convictions", offence="Burglary", convicted_on=D(2006, 1, 5))
    old = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2006, 1, 5),
              length_months=Decimal("24"), released_on=D(2007, 1, 4), licence_start=D(2007, 1, 4),
              licence_end=D(2008, 1, 4))
    with pytest.raises(ValidationError) as exc:
        recall(world, old, kind="fixed_term", requested_on=D(2007, 6, 1))
    assert exc.value.message_dict["kind"] == ["There was no fixed-term recall on 1 June 2007: choose a standard recall"]
    assert recall(world, old, requested_on=D(2007, 6, 1)).arrest_target_hours is None  # before the guidance


def test_the_page_the_figures_and_the_api_show_the_times(world, sentence, client):
    recall(world, sentence, urgency="emergency", decision="revoked", decided_at=at(days(-10), 14),
           arrested_at=at(days(-10), 17), returned_to_custody_on=days(-8))
    client.force_login(world.om)
    page = client.get(reverse("orders:list", args=[world.case.pk, "recalls"])).content.decode()
    assert "Revocation to arrest: 3 hours (target 2 hours)" in page and "Over target" in page
    assert "revocation to return to custody: 2 days" in page
    api = client.get(f"/api/v1/nominals/{world.case.pk}/recalls/").json()
    row = (api["results"] if isinstance(api, dict) else api)[0]
    assert (row["urgency"], row["minutes_to_arrest"], row["arrest_target_hours"], row["days_to_return"]) == \
        ("emergency", 180, 2, 2)
    start, end = rules.reporting_year(days(-10).year - (days(-10).month < 4), {"month": 4, "day": 1})
    groups = {g["title"]: {f.label: f.value for f in g["figures"]} for g in queries.annual_figures(world.om, start, end)}
    figures = groups["Recalls"]
    assert figures["Licences revoked on recall"] == 1
    assert figures["Emergency urgency: average hours from revocation to arrest"] == 3
    assert figures["Emergency urgency: arrested within the target time"] == 0
    assert figures["Emergency urgency: average days from revocation to return to custody"] == 2


def test_a_fixed_term_recall_recorded_before_terms_were_worked_out_gets_its_term(world, sentence):
    """Migration 0009 gives fixed-term recalls stored before the service worked the term out the term and
    its last day the service would give them now; a standard recall is left as it was."""
    import importlib

    from django.apps import apps

    from mappa.orders.models import Recall

    backfill = importlib.import_module("mappa.orders.migrations.0009_backfill_fixed_term_recalls")
    fixed = recall(world, sentence, kind="fixed_term", urgency="emergency", decision="revoked",
                   decided_at=at(days(-10), 9), arrested_at=at(days(-10), 10), returned_to_custody_on=days(-9))
    expected = (fixed.fixed_term_days, fixed.fixed_term_ends_on)
    Recall.objects.filter(pk=fixed.pk).update(fixed_term_days=None, fixed_term_ends_on=None, basis="")
    backfill.forwards(apps, None)
    fixed.refresh_from_db()
    assert (fixed.fixed_term_days, fixed.fixed_term_ends_on) == expected == (28, days(-9) + datetime.timedelta(days=27))
    assert "s.255" in fixed.basis
