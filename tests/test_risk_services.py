"""Risk assessment services: typed assessments, inputs from the facts held with their sources,
corrections with reasons, training-gated completion and approval, peer review, reviews asked for by
significant events, the police level rationale, access and audit."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import facts, reference
from mappa.core.concurrency import StaleEdit
from mappa.nominals import events
from mappa.risk import services
from mappa.risk.models import Assessment, ReviewRequest, RiskType, Tool
from tests.test_risk_instrument import TEST_TABLE

TODAY = timezone.localdate()
OGRS3_VALUES = {"gender": "male", "date_of_current_conviction": "2024-05-01", "offence_code": "028/01",
                "total_sanctions": 3, "age_at_first_sanction": 16, "date_at_start_of_follow_up": "2024-05-01"}


@pytest.fixture
def held_sanctions(world):
    """Convictions the orders part would provide, for world.case only."""
    src = facts.Source("Conviction at Bradwell Crown Court (orders)")

    def provider(reader, nominal):
        if nominal.pk != world.case.pk:
            return facts.Facts()
        return facts.Facts(sanctions=(
            facts.Sanction(datetime.date(1992, 6, 1), "caution", offence_code="038/01", source=src),
            facts.Sanction(datetime.date(2019, 3, 1), "conviction", offence_code="019/11", sexual=True,
                           contact_sexual=True, against_child=True, source=src),
            facts.Sanction(datetime.date(2024, 5, 1), "conviction", offence_code="028/01", source=src),
        ))

    facts._providers.append(provider)
    yield provider
    facts._providers.remove(provider)


def train(world, *users, tool=Tool.OGRS3):
    for u in users:
        services.record_training(actor=world.admin, user=u, tool=tool, trained_on=TODAY - datetime.timedelta(days=30))


def ogrs3(world, actor=None, **values):
    return services.create_assessment(actor=actor or world.om, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                      tool=Tool.OGRS3, assessed_on=TODAY, values=OGRS3_VALUES | values)


def test_ogrs3_assessment_scores_the_inputs_and_records_where_each_came_from(world):
    a = ogrs3(world)
    assert a.status == Assessment.Status.DRAFT
    assert a.level in ("low", "medium", "high", "very_high")
    assert a.result["probabilities"]["two_year"] > 0
    assert a.inputs["date_of_birth"] == {"value": "1975-04-12", "source": "Personal details on the register"}
    assert a.inputs["offence_code"]["source"] == "Entered by Om Tester"
    assert AuditEvent.objects.filter(action="create", object_type="assessment", object_id=str(a.pk)).exists()


def test_inputs_come_from_the_facts_held_and_a_correction_needs_a_reason(world, held_sanctions):
    system = services.derived_inputs(world.case, RiskType.RECONVICTION, Tool.OGRS3, TODAY)
    assert system["total_sanctions"] == {"value": 3, "source": "3 sanctions the system holds"}
    assert system["age_at_first_sanction"]["value"] == 17
    assert system["offence_code"] == {"value": "028/01", "source": "Conviction at Bradwell Crown Court (orders)"}
    with pytest.raises(ValidationError) as e:
        ogrs3(world, total_sanctions=5, age_at_first_sanction=17)
    assert "say why" in e.value.message_dict["reason_total_sanctions"][0]
    assert not Assessment.objects.exists()
    a = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.OGRS3,
                                   assessed_on=TODAY, values=OGRS3_VALUES | {"total_sanctions": 5, "age_at_first_sanction": 17},
                                   reasons={"total_sanctions": "Two youth reprimands are on the PNC but not here"})
    assert a.inputs["total_sanctions"]["corrected_from"] == 3
    assert a.inputs["total_sanctions"]["reason"] == "Two youth reprimands are on the PNC but not here"
    osp = services.derived_inputs(world.case, RiskType.RECONVICTION, Tool.OSP, TODAY)
    assert osp["contact_child_sanctions"]["value"] == 1
    assert osp["date_of_most_recent_sexual_sanction"]["value"] == "2019-03-01"


def test_bad_inputs_are_refused_with_plain_words_and_change_nothing(world):
    with pytest.raises(ValidationError) as e:
        ogrs3(world, date_of_current_conviction=(TODAY + datetime.timedelta(days=3)).isoformat())
    assert e.value.message_dict["date_of_current_conviction"] == ["The date of the current conviction cannot be after today."]
    with pytest.raises(ValidationError) as e:
        ogrs3(world, age_at_first_sanction=60)
    assert "cannot come after the current conviction" in e.value.message_dict["age_at_first_sanction"][0]
    with pytest.raises(ValidationError) as e:
        ogrs3(world, total_sanctions="many")
    assert e.value.message_dict["total_sanctions"] == ["Sanctions in all, including the current one must be a whole number."]
    with pytest.raises(ValidationError):
        services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OGRS3,
                                   assessed_on=TODAY)
    assert not Assessment.objects.exists()


def test_completion_and_approval_need_training_and_a_supervisor(world):
    a = ogrs3(world)
    with pytest.raises(ValidationError) as e:
        services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert "trained in OGRS3" in e.value.message_dict["tool"][0]
    train(world, world.om)
    a = services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert a.status == Assessment.Status.COMPLETED
    with pytest.raises(ValidationError) as e:
        services.approve_assessment(actor=world.colleague, assessment=a, version=a.version)
    assert "Only a supervisor can approve an assessment." in e.value.message_dict["approval"]
    with pytest.raises(ValidationError) as e:
        services.approve_assessment(actor=world.probation_sup, assessment=a, version=a.version)
    assert "The approving supervisor must be recorded as trained in this tool." in e.value.message_dict["approval"]
    train(world, world.probation_sup)
    a = services.approve_assessment(actor=world.probation_sup, assessment=a, version=a.version)
    assert a.status == Assessment.Status.APPROVED and a.approved_by == world.probation_sup
    with pytest.raises(ValidationError):
        services.update_assessment(actor=world.om, assessment=a, version=a.version, values=OGRS3_VALUES)


def test_a_stale_save_is_refused(world):
    a = ogrs3(world)
    services.update_assessment(actor=world.om, assessment=a, version=a.version, values=OGRS3_VALUES | {"total_sanctions": 4})
    with pytest.raises(StaleEdit):
        services.update_assessment(actor=world.colleague, assessment=a, version=a.version, values=OGRS3_VALUES)


def test_peer_review_by_a_trained_colleague_only(world):
    train(world, world.om, world.colleague)
    a = ogrs3(world)
    a = services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    with pytest.raises(ValidationError) as e:
        services.add_peer_review(actor=world.om, assessment=a, agrees=True, comments="Fine")
    assert "other than the author" in e.value.message_dict["reviewer"][0]
    r = services.add_peer_review(actor=world.colleague, assessment=a, agrees=False, comments="Offence code looks wrong")
    assert r.assessment == a and not r.agrees


def test_rosh_needs_its_narrative_and_feeds_the_highest_rosh_fact(world):
    train(world, world.om, tool=Tool.OASYS)
    a = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                   assessed_on=TODAY, rosh_levels={"children": {"community": "high", "custody": "low"},
                                                                   "staff": {"custody": "very_high"}})
    assert a.level == "high"  # the person is in the community: the custody ratings are not its headline
    with pytest.raises(ValidationError) as e:
        services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert set(e.value.message_dict) >= {"who_at_risk", "nature_of_harm", "imminence", "risk_increased_by", "risk_reduced_by"}
    assert facts.facts_for(world.om, world.case).rosh == ""  # a draft is not the current RoSH
    a = services.update_assessment(actor=world.om, assessment=a, version=a.version, rosh_levels=a.rosh_levels, narrative={
        "who_at_risk": "Girls aged 10-14", "nature_of_harm": "Sexual abuse", "imminence": "Not imminent",
        "risk_increased_by": "Drinking", "risk_reduced_by": "Work"})
    services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert facts.facts_for(world.om, world.case).rosh == "high"
    with pytest.raises(ValidationError) as e:
        services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.ROSH, tool=Tool.OASYS,
                                   assessed_on=TODAY, rosh_levels={"children": {"community": "huge"}})
    assert "rosh_children_community" in e.value.message_dict


def test_rm2000_without_a_table_records_the_assessors_scores_and_needs_a_rationale_for_a_different_police_level(world):
    train(world, world.police, tool=Tool.RM2000)
    a = services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                   tool=Tool.RM2000, assessed_on=TODAY,
                                   values={"S.category": "high", "S.items": "Age = 1\nSexual appearances = 2",
                                           "V.category": "medium"},
                                   narrative={"police_level": "medium"})
    assert a.result["probabilities"]["categories"] == {"S": "high", "V": "medium"}
    assert a.level == "high"
    with pytest.raises(ValidationError) as e:
        services.complete_assessment(actor=world.police, assessment=a, version=a.version)
    assert "give the rationale" in e.value.message_dict["level_rationale"][0]
    a = services.update_assessment(actor=world.police, assessment=a, version=a.version, values=a.inputs and {
        "S.category": "high", "S.items": "Age = 1\nSexual appearances = 2", "V.category": "medium"},
        narrative={"police_level": "medium", "level_rationale": "Compliant for 4 years, stable home, MAPPA agreed"})
    assert services.complete_assessment(actor=world.police, assessment=a, version=a.version).status == "completed"
    with pytest.raises(ValidationError) as e:
        services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                   tool=Tool.RM2000, assessed_on=TODAY, values={"S.category": "enormous"})
    assert "S_category" in e.value.message_dict


def test_rm2000_with_a_loaded_table_scores_from_the_facts(world, held_sanctions):
    with pytest.raises(PermissionDenied):
        services.load_instrument_table(actor=world.om, definition=TEST_TABLE, effective_from=TODAY)
    with pytest.raises(ValidationError):
        services.load_instrument_table(actor=world.admin, definition={"scales": []}, effective_from=TODAY)
    services.load_instrument_table(actor=world.admin, definition=TEST_TABLE, effective_from=TODAY - datetime.timedelta(days=1))
    system = services.derived_inputs(world.case, RiskType.RECONVICTION, Tool.RM2000, TODAY, TEST_TABLE)
    assert system["S.sexual"]["value"] == 1
    a = services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                   tool=Tool.RM2000, assessed_on=TODAY,
                                   values={"S.burglary": 1, "S.aggravating.stranger": "yes"})
    assert a.table.version == TEST_TABLE["version"]
    assert a.inputs["S.age"]["source"] == "Date of birth on the register"
    assert [i["key"] for i in a.result["items"]][:3] == ["S.age", "S.sexual", "S.burglary"]


def test_a_significant_event_asks_for_a_review_and_completing_an_assessment_records_it(world):
    # The world's police intelligence and address already asked for reviews.
    reviews = ReviewRequest.objects.filter(nominal=world.case)
    assert {r.event.kind for r in reviews} == {"intelligence", "address"}
    intel = reviews.get(event__kind="intelligence")
    assert intel.handling == "intelligence"
    assert not policy.items_for(world.children, ReviewRequest, nominal=world.case).filter(pk=intel.pk).exists()
    with transaction.atomic():
        events.record_significant_event(actor=world.om, nominal=world.case, kind="breach", summary="Missed curfew")
    assert reviews.filter(done_on__isnull=True).count() == 3
    train(world, world.om)
    a = ogrs3(world)
    services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert reviews.filter(done_on__isnull=True).count() == 0
    assert reviews.filter(done_by=a).count() == 3


def test_a_review_can_be_recorded_without_a_new_assessment(world):
    r = ReviewRequest.objects.filter(nominal=world.case, event__kind="address").get()
    with pytest.raises(ValidationError):
        services.close_review(actor=world.om, request=r, outcome=" ", version=r.version)
    r = services.close_review(actor=world.om, request=r, outcome="New address checked: no change", version=r.version)
    assert r.done_on == TODAY
    with pytest.raises(Http404):
        services.close_review(actor=world.south, request=r, outcome="x", version=r.version)


def test_only_people_who_may_change_the_record_can_assess(world):
    for user in (world.south, world.other_office, world.admin):
        with pytest.raises(Http404):
            ogrs3(world, actor=user)
    with pytest.raises(PermissionDenied):
        ogrs3(world, actor=world.housing)
    with pytest.raises(PermissionDenied):
        services.record_training(actor=world.om, user=world.colleague, tool=Tool.OGRS3, trained_on=TODAY)


def test_nobody_records_their_own_training(world, login):
    # A training record is the evidence of competence that lets a person complete and approve assessments:
    # someone else (a supervisor of their team, or an administrator) records it.
    from mappa.risk.models import TrainingRecord

    with pytest.raises(PermissionDenied):
        services.record_training(actor=world.probation_sup, user=world.probation_sup, tool=Tool.OGRS3, trained_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.record_training(actor=world.admin, user=world.admin, tool=Tool.OGRS3, trained_on=TODAY)
    assert not TrainingRecord.objects.exists()
    page = login(world.probation_sup).get("/risk/training/").content.decode()
    assert f'value="{world.om.pk}"' in page and f'value="{world.probation_sup.pk}"' not in page
    services.record_training(actor=world.admin, user=world.probation_sup, tool=Tool.OGRS3, trained_on=TODAY)
    services.record_training(actor=world.probation_sup, user=world.om, tool=Tool.OGRS3, trained_on=TODAY)
    assert TrainingRecord.objects.count() == 2


def test_a_restricted_assessment_does_not_take_a_due_assessment_off_the_work_list_of_those_who_cannot_see_it(world):
    # The work list is worked out from what its reader may see: an RM2000 recorded as intelligence does not
    # quietly take "Risk Matrix 2000 after registration" off the probation manager's list (which would tell
    # them it exists).
    from mappa.core import extensions

    src = facts.Source("Notification requirements (orders)")
    registered = lambda reader, n: facts.Facts(notification_requirements=facts.Flag(  # noqa: E731
        n.pk == world.case.pk, src, since=TODAY - datetime.timedelta(days=20)))
    train(world, world.police, tool=Tool.RM2000)
    a = services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.RM2000,
                                   assessed_on=TODAY, values={"S.category": "medium"},
                                   narrative={"violent_scale_reason": "No violent offending"}, handling="intelligence")
    services.complete_assessment(actor=world.police, assessment=a, version=a.version)
    facts._providers.append(registered)
    try:
        om = [w.what for w in extensions.work_for(world.om, TODAY)]
    finally:
        facts._providers.remove(registered)
    assert "Risk Matrix 2000 after registration" in om


def test_rm2000_without_the_violent_scale_needs_a_reason(world):
    # 2010 inspection ¶5.7: the violent scale was not used where appropriate.
    train(world, world.police, tool=Tool.RM2000)
    a = services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                   tool=Tool.RM2000, assessed_on=TODAY, values={"S.category": "medium"})
    with pytest.raises(ValidationError) as e:
        services.complete_assessment(actor=world.police, assessment=a, version=a.version)
    assert "violent scale" in e.value.message_dict["violent_scale_reason"][0]
    a = services.update_assessment(actor=world.police, assessment=a, version=a.version, values={"S.category": "medium"},
                                   narrative={"violent_scale_reason": "No violent offending at all"})
    assert services.complete_assessment(actor=world.police, assessment=a, version=a.version).status == "completed"


def test_missing_inputs_are_named_in_plain_words(world):
    with pytest.raises(ValidationError) as e:
        services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.OSP,
                                   assessed_on=TODAY, values={"gender": "male"})
    errors = e.value.message_dict
    assert errors["stranger_victim"] == ["Answer: Was any victim a stranger?"]
    assert errors["date_at_start_of_follow_up"] == ["Give the start of follow-up."]


def test_an_input_keeps_who_entered_it_when_someone_else_changes_another(world):
    a = ogrs3(world)
    a = services.update_assessment(actor=world.colleague, assessment=a, version=a.version,
                                   values=OGRS3_VALUES | {"total_sanctions": 4})
    assert a.inputs["offence_code"]["source"] == "Entered by Om Tester"
    assert a.inputs["total_sanctions"]["source"] == "Entered by Colleague Tester"


def test_a_review_for_a_past_event_is_due_from_when_it_is_recorded(world):
    """History brought in (a release in 2009 entered today) asks for a review due from today, under
    today's timescale, not one overdue before anyone could act on it."""
    with transaction.atomic():
        old = events.record_significant_event(actor=world.om, nominal=world.case, kind="release", summary="Released",
                                              occurred_on=datetime.date(2009, 3, 19))
    request = ReviewRequest.objects.get(event=old)
    days = reference.value("risk.review.days_after_event", TODAY)
    assert request.requested_on == datetime.date(2009, 3, 19)
    assert request.due == TODAY + datetime.timedelta(days=days)
