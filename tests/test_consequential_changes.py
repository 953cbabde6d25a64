"""Changes a service makes to other rows as a consequence of the change it was asked for (a due date worked
out again, a review request closed by an assessment, a plan's triggers dealt with by a review): each row so
changed gets a new version (an editor who opened it before is told it changed) and an audit row of its own.
The MAPPA ones are in test_arrangements_services."""

from django.db import transaction

from mappa.audit.models import Action, AuditEvent
from mappa.nominals import events
from mappa.orders.models import NotificationEvent
from mappa.plans import services as plans
from mappa.plans.models import PlanReviewTrigger
from mappa.risk.models import ReviewRequest
from tests.test_orders_services import add, change, days, licence_case, noon, sexual  # noqa: F401  (fixtures)
from tests.test_risk_services import ogrs3, train


def updates_of(row):
    return list(AuditEvent.objects.filter(object_type=row._meta.model_name, object_id=str(row.pk), action=Action.UPDATE)
                .order_by("id"))


def test_the_initial_notification_worked_out_again_is_versioned_and_audited(world, licence_case):  # noqa: F811
    _, requirement = licence_case
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    change(world, requirement, actor=world.police, released_on=days(-95))
    after = NotificationEvent.objects.get(pk=initial.pk)
    assert after.due_on != initial.due_on and after.version == initial.version + 1
    assert updates_of(initial)[-1].changes["due_on"] == [initial.due_on.isoformat(), after.due_on.isoformat()]


def test_the_next_periodic_notification_moved_is_versioned(world, licence_case):  # noqa: F811
    _, requirement = licence_case
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    change(world, initial, actor=world.police, received_on=days(-99))
    periodic = NotificationEvent.objects.get(requirement=requirement, kind="periodic", received_on__isnull=True)
    address = add(world, "notifications", actor=world.police, requirement=requirement, kind="address", event_date=days(-52))
    change(world, address, actor=world.police, received_on=days(-50))
    moved = NotificationEvent.objects.get(pk=periodic.pk)
    assert moved.due_on != periodic.due_on and moved.version == periodic.version + 1
    assert "due_on" in updates_of(periodic)[-1].changes


def test_notifications_due_again_after_release_are_versioned(world, licence_case):  # noqa: F811
    sentence, requirement = licence_case
    recall = add(world, "recalls", sentence=sentence, kind="standard", requested_on=days(-90), requested_by="OM",
                 reason="Risk", decision="revoked", decided_at=noon(days(-90)), returned_to_custody_on=days(-90))
    travel = add(world, "notifications", actor=world.police, requirement=requirement, kind="name", event_date=days(-20))
    change(world, recall, re_released_on=days(-1))
    after = NotificationEvent.objects.get(pk=travel.pk)
    assert after.due_on == days(1) and after.version == travel.version + 1
    assert updates_of(travel)[-1].changes["due_on"] == [days(-18).isoformat(), days(1).isoformat()]


def test_review_requests_closed_by_an_assessment_are_versioned_and_audited(world):
    request = ReviewRequest.objects.get(nominal=world.case, event__kind="address")
    train(world, world.om)
    a = ogrs3(world)
    from mappa.risk import services as risk

    risk.complete_assessment(actor=world.om, assessment=a, version=a.version)
    closed = ReviewRequest.objects.get(pk=request.pk)
    assert closed.done_by == a and closed.version == request.version + 1
    assert updates_of(request)[-1].changes["done_on"][0] is None


def test_triggers_dealt_with_by_a_plan_review_are_versioned_and_audited(world):
    plans.add_item(actor=world.om, nominal=world.case, data={"heading": "supervision", "what": "Weekly reporting",
                                                             "owner": world.om, "due": days(0)})
    with transaction.atomic():
        events.record_significant_event(actor=world.om, nominal=world.case, kind="release", summary="Released on licence")
    trigger = PlanReviewTrigger.objects.get(kind="release")
    review = plans.complete_review(actor=world.om, nominal=world.case, data={
        "considered": "OASys", "victim_views": "VLO: no change", "changes": "Monthly device checks", "outcome": "amended"})
    dealt = PlanReviewTrigger.objects.get(pk=trigger.pk)
    assert dealt.review == review and dealt.version == trigger.version + 1
    assert updates_of(trigger)[-1].changes["review"][0] is None
