"""The case overview's "What needs doing" reads the work lists narrowed to the one person (policy.narrowed_to):
it must hold exactly what the user's whole work list holds for that person, and narrowing never widens what a
user reaches."""
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import User
from mappa.core import extensions, facts
from mappa.nominals.models import Nominal


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())


def test_what_needs_doing_on_a_case_is_the_work_list_for_that_person_for_every_demo_user(demo):
    today, compared = timezone.localdate(), 0
    for user in User.objects.filter(is_active=True).select_related("agency", "team"):
        whole = extensions.work_for(user, today)
        for nominal in policy.nominals_for(user).order_by("pk"):
            with facts.remembered():
                narrowed = extensions.work_for_nominal(user, nominal, today)
            assert sorted(narrowed, key=repr) == sorted([i for i in whole if i.nominal_id == nominal.pk], key=repr), (
                user.username, nominal.pk)
            compared += bool(narrowed)
    assert compared > 20  # the demo's users have work on many of their cases


def test_narrowing_reaches_only_the_one_person_and_only_if_the_user_reaches_them(demo):
    user = User.objects.get(username="om.probation")
    mine = policy.nominals_for(user).first()
    other = Nominal.objects.exclude(pk__in=policy.nominals_for(user).values("pk")).first()
    with policy.narrowed_to(mine.pk):
        assert list(policy.nominals_for(user).values_list("pk", flat=True)) == [mine.pk]
    with policy.narrowed_to(other.pk):
        assert not policy.nominals_for(user).exists()
    assert policy.nominals_for(user).count() > 1  # and nothing narrowed after the block


def test_the_lists_said_to_hold_only_cases_the_user_answers_for_do_so_for_every_demo_user(demo):
    # work_list(answered=True) lets the case overview skip a list for a person the user does not answer for: each such
    # list's items, for every demo user, must be on cases the user manages, partners on or supervises the team of.
    from mappa.accounts.models import Role
    from mappa.nominals.models import Partner

    today, checked = timezone.localdate(), 0
    for user in User.objects.filter(is_active=True).select_related("agency", "team"):
        answered = set(Nominal.objects.filter(manager=user).values_list("pk", flat=True))
        answered |= set(Partner.objects.filter(user=user, ended_at__isnull=True).values_list("nominal_id", flat=True))
        if user.role == Role.SUPERVISOR and user.team_id:
            answered |= set(Nominal.objects.filter(team_id=user.team_id).values_list("pk", flat=True))
        for provider in extensions.registry.work_answered:
            with facts.remembered():
                items = provider(user, today)
            assert {i.nominal_id for i in items} <= answered, (user.username, provider.__module__, provider.__name__)
            checked += len(items)
    assert len(extensions.registry.work_answered) >= 10 and checked > 20


def test_the_lists_said_to_be_about_staff_give_nothing_on_any_case_for_every_demo_user(demo):
    # work_list(on_cases=False) keeps a list off every case overview: none of its items may be on a person.
    today, checked = timezone.localdate(), 0
    people = set(Nominal.objects.values_list("pk", flat=True))
    for user in User.objects.filter(is_active=True).select_related("agency", "team"):
        for provider in extensions.registry.work_not_on_cases:
            with facts.remembered():
                items = provider(user, today)
            assert not {i.nominal_id for i in items} & people, (user.username, provider.__name__)
            checked += len(items)
    assert extensions.registry.work_not_on_cases and checked > 0


def test_each_facts_provider_answers_only_the_fields_it_says_it_provides_for_every_demo_case(demo):
    # facts._facts merges each field from the providers that declare it (`provides`): a provider filling in a field
    # it does not declare would be dropped there, so none may.
    from mappa.core.facts import Facts

    blank, checked = Facts(), 0
    nominals = list(Nominal.objects.all())
    for user in User.objects.filter(is_active=True).select_related("agency", "team")[:6]:
        for provider in facts._providers:
            declared = getattr(provider, "provides", None)
            if declared is None or not hasattr(provider, "many"):
                continue
            for pk, answer in provider.many(user, nominals).items():
                extra = [f for f in facts.NAMES if f not in declared and getattr(answer, f) != getattr(blank, f)]
                assert not extra, (provider.__name__, pk, extra)
                checked += any(getattr(answer, f) != getattr(blank, f) for f in declared)
    assert checked > 50  # the demo's cases have facts to give
