"""Home visits feeding the manager: what is seen that is intelligence becomes an intelligence item for the
manager to evaluate; the manager is told (home page and alert e-mail) of a visit's outcome, of a PNC hit in the
pre-visit check and of emergency access, saying only what they may know; the pre-visit check lists the
intelligence submitted since the last visit, as its reader may be told it."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.access.services import grant_emergency_access
from mappa.core.concurrency import StaleEdit
from mappa.core.markings import Handling, marking_for
from mappa.core.models import Notification
from mappa.intelligence.models import IntelligenceItem
from mappa.jobs import worker
from mappa.jobs.models import Job
from mappa.nominals.models import Activity
from mappa.visits import rules, services
from tests.intelligence_world import C_SECRET, SANITISED, register, submit
from tests.test_visits_services import CHECK, plan, registered  # noqa: F401

TODAY = timezone.localdate()
SEEN = "A child's bicycle and school uniform in the hallway; he said they are his nephew's"


def _checked(actor, nominal, **check):
    visit = plan(actor, nominal)
    return services.save_check(actor=actor, visit=visit, data={**CHECK, **check}, version=visit.version)


def _alerts(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind).values_list("message", flat=True))


@pytest.mark.parametrize(("wanted", "convictions", "words"), [
    (False, False, ""), (True, False, "wanted"), (False, True, "new convictions"), (True, True, "wanted and new convictions"),
])
def test_a_pnc_hit_is_put_in_words(wanted, convictions, words):
    # Para 7.18 of the 2010 inspection: the PNC is checked for wanted status and new convictions anywhere.
    assert rules.pnc_hit(wanted, convictions) == words


def test_what_is_seen_that_is_intelligence_goes_to_the_manager_to_evaluate_not_to_the_activity_log(registered):
    w = registered
    visit = _checked(w.police, w.case)
    visit = services.record_outcome(actor=w.police, visit=visit, version=visit.version, intelligence_text=SEEN,
                                    data={"outcome": "attended", "observations": "Compliant"})
    item = IntelligenceItem.objects.get(pk=visit.intelligence_id)
    assert item.information == SEEN and item.source_type == "home_visit" and item.created_by == w.police
    assert item.status == "submitted" and item.evaluator == w.om and item.obtained_on == TODAY
    entry = Activity.objects.get(pk=visit.activity_id)
    assert SEEN not in entry.details and "Compliant" in entry.details
    assert "Intelligence from this visit was submitted for evaluation" in entry.details
    assert any("to evaluate by" in m for m in _alerts(w.om, "intelligence_submitted"))


def test_a_visit_without_intelligence_submits_none(registered):
    w = registered
    visit = _checked(w.police, w.case)
    visit = services.record_outcome(actor=w.police, visit=visit, version=visit.version, intelligence_text="  ",
                                    data={"outcome": "attended"})
    assert visit.intelligence_id is None and not IntelligenceItem.objects.exists()


def test_a_stale_outcome_submits_no_intelligence(registered):
    w = registered
    visit = _checked(w.police, w.case)
    with pytest.raises(StaleEdit):
        services.record_outcome(actor=w.police, visit=visit, version=visit.version - 1, intelligence_text=SEEN,
                                data={"outcome": "attended"})
    assert not IntelligenceItem.objects.exists() and not _alerts(w.om, "visit_outcome")


def test_the_manager_is_told_of_the_outcome_and_emailed_without_what_was_seen(registered, django_capture_on_commit_callbacks):
    w = registered
    visit = _checked(w.police, w.case)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_outcome(actor=w.police, visit=visit, version=visit.version,
                                data={"outcome": "no_answer", "observations": "Curtains drawn, car on the drive"})
    [message] = _alerts(w.om, "visit_outcome")
    assert "Jonah Davis" in message and "no answer" in message and "Police Tester" in message
    assert "Curtains" not in message
    assert not _alerts(w.police, "visit_outcome")  # not the officer who recorded it
    worker.work("test-worker", batch=True)
    [sent] = [m for m in mail.outbox if m.to == [w.om.email]]
    assert "new alert" in sent.subject and "Jonah" not in sent.body and "Curtains" not in sent.body


def test_a_pnc_hit_in_the_check_tells_the_manager_at_once_and_only_once(registered):
    w = registered
    _checked(w.police, w.case)
    assert not _alerts(w.om, "visit_pnc_hit")  # nothing found: nothing to tell
    visit = _checked(w.police, w.case, pnc_wanted=True, pnc_result="Wanted on warrant, Southshire, for failing to appear")
    [message] = _alerts(w.om, "visit_pnc_hit")
    assert "found wanted" in message and "Jonah Davis" in message and "Southshire" not in message
    services.save_check(actor=w.police, visit=visit, data={**CHECK, "pnc_wanted": True, "equipment": "Van"},
                        version=visit.version)
    assert len(_alerts(w.om, "visit_pnc_hit")) == 1  # the same hit saved again is not news


def test_a_pnc_hit_needs_the_pnc_checked(registered):
    w = registered
    visit = plan(w.police, w.case)
    with pytest.raises(ValidationError) as refused:
        services.save_check(actor=w.police, visit=visit, data={**CHECK, "pnc_checked": False, "pnc_new_convictions": True},
                            version=visit.version)
    assert "pnc_checked" in refused.value.message_dict and not _alerts(w.om, "visit_pnc_hit")


def test_without_a_manager_the_team_supervisors_are_told(registered):
    w = registered
    w.case.manager = None
    w.case.save()
    visit = _checked(w.police, w.case, pnc_new_convictions=True)
    services.record_outcome(actor=w.police, visit=visit, version=visit.version, data={"outcome": "refused"})
    assert _alerts(w.probation_sup, "visit_pnc_hit") and _alerts(w.probation_sup, "visit_outcome")


def test_emergency_access_is_told_to_the_manager_and_emailed(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        grant_emergency_access(actor=w.officer, identifier="2009/0012345A", reason="Stopped in a car near a school")
    assert _alerts(w.om, "break_glass") and _alerts(w.probation_sup, "break_glass")
    assert {job.args[0] for job in Job.objects.all()} >= {w.om.pk, w.probation_sup.pk}
    worker.work("test-worker", batch=True)
    assert any(m.to == [w.om.email] and "school" not in m.body for m in mail.outbox)


def test_the_check_lists_intelligence_since_the_last_visit_as_each_reader_may_be_told_it(registered, client):
    w = registered
    older = register(w.om, submit(w.police, w.case, "Old news from before the last visit"), "Old news registered", code="P")
    IntelligenceItem.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=20))
    last = _checked(w.police, w.case)
    last = services.record_outcome(actor=w.police, visit=last, version=last.version,
                                   data={"outcome": "attended", "occurred_on": TODAY - datetime.timedelta(days=10)})
    register(w.om, submit(w.police, w.case, "Caller mentioned a second phone"), C_SECRET, code="C",
             conditions="Source protection", sanitised=SANITISED)
    visit = plan(w.police, w.case)
    url = f"/visits/{w.case.pk}/{visit.pk}/check/"
    client.force_login(w.om)
    page = client.get(url).content.decode()
    assert C_SECRET in page and "Old news" not in page and marking_for(Handling.INTELLIGENCE) in page
    client.force_login(w.police)  # a partner on the case: told it exists, the sanitised version, and whom to ask
    page = client.get(url).content.decode()
    assert C_SECRET not in page and SANITISED in page and "Ask Om Tester" in page


def test_the_outcome_page_and_the_api_submit_intelligence(registered, client):
    w = registered
    client.force_login(w.police)
    visit = _checked(w.police, w.case)
    page = client.post(f"/visits/{w.case.pk}/{visit.pk}/outcome/", {
        "version": visit.version, "outcome": "attended", "occurred_on_day": TODAY.day, "occurred_on_month": TODAY.month,
        "occurred_on_year": TODAY.year, "intelligence": SEEN}, follow=True)
    assert "submitted to the case manager for evaluation" in page.content.decode()
    assert IntelligenceItem.objects.get().information == SEEN
    visits_page = client.get(f"/visits/{w.case.pk}/").content.decode()
    assert "Intelligence from this visit" in visits_page
    second = _checked(w.police, w.case, pnc_wanted=True)
    answer = client.post(f"/api/v1/nominals/{w.case.pk}/visits/{second.pk}/outcome/",
                         {"version": second.version, "outcome": "no_answer", "intelligence": "Neighbour says he left a week ago"},
                         content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["intelligence"] == IntelligenceItem.objects.get(information__startswith="Neighbour").pk
    assert "PNC: wanted" in client.get(f"/visits/{w.case.pk}/").content.decode()
