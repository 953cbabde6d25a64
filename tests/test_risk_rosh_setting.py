"""Risk of serious harm by setting: each group is rated only where it applies (risk to prisoners only in custody),
and the headline follows where the person is now. Reference data: risk.rosh.groups_by_setting (OASys RoSH summary;
Probation Circular 36/2006: "If the offender is in custody the assessment of risk of serious harm must be
undertaken on the basis that release could be imminent")."""
import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mappa.core import facts
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS as ORDER_KINDS
from mappa.risk import rules, services
from mappa.risk.models import Assessment, RiskType, Tool
from tests.test_risk_services import TODAY, train

GROUPS = importlib.import_module("mappa.risk.migrations.0005_rosh_groups_by_setting").ROWS[0]["value"]
LEVELS = {"children": {"community": "medium", "custody": "low"}, "staff": {"custody": "high"},
          "prisoners": {"custody": "very_high"}}
NARRATIVE = {"who_at_risk": "Girls aged 10-14", "nature_of_harm": "Sexual abuse", "imminence": "Not imminent",
             "risk_increased_by": "Drinking", "risk_reduced_by": "Work"}


def test_risk_to_prisoners_is_rated_only_in_custody():
    assert "prisoners" in GROUPS["custody"] and "prisoners" not in GROUPS["community"]
    assert rules.out_of_setting({"prisoners": {"community": "high", "custody": "low"}}, GROUPS) == [("prisoners", "community")]
    assert rules.out_of_setting({"prisoners": {"community": "high"}}, None) == []  # no rule in force: nothing refused


def test_the_headline_is_the_highest_rating_for_the_setting_the_person_is_in():
    assert rules.rosh_headline(LEVELS, rules.COMMUNITY, GROUPS) == "medium"  # custody ratings never mix in
    assert rules.rosh_headline(LEVELS, rules.CUSTODY, GROUPS) == "very_high"
    old = {"prisoners": {"community": "very_high"}, "public": {"community": "low"}}
    assert rules.rosh_headline(old, rules.COMMUNITY, GROUPS) == "low"  # an old out-of-setting rating is left out
    assert rules.rosh_headline({"public": {"custody": "high"}}, rules.COMMUNITY, GROUPS) == ""
    assert rules.setting_now(True) == rules.CUSTODY and rules.setting_now(False) == rules.COMMUNITY


def rosh(world, levels=LEVELS):
    train(world, world.om, tool=Tool.OASYS)
    a = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                   assessed_on=TODAY, rosh_levels=levels, narrative=NARRATIVE)
    services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    return a


def test_a_rating_of_risk_to_prisoners_in_the_community_is_refused_by_name(world):
    train(world, world.om, tool=Tool.OASYS)
    with pytest.raises(ValidationError) as e:
        services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                   assessed_on=TODAY, rosh_levels={"prisoners": {"community": "high"}})
    assert e.value.message_dict["rosh_prisoners_community"] == [
        "Risk to prisoners is not rated in the community: leave it blank."]
    assert not Assessment.objects.exists()


def test_the_form_asks_about_prisoners_only_in_custody(world, login):
    page = login(world.om).get(f"/risk/people/{world.case.pk}/new/rosh/")
    assert page.status_code == 200
    assert "rosh_prisoners_custody" in page.context["form"].fields
    assert "rosh_prisoners_community" not in page.context["form"].fields


def test_the_headline_follows_the_person_into_custody(world, login):
    a = rosh(world)
    assert facts.facts_for(world.om, world.case).rosh == "medium"
    conviction = orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["convictions"], data=dict(
        offence="Wounding", convicted_on=TODAY - datetime.timedelta(days=10), violent=True))
    orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["sentences"], data=dict(
        conviction=conviction, kind="custody", sentenced_on=TODAY - datetime.timedelta(days=10), length_months=Decimal("24"),
        custody_from=TODAY - datetime.timedelta(days=10)))
    assert facts.facts_for(world.om, world.case).rosh == "very_high"
    client = login(world.om)
    page = client.get(f"/risk/assessments/{a.pk}/")
    assert page.context["rosh"]["headline"] == "very_high" and page.context["rosh"]["setting"] == "in custody"
    # The API gives the same headline as the page, beside the level stored when it was recorded.
    one = client.get(f"/api/v1/nominals/{world.case.pk}/assessments/{a.pk}/").json()
    assert (one["level"], one["headline"], one["headline_setting"]) == ("medium", "very_high", "in custody")
    [listed] = client.get(f"/api/v1/nominals/{world.case.pk}/assessments/").json()
    assert listed["headline"] == "very_high"


def test_a_stored_rating_of_risk_to_prisoners_in_the_community_still_shows_and_is_not_counted(world, login):
    a = rosh(world, {"public": {"community": "low"}})
    # A row stored before such ratings were refused.
    Assessment.objects.filter(pk=a.pk).update(rosh_levels={"public": {"community": "low"}, "prisoners": {"community": "very_high"}},
                                              level="very_high")
    assert facts.facts_for(world.om, world.case).rosh == "low"
    page = login(world.om).get(f"/risk/assessments/{a.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and page.context["rosh"]["headline"] == "low"
    assert "Not counted: this group is not rated here" in body
    panel = login(world.om).get(f"/risk/people/{world.case.pk}/")
    row = next(r for r in panel.context["rows"] if r["risk_type"] == RiskType.ROSH)
    assert row["headline"] == "low" and row["not_counted"] == ["prisoners, in the community"]
    assert "Not counted: prisoners, in the community" in panel.content.decode()


def test_a_caseload_reads_each_persons_latest_rosh_only(world):
    """The work list's facts for many people take each one's latest completed assessment, as one person's do."""
    rosh(world, {"public": {"community": "very_high"}})
    later = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                       assessed_on=TODAY, rosh_levels={"public": {"community": "low"}}, narrative=NARRATIVE)
    services.complete_assessment(actor=world.om, assessment=later, version=later.version)
    draft = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                       assessed_on=TODAY, rosh_levels={"public": {"community": "high"}}, narrative=NARRATIVE)
    assert draft.status == Assessment.Status.DRAFT
    many = facts.facts_for_many(world.om, [world.case, world.elsewhere])
    assert many[world.case.pk].rosh == "low" == facts.facts_for(world.om, world.case).rosh
    assert many[world.elsewhere.pk].rosh == ""
