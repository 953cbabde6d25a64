"""The home page's work list kept between pages (mappa.core.work_store): for every demo user it must hold exactly what
the lists worked out afresh hold, after any change to any case however it is made, on a new day, and when a cover
starts; and it works out again only the cases that changed."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.arrangements.models import Action
from mappa.core import extensions, facts, work_store
from mappa.core.models import StoredWork, StoredWorkState
from mappa.nominals import services
from mappa.nominals.models import Cover, Nominal


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())


def users():
    return list(User.objects.filter(is_active=True).select_related("agency", "team").order_by("pk"))


def listed(items) -> list:
    return sorted(items, key=repr)


def assert_same_for_everyone(today) -> int:
    """Every demo user's kept list is their list worked out afresh; how many items were compared."""
    compared = 0
    for user in users():
        with facts.remembered():
            kept = work_store.work_for(user, today)
        with facts.remembered():
            fresh = extensions.work_for(user, today)
        assert listed(kept) == listed(fresh), user.username
        compared += len(fresh)
    return compared


def test_the_kept_list_is_the_list_worked_out_afresh_for_every_demo_user(demo):
    today = timezone.localdate()
    assert assert_same_for_everyone(today) > 50  # the demo's users have plenty of work
    assert StoredWorkState.objects.exists()
    assert assert_same_for_everyone(today) > 50  # read as kept, the second time


def test_changes_made_any_way_are_seen_and_only_the_changed_cases_worked_out_again(demo):
    today = timezone.localdate()
    assert_same_for_everyone(today)
    action = Action.objects.filter(status=Action.Status.OPEN, owner_user__isnull=False).first()
    owner = action.owner_user
    others = set(StoredWork.objects.filter(user=owner).exclude(nominal_id=action.nominal_id).values_list("pk", flat=True))
    # A bulk update behind the services' back: the owner's list loses the action.
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
    with facts.remembered():
        kept = work_store.work_for(owner, today)
    assert not [i for i in kept if i.kind.startswith("mappa_action") and i.nominal_id == action.nominal_id
                and str(action.pk) in i.url]
    # Only the changed case was worked out again: every other case's row is the one kept before.
    assert set(StoredWork.objects.filter(user=owner).exclude(nominal_id=action.nominal_id).values_list("pk", flat=True)) == others
    # A case handed to another manager, and a partner added through the service.
    case = Nominal.objects.filter(manager__isnull=False).order_by("pk").first()
    colleague = User.objects.filter(team_id=case.team_id, role=Role.PRACTITIONER, is_active=True).exclude(pk=case.manager_id).first()
    if colleague is not None:
        Nominal.objects.filter(pk=case.pk).update(manager=colleague)
    partner = User.objects.filter(role=Role.PRACTITIONER, is_active=True).exclude(team_id=case.team_id).first()
    services.add_partner(actor=User.objects.get(pk=Nominal.objects.get(pk=case.pk).manager_id),
                         nominal=Nominal.objects.get(pk=case.pk), user=partner)
    assert assert_same_for_everyone(today) > 50


def test_a_new_day_and_a_cover_starting_work_the_list_out_again(demo):
    today = timezone.localdate()
    assert_same_for_everyone(today)
    assert assert_same_for_everyone(today + datetime.timedelta(days=9)) > 0
    manager = User.objects.get(pk=Nominal.objects.filter(manager__role=Role.PRACTITIONER).order_by("pk").first().manager_id)
    covering = (User.objects.filter(agency_id=manager.agency_id, role__in=policy.WRITING_ROLES, is_active=True)
                .exclude(pk=manager.pk).order_by("pk").first())
    before = work_store.under(covering, today)
    now = timezone.now()
    Cover.objects.create(absent=manager, covering=covering, starts_on=today, ends_on=today, created_by=manager,
                         starts_at=now - datetime.timedelta(minutes=1), ends_at=now + datetime.timedelta(hours=8))
    assert work_store.under(covering, today) != before
    with facts.remembered():
        kept = work_store.work_for(covering, today)
    with facts.remembered():
        fresh = extensions.work_for(covering, today)
    assert listed(kept) == listed(fresh)
    assert any(i.nominal_id in set(Nominal.objects.filter(manager=manager).values_list("pk", flat=True)) for i in kept)


def test_a_kept_list_reads_far_less_than_working_it_out(demo):
    today = timezone.localdate()
    user = max(users(), key=lambda u: len(extensions.work_for(u, today)))
    with facts.remembered(), CaptureQueriesContext(connection) as fresh:
        extensions.work_for(user, today)
    with facts.remembered():
        work_store.work_for(user, today)
    with facts.remembered(), CaptureQueriesContext(connection) as kept:
        work_store.work_for(user, today)
    assert len(kept.captured_queries) < len(fresh.captured_queries) / 2, (len(kept), len(fresh))


