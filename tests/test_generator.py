"""The synthetic register generator: a tiny register must keep the invariants a user relies on."""
import datetime
import re
from collections import Counter

import pytest

from mappa.accounts.models import Role, User
from mappa.demo import generator
from mappa.nominals import names
from mappa.nominals.models import Activity, Address, Alias, Identifier, IdentifierKind, NameKey, NameVariant, Nominal, Partner
from mappa.nominals.search import Query, candidate_scores

TODAY = datetime.date(2025, 6, 1)
N = 60


def _generate(seed=7, n=N):
    return generator.generate(n, seed=seed, today=TODAY, progress=False, log=lambda message: None)


@pytest.fixture
def register(db):
    return _generate()


def test_counts_and_benchmark_records(register):
    assert Nominal.objects.count() == N
    assert register.counts["nominals.Nominal"] == N
    small = Identifier.objects.get(kind=IdentifierKind.NATIONAL, value=generator.BENCH_SMALL).nominal
    large = Identifier.objects.get(kind=IdentifierKind.NATIONAL, value=generator.BENCH_LARGE).nominal
    assert (small.pk, large.pk) == (register.bench_small_id, register.bench_large_id)
    assert Activity.objects.filter(nominal=small).count() == generator.BENCH_SMALL_HISTORY
    assert Activity.objects.filter(nominal=large).count() == generator.BENCH_LARGE_HISTORY
    # One manager holds both, so one user can open both case pages.
    assert small.manager_id and small.manager_id == large.manager_id


def test_every_nominal_has_exactly_one_current_address(register):
    current = Counter(Address.objects.filter(status=Address.Status.CURRENT).values_list("nominal_id", flat=True))
    assert set(current) == set(Nominal.objects.values_list("pk", flat=True))
    assert set(current.values()) == {1}


def test_allocated_records_are_held_by_the_managers_team(register):
    allocated = Nominal.objects.filter(manager__isnull=False).select_related("manager")
    assert allocated.exists()
    for nominal in allocated:
        assert nominal.team_id == nominal.manager.team_id
        assert nominal.manager.role == Role.PRACTITIONER


def test_identifiers_are_unique_and_well_formed(register):
    rows = list(Identifier.objects.values_list("kind", "value", "normalised"))
    assert len(rows) == len({(kind, norm) for kind, _value, norm in rows})
    patterns = {
        IdentifierKind.PNC: r"\d{4}/\d{7}[A-Z]",
        IdentifierKind.CRN: r"[A-Z]\d{6}",
        IdentifierKind.PRISON: r"[A-Z]\d{4}[A-Z]{2}",
        IdentifierKind.NATIONAL: r"NR\d{8}|BENCH-SMALL|BENCH-LARGE",
    }
    for kind, value, norm in rows:
        assert re.fullmatch(patterns[kind], value), (kind, value)
        assert norm == names.normalise_identifier(value, kind)
    # Every nominal has a national register id, and most a PNC number.
    assert Identifier.objects.filter(kind=IdentifierKind.NATIONAL).values("nominal").distinct().count() == N
    assert Identifier.objects.filter(kind=IdentifierKind.PNC).count() >= N * 0.8


def test_pnc_check_character():
    # The check character is the 2-digit year and serial, modulus 23, looked up in PNC's alphabet.
    assert generator.pnc_number(2009, 12345) == "2009/0012345" + "ZABCDEFGHJKLMNPQRTUVWXY"[90012345 % 23]


def _stored_keys() -> dict:
    keys = {}
    for key in NameKey.objects.all():
        keys.setdefault((key.nominal_id, key.alias_id), set()).add(
            (key.first_norm, key.last_norm, key.first_key, key.last_key, key.last_prefix))
    return keys


