"""A work queue filtered to some kinds of work runs only the work list providers that give those kinds (issue 18: the
overdue visits list ran every part's provider and threw most of it away), and every provider names every kind it
gives, or a filtered list would miss work."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import Role, User
from mappa.core import extensions, facts, reference, work_store
from mappa.core.extensions import WorkItem


@pytest.fixture
def fresh_registry(monkeypatch):
    reg = extensions.Registry()
    monkeypatch.setattr(extensions, "registry", reg)
    # These providers give made-up items (on cases that need not exist) and the tests count which providers run: the
    # list is worked out afresh each page here. tests/test_work_store.py checks the kept list against it.
    monkeypatch.setattr(work_store, "ENABLED", False)
    return reg


@pytest.fixture
def three_parts(world, fresh_registry):
    """A visits-like provider, a plans-like one, and one that names no kinds; `ran` records which ran."""
    today = timezone.localdate()
    pk = world.case.pk
    ran = []

    def visits(user, day):
        ran.append("visits")
        return [WorkItem(pk, "Jonah Davis", "Police home visit overdue", today - datetime.timedelta(days=4),
                         f"/people/{pk}/visits/", kind="home_visit")]

    def plans(user, day):
        ran.append("plans")
        return [WorkItem(pk, "Jonah Davis", "Plan: attend a course", today - datetime.timedelta(days=2), "/plan/",
                         kind="plan_item")]

    def unnamed(user, day):
        ran.append("unnamed")
        return [WorkItem(pk, "Jonah Davis", "Something else overdue", today - datetime.timedelta(days=1), "/x/",
                         kind="other_work")]

    extensions.work_list(visits, kinds=("home_visit",))
    extensions.work_list(kinds=("plan_item", "plan_review"))(plans)
    extensions.work_list(unnamed)
    world.ran = ran
    return world


def test_the_overdue_visits_list_runs_only_the_providers_that_may_give_visits(three_parts, login):
    client = login(three_parts.om)
    page = client.get("/?due=overdue&kind=home_visit").content.decode()
    assert three_parts.ran == ["visits", "unnamed"]  # the plans' provider did not run; one naming no kinds must
    assert "Police home visit overdue" in page
    assert "Plan: attend a course" not in page and "Something else overdue" not in page
    assert "2 things to do of the kinds chosen, <strong>2 overdue</strong>" in page
    assert "1 of 2 things to do of the kinds chosen matches the filters" in page


def test_the_whole_list_still_runs_every_provider(three_parts, login):
    client = login(three_parts.om)
    for url in ("/", "/?due=overdue", "/?kind=secret"):  # a kind no provider names is ignored, as if not given
        three_parts.ran.clear()
        page = client.get(url).content.decode()
        assert sorted(three_parts.ran) == ["plans", "unnamed", "visits"], url
        assert "3 things to do, <strong>3 overdue</strong>" in page


def test_a_kind_chosen_with_nothing_due_keeps_the_filter_to_clear(three_parts, fresh_registry, login):
    fresh_registry.work.remove(fresh_registry.work[-1])  # only the two providers that name their kinds
    client = login(three_parts.om)
    page = client.get("/?kind=plan_review").content.decode()
    assert three_parts.ran == ["plans"]
    assert "Nothing due matches these filters." in page
    assert 'value="plan_review" checked' in page  # still chosen, to be unticked
    assert "Clear filters" in page
    assert "Nothing due: no work on your cases" not in page


def test_the_team_queue_filtered_runs_only_those_providers_too(three_parts, login):
    supervisor = User.objects.filter(role=Role.SUPERVISOR, team=three_parts.om.team).first()
    if supervisor is None:
        pytest.skip("the test world has no supervisor of the manager's team")
    client = login(supervisor)
    client.get("/?work=team&kind=plan_item")
    assert "visits" not in three_parts.ran and "plans" in three_parts.ran


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_every_provider_names_every_kind_of_work_it_gives_on_the_demo():
    """Were a provider to give a kind it does not name, a list filtered to that kind would leave it out."""
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    seen = set()
    users = User.objects.filter(is_active=True).exclude(role__in=(Role.EMERGENCY, Role.ADMIN)).select_related("agency", "team")
    for provider in extensions.registry.work:
        named = extensions.registry.work_kinds.get(provider)
        assert named, f"{provider.__module__}.{provider.__name__} names no kinds of work"
        for user in users:
            with reference.remembered(), facts.remembered():
                given = {item.kind for item in provider(user, today)}
            assert given <= named, f"{provider.__module__}.{provider.__name__} gives {given - named} unnamed"
            seen |= given
    assert "home_visit" in seen and len(seen) >= 8  # the demo's lists hold work of many kinds
