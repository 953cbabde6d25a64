"""Background tasks: queued when the change commits, run once by a worker, retried after a failure, visible to
administrators; the alert e-mails they send say nothing of a case; /readyz asks for a worker when told to."""
import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone

from mappa.core import alert_emails
from mappa.core.models import Notification
from mappa.core.notifications import notify
from mappa.jobs import worker
from mappa.jobs.models import Job, WorkerBeat


def run_worker(**options) -> int:
    return worker.work("test-worker", batch=True, **options)


def alert(users, capture, **extra):
    """Raise an alert in a committed transaction, as a service does."""
    with capture(execute=True):
        with transaction.atomic():
            told = notify(users, kind="test", message=extra.pop("message", "Jonah Davis: review due"), **extra)
    return told


def make_due():
    """Bring every retry's time forward to now (instead of waiting for it)."""
    Job.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now() - datetime.timedelta(seconds=1))


def test_an_alert_queues_an_email_task_when_its_change_commits(world, django_capture_on_commit_callbacks):
    alert([world.om], django_capture_on_commit_callbacks, nominal=world.case)
    [job] = Job.objects.all()
    assert job.task_path == "mappa.core.alert_emails.email_new_alerts" and job.args == [world.om.pk]
    assert job.status == TaskResultStatus.READY
    assert mail.outbox == []  # nothing is sent until a worker runs it


