"""Workforce: supervision sessions (who may record and read them, the cases both may see, versions, audit), training
beyond the risk tools built on the risk part's records, the team page (a supervisor's own team only; cases counted
only as the reader may see them; over capacity; missing training), the work list, and the pages' errors and
empty states."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core.concurrency import StaleEdit
from mappa.core.models import ReferenceSetting
from mappa.risk.models import TrainingRecord
from mappa.workforce import queries, registrations, services
from mappa.workforce.models import CourseRecord, StaffSupervision

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def session(w, held_on=None, cases=(), actor=None, supervisee=None, **data):
    return services.record_supervision(actor=actor or w.probation_sup, supervisee=supervisee or w.om, cases=cases, data={
        "held_on": held_on or days(-3), "accountability": True, "agreed": "Review the plan before the meeting", **data})


# ---- supervision sessions ----

def test_a_supervisor_records_a_session_with_its_cases_next_due_a_month_on_and_audit(world):
    w = world
    before = AuditEvent.objects.count()
    made = session(w, held_on=days(-10), cases=[w.case.pk])
    assert made.next_due == queries.rules.next_supervision_due(days(-10), {"months": 1})
    assert [n.pk for n in queries.discussed(w.om, [made])[made.pk]] == [w.case.pk]
    events = AuditEvent.objects.order_by("pk")[before:]
    assert [(e.action, e.actor_id) for e in events] == [("create", w.probation_sup.pk), ("update", w.probation_sup.pk)]
    assert events[1].nominal_id == w.case.pk  # the case's own history shows it was discussed


@pytest.mark.parametrize("who", ["om", "police_sup", "colleague"])
def test_only_the_supervisor_of_the_persons_team_records_their_supervision(world, who):
    w = world
    with pytest.raises(PermissionDenied):
        session(w, actor=getattr(w, who))
    with pytest.raises(PermissionDenied):  # nor their own
        session(w, supervisee=w.probation_sup)
    assert not StaffSupervision.objects.exists()


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(world):
    w = world
    with pytest.raises(ValidationError) as refused:
        services.record_supervision(actor=w.probation_sup, supervisee=w.om, data={
            "held_on": days(1), "accountability": False, "agreed": "  "})
    assert set(refused.value.message_dict) == {"held_on", "accountability", "agreed"}
    with pytest.raises(ValidationError) as refused:
        session(w, cases=[w.south_case.pk])  # a case neither may see
    assert "cases" in refused.value.message_dict
    assert not StaffSupervision.objects.exists()


def test_a_case_the_supervisee_does_not_manage_or_may_not_see_cannot_be_named(world):
    w = world
    assert w.case in queries.cases_both_see(w.probation_sup, w.om)
    assert w.elsewhere not in queries.cases_both_see(w.probation_sup, w.om)
    with pytest.raises(ValidationError):
        session(w, cases=[w.elsewhere.pk])


def test_a_stale_correction_is_refused_and_another_supervisor_may_not_correct(world):
    w = world
    made = session(w)
    changed = services.update_supervision(actor=w.probation_sup, supervision=made, version=made.version,
                                          data={"agreed": "Book the RM2000 training", "held_on": days(-5)})
    assert changed.version == 2 and changed.next_due == queries.rules.next_supervision_due(days(-5), {"months": 1})
    with pytest.raises(StaleEdit):
        services.update_supervision(actor=w.probation_sup, supervision=made, version=1, data={"agreed": "Overwrite"})
    assert StaffSupervision.objects.get(pk=made.pk).agreed == "Book the RM2000 training"
    with pytest.raises(PermissionDenied):
        services.update_supervision(actor=w.om, supervision=made, version=2, data={"agreed": "My own words"})


def test_a_session_is_read_by_its_two_people_and_the_teams_supervisor_only(world):
    w = world
    made = session(w, cases=[w.case.pk])
    readers = {u.username for u in (w.om, w.probation_sup, w.colleague, w.police_sup, w.admin, w.coordinator, w.south)
               if policy.staff_supervisions_for(u).filter(pk=made.pk).exists()}
    assert readers == {"om", "probsup"}
    # A case discussed is named only to a reader who may see it.
    assert list(policy.discussed_cases_for(w.south, [made.pk])) == []


# ---- training ----

def test_training_in_a_course_is_recorded_by_the_supervisor_with_audit_and_a_risk_tool_stays_the_risk_record(world):
    w = world
    before = AuditEvent.objects.count()
    services.record_course(actor=w.probation_sup, user=w.om, course="home_visiting", completed_on=days(-30),
                           expires_on=days(700))
    services.record_course(actor=w.probation_sup, user=w.om, course="rm2000", completed_on=days(-30))
    assert list(CourseRecord.objects.values_list("course", flat=True)) == ["home_visiting"]
    assert list(TrainingRecord.objects.filter(user=w.om).values_list("tool", flat=True)) == ["rm2000"]
    assert AuditEvent.objects.count() == before + 2
    names = [r[0] for r in queries.training_rows(w.om, w.om, queries.tables(TODAY)["roles"])]
    assert sorted(names) == ["Home visiting of sexual offenders", "Risk Matrix 2000"]


def test_nobody_records_their_own_training_and_bad_dates_are_refused(world):
    w = world
    with pytest.raises(PermissionDenied):
        services.record_course(actor=w.om, user=w.om, course="visor", completed_on=days(-1))
    with pytest.raises(PermissionDenied):
        services.record_course(actor=w.police_sup, user=w.om, course="visor", completed_on=days(-1))
    with pytest.raises(ValidationError) as refused:
        services.record_course(actor=w.probation_sup, user=w.om, course="juggling", completed_on=days(1),
                               expires_on=days(-5))
    assert set(refused.value.message_dict) == {"course", "completed_on", "expires_on"}
    with pytest.raises(ValidationError) as refused:
        services.record_course(actor=w.probation_sup, user=w.om, course="rm2000", completed_on=days(1))
    assert set(refused.value.message_dict) == {"completed_on"}  # the risk part's error, under this form's field
    assert not CourseRecord.objects.exists() and not TrainingRecord.objects.exists()


# ---- the team ----

def row_of(rows, user):
    return next(r for r in rows if r.member.pk == user.pk)


def test_the_team_shows_each_members_visible_cases_weight_and_missing_training(world):
    w = world
    rows = queries.team(w.probation_sup, TODAY)
    om = row_of(rows, w.om)
    assert [n.pk for n in om.cases] == [w.case.pk] and om.load.cases == 1 and om.load.weighted == 1
    assert om.role == "offender_manager"
    assert om.missing == ["OASys", "Risk Matrix 2000", "Home visiting of sexual offenders"]
    for course in ("oasys", "rm2000", "home_visiting"):
        services.record_course(actor=w.probation_sup, user=w.om, course=course, completed_on=days(-1))
    assert row_of(queries.team(w.probation_sup, TODAY), w.om).missing == []
    assert {r.member.pk for r in rows} == {w.om.pk, w.colleague.pk, w.probation_sup.pk}


def test_nobody_sees_another_teams_members_or_caseloads(world):
    w = world
    assert queries.team(w.om, TODAY) is None
    assert queries.team(w.coordinator, TODAY) is None
    assert w.om.pk not in {r.member.pk for r in queries.team(w.police_sup, TODAY)}
    assert not policy.staff_for(w.police_sup).filter(pk=w.om.pk).exists()


def test_a_caseload_above_the_usual_maximum_is_flagged_over_capacity(world):
    w = world
    assert not row_of(queries.team(w.probation_sup, TODAY), w.om).over
    ReferenceSetting.objects.create(key="caseload.usual_maximum", value=0, effective_from=days(-1), source="A test")
    assert row_of(queries.team(w.probation_sup, TODAY), w.om).over


# ---- the work list ----

def test_supervision_due_and_overdue_is_on_the_supervisors_own_work_list(world):
    w = world
    items = registrations.work(w.probation_sup, TODAY)
    assert {i.what for i in items} == {f"Supervise {w.om.display_name}: no supervision recorded yet",
                                       f"Supervise {w.colleague.display_name}: no supervision recorded yet"}
    session(w, held_on=days(-40))  # a month on was about ten days ago
    session(w, held_on=TODAY, supervisee=w.colleague)
    items = registrations.work(w.probation_sup, TODAY)
    assert [(i.what, i.overdue_on(TODAY)) for i in items] == [(f"Supervise {w.om.display_name}", True)]
    assert registrations.work(w.om, TODAY) == [] and registrations.work(w.police_sup, TODAY) != []
    team = registrations.work(w.probation_sup, TODAY, members=[w.om, w.probation_sup])
    assert [i.whose for i in team] == [w.probation_sup.display_name]


# ---- pages ----

@pytest.mark.parametrize("who", ["om", "probation_sup", "police_sup", "coordinator", "admin", "housing", "health"])
def test_the_page_works_for_every_role_and_shows_a_team_to_its_supervisor_only(world, login, who):
    client = login(getattr(world, who))
    page = client.get("/workforce/").content.decode()
    assert "No supervision recorded yet." in page
    assert ('data-testid="team"' in page) == (who in ("probation_sup", "police_sup"))
    if who == "probation_sup":
        assert "Jonah Davis" in page and "govuk-tag--orange\">Over capacity" not in page


def test_emergency_access_has_no_workforce_page(world, login):
    assert login(world.officer).get("/workforce/").status_code == 404


def test_a_persons_page_is_404_to_another_teams_supervisor(world, login):
    w = world
    assert login(w.police_sup).get(f"/workforce/people/{w.om.pk}/").status_code == 404
    assert login(w.colleague).get(f"/workforce/people/{w.om.pk}/").status_code == 404
    assert login(w.om).get(f"/workforce/people/{w.om.pk}/").status_code == 200
    assert login(w.om).get(f"/workforce/people/{w.colleague.pk}/supervision/add/").status_code == 404


def test_the_form_shows_govuk_errors_and_saves_nothing_then_saves(world, login):
    w = world
    client = login(w.probation_sup)
    url = f"/workforce/people/{w.om.pk}/supervision/add/"
    response = client.post(url, {"held_on_day": "", "agreed": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "Say what was agreed" in page
    assert not StaffSupervision.objects.exists()
    response = client.post(url, {"held_on_day": str(days(-2).day), "held_on_month": str(days(-2).month),
                                 "held_on_year": str(days(-2).year), "accountability": "on", "support": "on",
                                 "cases": [str(w.case.pk)], "agreed": "Take the next level 2 case"})
    assert response.status_code == 302
    made = StaffSupervision.objects.get()
    assert made.support and not made.guidance
    page = login(w.om).get("/workforce/").content.decode()
    assert "Take the next level 2 case" in page and "Jonah Davis" in page


def test_a_stale_correction_on_the_page_shows_what_changed_and_keeps_the_saved_record(world, login):
    w = world
    made = session(w)
    services.update_supervision(actor=w.probation_sup, supervision=made, version=1, data={"agreed": "First change"})
    client = login(w.probation_sup)
    day = days(-3)
    response = client.post(f"/workforce/supervisions/{made.pk}/", {
        "version": 1, "held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year, "accountability": "on",
        "agreed": "Second change"})
    assert response.status_code == 200 and 'data-testid="conflict"' in response.content.decode()
    assert StaffSupervision.objects.get(pk=made.pk).agreed == "First change"
    assert login(w.om).post(f"/workforce/supervisions/{made.pk}/", {"agreed": "x"}).status_code == 404


def test_the_supervisors_home_page_lists_supervision_due_without_a_case_link(world, login):
    page = login(world.probation_sup).get("/").content.decode()
    assert "Your team" in page and "Supervise" in page


def test_the_team_page_reads_the_same_number_of_queries_whatever_the_caseload(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mappa.nominals import services as register

    w = world
    client = login(w.probation_sup)
    session(w, cases=[w.case.pk])

    def queries_read():
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/workforce/").status_code == 200
        return len(seen)

    queries_read()  # the first request also reads what is kept for later ones (the session, reference data)
    few = queries_read()
    names = ["Ada", "Ben", "Cal", "Dev", "Eve", "Fay"]
    for n, name in enumerate(names):
        register.create_nominal(actor=w.om, manager=w.om if n % 2 else w.colleague,
                                data={"first_name": name, "last_name": "Weighed"})
    page = client.get("/workforce/").content.decode()
    assert "Fay Weighed" in page and "Eve Weighed" in page
    assert queries_read() == few