def test_every_name_and_alias_has_the_keys_the_app_would_make(register):
    keys = _stored_keys()
    for nominal in Nominal.objects.all():
        expected = {key[:5] for key in names.name_keys(nominal.first_name, nominal.last_name)}
        assert keys.pop((nominal.pk, None)) == expected
    aliases = list(Alias.objects.all())
    assert aliases
    for alias in aliases:
        expected = {key[:5] for key in names.name_keys(alias.first_name, alias.last_name)}
        assert keys.pop((alias.nominal_id, alias.pk)) == expected
    assert not keys  # and no others


def test_every_name_key_has_its_surname_variants(register):
    """The generator writes the variants services.save_name_keys would, so typo search works on it."""
    stored = {}
    for key_id, variant, initial in NameVariant.objects.values_list("name_key_id", "variant", "first_initial"):
        stored.setdefault(key_id, set()).add((variant, initial))
    searched = {}  # what each key's variants are made from, as the app works it out
    for nominal_id, alias_id, first, last in [
        *((n.pk, None, n.first_name, n.last_name) for n in Nominal.objects.all()),
        *((a.nominal_id, a.pk, a.first_name, a.last_name) for a in Alias.objects.all()),
    ]:
        for key in names.name_keys(first, last):
            searched[(nominal_id, alias_id, key[3])] = key[5]
    for key in NameKey.objects.all():
        source = searched[(key.nominal_id, key.alias_id, key.last_key)]
        expected = {(v, key.first_norm[:1]) for v in names.deletion_variants(source)}
        assert stored.get(key.pk) == expected, key.last_norm


def _someone_who_sees(nominal):
    if nominal.manager_id:
        return nominal.manager
    return User.objects.filter(team=nominal.team, role=Role.SUPERVISOR).first()


def test_spelling_variants_are_found_by_search(register):
    spellings = list(Alias.objects.filter(kind=Alias.Kind.SPELLING).select_related("nominal__manager", "nominal__team"))
    assert spellings, "about one in ten nominals should have another spelling of their name"
    for alias in spellings:
        nominal = alias.nominal
        assert (alias.first_name, alias.last_name) != (nominal.first_name, nominal.last_name)
        user = _someone_who_sees(nominal)
        for text in (f"{alias.first_name} {alias.last_name}", f"{nominal.first_name} {nominal.last_name}"):
            found = [row[0] for row in candidate_scores(user, Query(text=text))]
            assert nominal.pk in found, text


def test_spelling_variant_tables_are_symmetric():
    for table in (generator.FIRST_VARIANTS, generator.LAST_VARIANTS):
        for name, others in table.items():
            for other in others:
                assert name in table[other]


def test_partners_come_from_another_agency_in_the_same_area(register):
    partners = list(Partner.objects.select_related("user__team", "nominal__team"))
    for partner in partners:
        assert partner.user.agency_id != partner.nominal.team.agency_id
        assert partner.user.team.area_id == partner.nominal.team.area_id
        assert partner.user_id != partner.nominal.manager_id


def test_the_plan_is_deterministic():
    def rows(seed):
        plan = generator.plan_register(40, seed=seed, today=TODAY)
        occupants = []
        return (
            list(generator.nominal_rows(plan)), list(generator.alias_rows(plan)), list(generator.namekey_rows(plan)),
            list(generator.identifier_rows(plan)), list(generator.address_rows(plan, occupants)), occupants,
            list(generator.relationship_rows(plan)), list(generator.partner_rows(plan)),
            list(generator.activity_rows(plan)),
        )

    assert rows(3) == rows(3)
    assert rows(3)[0] != rows(4)[0]


@pytest.mark.django_db
def test_same_seed_gives_the_same_register_again():
    first = _generate(seed=11, n=30)
    second = _generate(seed=11, n=30)  # appended after the first, reusing areas, agencies and teams
    assert not second.markers_added

    def people(ids):
        return list(
            Nominal.objects.filter(pk__gte=ids[0], pk__lte=ids[1]).order_by("pk")
            .values_list("first_name", "middle_names", "last_name", "date_of_birth", "gender", "team__name")
        )

    a = people((first.bench_small_id, first.bench_small_id + 29))
    b = people((second.bench_small_id, second.bench_small_id + 29))
    assert len(a) == 30 and a == b
    assert Nominal.objects.count() == 60


