"""The home page's work queue (mappa.nominals.queue and the home page): one line per person and kind of
work, filtered, sorted and in pages; notifications cleared at once; the tab with the user's cases first."""
import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.core import extensions, facts, work_store
from mappa.core.extensions import WorkItem
from mappa.core.models import Notification
from mappa.nominals import queue
from mappa.orders import registrations as orders_registrations
from tests import page_style

TODAY = datetime.date(2026, 3, 10)
KINDS = ["risk_review", "risk_oasys", "risk_rm2000", "home_visit", "plan_item", "mappa_action", ""]

items_st = st.lists(st.builds(
    WorkItem,
    nominal_id=st.integers(1, 4),
    nominal_name=st.sampled_from(["Ann Bell", "Carl Dunn", "Eve Fox"]),
    what=st.sampled_from(["Review", "Visit", "Plan: a course"]),
    due=st.none() | st.dates(datetime.date(2026, 1, 1), datetime.date(2026, 6, 1)),
    url=st.sampled_from(["/a", "/b"]),
    kind=st.sampled_from(KINDS),
), max_size=25)


@given(items_st, st.sampled_from(["", "overdue", "week"]), st.lists(st.sampled_from(KINDS[:-1]), max_size=3),
       st.sampled_from(list(queue.SORTS)))
def test_the_queue_never_loses_or_duplicates_an_item_and_its_counts_add_up(items, due, kinds, sort):
    lines = queue.queue(items, TODAY, due=due, kinds=kinds, sort=sort)
    shown = [i for line in lines for i in line.items]
    wanted = [i for i in items if queue.matches(i, TODAY, due, kinds)]
    assert Counter(shown) == Counter(wanted)
    assert sum(line.count for line in lines) == len(wanted)
    for line in lines:
        assert {(i.nominal_id, queue.family(i.kind)) for i in line.items} == {(line.nominal_id, line.kind)}
        assert line.overdue_on(TODAY) == sum(1 for i in line.items if i.due and i.due < TODAY)
    # Lines of a named kind are one per person and kind.
    named = [(line.nominal_id, line.kind) for line in lines if line.kind]
    assert len(named) == len(set(named))


@given(items_st)
def test_lines_come_soonest_first_and_undated_last(items):
    dues = [line.due for line in queue.queue(items, TODAY)]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues == dated + [None] * (len(dues) - len(dated))
    latest_first = [line.due for line in queue.queue(items, TODAY, sort="-due") if line.due]
    assert latest_first == sorted(latest_first, reverse=True)


def review(n, due, nominal_id=1, name="Ann Bell"):
    return WorkItem(nominal_id, name, f"Review assessments: event {n}", due, "/people/1/risk/", kind="risk_review")


def test_six_reviews_of_one_person_are_one_line_that_opens_them():
    items = [review(n, TODAY - datetime.timedelta(days=n)) for n in range(6)]
    items.append(WorkItem(1, "Ann Bell", "Home visit overdue", TODAY, "/people/1/visits/", kind="home_visit"))
    lines = queue.queue(items, TODAY)
    assert [(line.what, line.count) for line in lines] == [("Review assessments after 6 events", 6), ("Home visit overdue", 1)]
    assert lines[0].url == "/people/1/risk/"
    assert lines[0].due == TODAY - datetime.timedelta(days=5)
    assert lines[0].overdue_on(TODAY) == 5


def test_assessments_due_of_different_tools_are_one_kind_of_work():
    items = [WorkItem(1, "Ann Bell", "OASys", TODAY, "/r", kind="risk_oasys"),
             WorkItem(1, "Ann Bell", "RM2000", TODAY, "/r", kind="risk_rm2000")]
    assert [line.what for line in queue.queue(items, TODAY)] == ["2 assessments due"]
    assert queue.kinds_present(items) == [("risk_due", "Assessments due")]
    assert len(queue.queue(items, TODAY, kinds=["risk_due"])[0].items) == 2


