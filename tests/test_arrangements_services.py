"""MAPPA services: identification, level decisions, referrals, meetings, minutes and actions.
Each change is audited; bad input changes nothing; access follows the policy."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mappa.arrangements import services
from mappa.arrangements.models import Action, Eligibility, LevelDecision, Meeting, Minute, Referral
from mappa.audit.models import AuditEvent
from mappa.core import facts
from mappa.core.concurrency import StaleEdit
from mappa.core.extensions import requirements_for
from mappa.core.models import Notification, ReferenceSetting
from mappa.nominals.models import SignificantEvent

TODAY = timezone.localdate()
D = datetime.timedelta(days=1)


@pytest.fixture
def case(world):
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY - 30 * D,
                      basis="Registered at Bradwell police station")
    return world


def decide(world, actor=None, **kw):
    args = dict(level=1, forum="lead_agency", decided_on=TODAY, rationale="Manageable by probation",
                information_considered="OASys, police visits")
    args.update(kw)
    return services.decide_level(actor=actor or world.om, nominal=world.case, **args)


def meeting(world, kind=Meeting.Kind.LEVEL2, held_on=TODAY):
    m = services.arrange_meeting(actor=world.coordinator, kind=kind, held_on=held_on, venue="Room 2", chair=world.coordinator)
    services.add_to_agenda(actor=world.coordinator, meeting=m, nominal=world.case)
    return m


def test_identification_keeps_the_proposal_and_tells_the_coordinator(case):
    e = Eligibility.objects.get(nominal=case.case)
    assert e.category == 1 and e.proposed_category is None and e.basis
    assert Notification.objects.filter(recipient=case.coordinator, kind="mappa_identified").exists()
    assert AuditEvent.objects.filter(object_type="eligibility", action="create", actor=case.om).exists()


def test_the_proposal_uses_facts_from_providers(world, monkeypatch):
    src = facts.Source("Notification requirements from 2019")
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(notification_requirements=facts.Flag(True, src))])
    e = services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY)
    assert e.proposed_category == 1
    assert e.proposal_reasons[0]["source"] == "Notification requirements from 2019"


def test_category_3_without_the_link_to_risk_changes_nothing(world):
    with pytest.raises(ValidationError) as err:
        services.identify(actor=world.om, nominal=world.case, category=3, identified_on=TODAY)
    assert "link_to_risk" in err.value.message_dict
    assert not Eligibility.objects.exists()


def test_only_those_who_may_manage_can_identify(world):
    with pytest.raises(PermissionDenied):
        services.identify(actor=world.housing, nominal=world.case, category=1, identified_on=TODAY, basis="x")
    with pytest.raises(Http404):
        services.identify(actor=world.south, nominal=world.case, category=1, identified_on=TODAY, basis="x")
    # The area's co-ordinator is told of eligible cases (inspection 2010 ¶4.5); identifying them is for those
    # who may change the record.
    with pytest.raises(PermissionDenied):
        services.identify(actor=world.coordinator, nominal=world.elsewhere, category=1, identified_on=TODAY, basis="x")
    with pytest.raises(Http404):
        services.identify(actor=world.south_coordinator, nominal=world.case, category=1, identified_on=TODAY, basis="x")


def test_ending_eligibility_keeps_history_and_refuses_a_stale_save(case):
    e = Eligibility.objects.get(nominal=case.case)
    with pytest.raises(ValidationError):
        services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="other", notes="", version=e.version)
    services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="registration_ended", version=e.version)
    with pytest.raises((StaleEdit, ValidationError)):
        services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="registration_ended", version=e.version)
    assert Eligibility.objects.filter(nominal=case.case).count() == 1
    assert services.current_eligibility(case.case) is None
    # A new episode can begin; the old one stays.
    services.identify(actor=case.om, nominal=case.case, category=2, identified_on=TODAY, basis="New conviction")
    assert Eligibility.objects.filter(nominal=case.case).count() == 2


def test_a_level_decision_needs_a_rationale_and_changes_nothing_without(case):
    with pytest.raises(ValidationError) as err:
        decide(case, rationale="")
    assert err.value.message_dict["rationale"] == ["Give the rationale for the level decision"]
    assert not LevelDecision.objects.exists() and not SignificantEvent.objects.filter(kind="level_change").exists()


def test_a_level_decision_needs_an_eligible_case(world):
    with pytest.raises(ValidationError, match="eligible"):
        decide(world)


def test_level_1_by_one_agency_notifies_the_coordinator_and_is_marked_single_agency(case):
    d = decide(case)
    assert d.single_agency and d.coordinator_notified_at is not None
    note = Notification.objects.get(recipient=case.coordinator, kind="mappa_level1")
    assert "one agency alone" in note.message
    # The default next review is the latest the 2009 guidance allows: four months (¶9.2).
    assert (d.next_review - TODAY).days in range(119, 124)


def test_a_level_change_is_a_significant_event_but_a_review_at_the_same_level_is_not(case):
    decide(case)
    m = meeting(case)
    decide(case, actor=case.coordinator, level=2, forum="meeting", meeting=m)
    assert SignificantEvent.objects.filter(nominal=case.case, kind="level_change").count() == 2
    decide(case, actor=case.coordinator, level=2, forum="meeting", meeting=m, rationale="Reviewed: stays at level 2")
    assert SignificantEvent.objects.filter(nominal=case.case, kind="level_change").count() == 2
    assert services.latest_decision(services.current_eligibility(case.case)).previous_level == 2


def in_force(nominal):
    e = Eligibility.objects.get(nominal=nominal, ended_on__isnull=True)
    return e.current_decision_id, e.level, e.forum, e.next_review


def latest_in_history(nominal):
    d = (LevelDecision.objects.filter(eligibility__nominal=nominal, eligibility__ended_on__isnull=True)
         .order_by("-decided_on", "-id").first())
    return (d.pk, d.level, d.forum, d.next_review) if d else (None, None, "", None)


def test_the_episode_keeps_its_latest_decision_in_force(case):
    assert in_force(case.case) == (None, None, "", None)  # not yet screened
    first = decide(case, decided_on=TODAY - 10 * D)
    assert in_force(case.case) == (first.pk, 1, "lead_agency", first.next_review)
    later = decide(case, actor=case.coordinator, level=2, forum="meeting", meeting=meeting(case))
    assert in_force(case.case) == (later.pk, 2, "meeting", later.next_review)
    # Recorded late and dated before the decision in force: kept in the history, but level 2 stays in force.
    late = decide(case, decided_on=TODAY - 5 * D, rationale="Recorded late")
    assert late.previous_level == 2
    assert in_force(case.case) == (later.pk, 2, "meeting", later.next_review) == latest_in_history(case.case)
    # Two on the same day: the one recorded last.
    review = decide(case, forum="lead_agency", rationale="Stepped down after the meeting")
    assert in_force(case.case) == (review.pk, 1, "lead_agency", review.next_review) == latest_in_history(case.case)
    # A new episode starts with no decision in force; the ended one keeps its own.
    e = services.current_eligibility(case.case)
    services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="registration_ended", version=e.version)
    services.identify(actor=case.om, nominal=case.case, category=2, identified_on=TODAY, basis="New conviction")
    assert in_force(case.case) == (None, None, "", None)
    assert Eligibility.objects.get(pk=e.pk).current_decision_id == review.pk


def test_the_decision_in_force_cannot_be_deleted_from_under_its_episode(case):
    # Nothing in the system deletes a level decision; were one deleted, the episode must not silently
    # lose its level, so the database refuses.
    from django.db.models import ProtectedError

    earlier = decide(case, decided_on=TODAY - 10 * D)
    current = decide(case)
    with pytest.raises(ProtectedError):
        current.delete()
    assert in_force(case.case)[0] == current.pk and LevelDecision.objects.filter(pk=earlier.pk).exists()


def test_the_migration_fills_in_each_episodes_decision_in_force_from_its_history(case):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("mappa.arrangements.migrations.0004_current_decision")
    decide(case, decided_on=TODAY - 10 * D)
    decide(case, actor=case.coordinator, level=2, forum="meeting", meeting=meeting(case))
    decide(case, decided_on=TODAY - 5 * D, rationale="Recorded late")
    services.identify(actor=case.other_office, nominal=case.elsewhere, category=2, identified_on=TODAY, basis="Robbery")
    kept = list(Eligibility.objects.order_by("pk").values_list("pk", "current_decision", "level", "forum", "next_review"))
    Eligibility.objects.update(current_decision=None, level=None, forum="", next_review=None)
    migration.backfill(apps, SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name))
    assert list(Eligibility.objects.order_by("pk").values_list("pk", "current_decision", "level", "forum", "next_review")) == kept
    assert kept[0][1] is not None and kept[1][1] is None


def test_a_meeting_forum_needs_the_case_on_that_meetings_agenda(case):
    m = services.arrange_meeting(actor=case.coordinator, kind="level2", held_on=TODAY, venue="Room", chair=case.coordinator)
    with pytest.raises(ValidationError) as err:
        decide(case, level=2, forum="meeting", meeting=m)
    assert "agenda" in err.value.message_dict["meeting"][0]


def test_the_next_review_cannot_be_later_than_the_guidance_allows(case):
    with pytest.raises(ValidationError) as err:
        decide(case, next_review=TODAY + 200 * D)
    assert "no later than" in err.value.message_dict["next_review"][0]


def test_new_guidance_changes_future_reviews_without_rewriting_history(case):
    first = decide(case)
    ReferenceSetting.objects.create(key="mappa.review.level1", value={"earliest": {"months": 2}, "latest": {"months": 2}},
                                    effective_from=TODAY, source="Test guidance", description="")
    second = decide(case, rationale="Reviewed")
    assert (second.next_review - TODAY).days < 63
    first.refresh_from_db()
    assert (first.next_review - TODAY).days > 100 and first.review_schedule["latest"] == {"months": 4}


def test_facts_provider_gives_category_and_level(case):
    assert facts.facts_for(case.om, case.case).mappa_category == 1
    decide(case)
    assert facts.facts_for(case.om, case.case).mappa_level == 1


def test_referral_needs_the_national_form_information_and_screening_records_the_outcome(case):
    with pytest.raises(ValidationError) as err:
        services.refer(actor=case.om, nominal=case.case, requested_level=2, referred_on=TODAY, reason="x",
                       risk_summary="", cannot_manage_alone="", asks_of_agencies="")
    assert {"risk_summary", "cannot_manage_alone", "asks_of_agencies"} <= set(err.value.message_dict)
    r = services.refer(actor=case.om, nominal=case.case, requested_level=3, referred_on=TODAY, reason="New partner with children",
                       risk_summary="Very high RoSH", cannot_manage_alone="Checks on the household", asks_of_agencies="Police visit")
    with pytest.raises(ValidationError) as err:
        services.screen_referral(actor=case.coordinator, referral=r, outcome="returned", reasons="", version=r.version)
    assert "outcome_reasons" in err.value.message_dict
    services.screen_referral(actor=case.coordinator, referral=r, outcome="returned", reasons="Manageable at level 1 with police visits", version=r.version)
    r.refresh_from_db()
    assert r.status == Referral.Status.RETURNED and r.screened_by == case.coordinator


def test_suggestion_seen_is_recorded(case, monkeypatch):
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="very_high")])
    with pytest.raises(ValidationError):
        services.acknowledge_suggestion(actor=case.om, nominal=case.case, key="rosh:very_high", response=" ")
    seen = services.acknowledge_suggestion(actor=case.om, nominal=case.case, key="rosh:very_high", response="Referred to level 2")
    assert AuditEvent.objects.filter(object_type="suggestionseen", object_id=str(seen.pk)).exists()


def test_a_new_meeting_in_the_past_is_refused(world):
    with pytest.raises(ValidationError) as err:
        services.arrange_meeting(actor=world.coordinator, kind="level2", held_on=TODAY - D, venue="Room", chair=world.coordinator)
    assert err.value.message_dict["held_on"] == ["A new meeting cannot be arranged for a date in the past"]
    assert not Meeting.objects.exists()
    with pytest.raises(PermissionDenied):
        services.arrange_meeting(actor=world.om, kind="level2", held_on=TODAY, venue="Room", chair=world.om)


def test_level_3_without_senior_attendance_is_flagged(case):
    m = meeting(case, kind=Meeting.Kind.LEVEL3)
    a = services.add_attendee(actor=case.coordinator, meeting=m, agency=case.agencies["police"], name="DS Jones", senior=False)
    with pytest.raises(ValidationError, match="confidentiality"):
        services.record_attendance(actor=case.coordinator, meeting=m, attendance={a.pk: {"attended": True}})
    services.record_attendance(actor=case.coordinator, meeting=m, attendance={a.pk: {"attended": True, "confidentiality_declared": True}})
    m.refresh_from_db()
    assert services.senior_attendance_missing(m)
    b = services.add_attendee(actor=case.coordinator, meeting=m, agency=case.agencies["probation"], name="ACO Smith", senior=True)
    services.record_attendance(actor=case.coordinator, meeting=m, attendance={b.pk: {"attended": True, "confidentiality_declared": True}})
    assert not services.senior_attendance_missing(m)


def test_minutes_of_a_level_2_meeting_must_record_the_disclosure_decision(case):
    m = meeting(case)
    with pytest.raises(ValidationError) as err:
        services.record_minute(actor=case.coordinator, meeting=m, nominal=case.case, summary="Discussed")
    assert "disclosure_decision" in err.value.message_dict
    assert not Minute.objects.exists()
    services.record_minute(actor=case.coordinator, meeting=m, nominal=case.case, summary="Discussed", disclosure_considered=True,
                           disclosure_decision="No disclosure: no third party at risk now", decisions="Weekly police visits\nNo contact with children")
    # A restricted part may follow without repeating the disclosure decision.
    services.record_minute(actor=case.coordinator, meeting=m, nominal=case.case, summary="Victim's views", handling="victim")
    kinds = [r.kind for r in requirements_for(case.om, case.case)]
    assert kinds.count("mappa_decision") == 2 and "disclosure_decision" in kinds
    # Children's services may not see victim details; the plan requirements follow the same rule.
    assert all(r.handling != "victim" for r in requirements_for(case.children, case.case))


def test_an_action_without_an_owner_changes_nothing(case):
    m = meeting(case)
    with pytest.raises(ValidationError) as err:
        services.add_action(actor=case.coordinator, meeting=m, nominal=case.case, description="Home visit", owner_name="",
                            owner_agency=None, purpose="restrictive", due_on=TODAY + 7 * D)
    assert set(err.value.message_dict) >= {"owner_name", "owner_agency"}
    assert not Action.objects.exists()


def test_the_owner_completes_an_action_with_evidence_and_a_stale_update_is_refused(case):
    m = meeting(case)
    a = services.add_action(actor=case.coordinator, meeting=m, nominal=case.case, description="Home visit", owner_user=case.police,
                            owner_name="", owner_agency=None, purpose="restrictive", due_on=TODAY + 7 * D)
    assert a.owner_name == case.police.display_name and a.owner_agency == case.police.agency
    with pytest.raises(ValidationError):
        services.update_action(actor=case.police, action=a, status="done", evidence="", version=a.version)
    services.update_action(actor=case.police, action=a, status="done", evidence="Visited 3 Mill Lane", version=a.version)
    with pytest.raises(StaleEdit):
        services.update_action(actor=case.om, action=a, status="open", version=1)
    with pytest.raises(PermissionDenied):
        services.update_action(actor=case.housing, action=a, status="open", version=2)


@pytest.mark.django_db
def test_the_demo_has_a_level_2_meeting_with_minutes():
    from mappa.demo import demo_data
    from mappa.nominals.models import Nominal

    demo_data.load()
    hartnell = Nominal.objects.get(last_name="Hartnell")
    decision = services.latest_decision(services.current_eligibility(hartnell))
    assert decision.level == 2 and decision.forum == "meeting"
    assert Minute.objects.filter(nominal=hartnell, disclosure_considered=True).exists()
    assert Referral.objects.filter(nominal__last_name="Dunmore", status="open").exists()
    stott = Nominal.objects.get(last_name="Stott")
    assert services.latest_decision(services.current_eligibility(stott)).level == 3
    assert not services.senior_attendance_missing(Meeting.objects.get(kind="level3"))
    greaves = Nominal.objects.get(last_name="Greaves")
    assert services.latest_decision(services.current_eligibility(greaves)) is None


def test_a_significant_event_on_a_mappa_case_prompts_an_immediate_review(case):
    from mappa.nominals import services as register
    from mappa.nominals.items import KINDS

    register.create_item(actor=case.police, nominal=case.case, kind=KINDS["relationships"],
                         data={"kind": "partner", "other_name": "Sarah Jones"})
    prompts = Notification.objects.filter(kind="mappa_review_prompt", nominal=case.case)
    assert {n.recipient for n in prompts} == {case.om, case.coordinator}
    assert all("Sarah" not in n.message and "immediate MAPPA review" in n.message for n in prompts)


def test_a_restricted_event_prompts_a_review_only_for_those_who_may_see_it(case):
    from mappa.nominals import services as register
    from mappa.nominals.items import KINDS

    # Intelligence is for the police: the probation manager is not told (even "new intelligence recorded" would
    # tell them it exists); the co-ordinator, in the police MAPPA unit, is.
    register.create_item(actor=case.police, nominal=case.case, kind=KINDS["activities"],
                         data={"kind": "intelligence", "summary": "SECRET: seen with a child", "handling": "intelligence",
                               "occurred_at": timezone.now()})
    prompts = Notification.objects.filter(kind="mappa_review_prompt", nominal=case.case)
    assert {n.recipient for n in prompts} == {case.coordinator}
    assert all("SECRET" not in n.message for n in prompts)


def test_a_significant_event_on_someone_not_eligible_prompts_nothing(world):
    from mappa.nominals import services as register
    from mappa.nominals.items import KINDS

    register.create_item(actor=world.om, nominal=world.case, kind=KINDS["relationships"],
                         data={"kind": "partner", "other_name": "Sarah Jones"})
    assert not Notification.objects.filter(kind="mappa_review_prompt").exists()


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

texts = st.sampled_from(["", "   ", "\n", "Rationale given"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(level=st.sampled_from([None, 0, 1, 2, 3, 4]), rationale=texts, information=texts,
       forum=st.sampled_from(["", "offender_manager", "lead_agency", "meeting", "nonsense"]),
       days=st.integers(min_value=-400, max_value=30))
def test_a_level_decision_is_recorded_whole_or_not_at_all(case, level, rationale, information, forum, days):
    rows, events = LevelDecision.objects.count(), SignificantEvent.objects.count()
    try:
        decide(case, level=level, rationale=rationale, information_considered=information, forum=forum,
               decided_on=TODAY + days * D)
    except ValidationError as exc:
        assert exc.message_dict  # every refusal says which field and why
        assert (LevelDecision.objects.count(), SignificantEvent.objects.count()) == (rows, events)
    else:
        assert level in (1, 2, 3) and rationale.strip() and information.strip() and days <= 0
        assert forum == "lead_agency" and level == 1  # the only forum here that needs no meeting, and it sets level 1
        assert LevelDecision.objects.count() == rows + 1
    assert in_force(case.case) == latest_in_history(case.case)


@pytest.mark.parametrize("first, second, in_force_after", [(10, 1, "second"), (1, 10, "first")])
def test_two_decisions_recorded_at_once_leave_the_later_in_force(transactional_db, world, monkeypatch, first, second,
                                                                  in_force_after):
    # The first decision holds the episode's lock while the second is recorded: the second waits, then
    # reads the first as the decision in force, and replaces it only if it is later.
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a database that runs two transactions at once")
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY - 30 * D, basis="Registered")
    keep, holding = services._keep_current_decision, threading.Event()

    def slow_keep(eligibility, decision, current):
        if decision.rationale == "first":
            holding.set()
            threading.Event().wait(0.5)  # the second decision is recorded meanwhile
        keep(eligibility, decision, current)

    monkeypatch.setattr(services, "_keep_current_decision", slow_keep)
    made = {}

    def record(name, days_ago):
        try:
            made[name] = decide(world, decided_on=TODAY - days_ago * D, rationale=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=("first", first)), threading.Thread(target=record, args=("second", second))]
    threads[0].start()
    assert holding.wait(10)
    threads[1].start()
    for t in threads:
        t.join()
    assert made["second"].previous_level == 1  # it saw the first
    assert in_force(world.case)[0] == made[in_force_after].pk == latest_in_history(world.case)[0]


# ---------------------------------------------------------------- rules kept in the service, not the page

def test_a_level_decision_waits_for_the_referral_prompt_to_be_answered(case, monkeypatch):
    from mappa.arrangements.models import SuggestionSeen

    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="high")])
    with pytest.raises(ValidationError) as err:
        decide(case)
    assert "Confirm that you have seen the prompt" in err.value.message_dict["referral_prompt_seen"][0]
    assert not LevelDecision.objects.exists() and not SuggestionSeen.objects.exists()
    decide(case, referral_prompt_seen=True)
    seen = SuggestionSeen.objects.get(nominal=case.case)
    assert seen.key == "rosh:high" and seen.created_by == case.om
    decide(case, rationale="Reviewed")  # answered once: the next review needs no confirmation
    assert LevelDecision.objects.count() == 2


def test_only_the_prompt_shown_can_be_acknowledged(case, monkeypatch):
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="high")])
    with pytest.raises(ValidationError) as err:
        services.acknowledge_suggestion(actor=case.om, nominal=case.case, key="rosh:made_up", response="Seen")
    assert "key" in err.value.message_dict


def test_a_read_only_user_cannot_chair_or_run_a_meeting(case):
    for chair in (case.housing, case.officer, case.admin):
        with pytest.raises(ValidationError) as err:
            services.arrange_meeting(actor=case.coordinator, kind="level2", held_on=TODAY, venue="Room", chair=chair)
        assert "chair" in err.value.message_dict
    m = meeting(case)
    with pytest.raises(ValidationError):
        services.change_meeting(actor=case.coordinator, meeting=m, held_on=m.held_on, venue="Room", chair=case.housing,
                                status="planned", version=m.version)
    # A meeting that names a read-only user as its chair (their role changed after it was arranged) gives them nothing.
    Meeting.objects.filter(pk=m.pk).update(chair=case.housing)
    m.refresh_from_db()
    assert not services.may_run_meeting(case.housing, m)
    attempts = [
        lambda: services.add_to_agenda(actor=case.housing, meeting=m, nominal=case.case),
        lambda: services.add_attendee(actor=case.housing, meeting=m, agency=case.agencies["housing"], name="Someone"),
        lambda: services.record_minute(actor=case.housing, meeting=m, nominal=case.case, summary="x",
                                       disclosure_considered=True, disclosure_decision="None"),
        lambda: services.add_action(actor=case.housing, meeting=m, nominal=case.case, description="x", owner_name="A",
                                    owner_agency=case.agencies["housing"], purpose="restrictive", due_on=TODAY + D),
        lambda: services.record_attendance(actor=case.housing, meeting=m, attendance={}),
        lambda: decide(case, actor=case.housing, level=2, forum="meeting", meeting=m),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert not Minute.objects.exists() and not Action.objects.exists() and not LevelDecision.objects.exists()


# ---------------------------------------------------------------- the co-ordinator's part (decision)

@pytest.fixture
def elsewhere(world):
    """A MAPPA case held by another office of the co-ordinator's area: the co-ordinator neither manages it nor partners on it."""
    services.identify(actor=world.other_office, nominal=world.elsewhere, category=1, identified_on=TODAY - 30 * D, basis="Registered")
    return world


