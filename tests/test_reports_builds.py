"""The annual report built as background work: asking queues a task (audited, one at a time), the worker builds it
for that reader alone and keeps it as their snapshot, the page shows the build's progress (and says plainly when no
worker is running), a stale snapshot says so, and the cases behind a figure are read again through the policy."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import TaskResultStatus
from django.utils import timezone

from mappa.accounts.models import Role
from mappa.arrangements.models import Eligibility, LevelDecision
from mappa.audit.models import Action, AuditEvent
from mappa.audit.services import record
from mappa.jobs import worker
from mappa.jobs.models import Job, WorkerBeat
from mappa.nominals.models import Partner
from mappa.reports import rules, services
from mappa.reports.models import Snapshot

D = datetime.date
PAGE = "/reports/annual/north/?year=2008"


@pytest.fixture
def eligible(world):
    """The case (the probation team's) and the other office's record, both eligible in 2008-09 at level 1."""
    police = world.agencies["police"]
    for nominal in (world.case, world.elsewhere):
        episode = Eligibility.objects.create(nominal=nominal, category=2, identified_on=D(2007, 5, 1), lead_agency=police,
                                             agency=police)
        LevelDecision.objects.create(eligibility=episode, nominal=nominal, level=1, forum="meeting",
                                     decided_by=world.coordinator, decided_on=D(2007, 6, 1), rationale="Agreed",
                                     information_considered="Reports", next_review=D(2007, 10, 1), agency=police)
    return world


def run_worker() -> int:
    return worker.work("test-worker", batch=True)


def live_worker():
    """A worker seen just now and still running (the test's own worker stops after its batch)."""
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="live-worker", host="test", pid=1, started_at=now, seen_at=now)


def test_asking_queues_one_task_and_a_worker_builds_the_snapshot(eligible):
    w = eligible
    snapshot = services.request_build(actor=w.coordinator, area=w.north, year=2008)
    [job] = Job.objects.all()
    assert job.task_path == "mappa.reports.tasks.build_annual_report" and job.args == [snapshot.pk]
    assert snapshot.status == Snapshot.Status.QUEUED and str(snapshot.job_id) == str(job.pk)
    assert AuditEvent.objects.filter(actor=w.coordinator, action=Action.CREATE,
                                     object_label="MAPPA annual report: build asked for").exists()
    with pytest.raises(ValidationError, match="already being built"):
        services.request_build(actor=w.coordinator, area=w.north, year=2008)
    assert Job.objects.count() == 1

    assert run_worker() == 1
    snapshot.refresh_from_db()
    assert snapshot.status == Snapshot.Status.DONE and snapshot.percent == 100 and snapshot.built_at
    assert rules.people_of(snapshot.people, "eligible.c2") == sorted([w.case.pk, w.elsewhere.pk])
    assert bytes(snapshot.pdf).startswith(b"%PDF") and snapshot.build_seconds > 0
    assert Job.objects.get().status == TaskResultStatus.SUCCESSFUL and Job.objects.get().return_value == "built"
    assert AuditEvent.objects.filter(actor=w.coordinator, object_label="MAPPA annual report built").exists()
    # Built again on request: the same snapshot, a new task.
    services.request_build(actor=w.coordinator, area=w.north, year=2008)
    assert Job.objects.count() == 2 and Snapshot.objects.count() == 1


def test_only_the_areas_coordinators_and_supervisors_may_ask(eligible):
    w = eligible
    for user in (w.om, w.housing, w.officer, w.admin, w.south_coordinator):
        with pytest.raises(PermissionDenied):
            services.request_build(actor=user, area=w.north, year=2008)
    with pytest.raises(ValidationError, match="Choose a year from 2008"):
        services.request_build(actor=w.coordinator, area=w.north, year=2007)
    assert not Job.objects.exists() and not Snapshot.objects.exists()


def test_the_build_reports_each_step_as_it_goes(eligible, monkeypatch):
    w = eligible
    seen = []
    real = services.record_progress
    monkeypatch.setattr(services, "record_progress", lambda pk, step, percent, **kw: (seen.append((step, percent)),
                                                                                      real(pk, step, percent, **kw)))
    services.request_build(actor=w.coordinator, area=w.north, year=2008)
    run_worker()
    steps = [step for step, _ in seen]
    assert steps[0] == "Reading the register" and "Reading the register (11 of 11 reads)" in steps
    assert steps[-2:] == ["Counting the figures", "Drawing the PDF with its charts"]
    percents = [p for _, p in seen]
    assert percents == sorted(percents) and percents[-1] < 100  # done (100) only when stored


def test_the_page_shows_progress_and_says_plainly_when_no_worker_runs(eligible, client):
    w = eligible
    client.force_login(w.coordinator)
    page = client.get(PAGE).content.decode()
    assert "This report has not been built for you" in page and "Build the report" in page
    response = client.post("/reports/annual/north/build/", {"year": 2008})
    assert response.status_code == 302 and response.url == PAGE
    snapshot = Snapshot.objects.get()
    page = client.get(PAGE).content.decode()
    assert "No background worker is running, so the build has not started" in page
    assert f'hx-get="/reports/annual/builds/{snapshot.pk}/"' in page and 'hx-trigger="every 2s"' in page

    live_worker()
    fragment = client.get(f"/reports/annual/builds/{snapshot.pk}/").content.decode()
    assert "Waiting for a worker: 0% done." in fragment and "hx-trigger" in fragment
    services.record_progress(snapshot.pk, "Reading the register (3 of 11 reads)", 19, started=True)
    fragment = client.get(f"/reports/annual/builds/{snapshot.pk}/").content.decode()
    assert "Reading the register (3 of 11 reads): 19% done." in fragment

    Snapshot.objects.filter(pk=snapshot.pk).update(status=Snapshot.Status.QUEUED)
    run_worker()
    done = client.get(f"/reports/annual/builds/{snapshot.pk}/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true" and "The report is built" in done.content.decode()
    assert "hx-trigger" not in done.content.decode()  # polling stops
    page = client.get(PAGE).content.decode()
    assert 'data-figure="eligible.c2"' in page and "Built " in page and "Build it again" in page


def test_a_build_whose_worker_stopped_part_way_can_be_asked_for_again(eligible, client):
    w = eligible
    snapshot = services.request_build(actor=w.coordinator, area=w.north, year=2008)
    Job.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["a-worker-that-died"])
    services.record_progress(snapshot.pk, "Reading the register", 0, started=True)
    client.force_login(w.coordinator)
    page = client.get(PAGE).content.decode()
    assert "The build stopped part-way" in page and "hx-trigger" not in page
    services.request_build(actor=w.coordinator, area=w.north, year=2008)  # not refused
    assert Job.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_reader_who_may_no_longer_build_it_gets_no_figures(eligible, client):
    w = eligible
    services.request_build(actor=w.probation_sup, area=w.north, year=2008)
    w.probation_sup.role = Role.PRACTITIONER
    w.probation_sup.save()
    run_worker()
    snapshot = Snapshot.objects.get()
    assert snapshot.status == Snapshot.Status.FAILED and snapshot.data is None
    assert snapshot.step == "You may no longer build this report"


def test_a_snapshot_is_its_readers_alone(eligible, client):
    w = eligible
    services.request_build(actor=w.coordinator, area=w.north, year=2008)
    run_worker()
    snapshot = Snapshot.objects.get()
    client.force_login(w.probation_sup)  # may build the area's report, over the cases they may see
    assert client.get(f"/reports/annual/builds/{snapshot.pk}/").status_code == 404
    page = client.get(PAGE).content.decode()
    assert "has not been built for you" in page and 'data-figure="eligible.c2"' not in page
    for url in ("/reports/annual/north/2008/figures/eligible.c2/", "/reports/annual/north/2008/report.csv",
                "/reports/annual/north/2008/report.pdf"):
        assert client.get(url).status_code == 404
    # Every other persona, whatever they may see of the area, is told nothing of it.
    for user in (w.probation_sup, w.police_sup, w.om, w.police, w.housing, w.health, w.officer, w.admin, w.south,
                 w.south_coordinator):
        client.force_login(user)
        assert client.get(f"/reports/annual/builds/{snapshot.pk}/").status_code == 404, user.username
    client.force_login(w.probation_sup)
    # Their own build counts only what they may see: the case their team holds, not the other office's.
    services.request_build(actor=w.probation_sup, area=w.north, year=2008)
    run_worker()
    theirs = Snapshot.objects.get(owner=w.probation_sup)
    assert rules.people_of(theirs.people, "eligible.c2") == [w.case.pk] and "Figures for the cases you may see" in theirs.scope_note


def test_the_cases_behind_a_figure_are_what_the_reader_may_see_today(eligible, client):
    w = eligible
    Partner.objects.create(nominal=w.elsewhere, user=w.probation_sup, added_by=w.coordinator)
    services.request_build(actor=w.probation_sup, area=w.north, year=2008)
    run_worker()
    client.force_login(w.probation_sup)
    url = "/reports/annual/north/2008/figures/eligible.c2/"
    cases = client.get(url).content.decode()
    assert 'data-testid="figure-value">2<' in cases and cases.count('href="/mappa/people/') == 2
    Partner.objects.filter(nominal=w.elsewhere, user=w.probation_sup).delete()  # no longer a partner
    cases = client.get(url).content.decode()
    # The stored figure still says 2 (as built), but the list is read again: only the case they may see now.
    assert 'data-testid="figure-value">2<' in cases and cases.count('href="/mappa/people/') == 1
    assert f'href="/mappa/people/{w.elsewhere.pk}/"' not in cases


def test_a_reader_whose_scope_changed_must_build_again(eligible, client):
    w = eligible
    services.request_build(actor=w.probation_sup, area=w.north, year=2008)
    run_worker()
    w.probation_sup.team = w.teams["police"]
    w.probation_sup.save()
    client.force_login(w.probation_sup)
    assert "has not been built for you" in client.get(PAGE).content.decode()
    assert client.get("/reports/annual/north/2008/report.csv").status_code == 404


def test_a_stale_snapshot_says_so_and_offers_a_rebuild(eligible, client):
    w = eligible
    services.request_build(actor=w.probation_sup, area=w.north, year=2008)
    run_worker()
    client.force_login(w.probation_sup)
    page = client.get(PAGE).content.decode()
    assert 'data-testid="stale"' not in page
    # A change on a record they may not see (the other office's) tells them nothing.
    record(w.other_office, Action.UPDATE, w.elsewhere, nominal=w.elsewhere)
    assert 'data-testid="stale"' not in client.get(PAGE).content.decode()
    record(w.om, Action.UPDATE, w.case, nominal=w.case)
    page = client.get(PAGE).content.decode()
    assert "Records have been added or changed since this report was built" in page and "Build it again" in page


def test_a_snapshot_older_than_the_set_age_says_so(eligible, client, monkeypatch):
    w = eligible
    services.request_build(actor=w.coordinator, area=w.north, year=2008)
    run_worker()
    client.force_login(w.coordinator)
    assert 'data-testid="stale"' not in client.get(PAGE).content.decode()
    later = timezone.now() + datetime.timedelta(hours=25)  # nothing changed meanwhile
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(PAGE).content.decode()
    assert "This report was built more than 24 hours ago, so its figures may be out of date." in page


def test_how_long_a_build_took_is_said_in_words():
    from mappa.reports.views import took

    assert [took(s) for s in (0.4, 1.2, 4.6, None)] == ["in less than a second", "in 1 second", "in 5 seconds", ""]


def test_the_boards_view_reads_the_same_snapshot(eligible, client):
    w = eligible
    services.request_build(actor=w.coordinator, area=w.north, year=2008)
    run_worker()
    client.force_login(w.coordinator)
    page = client.get("/reports/annual/north/board/?year=2008").content.decode()
    assert "Strategic management board" in page and "MAPPA level recorded" in page
    assert 'data-figure="board.levels.l1"' in page and 'data-figure="eligible.c2"' not in page
    cases = client.get("/reports/annual/north/2008/figures/board.recorded.yes/").content.decode()
    assert "Back to the board&#x27;s indicators" in cases or "Back to the board's indicators" in cases
    assert cases.count('href="/mappa/people/') == 2
