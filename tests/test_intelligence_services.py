"""Intelligence through its services: submission reaches the manager, evaluation on the 3x5x2 scheme, the
significant event, actions to completion, the audit rows and notifications, and what is refused."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core.concurrency import StaleEdit
from mappa.core.models import Notification
from mappa.intelligence import services
from mappa.intelligence.models import IntelligenceItem, Status
from mappa.nominals.models import SignificantEvent
from tests.intelligence_world import C_SECRET, P_SECRET, SANITISED, SECRETS, TODAY, build, register, submit


@pytest.fixture
def intel(world):
    return build(world)


def test_a_submission_reaches_the_manager_due_in_the_reference_time(world):
    item = submit(world.housing, world.case, "Saw him at the school gates")
    assert item.status == Status.SUBMITTED and item.evaluator == world.om
    assert item.due_on == TODAY + datetime.timedelta(days=3)  # intelligence.evaluation.within
    told = Notification.objects.get(recipient=world.om, kind="intelligence_submitted")
    assert "Saw him" not in told.message and "Jonah Davis" in told.message


def test_without_a_manager_the_team_supervisors_are_told(world):
    submit(world.colleague, world.unallocated, "Seen with a known associate")
    assert Notification.objects.filter(kind="intelligence_submitted", recipient=world.probation_sup).exists()


def test_someone_who_cannot_see_the_record_cannot_submit(world):
    with pytest.raises(Http404):
        submit(world.south, world.case, "Anything")
    with pytest.raises(Http404):
        submit(world.admin, world.case, "Anything")


def test_bad_submissions_are_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        services.submit(actor=world.police, nominal=world.case, data={
            "information": "  ", "source_type": "rumour", "obtained_on": TODAY + datetime.timedelta(days=1)})
    assert set(refused.value.message_dict) == {"information", "source_type", "obtained_on"}
    assert not IntelligenceItem.objects.exists()


def test_registering_grades_it_and_a_risk_change_raises_the_significant_event(intel):
    intel.c_item.refresh_from_db()
    assert intel.c_item.grade == "2/B/C" and intel.c_item.status == Status.REGISTERED
    event = SignificantEvent.objects.get(nominal=intel.case, kind="intelligence", source_type="intelligenceitem")
    assert event.handling == "" and C_SECRET not in event.summary and SANITISED in event.summary
    assert intel.p_item.event is None  # not marked as changing the risk


def test_a_risk_change_makes_the_risk_review_due_without_saying_what_it_is(world):
    from mappa.risk.models import ReviewRequest

    item = submit(world.police, world.case, "Moved in with a partner who has children")
    register(world.om, item, "Moved in with a partner who has children", changes_risk=True)
    request = ReviewRequest.objects.get(nominal=world.case, event__source_type="intelligenceitem", event__source_id=str(item.pk))
    assert request.reason.startswith("New intelligence") and "partner" not in request.reason
    assert request.handling == ""  # every reader of the record sees that a review is due


def test_grading_outside_the_scheme_is_refused(world):
    item = submit(world.police, world.case, "Something")
    with pytest.raises(ValidationError) as refused:
        services.evaluate(actor=world.om, item=item, register=True, version=item.version, data={
            "source_evaluation": "4", "intelligence_assessment": "F", "handling_code": "C", "content": ""})
    assert set(refused.value.message_dict) == {"source_evaluation", "intelligence_assessment",
                                               "handling_conditions", "content"}
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_only_the_manager_or_a_team_supervisor_evaluates(world):
    item = submit(world.police, world.case, "Something")
    for outsider in (world.police, world.colleague, world.coordinator, world.children):
        with pytest.raises(PermissionDenied):
            register(outsider, item, "Something")
    register(world.probation_sup, item, "Something")


def test_a_stale_evaluation_is_refused(world):
    item = submit(world.police, world.case, "Something")
    stale = item.version
    register(world.om, item, "Something")
    fresh = IntelligenceItem.objects.get(pk=item.pk)
    fresh.status = Status.SUBMITTED  # as the page opened before the other save
    with pytest.raises((StaleEdit, ValidationError)):
        services.evaluate(actor=world.probation_sup, item=fresh, register=False, data={}, reason="No", version=stale)


def test_not_registering_needs_a_reason(world):
    item = submit(world.police, world.case, "Something")
    with pytest.raises(ValidationError):
        services.evaluate(actor=world.om, item=item, register=False, data={}, reason=" ", version=item.version)
    done = services.evaluate(actor=world.om, item=item, register=False, data={}, reason="Duplicate of an earlier report",
                             version=item.version)
    assert done.status == Status.NOT_REGISTERED


def test_links_only_to_what_the_evaluator_may_see(world):
    item = submit(world.police, world.case, "Seen with Jon Davies")
    with pytest.raises(ValidationError):
        register(world.om, item, "x", links=[{"person": world.south_case.pk}])
    register(world.om, item, "x", links=[{"person": world.unallocated.pk}, {"address": world.address.pk}])
    item.nominal = policy.get_nominal(world.om, world.case.pk)
    assert len(policy.intelligence_links_for(world.om, item)) == 2


def test_actions_are_tracked_to_completion_by_people_who_may_read_the_item(intel):
    w = intel
    with pytest.raises(ValidationError):  # the police partner may not read a C item
        services.add_action(actor=w.om, item=w.c_item, data={"kind": "tasking", "description": "x", "owner": w.police,
                                                             "due_on": TODAY})
    action = services.complete_action(actor=w.om, action=w.c_action, outcome="Done: nothing seen", completed_on=TODAY,
                                      version=w.c_action.version)
    assert action.completed_on == TODAY
    with pytest.raises(ValidationError):
        services.complete_action(actor=w.om, action=action, outcome="Again", completed_on=TODAY, version=action.version)


def test_no_audit_row_or_notification_carries_the_content(intel):
    rows = AuditEvent.objects.filter(nominal=intel.case).values_list("object_label", "changes", "details", "reason")
    text = str(list(rows))
    messages = str(list(Notification.objects.values_list("message", flat=True)))
    for secret in SECRETS:
        assert secret not in text and secret not in messages
    assert P_SECRET  # the world holds it: the check above is not vacuous
    assert IntelligenceItem.objects.filter(content=P_SECRET).exists()