def test_the_due_filters_split_overdue_from_the_week_ahead():
    overdue = review(1, TODAY - datetime.timedelta(days=1))
    today = review(2, TODAY)
    in_six = review(3, TODAY + datetime.timedelta(days=6))
    in_seven = review(4, TODAY + datetime.timedelta(days=7))
    undated = review(5, None)
    every = [overdue, today, in_six, in_seven, undated]
    assert [i for i in every if queue.matches(i, TODAY, "overdue")] == [overdue]
    assert [i for i in every if queue.matches(i, TODAY, "week")] == [today, in_six]


def test_lines_sort_by_person():
    items = [review(1, TODAY, 2, "zoe Young"), review(1, TODAY + datetime.timedelta(days=3), 1, "Adam Ash")]
    assert [line.nominal_name for line in queue.queue(items, TODAY, sort="person")] == ["Adam Ash", "zoe Young"]


def test_the_team_queue_keeps_the_teams_records_marks_whose_work_it_is_and_keeps_members_apart():
    visit = WorkItem(1, "Ann Bell", "Visit", TODAY, "/v", kind="home_visit")
    elsewhere = WorkItem(9, "Zed Other", "Visit", TODAY, "/v", kind="home_visit")
    items = queue.team_queue([("Om Tester", [visit, visit, elsewhere]), ("Colleague Tester", [visit])], held={1})
    assert sorted(i.whose for i in items) == ["Colleague Tester", "Om Tester"]
    lines = queue.queue(items, TODAY)
    assert [(line.whose, line.count) for line in lines] == [("Colleague Tester", 1), ("Om Tester", 1)]
    assert [line.whose for line in queue.queue(items, TODAY, whose="Om Tester")] == ["Om Tester"]
    assert queue.members_present(items) == ["Colleague Tester", "Om Tester"]


# The home page


@pytest.fixture
def fresh_registry(monkeypatch):
    reg = extensions.Registry()
    monkeypatch.setattr(extensions, "registry", reg)
    # These providers give made-up items (on cases that need not exist) and the tests count which providers run: the
    # list is worked out afresh each page here. tests/test_work_store.py checks the kept list against it.
    monkeypatch.setattr(work_store, "ENABLED", False)
    return reg


@pytest.fixture
def long_list(world, fresh_registry):
    """Six review events on the case, and a home visit, and twelve people's plan items (the list runs to
    pages): what an offender manager sees on a busy morning."""
    today = timezone.localdate()
    pk = world.case.pk

    def provider(user, day):
        if user != world.om:
            return []
        found = [WorkItem(pk, "Jonah Davis", f"Review assessments: event {n}", today - datetime.timedelta(days=n + 1),
                          f"/people/{pk}/risk/", kind="risk_review") for n in range(6)]
        found.append(WorkItem(pk, "Jonah Davis", "Police home visit due", today + datetime.timedelta(days=3),
                              f"/people/{pk}/visits/", kind="home_visit"))
        found += [WorkItem(1000 + n, f"Person {n:02}", "Plan: attend a course", today + datetime.timedelta(days=20 + n),
                           "/plan/", kind="plan_item") for n in range(12)]
        return found

    extensions.work_list(provider)
    return world


def test_the_home_page_shows_one_line_for_six_review_events(long_list, login):
    page = login(long_list.om).get("/").content.decode()
    assert "Review assessments after 6 events" in page
    assert "19 things to do" in page and "6 overdue" in page
    assert "Review assessments: event 5" in page  # behind the line, in its details
    assert "Page 1 of 2" in page
    assert page_style.problems("/", page) == []
    second = login(long_list.om).get("/?work_page=2").content.decode()
    assert "Person 11" in second and "Review assessments after 6 events" not in second