def test_the_area_coordinator_records_mappa_decisions_on_any_case_in_the_area(elsewhere):
    w = elsewhere
    referral = services.refer(actor=w.other_office, nominal=w.elsewhere, requested_level=2, referred_on=TODAY,
                              reason="New partner", risk_summary="High", cannot_manage_alone="Checks", asks_of_agencies="Visits")
    services.screen_referral(actor=w.coordinator, referral=referral, outcome="accepted", accepted_level=2, version=referral.version)
    m = services.arrange_meeting(actor=w.coordinator, kind="level2", held_on=TODAY, venue="Room", chair=w.coordinator)
    services.add_to_agenda(actor=w.coordinator, meeting=m, nominal=w.elsewhere)
    services.record_minute(actor=w.coordinator, meeting=m, nominal=w.elsewhere, summary="Discussed", disclosure_considered=True,
                           disclosure_decision="None")
    services.add_action(actor=w.coordinator, meeting=m, nominal=w.elsewhere, description="Visit", owner_user=w.other_office,
                        owner_name="", owner_agency=None, purpose="restrictive", due_on=TODAY + D)
    decision = services.decide_level(actor=w.coordinator, nominal=w.elsewhere, level=2, forum="meeting", meeting=m,
                                     decided_on=TODAY, rationale="Needs police", information_considered="OASys")
    assert decision.level == 2 and decision.decided_by == w.coordinator
    # Another area's co-ordinator reaches none of it.
    with pytest.raises(Http404):
        services.decide_level(actor=w.south_coordinator, nominal=w.elsewhere, level=1, forum="lead_agency", decided_on=TODAY,
                              rationale="x", information_considered="x")


