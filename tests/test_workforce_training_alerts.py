"""Training to renew (inspection 2010 F-153, ¶10.8: a training register with refresher dates; E-34; QM-131): training
in force that expires within the window (workforce.training.expiry_window_days, a project default said so), or
expired while the role still requires it, is on the person's own work list and on their supervisor's team list, each
line linking to where the training is recorded; nobody else's list shows it."""
import datetime

import pytest
from django.utils import timezone

from mappa.core import extensions, reference
from mappa.nominals import caseload, queue
from mappa.risk.models import TrainingRecord
from mappa.risk.rules import Training
from mappa.workforce import registrations, rules
from mappa.workforce.models import CourseRecord

TODAY = timezone.localdate()
ON = datetime.date(2026, 12, 7)


def days(n, on=TODAY):
    return on + datetime.timedelta(days=n)


# ---- the rule, pure ----

@pytest.mark.parametrize("records, required, found", [
    # in force, ending within the window: expiring (¶10.8 refresher)
    ([Training("visor", days(-300, ON), days(30, ON))], [], [("visor", days(30, ON), False)]),
    ([Training("visor", days(-300, ON), days(60, ON))], [], [("visor", days(60, ON), False)]),  # the window's last day
    ([Training("visor", days(-300, ON), days(61, ON))], [], []),  # beyond it
    ([Training("visor", days(-300, ON))], ["visor"], []),  # no expiry
    # expired and the role still requires it (F-153)
    ([Training("rm2000", days(-900, ON), days(-1, ON))], ["rm2000"], [("rm2000", days(-1, ON), True)]),
    # expired, not required: nothing to renew
    ([Training("denial", days(-900, ON), days(-1, ON))], ["rm2000"], []),
    # expired but renewed since: nothing
    ([Training("rm2000", days(-900, ON), days(-1, ON)), Training("rm2000", days(-5, ON), days(700, ON))], ["rm2000"],
     []),
    # a refresher recorded already: the older record expiring soon raises nothing
    ([Training("oasys", days(-700, ON), days(10, ON)), Training("oasys", days(-2, ON), days(720, ON))], [], []),
    # both kinds at once, soonest first
    ([Training("rm2000", days(-900, ON), days(-3, ON)), Training("visor", days(-300, ON), days(5, ON))], ["rm2000"],
     [("rm2000", days(-3, ON), True), ("visor", days(5, ON), False)]),
])
def test_which_training_is_to_renew(records, required, found):
    assert [(a.course, a.expires_on, a.expired) for a in rules.training_alerts(records, required, ON, 60)] == found


def test_the_window_is_reference_data_said_to_be_a_project_default(db):
    row = reference.in_force("workforce.training.expiry_window_days", TODAY)
    assert row.value == 60 and "project default" in row.source and "F-153" in row.source


def test_the_kind_is_registered_with_its_label_on_the_queue():
    assert registrations.TRAINING_KIND in extensions.work_kinds()
    assert queue.kind_label(registrations.TRAINING_KIND) == "Training to renew"


# ---- the work lists ----

@pytest.fixture
def lapsing(world):
    """The offender manager's RM2000 (required of the role) expired a week ago; their home visiting course ends in a
    month; a colleague's ViSOR-like course ends in a year."""
    w = world
    TrainingRecord.objects.create(user=w.om, tool="rm2000", trained_on=days(-800), expires_on=days(-7),
                                  recorded_by=w.probation_sup)
    CourseRecord.objects.create(user=w.om, course="home_visiting", completed_on=days(-300), expires_on=days(30),
                                recorded_by=w.probation_sup)
    CourseRecord.objects.create(user=w.colleague, course="home_visiting", completed_on=days(-10), expires_on=days(365),
                                recorded_by=w.probation_sup)
    return w


def test_the_persons_own_list_shows_their_training_to_renew_linking_to_it(lapsing):
    w = lapsing
    items = registrations.training(w.om, TODAY)
    assert [(i.what, i.due, i.whose) for i in items] == [
        ("Renew training in Risk Matrix 2000: expired", days(-7), ""),
        ("Renew training in Home visiting of sexual offenders: expires", days(30), "")]
    assert all(i.url == f"/workforce/people/{w.om.pk}/#training" and i.nominal_id == 0 for i in items)
    assert items[0].overdue_on(TODAY) and not items[1].overdue_on(TODAY)
    assert registrations.training(w.colleague, TODAY) == []


def test_the_supervisors_team_list_shows_each_members_and_nobody_elses(lapsing):
    w = lapsing
    team = caseload.team_work(w.probation_sup, TODAY, kinds=[registrations.TRAINING_KIND])
    assert {(i.whose, i.what) for i in team} == {
        (w.om.display_name, "Renew training in Risk Matrix 2000: expired"),
        (w.om.display_name, "Renew training in Home visiting of sexual offenders: expires")}
    assert caseload.team_work(w.police_sup, TODAY, kinds=[registrations.TRAINING_KIND]) == []
    # another team's supervisor asking about the member reads nothing of their training
    assert registrations.training(w.police_sup, TODAY, members=[w.om]) == []


@pytest.mark.parametrize("who", ["admin", "officer", "housing"])
def test_those_who_keep_no_work_list_get_none(lapsing, who):
    assert registrations.training(getattr(lapsing, who), TODAY) == []


def test_the_home_page_and_the_team_queue_show_the_lines(lapsing, login):
    w = lapsing
    page = login(w.om).get("/").content.decode()
    assert "Your training" in page and f"/workforce/people/{w.om.pk}/#training" in page
    team = login(w.probation_sup).get("/", {"work": "team"}).content.decode()
    assert f"/workforce/people/{w.om.pk}/#training" in team and "/people/0/allocate/" not in team
    assert 'id="training"' in login(w.om).get(f"/workforce/people/{w.om.pk}/").content.decode()
