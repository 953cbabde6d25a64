"""Who sets a MAPPA level: the forum is checked against the level in the service, so the page and the API
refuse the same decisions, with the same plain message, and change nothing.

Sources: HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010),
seed 004 (shared/seeds/004_7b915c4657c0c680.txt), ¶4.4 and ¶4.26 and the Summary (line 127);
shared/domain/inspection-2010-sexual-offenders.md P-02 step 3 and F-020."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.arrangements import rules, services
from mappa.arrangements.models import LevelDecision, Meeting
from mappa.core import reference

TODAY = timezone.localdate()
D = datetime.timedelta(days=1)
# The guidance's table as loaded (arrangements migration 0009), repeated here as the golden example.
FORUMS_2009 = {"1": ["screening", "lead_agency", "meeting"], "2": ["meeting", "chair"], "3": ["meeting", "chair"]}


def date_post(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


# ---------------------------------------------------------------- golden examples from the guidance's words

@pytest.mark.django_db
def test_the_loaded_table_is_the_golden_one():
    assert reference.value("mappa.level.forums", datetime.date(2009, 4, 1)) == FORUMS_2009
    assert reference.value("mappa.level.forums", TODAY) == FORUMS_2009


@pytest.mark.parametrize("level", [2, 3])
def test_levels_2_and_3_are_set_at_a_mapp_meeting_or_by_its_chair(level):
    """¶4.4: level 1 is used where "it is not considered necessary to refer the case to a level 2 or 3 MAPP
    meeting"; level 2 and 3 cases are actively managed by the agencies through those meetings (level 3 "at a
    senior level by the responsible authority")."""
    assert rules.forum_errors(level=level, forum="meeting", allowed=FORUMS_2009) == {}
    assert rules.forum_errors(level=level, forum="chair", allowed=FORUMS_2009) == {}
    for alone in ("offender_manager", "lead_agency", "screening"):
        assert "forum" in rules.forum_errors(level=level, forum=alone, allowed=FORUMS_2009)


def test_a_level_3_decision_by_the_offender_manager_alone_is_refused_in_plain_words():
    """The practitioner's finding: a level 3 decision was accepted from the "offender manager alone"."""
    message = rules.forum_errors(level=3, forum="offender_manager", allowed=FORUMS_2009)["forum"]
    assert message == ("A level 3 decision is made at a level 2 or 3 MAPP meeting or by the chair of a level 2 or 3 "
                       "MAPP meeting out of meeting, not by the offender manager alone")


def test_level_1_is_set_after_screening_never_by_the_offender_manager_alone():
    """Summary (seed 004, line 127): "In some areas, the lead agency, or even the offender manager assumed
    responsibility for the decision to manage a case at level 1, whereas in other areas, all relevant sexual
    and violent offenders were referred to a structured multi-agency screening meeting"; ¶4.26: "a
    defensible and accountable process for the classification and management of MAPPA level 1 cases"."""
    for forum in ("screening", "lead_agency", "meeting"):
        assert rules.forum_errors(level=1, forum=forum, allowed=FORUMS_2009) == {}
    assert "not by the offender manager alone" in rules.forum_errors(level=1, forum="offender_manager",
                                                                      allowed=FORUMS_2009)["forum"]
    assert "forum" in rules.forum_errors(level=1, forum="chair", allowed=FORUMS_2009)


# ---------------------------------------------------------------- the service, the page and the API agree

@pytest.fixture
def case(world):
    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY - 30 * D,
                      basis="Wounding with intent: four years' imprisonment")
    return world


def test_the_service_refuses_level_3_from_the_offender_manager_alone_and_changes_nothing(case):
    before = LevelDecision.objects.count()
    with pytest.raises(ValidationError) as err:
        services.decide_level(actor=case.om, nominal=case.case, level=3, forum="offender_manager", decided_on=TODAY,
                              rationale="Needs senior involvement", information_considered="OASys")
    assert "not by the offender manager alone" in err.value.message_dict["forum"][0]
    assert LevelDecision.objects.count() == before


def test_the_chair_may_decide_level_3_out_of_meeting_recorded_as_such(case):
    decision = services.decide_level(actor=case.coordinator, nominal=case.case, level=3, forum="chair", decided_on=TODAY,
                                     rationale="Released tomorrow: surveillance needed before the next meeting",
                                     information_considered="Prison security reports")
    assert decision.forum == LevelDecision.Forum.CHAIR and decision.meeting is None
    assert decision.get_forum_display() == "Chair of the level 2 or 3 MAPP meeting, out of meeting"


def test_only_someone_who_may_chair_in_the_area_decides_out_of_meeting(case):
    with pytest.raises(ValidationError) as err:
        services.decide_level(actor=case.coordinator, nominal=case.case, level=2, forum="chair", decided_on=TODAY,
                              decided_by=case.housing, rationale="R", information_considered="I")
    assert "may chair" in err.value.message_dict["forum"][0]


def test_a_level_2_meeting_decides_level_2_and_may_step_a_case_down_to_level_1(case):
    m = services.arrange_meeting(actor=case.coordinator, kind=Meeting.Kind.LEVEL2, held_on=TODAY, venue="Room 2",
                                 chair=case.coordinator)
    services.add_to_agenda(actor=case.coordinator, meeting=m, nominal=case.case)
    for level in (2, 1):
        services.decide_level(actor=case.coordinator, nominal=case.case, level=level, forum="meeting", meeting=m,
                              decided_on=TODAY, rationale="Reviewed", information_considered="OASys")
    assert LevelDecision.objects.filter(nominal=case.case).count() == 2