def test_the_area_coordinator_changes_nothing_else_on_a_case_they_do_not_manage(elsewhere):
    w = elsewhere
    episode = services.current_eligibility(w.elsewhere)
    attempts = [
        lambda: services.refer(actor=w.coordinator, nominal=w.elsewhere, requested_level=2, referred_on=TODAY, reason="x",
                               risk_summary="x", cannot_manage_alone="x", asks_of_agencies="x"),
        lambda: services.end_eligibility(actor=w.coordinator, eligibility=episode, ended_on=TODAY, reason="registration_ended",
                                         version=episode.version),
        lambda: services.add_action(actor=w.coordinator, nominal=w.elsewhere, description="Visit", owner_name="A",
                                    owner_agency=w.agencies["police"], purpose="restrictive", due_on=TODAY + D),
        lambda: services.identify(actor=w.coordinator, nominal=w.unallocated, category=1, identified_on=TODAY, basis="x"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert services.current_eligibility(w.elsewhere) is not None and not Referral.objects.exists()
    assert not Action.objects.exists() and not Eligibility.objects.filter(nominal=w.unallocated).exists()
    # On a record the co-ordinator is a partner on, they may do all of it.
    from mappa.nominals import services as register

    register.add_partner(actor=w.other_office, nominal=w.elsewhere, user=w.coordinator)
    services.refer(actor=w.coordinator, nominal=w.elsewhere, requested_level=2, referred_on=TODAY, reason="x",
                   risk_summary="x", cannot_manage_alone="x", asks_of_agencies="x")


# ---------------------------------------------------------------- consequential changes are audited and versioned

def test_ending_eligibility_returns_its_open_referral_with_an_audit_row_and_a_new_version(case):
    referral = services.refer(actor=case.om, nominal=case.case, requested_level=2, referred_on=TODAY, reason="x",
                              risk_summary="x", cannot_manage_alone="x", asks_of_agencies="x")
    e = Eligibility.objects.get(nominal=case.case)
    services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="registration_ended", version=e.version)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RETURNED and referral.version == 2
    row = AuditEvent.objects.get(object_type="referral", object_id=str(referral.pk), action="update")
    assert row.changes["status"] == ["open", "returned"] and row.actor == case.om


def test_the_decision_in_force_is_audited_and_versioned_on_the_episode(case):
    e = Eligibility.objects.get(nominal=case.case)
    decide(case)
    e2 = Eligibility.objects.get(pk=e.pk)
    assert e2.level == 1 and e2.version == e.version + 1
    row = AuditEvent.objects.filter(object_type="eligibility", object_id=str(e.pk), action="update").order_by("-id").first()
    assert row.changes["level"] == [None, 1]
    with pytest.raises(StaleEdit):  # ending from a form opened before the decision: the user is told it changed
        services.end_eligibility(actor=case.om, eligibility=e, ended_on=TODAY, reason="registration_ended", version=e.version)


def test_attendance_that_marks_a_meeting_held_moves_its_version(case):
    m = meeting(case)
    a = services.add_attendee(actor=case.coordinator, meeting=m, agency=case.agencies["police"], name="DS Jones")
    before = Meeting.objects.get(pk=m.pk).version
    services.record_attendance(actor=case.coordinator, meeting=m, attendance={a.pk: {"attended": True, "confidentiality_declared": True}})
    after = Meeting.objects.get(pk=m.pk)
    assert after.status == Meeting.Status.HELD and after.version == before + 1
    row = AuditEvent.objects.filter(object_type="meeting", object_id=str(m.pk), action="update").order_by("-id").first()
    assert row.changes["status"] == ["planned", "held"]


def test_recording_minutes_moves_a_planned_meeting_on_to_held_with_an_audit_row(case):
    m = meeting(case, kind=Meeting.Kind.SCREENING)
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.PLANNED
    services.record_minute(actor=case.coordinator, meeting=m, nominal=case.case, summary="Discussed")
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.HELD
    row = AuditEvent.objects.filter(object_type="meeting", object_id=str(m.pk), action="update").order_by("-id").first()
    assert row.changes["status"] == ["planned", "held"]


def test_minutes_for_a_future_meeting_are_refused_and_change_nothing(case):
    m = meeting(case, kind=Meeting.Kind.SCREENING, held_on=TODAY + 7 * D)
    with pytest.raises(ValidationError) as err:
        services.record_minute(actor=case.coordinator, meeting=m, nominal=case.case, summary="Discussed")
    assert "on or after the day of the meeting" in err.value.message_dict["summary"][0]
    assert not Minute.objects.exists() and Meeting.objects.get(pk=m.pk).status == Meeting.Status.PLANNED


def test_a_meeting_is_marked_held_only_once_it_has_started_and_its_start_time_can_change(case):
    later = (timezone.localtime() + datetime.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    m = meeting(case, held_on=TODAY + 3 * D)
    common = dict(actor=case.coordinator, venue="Room 2", chair=case.coordinator)
    with pytest.raises(ValidationError) as err:
        services.change_meeting(meeting=m, held_on=m.held_on, status=Meeting.Status.HELD, version=m.version, **common)
    assert "once it has started" in err.value.message_dict["status"][0]
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.PLANNED
    m = services.change_meeting(meeting=m, held_on=TODAY + 3 * D, starts_at=datetime.time(10, 30),
                                status=Meeting.Status.PLANNED, version=m.version, **common)
    assert Meeting.objects.get(pk=m.pk).starts_at == datetime.time(10, 30)
    started = meeting(case, held_on=TODAY)
    if later > timezone.localtime().time():  # not yet started today (skipped when the test runs late at night)
        with pytest.raises(ValidationError):
            services.change_meeting(meeting=started, held_on=TODAY, starts_at=later, status=Meeting.Status.HELD,
                                    version=started.version, **common)
    services.change_meeting(meeting=started, held_on=TODAY, starts_at=None, status=Meeting.Status.HELD,
                            version=started.version, **common)
    assert Meeting.objects.get(pk=started.pk).status == Meeting.Status.HELD