def test_the_home_page_filters_and_sorts_the_queue_without_javascript(long_list, login):
    client = login(long_list.om)
    overdue = client.get("/?due=overdue").content.decode()
    assert "Review assessments after 6 events" in overdue
    assert "Police home visit due" not in overdue and "Person 00" not in overdue
    assert "6 of 19 things to do match the filters" in overdue
    week = client.get("/?due=week").content.decode()
    assert "Police home visit due" in week and "Review assessments: event 1" not in week
    visits = client.get("/?kind=home_visit").content.decode()
    assert "Police home visit due" in visits and "Person 00" not in visits
    latest_first = client.get("/?sort=-due").content.decode()
    assert latest_first.index("Person 11") < latest_first.index("Person 10")
    nothing = client.get("/?due=overdue&kind=plan_item").content.decode()
    assert "Nothing due matches these filters." in nothing
    # Values the page does not offer are ignored, as if not given.
    odd = client.get("/?due=yesterday&kind=secret&sort=evil&work_page=x")
    assert odd.status_code == 200 and "Review assessments after 6 events" in odd.content.decode()


def test_with_nothing_due_the_home_page_says_so(world, login, fresh_registry):
    assert "Nothing due: no work on your cases is overdue or coming due." in login(world.om).get("/").content.decode()


def notes(user, n, nominal=None):
    return [Notification.objects.create(recipient=user, nominal=nominal, kind="allocated", message=f"Note {i}") for i in range(n)]


def test_notifications_are_marked_as_read_all_at_once_and_each_dismiss_button_says_what_it_dismisses(world, login, fresh_registry):
    shown = notes(world.coordinator, 20, world.case)
    others = notes(world.om, 2)
    client = login(world.coordinator)
    page = client.get("/").content.decode()
    assert "For your attention (20)" in page and "Show 15 more" in page
    assert 'Dismiss<span class="govuk-visually-hidden"> message 17: Note 3</span>' in page
    assert "Mark all as read" in page
    assert page_style.problems("/", page) == []
    upto = max(n.pk for n in shown)
    later = Notification.objects.create(recipient=world.coordinator, kind="allocated", message="Arrived since")
    response = client.post(reverse("dismiss_all_notifications"), {"upto": upto})
    assert response.status_code == 302
    assert not Notification.objects.filter(pk__in=[n.pk for n in shown], read_at__isnull=True).exists()
    # One that arrived after the page was shown, and another's, are left unread.
    assert Notification.objects.get(pk=later.pk).read_at is None
    assert Notification.objects.filter(pk__in=[n.pk for n in others], read_at__isnull=True).count() == 2
    page = client.get("/").content.decode()
    assert "Arrived since" in page and "Note 3" not in page


def test_mark_all_as_read_with_bad_input_changes_nothing(world, login, fresh_registry):
    notes(world.coordinator, 2)
    login(world.coordinator).post(reverse("dismiss_all_notifications"), {"upto": "all"})
    assert Notification.objects.filter(recipient=world.coordinator, read_at__isnull=True).count() == 2


def test_the_home_page_opens_on_the_tab_with_the_users_cases(world, login, fresh_registry):
    def tab(user):
        page = login(user).get("/").content.decode()
        return page.split('aria-current="page" href="?show=')[1].split('"')[0]

    assert tab(world.om) == "mine"
    assert tab(world.police) == "partner"  # partners on the case, manages none
    assert tab(world.housing) == "partner"
    assert tab(world.coordinator) == "area"
    assert tab(world.probation_sup) == "team"
    assert tab(world.health) == "mine"  # nothing anywhere: the tab for cases they will manage


def test_releases_and_licence_ends_in_the_next_28_days_are_on_the_work_list(world, fresh_registry, monkeypatch):
    today = timezone.localdate()
    extensions.work_list(orders_registrations.releases_and_licence_ends)
    told = {}

    def known(reader, nominals, only=None):
        return {n.pk: told.get(n.pk, facts.Facts()) for n in nominals}

    monkeypatch.setattr(facts, "facts_for_many", known)
    told[world.case.pk] = facts.Facts(in_custody=facts.Flag(True), release_date=today + datetime.timedelta(days=28))
    assert [(i.what, i.kind) for i in extensions.work_for(world.om, today)] == [
        ("Release from custody: prepare for release", "release")]
    told[world.case.pk] = facts.Facts(in_custody=facts.Flag(True), release_date=today + datetime.timedelta(days=29))
    assert extensions.work_for(world.om, today) == []
    told[world.case.pk] = facts.Facts(on_licence=facts.Flag(True, until=today + datetime.timedelta(days=10)))
    assert [i.kind for i in extensions.work_for(world.om, today)] == ["licence_end"]
    # Only on the cases the user manages.
    assert extensions.work_for(world.police, today) == []


