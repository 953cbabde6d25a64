"""MAPPA Category 2: a specified violent or sexual offence with a qualifying sentence, while the person is
subject to it.

Sources: Criminal Justice Act 2003 s.327(3)-(5) and Schedule 15 (the text from 5 April 2004; s.327(5)
repealed, taken as from 17 June 2013); HMI Probation/HMIC, Restriction and Rehabilitation (June 2010),
seed 004 (shared/seeds/004_7b915c4657c0c680.txt) ¶4.3, and its catalogue (shared/domain/
inspection-2010-sexual-offenders.md) V-03 and T-09; Essex MAPPA annual report 2008/09, seed 002
(shared/seeds/002_2dd56474f4801779.txt, line 355, "Who are the MAPPA offenders?")."""
import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.arrangements import rules, services
from mappa.arrangements.models import Eligibility
from mappa.core import facts as core_facts
from mappa.core import reference
from mappa.core.facts import Disposal, Facts, Flag, Sanction, Source
from mappa.core.reference import MissingReferenceData
from mappa.orders import rules as orders_rules
from mappa.orders import services as orders_services
from mappa.orders.kinds import KINDS

D = datetime.date
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LAW = importlib.import_module("mappa.arrangements.migrations.0010_category2_law")


def category2_law(on: datetime.date) -> rules.Category2Law:
    """The law as the reference rows loaded by the migration give it on `on` (the latest row of each key)."""
    def value(key):
        rows = [r for r in LAW.ROWS if r["key"] == key and r["effective_from"] <= on]
        return max(rows, key=lambda r: r["effective_from"])["value"]
    return rules.Category2Law(value("mappa.category2.minimum_custody_months"),
                              value("mappa.category2.specified_offences"),
                              value("mappa.category2.disqualification_counts"))


SENTENCED, LICENCE_ENDS = D(2025, 1, 6), D(2029, 1, 5)


def custody(months, imposed_on=SENTENCED, ends_on=LICENCE_ENDS, **kw):
    return Disposal("custody", imposed_on, custodial_months=months, ends_on=ends_on, source=Source("Sentence"), **kw)


def conviction(code="005/01", offence="Wounding with intent", disposals=(), date=SENTENCED, **kw):
    return Sanction(date=date, kind="conviction", offence_code=code, offence=offence, disposals=tuple(disposals),
                    source=Source(f"Conviction: {offence}"), **kw)


def propose(*sanctions, on=None, **facts):
    on = on or D(2026, 11, 23)
    return rules.proposed_category(Facts(sanctions=sanctions, **facts), on=on, law=category2_law(on))


# ---------------------------------------------------------------- golden examples from the Act's words

def test_a_specified_offence_with_twelve_months_custody_is_category_2_while_subject_to_it():
    """s.327(3): "convicted ... of murder or an offence specified in Schedule 15" and "a sentence of
    imprisonment for a term of 12 months or more"; ¶4.3: "sexual and other violent offenders who receive a
    sentence of imprisonment of 12 months or more" (catalogue T-09)."""
    proposal = propose(conviction(disposals=[custody(12, ends_on=D(2027, 1, 5))]))
    assert proposal.category == 2
    assert proposal.reasons[0].text == ("Wounding with intent (005/01, Wounding with intent and other acts endangering "
                                        "life), 6 January 2025: 12 months' custody (at least 12), until 5 January 2027")
    assert proposal.reasons[0].source == Source("Sentence")


def test_eleven_months_is_not_enough_and_life_always_is():
    """s.327(3)(b)(i) "12 months or more"; (iii)-(iv), (vi): detention during Her Majesty's pleasure and for public
    protection count whatever their length."""
    assert propose(conviction(disposals=[custody(11)])).category is None
    life = custody(None, ends_on=None, indeterminate=True)
    proposal = propose(conviction(disposals=[life]))
    assert proposal.category == 2 and "for life or until the licence is ended" in proposal.reasons[0].text