def test_level_1_by_the_lead_agency_alone_is_decided_by_someone_of_that_agency(case):
    """¶4.26 and the Summary: level 1 "alone" is the lead agency's decision (the lead agency named when the
    person was identified); police may not record it as probation's, and a co-ordinator records it only
    for someone of the lead agency."""
    lead = services.current_eligibility(case.case).lead_agency
    assert case.om.agency_id == lead.pk and case.police.agency_id != lead.pk
    before = LevelDecision.objects.count()
    with pytest.raises(ValidationError) as err:
        services.decide_level(actor=case.police, nominal=case.case, level=1, forum="lead_agency", decided_on=TODAY,
                              rationale="Managed by one agency", information_considered="OASys")
    assert err.value.message_dict["forum"] == [f"A decision by the lead agency alone is made by someone of {lead.name}, "
                                               "the lead agency for this case"]
    assert LevelDecision.objects.count() == before
    decision = services.decide_level(actor=case.coordinator, nominal=case.case, level=1, forum="lead_agency",
                                     decided_on=TODAY, decided_by=case.om, rationale="Managed by one agency",
                                     information_considered="OASys")
    assert decision.decided_by == case.om


def test_where_the_area_requires_it_the_lead_agency_decides_level_1_only_after_screening(case):
    """¶4.26 (a defensible process for level 1) and the Summary (areas that sent every case to a multi-agency
    screening meeting): a policy an area may adopt from a date, as reference data. The guidance's own row does
    not require it."""
    from mappa.core.models import ReferenceSetting

    assert reference.value("mappa.level1.screening_first", TODAY) == {"required": False}
    ReferenceSetting.objects.create(key="mappa.level1.screening_first", effective_from=TODAY - 10 * D,
                                    value={"required": True}, source="Area policy", description="Screening first")
    decide = dict(actor=case.om, nominal=case.case, level=1, forum="lead_agency", decided_on=TODAY,
                  rationale="Managed by one agency", information_considered="OASys")
    with pytest.raises(ValidationError) as err:
        services.decide_level(**decide)
    assert "after a multi-agency screening of the case" in err.value.message_dict["forum"][0]
    assert not LevelDecision.objects.filter(nominal=case.case).exists()
    # A decision dated before the policy started is judged by the policy of its day.
    assert services.decide_level(**{**decide, "decided_on": TODAY - 20 * D}).level == 1
    m = services.arrange_meeting(actor=case.coordinator, kind=Meeting.Kind.SCREENING, held_on=TODAY, venue="Room 1",
                                 chair=case.coordinator)
    services.add_to_agenda(actor=case.coordinator, meeting=m, nominal=case.case)
    assert services.decide_level(**decide).forum == LevelDecision.Forum.LEAD_AGENCY


def test_a_decision_dated_before_the_guidance_is_refused_on_its_date(case):
    with pytest.raises(ValidationError) as err:
        services.decide_level(actor=case.om, nominal=case.case, level=1, forum="lead_agency",
                              decided_on=datetime.date(2008, 1, 1), rationale="R", information_considered="I")
    assert "decided_on" in err.value.message_dict


def test_the_page_refuses_level_3_from_the_offender_manager_alone(case, login):
    before = LevelDecision.objects.count()
    response = login(case.om).post(f"/mappa/people/{case.case.pk}/level/", {
        "level": "3", "forum": "offender_manager", **date_post("decided_on", TODAY), "rationale": "Senior involvement",
        "information_considered": "OASys"})
    assert response.status_code == 200
    assert "not by the offender manager alone" in response.content.decode()
    assert LevelDecision.objects.count() == before


def test_the_page_offers_only_the_forums_in_force_saying_which_levels_each_sets(case, login):
    page = login(case.om).get(f"/mappa/people/{case.case.pk}/level/").content.decode()
    assert 'value="offender_manager"' not in page
    assert "Lead agency alone, after screening (level 1)" in page
    assert "Chair of the level 2 or 3 MAPP meeting, out of meeting (levels 2 or 3)" in page
    assert "Level 2 or 3 MAPP meeting (levels 1, 2 or 3)" in page


def test_the_api_refuses_level_3_from_the_offender_manager_alone_with_the_same_words(case, login):
    url = f"/api/v1/mappa/people/{case.case.pk}/level-decisions/"
    before = LevelDecision.objects.count()
    refused = login(case.om).post(url, {"level": 3, "forum": "offender_manager", "decided_on": str(TODAY),
                                        "rationale": "Senior involvement", "information_considered": "OASys"},
                                  content_type="application/json")
    assert refused.status_code == 400
    assert "not by the offender manager alone" in refused.json()["errors"]["forum"][0]
    assert LevelDecision.objects.count() == before
    ok = login(case.om).post(url, {"level": 1, "forum": "lead_agency", "decided_on": str(TODAY),
                                   "rationale": "Manageable by probation", "information_considered": "OASys"},
                             content_type="application/json")
    assert ok.status_code == 201 and ok.json()["forum"] == "lead_agency"
