"""The standard licence conditions of the Criminal Justice (Sentencing) (Licence Conditions) Order 2015: in the
catalogue from the day the Order came into force, so a licence issued before it keeps the set it was issued with."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from mappa.licences import rules, services

from .factories import NominalFactory

D = datetime.date
ORDER_IN_FORCE = D(2015, 3, 23)


@pytest.fixture
def case(db):
    """A person and their offender manager: all these tests need."""
    return NominalFactory()


def test_the_work_condition_is_in_the_words_of_the_2015_order(db):
    """Criminal Justice (Sentencing) (Licence Conditions) Order 2015 (SI 2015/337) art.3(2): "An offender must-
    ... (f) not undertake work, or a particular type of work, unless it is approved by the supervising officer and
    notify the supervising officer in advance of any proposal to undertake work or a particular type of work"."""
    entry = services.entry_for("work_approved", ORDER_IN_FORCE)
    assert entry.category == rules.STANDARD and entry.effective_from == ORDER_IN_FORCE
    assert entry.text == ("Not undertake work, or a particular type of work, unless it is approved by the supervising "
                          "officer and notify the supervising officer in advance of any proposal to undertake work or "
                          "a particular type of work.")
    assert "SI 2015/337" in entry.source and "art.3(2)" in entry.source and "(f)" in entry.source


def test_the_travel_condition_is_in_the_words_of_the_2015_order(db):
    """SI 2015/337 art.3(2)(g): "not travel outside the United Kingdom, the Channel Islands or the Isle of Man
    except with the prior permission of the supervising officer or for the purposes of immigration deportation or
    removal"."""
    entry = services.entry_for("travel_abroad", ORDER_IN_FORCE)
    assert entry.category == rules.STANDARD
    assert entry.text.startswith("Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except "
                                 "with the prior permission of the supervising officer")
    assert "(g)" in entry.source


def test_the_catalogue_before_the_order_has_neither(db):
    """The Order came into force on 23 March 2015 (art.1(1))."""
    before = {e.code for e in services.catalogue_in_force(ORDER_IN_FORCE - datetime.timedelta(days=1))}
    after = {e.code for e in services.catalogue_in_force(ORDER_IN_FORCE)}
    assert {"work_approved", "travel_abroad"} & before == set()
    assert after - before == {"work_approved", "travel_abroad"}


def entry(code, category, since):
    return rules.CatalogueEntry(code, code, category, code, effective_from=since)


CATALOGUE = [entry("keep_in_touch", "standard", D(2008, 4, 1)), entry("travel_abroad", "standard", ORDER_IN_FORCE),
             entry("curfew", "additional", D(2008, 4, 1))]


def test_a_standard_condition_is_the_one_prescribed_when_the_licence_was_issued():
    """Criminal Justice Act 2003 s.250(4)(a): the licence "must include the standard conditions" as prescribed
    when it is issued; a later Order's new standard condition is not one of an older licence's."""
    old = {"licence_start": D(2014, 6, 1), "added_on": D(2016, 1, 1)}
    assert rules.entry_for_licence(CATALOGUE, "travel_abroad", **old) is None
    assert rules.entry_for_licence(CATALOGUE, "keep_in_touch", **old).effective_from == D(2008, 4, 1)
    assert rules.entry_for_licence(CATALOGUE, "curfew", **old).code == "curfew"  # additional: wording of the day added
    new = {"licence_start": D(2015, 4, 1), "added_on": D(2016, 1, 1)}
    assert rules.entry_for_licence(CATALOGUE, "travel_abroad", **new).effective_from == ORDER_IN_FORCE
    # A licence older than the catalogue takes the standard conditions as the catalogue first has them.
    assert rules.entry_for_licence(CATALOGUE, "keep_in_touch", licence_start=D(2006, 1, 1), added_on=D(2016, 1, 1))


def test_an_older_licence_is_refused_the_new_standard_condition_with_a_plain_message(case):
    licence = services.create_licence(actor=case.manager, nominal=case, data={
        "kind": "standard", "start_date": D(2014, 6, 1), "end_date": D(2099, 6, 1), "issued_by": "HMP Brackford"})
    with pytest.raises(ValidationError) as exc:
        services.add_condition(actor=case.manager, licence=licence, code="travel_abroad")
    assert exc.value.message_dict["code"] == [
        "“Not travel outside the United Kingdom without permission” was not a standard condition when this licence "
        "started (1 June 2014): its standard conditions are those in force then"]
    assert not licence.conditions.exists()
    assert services.add_condition(actor=case.manager, licence=licence, code="keep_in_touch").wording_from == D(2008, 4, 1)
    newer = services.create_licence(actor=case.manager, nominal=case, data={
        "kind": "standard", "start_date": D(2016, 6, 1), "end_date": D(2099, 6, 1), "issued_by": "HMP Brackford"})
    added = services.add_condition(actor=case.manager, licence=newer, code="travel_abroad")
    assert added.text.startswith("Not travel outside the United Kingdom") and added.wording_from == ORDER_IN_FORCE


def test_the_form_offers_an_older_licence_only_the_conditions_it_may_take(case, client):
    old = {"licence_start": D(2014, 6, 1), "added_on": D(2016, 1, 1)}
    assert [e.code for e in rules.catalogue_for_licence(CATALOGUE, **old)] == ["keep_in_touch", "curfew"]
    licence = services.create_licence(actor=case.manager, nominal=case, data={
        "kind": "standard", "start_date": D(2014, 6, 1), "end_date": D(2099, 6, 1), "issued_by": "HMP Brackford"})
    offered = {e.code for e in _signed_in(client, case.manager).get(f"/licences/{licence.pk}/conditions/new/").context["entries"]}
    assert "keep_in_touch" in offered and "travel_abroad" not in offered and "work_approved" not in offered


def _signed_in(client, user):
    client.force_login(user)
    return client