def test_a_twelve_month_sentence_from_2000_whose_licence_ended_is_not_category_2_in_2024():
    """The practitioner's finding: a 12-month sentence passed in 2000 was proposed as Category 2 in a 2024
    case. Eligibility lasts while the person is subject to the sentence, licence or order (MAPPA Guidance,
    identification chapter; Eligibility.EndReason "Licence or supervision ended")."""
    old = custody(12, imposed_on=D(2000, 3, 1), ends_on=D(2001, 2, 28))
    proposal = propose(conviction(disposals=[old], date=D(2000, 3, 1)), on=D(2024, 5, 1))
    assert proposal.category is None
    assert "ended 28 February 2001: no longer makes Category 2" in proposal.notes[0].text
    assert proposal.ending == rules.Ending(D(2001, 2, 28), "licence_ended", "The sentence, licence or order that made "
                                           "this person Category 2 ended on 28 February 2001")
    # The same sentence passed in 2010 made Category 2 while its licence ran.
    later = custody(12, imposed_on=D(2010, 3, 1), ends_on=D(2011, 2, 28))
    assert propose(conviction(disposals=[later], date=D(2010, 3, 1)), on=D(2010, 9, 1)).category == 2


def test_theft_with_a_hospital_order_is_not_category_2():
    """s.327(3)(b)(viii): "a hospital or guardianship order" counts only for murder or an offence specified in
    Schedule 15; the practitioner found "theft + hospital order = Category 2"."""
    hospital = Disposal("hospital", D(2025, 1, 6))
    assert propose(conviction(code="049/06", offence="Theft from a shop", disposals=[hospital])).category is None
    # A hospital order flagged on its own, not tied to a specified offence, proposes nothing either.
    assert propose(hospital_or_guardianship_order=Flag(True)).category is None


def test_a_hospital_or_guardianship_order_for_a_specified_offence_is_category_2_until_it_ends():
    """s.327(3)(b)(viii) and (4)(b); ¶4.3: "It includes those detained under hospital orders or guardianship orders"."""
    proposal = propose(conviction(disposals=[Disposal("guardianship", D(2025, 1, 6))]))
    assert proposal.category == 2 and "a guardianship order, while it lasts" in proposal.reasons[0].text
    ended = propose(conviction(disposals=[Disposal("hospital", D(2020, 1, 6), ends_on=D(2023, 1, 5))]))
    assert ended.category is None and ended.ending.reason == "order_ended"


def test_the_violent_tick_box_alone_does_not_make_category_2():
    """Schedule 15 is a list: the offence is matched against it by its Home Office code. A conviction marked
    violent whose code is not specified is shown as a note; confirming Category 2 for it needs a basis."""
    proposal = propose(conviction(code="", offence="Assault", violent=True, disposals=[custody(24)]))
    assert proposal.category is None
    assert "is marked as a sexual or violent offence, but is not among the offences specified" in proposal.notes[0].text
    assert "basis" in rules.confirmation_errors(proposal, category=2, basis="", link_to_risk="")
    assert rules.confirmation_errors(proposal, category=2, basis="Assault with intent to rob: Schedule 15 para 31",
                                     link_to_risk="") == {}
    # A specified offence counts whether or not the box was ticked.
    assert propose(conviction(violent=False, disposals=[custody(24)])).category == 2


def test_a_conviction_abroad_does_not_make_category_2():
    """s.327(3)(a): "convicted by a court in England or Wales"."""
    proposal = propose(conviction(abroad=True, violent=True, disposals=[custody(36)]))
    assert proposal.category is None and "a conviction abroad" in proposal.notes[0].text


def test_offence_codes_match_a_whole_class_or_one_offence():
    specified = category2_law(TODAY).specified
    assert rules.specified_group("005/01", specified)["part"] == "violent"  # class 005
    assert rules.specified_group("008/01", specified)["name"].startswith("Malicious wounding")
    assert rules.specified_group("008/06", specified) is None  # same class, an offence not listed
    assert rules.specified_group("0050/1", specified) is None and rules.specified_group("", specified) is None
    assert rules.specified_group("019/11", specified)["part"] == "sexual"