def test_no_task_is_queued_when_the_change_is_rolled_back(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([world.om], kind="test", message="Jonah Davis: review due", nominal=world.case)
            raise RuntimeError("the change failed")
    assert callbacks == [] and not Job.objects.exists()


def test_a_worker_sends_the_email_once_however_often_it_runs(world, django_capture_on_commit_callbacks):
    alert([world.om], django_capture_on_commit_callbacks, nominal=world.case)
    assert run_worker() == 1
    [sent] = mail.outbox
    assert sent.to == [world.om.email] and sent.subject == "mappa: 1 new alert"
    assert "You have 1 new alert in mappa" in sent.body and "http://" in sent.body
    assert Job.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert run_worker() == 0  # nothing left to run
    # A second task for the same reader (raised twice, or queued again by hand) finds nothing new to tell.
    alert_emails.email_new_alerts.enqueue(world.om.pk)
    assert run_worker() == 1
    assert len(mail.outbox) == 1


def test_alerts_raised_together_are_counted_in_one_email(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify([world.om], kind="test", message="one", nominal=world.case)
        notify([world.om], kind="test", message="two", nominal=world.case)
    run_worker()
    [sent] = mail.outbox
    assert sent.subject == "mappa: 2 new alerts"


def test_the_email_says_nothing_of_the_case_and_counts_only_what_its_reader_may_see(world, django_capture_on_commit_callbacks):
    message = "Intelligence on Jonah Davis: Seen near a school"
    told = alert([world.om, world.police], django_capture_on_commit_callbacks, message=message,
                 nominal=world.case, about=world.intel)
    assert told == [world.police]  # the offender manager's agency may not see the intelligence
    # An alert the offender manager may no longer see (its item restricted since) is not counted for them.
    Notification.objects.create(recipient=world.om, nominal=world.case, kind="test", message="Hidden: Alice Victim",
                                handling="intelligence", agency=world.police.agency)
    Notification.objects.create(recipient=world.om, nominal=world.case, kind="test", message="Jonah Davis: review due")
    alert_emails.email_new_alerts.enqueue(world.om.pk)
    run_worker()
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert set(by_reader) == {world.police.email, world.om.email}
    assert by_reader[world.om.email].subject == "mappa: 1 new alert"
    for sent in mail.outbox:
        text = sent.subject + sent.body
        for detail in ("Jonah", "Davis", "school", "Intelligence", "Alice", "Victim", "review"):
            assert detail not in text
    # The hidden one is still not marked as e-mailed: were it shown again, it would be told then.
    assert Notification.objects.get(message="Hidden: Alice Victim").emailed_at is None


def test_a_failed_send_is_retried_later_and_then_sent_once(world, django_capture_on_commit_callbacks, monkeypatch):
    alert([world.om], django_capture_on_commit_callbacks, nominal=world.case)
    real_send = alert_emails.send_mail

    def refused(subject, body, sender, to, **kwargs):
        raise smtplib.SMTPServerDisconnected(f"refused {to[0]}")

    monkeypatch.setattr(alert_emails, "send_mail", refused)
    run_worker()
    job = Job.objects.get()
    assert job.status == TaskResultStatus.READY and job.attempts == 1
    assert job.run_after > timezone.now() + datetime.timedelta(seconds=20)  # waits before trying again
    assert job.errors[0]["exception_class_path"] == "smtplib.SMTPServerDisconnected"
    assert world.om.email not in str(job.errors)  # the message is not kept: it could quote a record
    assert Notification.objects.get().emailed_at is None  # the failed send marked nothing
    assert run_worker() == 0  # not yet due

    monkeypatch.setattr(alert_emails, "send_mail", real_send)
    make_due()
    assert run_worker() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL and job.attempts == 2
    assert len(mail.outbox) == 1 and Notification.objects.get().emailed_at is not None


def test_a_task_that_keeps_failing_is_left_failed_after_its_tries(world, django_capture_on_commit_callbacks, monkeypatch):
    alert([world.om], django_capture_on_commit_callbacks, nominal=world.case)
    monkeypatch.setattr(alert_emails, "send_mail", lambda *a, **k: (_ for _ in ()).throw(smtplib.SMTPException()))
    job = Job.objects.get()
    for _ in range(job.max_attempts):
        make_due()
        run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED and job.attempts == job.max_attempts and len(job.errors) == job.max_attempts
    make_due()
    assert run_worker() == 0  # never tried again
    result = alert_emails.email_new_alerts.get_result(str(job.pk))
    assert result.status == TaskResultStatus.FAILED and result.attempts == job.max_attempts


def test_the_result_of_a_task_can_be_read_back(world):
    result = alert_emails.email_new_alerts.enqueue(world.om.pk)
    Notification.objects.create(recipient=world.om, kind="test", message="x")
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 1


def test_the_worker_command_runs_what_is_ready_and_records_that_it_ran(world):
    Notification.objects.create(recipient=world.om, kind="test", message="x")
    alert_emails.email_new_alerts.enqueue(world.om.pk)
    call_command("worker", "--batch")
    assert len(mail.outbox) == 1
    beat = WorkerBeat.objects.get()
    assert beat.seen_at > timezone.now() - datetime.timedelta(minutes=1)


# --- readiness ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_readyz_leaves_the_worker_out_unless_asked(client, settings):
    settings.REQUIRE_WORKER = False
    assert "worker" not in client.get("/readyz").json()["checks"]


@pytest.mark.django_db
def test_readyz_is_not_ready_without_a_recent_worker(client, settings):
    settings.REQUIRE_WORKER = True
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == f"failed: no task worker seen in {settings.WORKER_STALE_SECONDS} seconds"

    long_ago = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS + 5)
    WorkerBeat.objects.create(worker_id="old", started_at=long_ago, seen_at=long_ago)
    assert client.get("/readyz").status_code == 503

    run_worker()  # a worker that has stopped does not count, however recent
    assert client.get("/readyz").status_code == 503

    worker.beat("current", timezone.now())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"}}


# --- what an administrator sees -------------------------------------------------------------------------

def test_administrators_see_the_tasks_and_workers_but_not_what_a_task_was_about(world, login, django_capture_on_commit_callbacks,
                                                                                monkeypatch):
    alert([world.om], django_capture_on_commit_callbacks, nominal=world.case)
    monkeypatch.setattr(alert_emails, "send_mail", lambda *a, **k: (_ for _ in ()).throw(smtplib.SMTPException("to om@example.org")))
    run_worker()
    client = login(world.admin)
    index = client.get("/administration/").content.decode()
    assert "Background tasks" in index and "1 waiting, 0 failed; no worker seen since" in index
    page = client.get("/administration/tasks/").content.decode()
    assert "Email new alerts" in page and "1 of 5" in page and "smtplib.SMTPException" in page
    assert "test-worker" in page and ">Stopped<" in page  # the batch run has finished
    worker.beat("live-worker", timezone.now())
    assert "a worker is running" in client.get("/administration/").content.decode()
    assert "om@example.org" not in page and "Jonah" not in page
    assert login(world.om).get("/administration/tasks/").status_code == 404


def test_a_task_whose_worker_stopped_part_way_is_shown_and_not_run_again(world, login):
    alert_emails.email_new_alerts.enqueue(world.om.pk)
    job = worker.claim("worker-that-died")
    assert job is not None and run_worker() == 0  # claimed: no other worker takes it
    page = login(world.admin).get("/administration/tasks/").content.decode()
    assert "Stopped part-way" in page
    worker.beat("worker-that-died", timezone.now())  # while its worker is seen, it is simply running
    page = login(world.admin).get("/administration/tasks/").content.decode()
    assert "Stopped part-way" not in page and ">Running<" in page


def test_tasks_that_succeeded_long_ago_are_removed_and_failed_ones_kept(world):
    old = timezone.now() - datetime.timedelta(days=31)
    done = Job.objects.create(task_path="mappa.core.alert_emails.email_new_alerts", status=TaskResultStatus.SUCCESSFUL, finished_at=old)
    failed = Job.objects.create(task_path="mappa.core.alert_emails.email_new_alerts", status=TaskResultStatus.FAILED, finished_at=old)
    recent = Job.objects.create(task_path="mappa.core.alert_emails.email_new_alerts", status=TaskResultStatus.SUCCESSFUL,
                                finished_at=timezone.now())
    assert worker.prune() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {failed.pk, recent.pk}
    assert not Job.objects.filter(pk=done.pk).exists()


# --- two workers ----------------------------------------------------------------------------------------

@pytest.mark.postgres
def test_two_workers_never_claim_the_same_task(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("run with DATABASE_URL=postgres://...")
    Job.objects.bulk_create([Job(task_path="mappa.core.alert_emails.email_new_alerts", args=[0]) for _ in range(60)])
    claimed = {"one": [], "two": []}
    start = threading.Barrier(2)

    def claim_all(name):
        try:
            start.wait()
            while (job := worker.claim(name)) is not None:
                claimed[name].append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_all, args=(name,)) for name in claimed]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    one, two = set(claimed["one"]), set(claimed["two"])
    assert not one & two
    assert len(one) + len(two) == 60 == len(claimed["one"]) + len(claimed["two"])
    assert one and two  # both took part: the second skipped the rows the first had locked
    assert set(Job.objects.values_list("status", flat=True)) == {TaskResultStatus.RUNNING}
    for job in Job.objects.all():
        assert job.attempts == 1 and len(job.worker_ids) == 1