def test_a_supervisor_sees_the_teams_caseloads_and_can_reallocate(world, login, fresh_registry):
    client = login(world.probation_sup)
    page = client.get("/").content.decode()
    sizes = page.split('data-testid="team-caseloads"')[1].split("</table>")[0]
    assert sizes.index("Om Tester") < sizes.index("Colleague Tester")  # most cases first
    assert ">Unallocated</a></td><td class=\"govuk-table__cell govuk-table__cell--numeric\">1<" in sizes
    assert f'href="/people/{world.case.pk}/allocate/">Reallocate' in page
    assert page_style.problems("/", page) == []
    unallocated = client.get("/?show=unallocated").content.decode()
    assert f'href="/people/{world.unallocated.pk}/allocate/">Allocate' in unallocated
    # Nobody else sees the team's caseloads or the reallocation links.
    other = login(world.om).get("/?show=team").content.decode()
    assert "team-caseloads" not in other and "/allocate/" not in other


def test_a_supervisor_sees_the_teams_work_queue_with_whose_each_line_is_and_reallocates_from_it(world, login, fresh_registry):
    today = timezone.localdate()
    case, unallocated, elsewhere = world.case.pk, world.unallocated.pk, world.elsewhere.pk

    def provider(user, day):
        if user == world.om:
            return [WorkItem(case, "Jonah Davis", "Police home visit due", today + datetime.timedelta(days=3),
                             f"/people/{case}/visits/", kind="home_visit"),
                    # Another team's record the practitioner partners on: not the supervisor's team's work.
                    WorkItem(elsewhere, "Jon Davies", "Review assessments: moved", today, "/r/", kind="risk_review")]
        if user == world.colleague:
            return [WorkItem(unallocated, "Peter Smith", "Plan: attend a course", today - datetime.timedelta(days=1),
                             "/plan/", kind="plan_item")]
        return []

    extensions.work_list(provider)
    client = login(world.probation_sup)
    own = client.get("/").content.decode()
    assert "Nothing due: no work on your cases is overdue or coming due." in own
    assert 'href="?show=team&amp;work=team#work" >Your team' in own
    page = client.get("/?work=team").content.decode()
    assert "Your team's work" in page and "2 things to do, <strong>1 overdue</strong>, across 2 members" in page
    rows = page.split('data-testid="team-work-queue"')[1].split("</table>")[0]
    assert "Police home visit due" in rows and "Om Tester" in rows
    assert "Plan: attend a course" in rows and "Colleague Tester" in rows
    assert "Jon Davies" not in rows
    assert f'href="/people/{case}/allocate/">Reallocate' in rows
    assert rows.index("Peter Smith") < rows.index("Jonah Davis")  # overdue first
    assert page_style.problems("/?work=team", page) == []
    one = client.get("/?work=team&whose=Colleague+Tester").content.decode()
    mine = one.split('data-testid="team-work-queue"')[1].split("</table>")[0]
    assert "Peter Smith" in mine and "Jonah Davis" not in mine
    # A practitioner asking for the team's work gets their own.
    theirs = login(world.om).get("/?work=team").content.decode()
    assert "Your team's work" not in theirs and "team-work-queue" not in theirs and "Police home visit due" in theirs


@pytest.mark.django_db
def test_the_demo_supervisor_sees_the_teams_work_with_each_practitioners_lines(client, settings):
    import io

    from django.core.management import call_command

    from mappa.accounts.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="sup.probation"))
    page = client.get("/?work=team").content.decode()
    rows = page.split('data-testid="team-work-queue"')[1].split("</table>")[0]
    assert "Bethan Marsh" in rows and "Reallocate" in rows
    only = client.get("/?work=team&whose=Bethan+Marsh").content.decode()
    assert "Neil Ashdown" not in only.split('data-testid="team-work-queue"')[1].split("</table>")[0]
