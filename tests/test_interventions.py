"""Interventions: a referral to a programme from eligibility through the waiting list, sessions, the outcome and the
post-programme review (rules enforced, audit, versions); a non-completion or a review finding as a significant event
feeding the risk and plan reviews; pages, panel and work list; and what other agencies and roles may do."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.interventions import queries, registrations, rules, services
from mappa.interventions.models import OneToOneWork, Programme, ProgrammeReferral, ProgrammeSession
from mappa.nominals.models import SignificantEvent
from mappa.plans.models import PlanReviewTrigger
from mappa.risk.models import ReviewRequest
from tests.test_supervision import order  # noqa: F401 - fixture

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def isotp():
    return Programme.objects.get(code="i-sotp")


def refer(w, referred=-120, **kw):
    return services.refer(actor=w.om, nominal=w.case, data={
        "programme": isotp(), "sentence": w.order, "referred_on": days(referred), "reason": "Internet offending", **kw})


def started(w, listed=-100, start=-60):
    """A referral decided eligible, placed on the list and started."""
    r = refer(w, referred=listed - 20)
    r = services.decide(actor=w.om, referral=r, version=r.version, data={
        "eligibility": "eligible", "assessed_on": days(listed - 10), "eligibility_reason": "Low deviance"})
    r = services.update_waiting_list(actor=w.om, referral=r, version=r.version, data={
        "listed_on": days(listed), "pre_programme_work": "Passive offence account",
        "pre_programme_done_on": days(listed + 10)})
    if start is not None:
        r = services.update_waiting_list(actor=w.om, referral=r, version=r.version, data={"started_on": days(start)})
    return r


def mark(w, r, on, attendance="attended", reason=""):
    return services.record_session(actor=w.om, referral=r, data={"on": days(on), "attendance": attendance,
                                                                 "reason": reason})


# ---- services ----

def test_the_programme_catalogue_gives_the_documents_numbers_with_their_sources(db):
    i = isotp()
    assert i.sessions == 35 and "para 2.11" in i.source  # inspection 2010 para 2.11: "35 two-hour sessions"
    core = Programme.objects.get(code="core-sotp")
    assert core.hours == 200 and "para 6.7" in core.source
    assert Programme.objects.get(code="s4w").sessions == 8  # good practice E2.4-11, R-64
    assert all(p.source for p in Programme.objects.all())


def test_a_referral_goes_from_eligibility_to_attendance_with_audit(order):
    w = order
    r = started(w)
    assert r.stage == rules.STARTED and r.version == 4
    mark(w, r, -50)
    mark(w, r, -43, "acceptable", "Ill: GP's note seen")
    mark(w, r, -36, "unacceptable", "Did not come")
    [shown] = queries.with_attendance(w.om, [ProgrammeReferral.objects.get(pk=r.pk)])
    assert shown.attendance.describe() == "1 of 35 sessions attended, 2 missed (1 without an acceptable reason)"
    assert AuditEvent.objects.filter(object_type="programmereferral", object_id=str(r.pk), action="update").count() == 3
    assert AuditEvent.objects.filter(object_type="programmesession", action="create").count() == 3


def test_bad_input_is_refused_with_its_reason_and_changes_nothing(order):
    w = order
    r = refer(w)
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=w.om, referral=r, version=r.version, data={"eligibility": "not_eligible",
                                                                         "assessed_on": days(-100)})
    assert refused.value.message_dict["eligibility_reason"] == ["Say why the person is not eligible"]
    with pytest.raises(ValidationError) as refused:
        services.update_waiting_list(actor=w.om, referral=r, version=r.version, data={"listed_on": days(-90)})
    assert "eligible before placing them" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        mark(w, r, -10)
    assert "before recording its sessions" in str(refused.value)
    r.refresh_from_db()
    assert r.version == 1 and r.eligibility == "pending" and r.listed_on is None
    assert not ProgrammeSession.objects.exists()
    with pytest.raises(ValidationError) as refused:  # a programme not offered: nothing saved
        services.refer(actor=w.om, nominal=w.case, data={"programme": None, "referred_on": days(-1), "reason": "x"})
    assert "programme" in refused.value.message_dict
    assert ProgrammeReferral.objects.count() == 1


def test_a_missed_session_needs_its_reason_and_one_mark_a_day(order):
    w = order
    r = started(w)
    with pytest.raises(ValidationError) as refused:
        mark(w, r, -50, "unacceptable")
    assert refused.value.message_dict["reason"] == ["Give the reason the session was missed"]
    mark(w, r, -50)
    with pytest.raises(ValidationError) as again:
        mark(w, r, -50)
    assert "already recorded" in str(again.value)
    with pytest.raises(ValidationError):
        mark(w, r, -70)  # before the start


def test_a_stale_edit_is_refused_not_saved_over(order):
    w = order
    r = refer(w)
    services.decide(actor=w.om, referral=r, version=r.version, data={"eligibility": "deferred", "assessed_on": days(-100),
                                                                     "eligibility_reason": "Mental health first"})
    with pytest.raises(StaleEdit):  # opened before the deferral
        services.decide(actor=w.colleague, referral=r, version=r.version, data={
            "eligibility": "eligible", "assessed_on": days(-90), "eligibility_reason": ""})
    r.refresh_from_db()
    assert r.eligibility == "deferred" and r.eligibility_reason == "Mental health first"


def test_a_non_completion_is_a_significant_event_for_the_risk_and_plan_reviews(order):
    from mappa.plans import services as plans

    w = order
    plans.add_item(actor=w.om, nominal=w.case, data={"heading": "supervision", "what": "Weekly reporting"})
    r = started(w)
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(actor=w.om, referral=r, version=r.version, data={
            "outcome": "not_completed", "outcome_on": days(-5)})
    assert refused.value.message_dict["outcome_reason"] == ["Say why the programme was not completed"]
    assert not SignificantEvent.objects.filter(kind="intervention").exists()
    done = services.record_outcome(actor=w.om, referral=r, version=r.version, data={
        "outcome": "not_completed", "outcome_on": days(-5), "outcome_reason": "Excluded for disruptive behaviour"})
    # The review falls due from the reference row in force on the day it ended (56 days: project default).
    assert done.review_due_on == days(51) and done.stage == rules.FINISHED
    event = SignificantEvent.objects.get(kind="intervention", nominal=w.case)
    assert "not completed: Excluded for disruptive behaviour" in event.summary and event.occurred_on == days(-5)
    assert ReviewRequest.objects.filter(event=event).exists()
    assert PlanReviewTrigger.objects.filter(event=event, kind="intervention").exists()


def test_a_completion_is_not_an_event_but_a_review_finding_the_risk_changed_is(order):
    w = order
    r = started(w)
    r = services.record_outcome(actor=w.om, referral=r, version=r.version, data={"outcome": "completed",
                                                                                 "outcome_on": days(-20)})
    assert not SignificantEvent.objects.filter(kind="intervention").exists()
    with pytest.raises(ValidationError) as refused:
        services.record_review(actor=w.om, referral=r, version=r.version, data={"reviewed_on": days(-30),
                                                                                "review_findings": "x"})
    assert "before the programme ended" in str(refused.value)
    r = services.record_review(actor=w.om, referral=r, version=r.version, data={
        "reviewed_on": days(-2), "review_findings": "Disclosed contact with a child online", "review_raises_concern": True})
    assert r.stage == rules.REVIEWED
    assert SignificantEvent.objects.filter(kind="intervention", summary__contains="Disclosed contact").count() == 1


def test_one_to_one_work_records_who_what_sessions_and_outcome(order):
    w = order
    work = services.add_one_to_one(actor=w.om, nominal=w.case, data={
        "worker": "Bethan Marsh", "topic": "Causes of domestic violence", "started_on": days(-60), "sessions_planned": 15})
    with pytest.raises(ValidationError) as refused:
        services.update_one_to_one(actor=w.om, work=work, version=work.version, data={"ended_on": days(-1)})
    assert refused.value.message_dict["outcome"] == ["Say what came of the work"]
    work = services.update_one_to_one(actor=w.om, work=work, version=work.version, data={
        "sessions_done": 15, "ended_on": days(-1), "outcome": "Completed; recognises his triggers"})
    assert work.sessions_done == 15 and work.version == 2
    assert AuditEvent.objects.filter(object_type="onetoonework", action="update").count() == 1


# ---- access: other agencies and roles ----

def test_a_read_only_partner_or_another_area_records_nothing(order):
    w = order
    with pytest.raises(PermissionDenied):
        services.refer(actor=w.housing, nominal=w.case, data={"programme": isotp(), "referred_on": days(-1),
                                                              "reason": "x"})
    with pytest.raises((PermissionDenied, Http404)):
        services.refer(actor=w.south, nominal=w.case, data={"programme": isotp(), "referred_on": days(-1),
                                                            "reason": "x"})
    r = refer(w)
    with pytest.raises((PermissionDenied, Http404)):
        services.decide(actor=w.housing, referral=r, version=r.version, data={"eligibility": "eligible",
                                                                              "assessed_on": days(-1)})
    assert ProgrammeReferral.objects.count() == 1 and not OneToOneWork.objects.exists()


def test_reads_are_scoped_by_the_policy(order):
    w = order
    refer(w)
    for user in (w.om, w.colleague, w.probation_sup, w.police, w.housing):
        assert queries.referrals(user, w.case).count() == 1, user
    assert not ProgrammeReferral.objects.filter(nominal__in=[]).exists()


@pytest.mark.parametrize("who,status,writes", [("om", 200, True), ("police", 200, True), ("housing", 200, False),
                                               ("south", 404, False)])
def test_the_pages_answer_each_agency_and_role_as_the_policy_says(order, login, who, status, writes):
    w = order
    r = started(w)
    client = login(getattr(w, who))
    for url in (f"/interventions/{w.case.pk}/", f"/interventions/{w.case.pk}/referrals/{r.pk}/"):
        assert client.get(url).status_code == status, url
    page = client.get(f"/interventions/{w.case.pk}/").content.decode()
    if status == 200:
        assert "Internet Sex Offender Treatment Programme" in page
        assert ("Refer to a programme" in page) == writes
    assert client.get(f"/interventions/{w.case.pk}/refer/").status_code == (200 if writes else
                                                                            (404 if status == 404 else 403))


# ---- pages ----

def test_the_list_has_an_empty_state_and_pages(order, login):
    w = order
    client = login(w.om)
    page = client.get(f"/interventions/{w.case.pk}/").content.decode()
    assert "No referrals to programmes recorded" in page and "No one-to-one work recorded" in page
    for n in range(21):
        refer(w, referred=-n - 1)
    first = client.get(f"/interventions/{w.case.pk}/").content.decode()
    second = client.get(f"/interventions/{w.case.pk}/?page=2").content.decode()
    assert first.count("interventions/" + str(w.case.pk) + "/referrals/") == 20
    assert second.count("interventions/" + str(w.case.pk) + "/referrals/") == 1


def test_forms_show_govuk_errors_and_change_nothing(order, login):
    w = order
    client = login(w.om)
    response = client.post(f"/interventions/{w.case.pk}/refer/", {"programme": isotp().pk})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and "Say why the person is referred" in text
    assert not ProgrammeReferral.objects.exists()
    d = days(-30)
    response = client.post(f"/interventions/{w.case.pk}/refer/", {
        "programme": isotp().pk, "sentence": w.order.pk, "referred_on_day": d.day, "referred_on_month": d.month,
        "referred_on_year": d.year, "reason": "Internet offending"})
    r = ProgrammeReferral.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/referrals/{r.pk}/")
    response = client.post(f"/interventions/{w.case.pk}/referrals/{r.pk}/eligibility/", {
        "version": r.version, "eligibility": "deferred", "assessed_on_day": d.day, "assessed_on_month": d.month,
        "assessed_on_year": d.year})
    assert "Say why the referral is deferred" in response.content.decode()
    r.refresh_from_db()
    assert r.eligibility == "pending"


def test_a_stale_page_edit_shows_what_changed_and_saves_nothing(order, login):
    w = order
    r = refer(w)
    opened = r.version
    services.decide(actor=w.colleague, referral=r, version=r.version, data={
        "eligibility": "not_eligible", "assessed_on": days(-100), "eligibility_reason": "Denies the offence"})
    d = days(-90)
    response = login(w.om).post(f"/interventions/{w.case.pk}/referrals/{r.pk}/eligibility/", {
        "version": opened, "eligibility": "eligible", "assessed_on_day": d.day, "assessed_on_month": d.month,
        "assessed_on_year": d.year})
    assert response.status_code == 200 and "Denies the offence" in response.content.decode()
    r.refresh_from_db()
    assert r.eligibility == "not_eligible"


def test_the_case_page_shows_the_panel_and_the_tab(order, login):
    w = order
    r = started(w)
    mark(w, r, -50)
    text = login(w.om).get(f"/people/{w.case.pk}/").content.decode()
    assert "Open interventions" in text and "1 of 35 sessions attended" in text
    assert f"/interventions/{w.case.pk}/" in text


# ---- work list ----

def test_work_list_shows_a_long_wait_and_a_review_due_for_the_manager_and_the_team(order):
    w = order
    waiting = started(w, listed=-200, start=None)  # over the six months of the reference row
    finished = started(w)
    finished = services.record_outcome(actor=w.om, referral=finished, version=finished.version, data={
        "outcome": "completed", "outcome_on": days(-60)})
    lines = {i.kind: i for i in extensions.work_for(w.om, TODAY) if i.kind.startswith("intervention")}
    assert set(lines) == {"intervention_waiting", "intervention_review"}
    assert lines["intervention_waiting"].due == days(-18) and lines["intervention_waiting"].overdue_on(TODAY)
    assert "Waiting 200 days" in lines["intervention_waiting"].what
    assert lines["intervention_review"].due == days(-4)
    team = [i for i in registrations.work(w.probation_sup, TODAY, members=[w.om]) if i.whose == w.om.display_name]
    assert {i.kind for i in team} == {"intervention_waiting", "intervention_review"}
    assert not [i for i in extensions.work_for(w.police, TODAY) if i.kind.startswith("intervention")]
    services.record_review(actor=w.om, referral=finished, version=finished.version, data={
        "reviewed_on": TODAY, "review_findings": "SARN done: treatment targets into the sentence plan"})
    assert {i.kind for i in extensions.work_for(w.om, TODAY) if i.kind.startswith("intervention")} == {
        "intervention_waiting"}
    assert waiting.pk


def test_every_page_about_the_person_has_the_case_header(order, login):
    w = order
    r = started(w)
    work = services.add_one_to_one(actor=w.om, nominal=w.case, data={"worker": "Bethan Marsh", "topic": "Victim awareness",
                                                                     "started_on": days(-10)})
    client = login(w.om)
    base = f"/interventions/{w.case.pk}/"
    for path in ("", "refer/", "one-to-one/add/", f"one-to-one/{work.pk}/", f"referrals/{r.pk}/",
                 f"referrals/{r.pk}/eligibility/", f"referrals/{r.pk}/waiting-list/", f"referrals/{r.pk}/sessions/add/",
                 f"referrals/{r.pk}/outcome/", f"referrals/{r.pk}/review/"):
        response = client.get(base + path)
        assert response.status_code == 200, path
        assert response.content.decode().count('data-testid="case-header"') == 1, path