def test_disqualification_from_working_with_children_counts_only_until_its_repeal():
    """s.327(5) (disqualification under the Criminal Justice and Court Services Act 2000 ss.28-29), repealed:
    s.327(1) now reads "subsections (2) to (4)"; seed 002, line 355: Category 2 "also includes ... offenders
    disqualified from working with children" (2008/09)."""
    flag = Flag(True, Source("Sentence"), since=D(2008, 1, 1))
    assert propose(disqualified_from_working_with_children=flag, on=D(2013, 6, 16)).category == 2
    assert propose(disqualified_from_working_with_children=flag, on=D(2013, 6, 17)).category is None


def test_how_long_a_person_is_subject_to_a_sentence():
    """The licence expiry or sentence expiry date, whichever is later (an extended licence runs past the
    sentence); with neither recorded, the term and any extension from the start of custody (an estimate);
    life with neither, no end; an order, its end date."""
    start = D(2020, 1, 10)
    common = dict(custodial=True, indeterminate=False, started_on=start, length_months=Decimal("84"), extension_months=36,
                  order_end=None)
    assert orders_rules.subject_until(**common, licence_end=D(2030, 1, 9), sentence_expiry=D(2027, 1, 9)) == (D(2030, 1, 9), False)
    assert orders_rules.subject_until(**common, licence_end=None, sentence_expiry=None) == (D(2029, 12, 9) + DAY * 31, True)
    life = dict(common, indeterminate=True, length_months=None, extension_months=None)
    assert orders_rules.subject_until(**life, licence_end=None, sentence_expiry=None) == (None, False)
    order = dict(common, custodial=False, order_end=D(2022, 5, 1))
    assert orders_rules.subject_until(**order, licence_end=None, sentence_expiry=None) == (D(2022, 5, 1), False)


@given(code=st.sampled_from(["005/01", "034/02", "019/11", "049/06", "008/06", ""]),
       months=st.one_of(st.none(), st.integers(min_value=1, max_value=120)),
       ends=st.one_of(st.none(), st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1))),
       violent=st.booleans(), on=st.dates(min_value=D(2014, 1, 1), max_value=D(2035, 1, 1)))
def test_category_2_exactly_when_specified_qualifying_and_current(code, months, ends, violent, on):
    imposed = D(2010, 1, 1)
    ends = ends if ends is None or ends >= imposed else imposed
    proposal = propose(conviction(code=code, violent=violent, date=imposed,
                                  disposals=[custody(months, imposed_on=imposed, ends_on=ends)]), on=on)
    specified = code in ("005/01", "034/02", "019/11")
    qualifying = months is not None and months >= 12
    current = ends is None or ends >= on
    assert (proposal.category == 2) == (specified and qualifying and current)
    assert (proposal.ending is not None) == (specified and qualifying and not current)


# ---------------------------------------------------------------- reference data: one threshold, with its dates

@pytest.mark.django_db
def test_the_threshold_is_held_once_with_its_dates():
    assert reference.value("mappa.category2.minimum_custody_months", D(2004, 4, 5)) == 12
    assert reference.value("mappa.category2.minimum_custody_months", TODAY) == 12
    with pytest.raises(MissingReferenceData):
        reference.value("mappa.category2.minimum_custody_months", D(2004, 4, 4))
    with pytest.raises(MissingReferenceData):
        reference.value("orders.category2.custody_months", TODAY)  # the copy the orders part held is gone
    assert reference.value("mappa.category2.specified_offences", TODAY) == LAW.ROWS[1]["value"]
    assert reference.value("mappa.category2.disqualification_counts", D(2013, 6, 16)) is True
    assert reference.value("mappa.category2.disqualification_counts", D(2013, 6, 17)) is False