def test_the_home_page_shows_the_kept_list(demo, client):
    user = User.objects.get(username="om.probation")
    client.force_login(user)
    first = client.get("/")
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert first.context["work_total"] == second.context["work_total"] > 0
    assert [line.what for line in first.context["queue"].object_list] == [line.what for line in second.context["queue"].object_list]


def test_narrowing_to_several_cases_reaches_only_those_the_user_reaches(demo):
    user = User.objects.get(username="om.probation")
    mine = list(policy.nominals_for(user).order_by("pk").values_list("pk", flat=True)[:2])
    other = Nominal.objects.exclude(pk__in=policy.nominals_for(user).values("pk")).first()
    with policy.narrowed_to([*mine, other.pk]):
        assert sorted(policy.nominals_for(user).values_list("pk", flat=True)) == sorted(mine)


def test_what_needs_doing_on_a_case_is_read_from_the_kept_list_and_is_the_same(demo):
    today, compared = timezone.localdate(), 0
    for user in users():
        with facts.remembered():
            work_store.work_for(user, today)  # the home page keeps the list
        for nominal in policy.nominals_for(user).order_by("pk"):
            with facts.remembered():
                kept = work_store.work_on_case(user, nominal, today)
            with facts.remembered():
                fresh = extensions.work_for_nominal(user, nominal, today)
            assert listed(kept) == listed(fresh), (user.username, nominal.pk)
            compared += len(fresh)
    assert compared > 20


def test_what_needs_doing_is_read_afresh_once_the_case_has_changed(demo):
    today = timezone.localdate()
    action = Action.objects.filter(status=Action.Status.OPEN, owner_user__isnull=False).first()
    owner = User.objects.select_related("agency", "team").get(pk=action.owner_user_id)
    nominal = Nominal.objects.get(pk=action.nominal_id)
    with facts.remembered():
        work_store.work_for(owner, today)
        before = work_store.work_on_case(owner, nominal, today)
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
    with facts.remembered():
        after = work_store.work_on_case(owner, nominal, today)
    with facts.remembered():
        assert listed(after) == listed(extensions.work_for_nominal(owner, nominal, today))
    assert len(after) == len(before) - 1


def test_a_supervisors_kept_team_queue_is_the_queue_worked_out_afresh(demo):
    from mappa.nominals import caseload

    today = timezone.localdate()
    supervisors = [u for u in users() if u.role == Role.SUPERVISOR and u.team_id]
    assert supervisors
    compared = 0

    def fresh(user):
        with facts.remembered():
            return listed(caseload._team_items(user, today))

    for user in supervisors:
        with facts.remembered():
            assert listed(caseload.team_work(user, today)) == fresh(user), user.username
        compared += len(fresh(user))
    assert compared > 5
    # A change to one of a team's cases, made behind the services' back, and the queue again.
    user = supervisors[0]
    case = caseload._team_cases(user).order_by("pk").first()
    Nominal.objects.filter(pk=case.pk).update(manager=None)
    with facts.remembered():
        assert listed(caseload.team_work(user, today)) == fresh(user)


def test_many_changed_cases_are_worked_out_all_at_once_and_still_the_same(demo, monkeypatch):
    today = timezone.localdate()
    assert_same_for_everyone(today)
    monkeypatch.setattr(work_store, "NARROWED_UP_TO", 1)
    Nominal.objects.filter(pk__in=list(Nominal.objects.order_by("pk").values_list("pk", flat=True)[:5])).update(
        updated_at=timezone.now())
    assert assert_same_for_everyone(today) > 50


def test_a_list_is_kept_only_for_users_who_keep_one(demo):
    today = timezone.localdate()
    admin = User.objects.filter(role=Role.ADMIN).first()
    assert work_store.under(admin, today) is None
    assert work_store.work_for(admin, today) == []
    assert not StoredWorkState.objects.filter(user=admin).exists()


def test_the_ids_read_ground_by_ground_are_exactly_the_records_the_policy_reaches(demo):
    for user in users():
        for action in policy.ACTIONS:
            assert policy.reached_ids(user, action) == set(policy.nominals_for(user, action).values_list("pk", flat=True)), (
                user.username, action)
    user = User.objects.get(username="om.probation")
    mine = sorted(policy.reached_ids(user))[:2]
    with policy.narrowed_to([*mine, 10 ** 9]):
        assert policy.reached_ids(user) == set(mine)


def test_a_coordinators_list_over_a_whole_area_is_worked_out_each_time(demo):
    today = timezone.localdate()
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).select_related("agency", "team").first()
    assert work_store.under(coordinator, today) is None
    with facts.remembered():
        kept = work_store.work_for(coordinator, today)
    with facts.remembered():
        assert listed(kept) == listed(extensions.work_for(coordinator, today))
    assert not StoredWorkState.objects.filter(user=coordinator).exists()
