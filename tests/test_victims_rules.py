"""The victims part's rules, with golden examples from the Domestic Violence, Crime and Victims Act 2004."""
import datetime
from decimal import Decimal

from mappa.victims import rules

SCHEME = {"minimum_months": 12, "term_kinds": ["custody", "extended"], "any_length_kinds": ["life", "ipp"],
          "hospital_kinds": ["hospital_restriction"]}
TODAY = datetime.date(2026, 12, 5)


def eligible(**kw):
    args = {"victim_kind": "past", "sexual": False, "violent": True, "sentence_kind": "custody",
            "length_months": Decimal("24"), "scheme": SCHEME}
    return rules.contact_scheme_eligibility(**{**args, **kw})


def test_violent_offence_two_years_custody_is_within_the_scheme():
    """DVCVA 2004 s.35(2): "a person (the offender) is convicted of a relevant sexual or violent offence" and
    "a relevant sentence is passed"; s.45(1): "imprisonment for a term of 12 months or more". Seed 001: Dunmore,
    a knife attack on his former partner, two years."""
    assert eligible().eligible


def test_exactly_twelve_months_counts_and_eleven_does_not():
    """s.45(1): "12 months or more"."""
    assert eligible(length_months=Decimal("12")).eligible
    result = eligible(length_months=Decimal("11.9"))
    assert not result.eligible and "shorter than 12 months" in result.reasons[0]


def test_sexual_offence_life_or_ipp_counts_whatever_the_term():
    """s.45(1): a life sentence and indeterminate detention are relevant sentences (no term to measure)."""
    assert eligible(sexual=True, violent=False, sentence_kind="life", length_months=None).eligible
    assert eligible(sexual=True, violent=False, sentence_kind="ipp", length_months=None).eligible


def test_hospital_order_with_restrictions_counts():
    """ss.36-38: the victims of a mentally disordered offender given a hospital order with a restriction order
    (inspection 2010 ¶7.8: victims of mentally disordered offenders)."""
    assert eligible(sentence_kind="hospital_restriction", length_months=None).eligible


def test_not_sexual_or_violent_community_order_or_potential_victim_is_outside():
    """s.35(1)-(2): only a sexual or violent offence and a relevant sentence; the scheme is for the victim of the
    offence, so a potential victim (inspection 2010 ¶2.5, ¶7.31) is protected by other means."""
    assert not eligible(violent=False).eligible
    assert not eligible(sentence_kind="community").eligible
    assert not eligible(sentence_kind="suspended").eligible
    assert not eligible(sentence_kind=None).eligible
    assert not eligible(victim_kind="potential").eligible


def test_a_past_victim_needs_a_name_a_potential_one_a_name_or_description():
    """Inspection 2010 E-22: victims past and potential ("children of new partners, grandchildren, neighbours'
    children", ¶2.5, ¶7.31)."""
    base = {"is_child": False, "date_of_birth": None, "today": TODAY}
    assert "name" in rules.details_errors(kind="past", name=" ", description="", **base)
    assert "description" in rules.details_errors(kind="potential", name="", description="", **base)
    assert rules.details_errors(kind="potential", name="", description="Children of his new partner", **base) == {}


def test_a_child_by_date_of_birth_must_be_marked_a_child():
    errors = rules.details_errors(kind="past", name="A", description="", is_child=False,
                                  date_of_birth=datetime.date(2015, 1, 1), today=TODAY)
    assert "is_child" in errors
    assert rules.details_errors(kind="past", name="A", description="", is_child=True,
                                date_of_birth=datetime.date(2015, 1, 1), today=TODAY) == {}


def test_offer_and_answer_dates():
    """s.35(3)-(4): the board must find out whether the victim wishes to make representations and receive
    information: an offer, then the victim's answer (opt in or out), each with its date."""
    ok = rules.scheme_errors(kind="past", offered_on=datetime.date(2026, 1, 5), response="opted_in",
                             responded_on=datetime.date(2026, 1, 20), today=TODAY)
    assert ok == {}
    assert "scheme_offered_on" in rules.scheme_errors(kind="past", offered_on=None, response="opted_out",
                                                      responded_on=datetime.date(2026, 1, 20), today=TODAY)
    assert "scheme_responded_on" in rules.scheme_errors(kind="past", offered_on=datetime.date(2026, 1, 5),
                                                        response="opted_in", responded_on=None, today=TODAY)
    assert "scheme_responded_on" in rules.scheme_errors(kind="past", offered_on=datetime.date(2026, 1, 5),
                                                        response="opted_in", responded_on=datetime.date(2026, 1, 1),
                                                        today=TODAY)
    assert "scheme_offered_on" in rules.scheme_errors(kind="potential", offered_on=datetime.date(2026, 1, 5),
                                                      response="", responded_on=None, today=TODAY)


def test_a_refused_condition_request_needs_a_reason_and_a_date():
    """s.35(5)-(6): the victim may make representations about the licence conditions and is told the
    conditions; a request not granted needs a reason the victim can be given."""
    errors = rules.request_errors(requested_on=datetime.date(2026, 1, 5), details="No contact with me",
                                  outcome="refused", decided_on=None, reason="", today=TODAY)
    assert set(errors) == {"decided_on", "outcome_reason"}
    assert rules.request_errors(requested_on=datetime.date(2026, 1, 5), details="No contact", outcome="pending",
                                decided_on=None, reason="", today=TODAY) == {}


def test_others_are_told_only_how_many_and_whom_to_ask():
    assert rules.summary_for_others(1, "the Victim Liaison Team") == (
        "1 victim: details held by the victim liaison officer, ask the Victim Liaison Team.")
    assert rules.summary_for_others(0, "x") == "No victims are recorded."