# ---------------------------------------------------------------- the records, the services, the page and the API

def add(w, slug, actor=None, **data):
    return orders_services.create_record(actor=actor or w.om, nominal=w.case, kind=KINDS[slug], data=data)


def old_sentence(w):
    """A 12-month sentence passed in 2005 for wounding (class 005), its licence long ended (the records of the
    orders part start with the notification rules of 2004)."""
    c = add(w, "convictions", kind="conviction", offence_code="005/01", offence="Wounding with intent",
            convicted_on=D(2005, 3, 1), violent=True)
    add(w, "sentences", conviction=c, kind="custody", sentenced_on=D(2005, 3, 1), length_months=Decimal("12"),
        custody_from=D(2005, 3, 1), released_on=D(2005, 9, 1), licence_start=D(2005, 9, 1),
        licence_end=D(2006, 2, 28), sentence_expiry=D(2006, 2, 28))
    return c


def test_the_orders_facts_carry_each_sentence_and_how_long_it_lasts(world):
    c = add(world, "convictions", kind="conviction", offence_code="005/01", offence="Wounding with intent",
            convicted_on=TODAY - 400 * DAY)
    add(world, "sentences", conviction=c, kind="custody", sentenced_on=TODAY - 400 * DAY, length_months=Decimal("36"))
    sanction = core_facts.facts_for(world.om, world.case).convictions[0]
    disposal = sanction.disposals[0]
    assert (disposal.kind, disposal.custodial_months, disposal.ends_on_estimated) == ("custody", 36.0, True)
    assert disposal.ends_on == orders_rules.period_end(TODAY - 400 * DAY, months=36)
    assert services.proposal_for(world.om, world.case).category == 2


def test_confirming_category_2_on_an_ended_sentence_needs_a_basis_on_the_service_and_the_api(world, login):
    old_sentence(world)
    with pytest.raises(ValidationError) as err:
        services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY)
    assert "say what it is based on" in err.value.message_dict["basis"][0]
    refused = login(world.om).post(f"/api/v1/mappa/people/{world.case.pk}/eligibility/",
                                   {"category": 2, "identified_on": str(TODAY)}, content_type="application/json")
    assert refused.status_code == 400 and "say what it is based on" in refused.json()["errors"]["basis"][0]
    assert not Eligibility.objects.filter(nominal=world.case).exists()


def test_the_identify_page_shows_why_an_old_sentence_no_longer_counts(world, login):
    old_sentence(world)
    page = login(world.om).get(f"/mappa/people/{world.case.pk}/identify/").content.decode()
    assert "The system proposes: No category proposed" in page
    assert "ended 28 February 2006: no longer makes Category 2" in page


def test_a_category_2_episode_whose_licence_has_ended_asks_to_be_ended_with_its_reason(world, login):
    c = add(world, "convictions", kind="conviction", offence_code="034/01", offence="Robbery", convicted_on=TODAY - 900 * DAY)
    sentence = add(world, "sentences", conviction=c, kind="custody", sentenced_on=TODAY - 900 * DAY,
                   length_months=Decimal("24"), licence_end=TODAY + 10 * DAY, sentence_expiry=TODAY + 10 * DAY)
    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY - 800 * DAY)
    client = login(world.om)
    assert "category2-ended" not in client.get(f"/mappa/people/{world.case.pk}/").content.decode()
    orders_services.update_record(actor=world.om, item=sentence, version=sentence.version,
                                  data={"licence_end": TODAY - 5 * DAY, "sentence_expiry": TODAY - 5 * DAY})
    page = client.get(f"/mappa/people/{world.case.pk}/").content.decode()
    assert "The sentence, licence or order that made this person Category 2 ended on" in page
    form = client.get(f"/mappa/people/{world.case.pk}/end/").content.decode()
    assert 'value="licence_ended" selected' in form
