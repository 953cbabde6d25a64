"""The chair's meeting pack built as background work: asking queues one task (audited), the worker builds it from
what the reader may see and keeps it for them alone, the page shows its progress, the download is recorded as an
export of each person in it, and a pack past its keeping time or built under other access is not handed over."""
import datetime

import pytest
from django.utils import timezone

from mappa.arrangements import services
from mappa.arrangements.models import AgendaCase, Meeting, MeetingPack
from mappa.audit.models import Action, AuditEvent
from mappa.core import reference
from mappa.jobs import worker
from mappa.jobs.models import Job, WorkerBeat

TODAY = timezone.localdate()


@pytest.fixture
def meeting(world):
    w = world
    services.identify(actor=w.om, nominal=w.case, category=1, identified_on=TODAY - datetime.timedelta(days=30),
                      basis="Registered")
    w.meeting = services.arrange_meeting(actor=w.coordinator, kind=Meeting.Kind.LEVEL2, held_on=TODAY, venue="Room 2",
                                         chair=w.coordinator)
    services.add_to_agenda(actor=w.coordinator, meeting=w.meeting, nominal=w.case)
    services.record_minute(actor=w.coordinator, meeting=w.meeting, nominal=w.case, summary="Agreed level 2 management",
                           disclosure_considered=True, disclosure_decision="Disclose to the new partner")
    return w


def pack_url(w, tail="pack/"):
    return f"/mappa/meetings/{w.meeting.pk}/{tail}"


def run_worker() -> int:
    return worker.work("test-worker", batch=True)


def test_the_chair_asks_for_the_pack_a_worker_builds_it_and_they_download_it(meeting, login):
    w = meeting
    client = login(w.coordinator)
    page = client.get(pack_url(w)).content.decode()
    assert "Build the pack" in page and "Download" not in page

    response = client.post(pack_url(w))
    assert response.status_code == 302
    [job] = Job.objects.all()
    assert job.task_path == "mappa.arrangements.tasks.build_meeting_pack"
    assert AuditEvent.objects.filter(actor=w.coordinator, action=Action.CREATE,
                                     object_label__startswith="Chair's meeting pack asked for").exists()
    page = client.get(pack_url(w)).content.decode()
    assert "No background worker is running, so the build has not started" in page

    client.post(pack_url(w))  # asked again while waiting: still one task
    assert Job.objects.count() == 1

    assert run_worker() == 1
    pack = MeetingPack.objects.get(owner=w.coordinator, meeting=w.meeting)
    assert pack.status == MeetingPack.Status.DONE and pack.cases == [w.case.pk]
    page = client.get(pack_url(w)).content.decode()
    assert "Download the chair's pack (PDF)" in page

    exports_before = AuditEvent.objects.filter(action=Action.EXPORT, nominal=w.case).count()
    download = client.get(pack_url(w, "pack.pdf"))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action=Action.EXPORT, nominal=w.case, actor=w.coordinator).count() == exports_before + 1


def test_the_progress_is_polled_while_a_worker_runs_it(meeting, login):
    w = meeting
    client = login(w.coordinator)
    client.post(pack_url(w))
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="live-worker", host="test", pid=1, started_at=now, seen_at=now)
    page = client.get(pack_url(w)).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Waiting for a worker: 0% done." in page
    run_worker()
    status = client.get(pack_url(w, "pack/status/"), HTTP_HX_REQUEST="true")
    assert status.status_code == 200 and status["HX-Refresh"] == "true"


def test_only_the_chair_and_the_areas_coordinators_build_or_fetch_a_pack(meeting, login):
    w = meeting
    for user in (w.om, w.police, w.children):
        client = login(user)
        for url in (pack_url(w), pack_url(w, "pack/status/"), pack_url(w, "pack.pdf")):
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(pack_url(w)).status_code == 403
    assert client.get(pack_url(w)).status_code == 403
    assert login(w.south_coordinator).get(pack_url(w)).status_code == 404  # another area's meeting
    assert not Job.objects.exists()


def test_a_pack_is_its_readers_alone(meeting, login, django_user_model):
    w = meeting
    services.request_pack(actor=w.coordinator, meeting=w.meeting)
    run_worker()
    colleague = django_user_model.objects.create_user(username="coordinator2", password="x" * 20, role=w.coordinator.role,
                                                      team=w.coordinator.team, agency=w.coordinator.agency)
    client = login(colleague)
    assert "Download" not in client.get(pack_url(w)).content.decode()
    assert client.get(pack_url(w, "pack.pdf")).status_code == 302  # to their own pack page: they have none


def test_a_pack_past_its_keeping_time_is_not_handed_over_and_its_pdf_is_cleared(meeting, login):
    w = meeting
    services.request_pack(actor=w.coordinator, meeting=w.meeting)
    run_worker()
    hours = reference.value(services.PACK_KEEP_HOURS)
    MeetingPack.objects.update(built_at=timezone.now() - datetime.timedelta(hours=hours + 1))
    client = login(w.coordinator)
    assert "no longer offered" in client.get(pack_url(w)).content.decode()
    response = client.get(pack_url(w, "pack.pdf"), follow=True)
    assert "This pack is out of date: build it again" in response.content.decode()
    assert services.clear_old_packs(timezone.now()) == 1
    assert MeetingPack.objects.get().pdf is None


def test_a_pack_built_under_other_access_is_not_handed_over(meeting, login):
    w = meeting
    services.request_pack(actor=w.coordinator, meeting=w.meeting)
    run_worker()
    MeetingPack.objects.update(scope=["another role", None, None, None])
    response = login(w.coordinator).get(pack_url(w, "pack.pdf"), follow=True)
    assert "This pack is out of date: build it again" in response.content.decode()


def test_the_pack_holds_only_the_cases_its_reader_may_see(meeting, login):
    w = meeting
    # Another area's record on the agenda (added before it moved area, say): not the co-ordinator's to read.
    hidden = w.south_case
    AgendaCase.objects.create(meeting=w.meeting, nominal=hidden, added_by=w.coordinator)
    services.request_pack(actor=w.coordinator, meeting=w.meeting)
    run_worker()
    pack = MeetingPack.objects.get()
    assert hidden.pk not in pack.cases and pack.cases == [w.case.pk]
