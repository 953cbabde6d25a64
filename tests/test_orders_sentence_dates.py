"""Release and licence expiry dates are copied in, not worked out: each keeps where it came from, and is checked
against the sentence (no release before the sentence, no licence past the sentence but for an extended one's
extension period)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mappa.licences import services as licences
from mappa.orders import rules, services
from mappa.orders.kinds import KINDS

D = datetime.date


def add(w, slug, **data):
    return services.create_record(actor=w.om, nominal=w.case, kind=KINDS[slug], data=data)


@pytest.fixture
def conviction(world):
    return add(world, "convictions", offence="Robbery", convicted_on=D(2010, 1, 4), violent=True)


def dates(**given):
    base = {"sentenced_on": D(2010, 1, 4), "release_date": None, "released_on": None, "licence_end": None,
            "sentence_expiry": None, "extended": False, "extension_months": None}
    return rules.sentence_date_errors(**(base | given))


def test_no_release_before_the_date_of_sentence_but_release_from_court_on_the_day_counts():
    """Good practice 2009-2012 (seed 003 line 269, E2.2-02): "At the point of sentence he was released immediately
    on licence from court"."""
    assert dates(release_date=D(2010, 1, 4), released_on=D(2010, 1, 4)) == {}
    errors = dates(release_date=D(2010, 1, 3), released_on=D(2009, 12, 1))
    assert errors == {"release_date": "The expected release date cannot be before the date of sentence (4 January 2010)",
                      "released_on": "The date actually released cannot be before the date of sentence (4 January 2010)"}


def test_a_licence_expires_no_later_than_the_sentence():
    """Criminal Justice Act 2003 s.249(1): the licence shall "remain in force for the remainder of his sentence"."""
    assert dates(licence_end=D(2012, 1, 3), sentence_expiry=D(2012, 1, 3)) == {}
    assert dates(licence_end=D(2012, 1, 4), sentence_expiry=D(2012, 1, 3)) == {"licence_end": (
        "The licence cannot expire after the sentence expiry date (3 January 2012): only an extended sentence's "
        "licence runs on past it")}


def test_an_extended_sentence_licence_runs_on_for_its_extension_period_and_no_longer():
    """Criminal Justice Act 2003 s.226A(5): an extended sentence is the custodial term and "a further period (the
    'extension period') for which the offender is to be subject to a licence"."""
    extended = {"sentence_expiry": D(2017, 1, 3), "extended": True}
    assert dates(licence_end=D(2020, 1, 3), extension_months=36, **extended) == {}
    assert dates(licence_end=D(2020, 1, 4), extension_months=36, **extended)["licence_end"] == (
        "The licence can run at most the 3 years extension past the sentence expiry date: expire on or before "
        "3 January 2020")
    assert "Enter the extended licence in months" in dates(licence_end=D(2018, 1, 1), **extended)["extension_months"]


def test_a_source_is_given_only_with_its_date():
    assert rules.source_errors(None, "parole_board", field="release_date_source", what="expected release date") == {
        "release_date_source": "Enter the expected release date, or leave where it comes from empty"}
    assert rules.source_errors(D(2010, 1, 1), "", field="release_date_source", what="expected release date") == {}


def test_the_service_keeps_where_the_dates_came_from_and_refuses_dates_that_contradict_the_sentence(world, conviction):
    sentence = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 1, 4),
                   length_months=Decimal("48"), release_date=D(2012, 1, 3), release_date_source="prison_calculation",
                   licence_start=D(2012, 1, 3), licence_end=D(2014, 1, 3), licence_end_source="prison_calculation",
                   sentence_expiry=D(2014, 1, 3))
    assert (sentence.release_date_source, sentence.get_licence_end_source_display()) == \
        ("prison_calculation", "The prison's sentence calculation")
    with pytest.raises(ValidationError) as exc:
        services.update_record(actor=world.om, item=sentence, version=sentence.version,
                               data={"licence_end": D(2015, 1, 3), "licence_end_source": "parole_board"})
    assert "cannot expire after the sentence expiry date" in exc.value.message_dict["licence_end"][0]
    sentence.refresh_from_db()
    assert sentence.licence_end == D(2014, 1, 3) and sentence.licence_end_source == "prison_calculation"
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 1, 4),
            length_months=Decimal("12"), release_date=D(2009, 6, 1), release_date_source="court")
    assert "cannot be before the date of sentence" in exc.value.message_dict["release_date"][0]


def test_the_page_and_the_api_say_where_the_dates_came_from(world, conviction, client):
    add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 1, 4),
        length_months=Decimal("48"), release_date=D(2012, 1, 3), release_date_source="parole_board")
    client.force_login(world.om)
    page = client.get(reverse("orders:list", args=[world.case.pk, "sentences"])).content.decode()
    assert "Release due 3 January 2012 (from the parole board&#x27;s direction)" in page
    api = client.get(f"/api/v1/nominals/{world.case.pk}/sentences/").json()
    row = (api["results"] if isinstance(api, dict) else api)[0]
    assert row["release_date_source"] == "parole_board" and row["licence_end_source"] == ""


def test_a_licence_keeps_where_its_typed_dates_came_from_and_a_linked_one_takes_the_sentences(world, conviction):
    typed = licences.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": D(2012, 1, 3), "end_date": D(2014, 1, 3), "start_date_source": "licence",
        "end_date_source": "prison_calculation", "issued_by": "HMP Brackford"})
    assert (typed.start_date_source, typed.end_date_source) == ("licence", "prison_calculation")
    sentence = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 1, 4),
                   length_months=Decimal("48"), released_on=D(2012, 1, 3), licence_start=D(2012, 1, 3),
                   licence_end=D(2014, 1, 3), licence_end_source="prison_calculation", sentence_expiry=D(2014, 1, 3))
    linked = licences.update_licence(actor=world.om, licence=typed, data={"sentence": sentence.pk}, version=typed.version)
    assert linked.sentence_id == sentence.pk and (linked.start_date_source, linked.end_date_source) == ("", "")
