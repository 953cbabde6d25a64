"""Themed audits: a supervisor samples the cases they may see, answers the checklist for each, records findings and
remedial actions, and the actions are tracked to done; every rule is the service's, every change audited, a stale
save refused, and a reader sees only the sampled cases they may see."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.quality import audits, services
from mappa.quality.models import AuditCase, ThemedAudit


def answers(audit, value="yes"):
    return {q["key"]: value for q in audit.checklist}


@pytest.fixture
def audit(world):
    return services.start_audit(actor=world.probation_sup, area=world.north, theme="New registrations", size=5, seed=1)


def test_a_supervisor_samples_only_cases_they_may_see(world, audit):
    sampled = set(AuditCase.objects.filter(audit=audit).values_list("nominal_id", flat=True))
    # The probation team's records: Jonah Davis and the unallocated Peter Smith, not another office's or area's.
    assert sampled == {world.case.pk, world.unallocated.pk}
    assert audit.checklist and audit.started_on == timezone.localdate()
    assert AuditEvent.objects.filter(actor=world.probation_sup, object_type="themedaudit").count() == 1
    assert AuditEvent.objects.filter(actor=world.probation_sup, object_type="auditcase", nominal=world.case).count() == 1


def test_who_may_start_an_audit_and_how_many_cases(world):
    for user in (world.om, world.housing, world.officer, world.admin, world.south_coordinator):
        with pytest.raises(PermissionDenied):
            services.start_audit(actor=user, area=world.north, theme="Anything", size=2)
    with pytest.raises(ValidationError) as error:
        services.start_audit(actor=world.coordinator, area=world.north, theme="Too many", size=51)
    assert "between 1 and 50" in str(error.value)
    with pytest.raises(ValidationError):
        services.start_audit(actor=world.coordinator, area=world.north, theme="   ", size=2)
    with pytest.raises(ValidationError) as error:
        services.start_audit(actor=world.police_sup, area=world.north, theme="Nothing to see", size=2)
    assert "no cases you may see" in str(error.value)
    assert not ThemedAudit.objects.exists()


def test_the_checklist_is_answered_for_a_case_and_a_stale_save_refused(world, audit):
    case = audits.get_case(world.probation_sup, audit, AuditCase.objects.get(audit=audit, nominal=world.case).pk)
    with pytest.raises(ValidationError) as error:
        services.record_case(actor=world.probation_sup, case=case, answers={"ethnicity": "no"}, findings="", version=case.version)
    assert "registration" in error.value.message_dict
    saved = services.record_case(actor=world.probation_sup, case=case, answers=answers(audit), findings=" In order ",
                                 version=case.version)
    assert (saved.findings, saved.checked_by, saved.version) == ("In order", world.probation_sup, 2)
    with pytest.raises(StaleEdit):
        services.record_case(actor=world.probation_sup, case=case, answers=answers(audit, "no"), findings="", version=1)
    assert AuditCase.objects.get(pk=case.pk).answers == answers(audit)
    # Only whoever started the audit records its findings.
    with pytest.raises(PermissionDenied):
        services.record_case(actor=world.coordinator, case=case, answers=answers(audit), findings="", version=2)


def test_remedial_actions_are_tracked_to_done_and_on_the_owners_work_list(world, audit):
    case = AuditCase.objects.get(audit=audit, nominal=world.case)
    due = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        services.add_action(actor=world.probation_sup, case=case, description="Record ethnicity", owner=world.police, due_on=due)
    assert "owner" in error.value.message_dict
    action = services.add_action(actor=world.probation_sup, case=case, description="Record ethnicity", owner=world.om,
                                 due_on=due)
    work = [w for w in extensions.work_for(world.om, timezone.localdate()) if w.kind == "audit_action"]
    assert [(w.nominal_id, w.due, w.url) for w in work] == [(world.case.pk, due, reverse("quality:audit", args=[audit.pk]))]
    with pytest.raises(PermissionDenied):
        services.mark_done(actor=world.colleague, action=action, note="", version=action.version)
    done = services.mark_done(actor=world.om, action=action, note="Recorded as he describes it", version=action.version)
    assert done.done_on == timezone.localdate()
    assert not [w for w in extensions.work_for(world.om, timezone.localdate()) if w.kind == "audit_action"]
    with pytest.raises(ValidationError):
        services.mark_done(actor=world.om, action=done, note="", version=done.version)
    assert AuditEvent.objects.filter(actor=world.om, object_type="remedialaction", nominal=world.case).exists()


def test_an_audit_is_finished_only_once_every_case_is_checked(world, audit):
    with pytest.raises(ValidationError) as error:
        services.finish_audit(actor=world.probation_sup, audit=audit, summary="", version=audit.version)
    assert "2 not checked" in str(error.value)
    for case in AuditCase.objects.filter(audit=audit):
        services.record_case(actor=world.probation_sup, case=case, answers=answers(audit), findings="", version=case.version)
    finished = services.finish_audit(actor=world.probation_sup, audit=audit, summary="All in order", version=audit.version)
    assert (finished.status, finished.closed_on) == (ThemedAudit.Status.CLOSED, timezone.localdate())
    case = AuditCase.objects.filter(audit=audit).first()
    with pytest.raises(ValidationError):
        services.record_case(actor=world.probation_sup, case=case, answers=answers(audit), findings="", version=case.version)


def test_the_pages_show_a_reader_only_the_sampled_cases_they_may_see(world, audit, client):
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "DAVIS, Jonah" in page and "SMITH, Peter" in page and "Finish the audit" in page
    # The police supervisor sees the area's audits but none of these cases, and may not change it.
    client.force_login(world.police_sup)
    page = client.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "None of the sampled cases is one you may see" in page and "DAVIS" not in page and "Finish the audit" not in page
    case = AuditCase.objects.get(audit=audit, nominal=world.case)
    assert client.get(reverse("quality:audit-case", args=[audit.pk, case.pk])).status_code == 404
    for user in (world.om, world.colleague, world.housing, world.south_coordinator, world.admin):
        client.force_login(user)
        assert client.get(reverse("quality:audit", args=[audit.pk])).status_code == 404


def test_a_supervisor_works_through_the_audit_on_its_pages(world, client):
    client.force_login(world.probation_sup)
    response = client.post(reverse("quality:audits", args=["north"]), {"theme": "Plans", "size": "2"})
    audit = ThemedAudit.objects.get(theme="Plans")
    assert response.status_code == 302 and response["Location"] == reverse("quality:audit", args=[audit.pk])
    refused = client.post(reverse("quality:audits", args=["north"]), {"theme": "Plans", "size": "500"})
    assert refused.status_code == 200 and "Ensure this value is less than or equal to 50" in refused.content.decode()
    case = AuditCase.objects.get(audit=audit, nominal=world.case)
    url = reverse("quality:audit-case", args=[audit.pk, case.pk])
    empty = client.post(url, {"version": case.version, "findings": ""})
    assert empty.status_code == 200 and "govuk-error-summary" in empty.content.decode()
    saved = client.post(url, {"version": case.version, "findings": "Ethnicity missing", **answers(audit, "na"), "ethnicity": "no"})
    assert saved.status_code == 302
    assert AuditCase.objects.get(pk=case.pk).answers["ethnicity"] == "no"
    day = timezone.localdate() + datetime.timedelta(days=10)
    added = client.post(reverse("quality:action-add", args=[audit.pk, case.pk]), {
        "action-description": "Record ethnicity", "action-owner": world.om.pk,
        "action-due_on_day": day.day, "action-due_on_month": day.month, "action-due_on_year": day.year})
    assert added.status_code == 302
    action = audits.actions_of(world.probation_sup, audit)[0]
    # The owner opens the audit from their work list and marks the action done; a colleague does not see it.
    client.force_login(world.colleague)
    assert client.get(reverse("quality:audit", args=[audit.pk])).status_code == 404
    client.force_login(world.om)
    page = client.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Mark as done" in page and reverse("quality:audits", args=["north"]) not in page  # no link they may not follow
    done = client.post(reverse("quality:action-done", args=[action.pk]), {"version": action.version, "note": "Done"})
    assert done.status_code == 302
    assert audits.actions_of(world.probation_sup, audit)[0].done_on == timezone.localdate()