# ---------------------------------------------------------------------------------------------
# The parts built on the register: each has rows, valid for the part's own rules.
# ---------------------------------------------------------------------------------------------

def test_each_part_has_rows_for_a_realistic_share(register):
    from mappa.arrangements.models import Eligibility, LevelDecision
    from mappa.licences.models import Licence, LicenceCondition
    from mappa.orders.models import Conviction, NotificationEvent, NotificationRequirement, Sentence
    from mappa.plans.models import Plan, PlanItem
    from mappa.risk.models import Assessment, RiskType

    people = Nominal.objects.count()
    current = Eligibility.objects.filter(ended_on__isnull=True)
    assert current.values("nominal").distinct().count() >= 0.8 * people
    assert LevelDecision.objects.exists() and Conviction.objects.exists() and Sentence.objects.exists()
    assert NotificationRequirement.objects.exists() and NotificationEvent.objects.exists()
    assert set(Assessment.objects.values_list("risk_type", flat=True)) == set(RiskType.values)
    assert Assessment.objects.exclude(status=Assessment.Status.APPROVED).exists()  # some wait for approval
    assert Licence.objects.exists() and LicenceCondition.objects.exists()
    assert Plan.objects.exists() and PlanItem.objects.exists()
    # Everything a person-level row needs: the recording agency and who recorded it.
    for model in (Eligibility, LevelDecision, Conviction, Sentence, NotificationEvent, Assessment, Licence, PlanItem):
        assert not model.objects.filter(agency__isnull=True).exists(), model
        assert not model.objects.filter(created_by__isnull=True).exists(), model
        assert set(model.objects.values_list("version", flat=True)) == {1}


def test_mappa_rows_follow_the_arrangements_rules(register):
    from mappa.arrangements import rules
    from mappa.arrangements.models import Eligibility, LevelDecision
    from mappa.core import reference

    for e in Eligibility.objects.all():
        assert e.category in (1, 2, 3)
        assert (e.category == 3) == bool(e.link_to_risk)  # category 3 needs the link to risk
        assert (e.ended_on is None) == (e.end_reason == "")
    # One current episode at most per person.
    current = Counter(Eligibility.objects.filter(ended_on__isnull=True).values_list("nominal_id", flat=True))
    assert set(current.values()) == {1}
    for d in LevelDecision.objects.select_related("eligibility", "meeting"):
        assert d.rationale.strip() and d.information_considered.strip()
        assert d.nominal_id == d.eligibility.nominal_id
        schedule = reference.value(f"mappa.review.level{d.level}", d.decided_on)
        window = rules.review_window(d.decided_on, schedule)
        assert rules.next_review_errors(d.next_review, decided_on=d.decided_on, window=window) == {}
        if d.meeting_id:  # decided at a meeting of its level, on that day, with the case on its agenda
            assert d.meeting.level == d.level and d.meeting.held_on == d.decided_on
            assert d.meeting.agenda.filter(nominal_id=d.nominal_id).exists()
        else:  # level 1 by the lead agency, levels 2 and 3 by the chair out of meeting
            assert d.forum == ("lead_agency" if d.level == 1 else "chair")
        # Set by a forum that may set its level under the guidance of the day.
        allowed = reference.value("mappa.level.forums", d.decided_on)
        assert rules.forum_errors(level=d.level, forum=d.forum, allowed=allowed) == {}


def test_notification_due_dates_follow_the_orders_rules(register):
    from mappa.core import reference
    from mappa.orders import rules
    from mappa.orders.models import NotificationEvent, NotificationRequirement

    for req in NotificationRequirement.objects.select_related("conviction"):
        assert req.conviction.sexual and req.relevant_date == req.conviction.convicted_on
        assert req.indefinite or req.ends_on == rules.period_end(req.relevant_date, months=req.period_months)
    initial_days = reference.value("orders.notification.initial_days", TODAY)
    periodic = reference.value("orders.notification.periodic_months", TODAY)
    change_days = reference.value("orders.notification.change_days", TODAY)
    overdue = 0
    for ev in NotificationEvent.objects.select_related("requirement"):
        req = ev.requirement
        if ev.kind == NotificationEvent.Kind.INITIAL:
            assert ev.due_on == rules.initial_notification_due(
                relevant_date=req.relevant_date, days=initial_days, released_on=req.released_on,
                in_custody_on_relevant_date=req.in_custody_on_relevant_date)
        elif ev.kind == NotificationEvent.Kind.PERIODIC:
            assert ev.due_on == rules.periodic_notification_due(ev.event_date, periodic)
        elif ev.kind == NotificationEvent.Kind.ADDRESS:
            assert ev.due_on == rules.change_notification_due(ev.event_date, change_days)
        if ev.received_on:
            assert ev.received_on <= ev.due_on  # received in time
        overdue += ev.overdue_on(TODAY)
    assert NotificationEvent.objects.filter(received_on__isnull=True).exists()


def test_the_long_history_person_has_hundreds_of_rows_in_every_part(register):
    from mappa.arrangements.models import LevelDecision
    from mappa.orders.models import Conviction, NotificationEvent
    from mappa.plans.models import PlanItem
    from mappa.risk.models import Assessment

    large = register.bench_large_id
    for model in (Conviction, NotificationEvent, Assessment, PlanItem, LevelDecision):
        assert model.objects.filter(nominal_id=large).count() >= 100, model


def test_licences_and_sentences_agree(register):
    from mappa.licences.models import Licence
    from mappa.orders.models import Sentence

    for s in Sentence.objects.filter(licence_start__isnull=False):
        assert s.custodial and s.release_date == s.licence_start and s.licence_end > s.licence_start
    for licence in Licence.objects.all():
        assert licence.end_date > licence.start_date
        assert licence.conditions.filter(category="standard").exists()


def test_the_case_page_of_a_generated_person_shows_every_panel(register, client):
    from mappa.core import extensions

    large = Nominal.objects.get(pk=register.bench_large_id)
    client.force_login(large.manager)
    page = client.get(f"/people/{large.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for panel in extensions.registry.panels:
        assert f'id="{panel.slug}"' in html, panel.slug
    for url in (f"/mappa/people/{large.pk}/", f"/risk/people/{large.pk}/", f"/orders/{large.pk}/",
                f"/licences/people/{large.pk}/", f"/plans/{large.pk}/", "/"):
        assert client.get(url).status_code == 200, url


def test_plan_items_use_the_plan_vocabulary(register):
    from mappa.plans.models import Element, Heading, PlanItem, Purpose, Status

    for heading, purpose, element, status in PlanItem.objects.values_list("heading", "purpose", "element", "status"):
        assert heading in Heading.values and purpose in Purpose.values
        assert element in Element.values and status in Status.values


def test_each_mappa_episode_keeps_its_latest_decision_in_force(register):
    from mappa.arrangements.models import Eligibility, LevelDecision

    latest = {}
    for d in LevelDecision.objects.order_by("eligibility_id", "-decided_on", "-id"):
        latest.setdefault(d.eligibility_id, d)
    episodes = list(Eligibility.objects.all())
    assert any(e.current_decision_id for e in episodes)
    for e in episodes:
        d = latest.get(e.pk)
        assert e.current_decision_id == (d.pk if d else None)
        assert (e.level, e.forum, e.next_review) == ((d.level, d.forum, d.next_review) if d else (None, "", None))


def test_generate_without_the_bench_extra_says_what_to_install_and_writes_nothing(db, monkeypatch):
    import importlib.util

    from django.core.management import CommandError, call_command

    from mappa.nominals.models import Nominal

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "faker" else real(name, *a))
    with pytest.raises(CommandError, match=r"needs faker, of the bench extra: pip install -e '\.\[bench\]'"):
        call_command("generate", nominals=5)
    assert not Nominal.objects.exists()
