"""Disclosure decisions, requests, referrals and markers: who may record and read them, whose names each reader sees,
and the services refusing bad input with nothing changed."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements.models import Meeting
from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.safeguarding import queries, services
from mappa.safeguarding.models import DisclosureDecision, Marker
from tests.test_victims_services import NAME as VICTIM_NAME
from tests.test_victims_services import readers, victims  # noqa: F401

RECIPIENT = "Harriet Oakwell"
CHILD = "Toby Oakwell"
APPLICANT = "Gemma Stanton"
PARTNER = "Norah Bellweather"
DAY = datetime.timedelta(days=1)


def disclose(**changes):
    today = timezone.localdate()
    return {"occasion": "event", "considered_on": today - 3 * DAY, "decision": "disclose", "ground": "victims",
            "power": "common_law", "pressing_need": True, "rationale": "She has two children under 10.",
            "recipient_kind": "partner", "recipient": RECIPIENT, "what_disclosed": "His convictions for wounding.",
            "disclosed_by": "Police", "disclosed_on": today - DAY, "keep_confidential": "Not to pass it on.",
            "offender_told": "told_first", "review_on": today + 10 * DAY, **changes}


@pytest.fixture
def safeguarding(victims):  # noqa: F811
    w = victims
    today = timezone.localdate()
    w.partner = register.create_item(actor=w.om, nominal=w.case, kind=KINDS["relationships"], data={
        "kind": "partner", "other_name": PARTNER, "started": today - 20 * DAY})
    w.decision = services.record_decision(actor=w.om, nominal=w.case, data=disclose())
    # A decision whose recipient is the victim: her name must reach no one who may not see victims.
    w.to_victim = services.record_decision(actor=w.om, nominal=w.case, data=disclose(recipient=VICTIM_NAME,
                                                                                     recipient_kind="family"))
    w.referral = services.add_referral(actor=w.om, nominal=w.case, data={
        "kind": "children", "about": CHILD, "referred_on": today - 2 * DAY, "reason": "Living with him"})
    w.request = services.add_request(actor=w.om, nominal=w.case, data={
        "applicant_name": APPLICANT, "applicant_relationship": "Grandmother", "concern": "He visits her grandson",
        "received_on": today - 5 * DAY})
    w.staff = services.add_marker(actor=w.om, nominal=w.case, data={
        "kind": "staff_safety", "text": "Threatened staff with a knife", "active_from": today - 30 * DAY})
    w.apart = services.add_marker(actor=w.coordinator, nominal=w.case, data={
        "kind": "keep_apart", "text": "Both report to Bradwell office", "other_nominal": w.elsewhere,
        "active_from": today - 30 * DAY})
    return w


def _reads(user, w):
    return policy.nominals_for(user).filter(pk=w.case.pk).exists()


def test_who_sees_the_names_of_third_parties(safeguarding):
    w = safeguarding
    for user, sees_victims in readers(w):
        if not _reads(user, w):
            assert queries.markers(user, w.case) == [], user.username
            continue
        nominal = policy.get_nominal(user, w.case.pk)
        names = {e.name for e in queries.decisions(user, nominal)}
        names |= {e.name for e in queries.referrals(user, nominal)} | {e.name for e in queries.requests(user, nominal)}
        # Every reader of the case knows the decisions exist, with their grounds.
        assert len(queries.decisions(user, nominal)) == 2, user.username
        if sees_victims:
            assert {RECIPIENT, VICTIM_NAME, CHILD, APPLICANT} <= names, user.username
        else:
            assert names == {queries.WITHHELD}, user.username


def test_recorder_and_decider_see_the_names_they_wrote(safeguarding):
    w = safeguarding
    nominal = policy.get_nominal(w.police, w.case.pk)
    mine = services.record_decision(actor=w.police, nominal=nominal, data=disclose(recipient="Lena Marsh"))
    assert policy.may_see_third_parties(w.police, mine, nominal)
    assert not policy.may_see_third_parties(w.police, w.decision, nominal)
    assert not policy.may_see_third_parties(w.officer, mine, nominal)  # emergency access never


def test_markers_for_every_reader(safeguarding):
    w = safeguarding
    for user, _sees in readers(w):
        if not _reads(user, w):
            continue
        shown = queries.markers(user, policy.get_nominal(user, w.case.pk))
        assert [m["label"] for m in shown] == ["Staff safety", "Keep apart"], user.username
        assert shown[0]["text"] == "Threatened staff with a knife"
        assert shown[0]["link"] == f"/safeguarding/people/{w.case.pk}/"
        # The other person is named only to a reader who may see their record.
        if policy.nominals_for(user).filter(pk=w.elsewhere.pk).exists():
            assert "Jon Davies" in shown[1]["text"], user.username
        else:
            assert "Jon Davies" not in shown[1]["text"] and "another person on the register" in shown[1]["text"]


def test_an_ended_marker_is_not_shown(safeguarding):
    w = safeguarding
    services.change_marker(actor=w.om, marker=w.staff, data={"ended_on": timezone.localdate()}, version=w.staff.version)
    assert [m["label"] for m in queries.markers(w.om, w.case)] == ["Keep apart"]


def test_only_those_who_may_change_the_case_record(safeguarding):
    w = safeguarding
    for user in (w.housing, w.officer, w.admin, w.south, w.health):
        with pytest.raises((PermissionDenied, Exception)):
            nominal = policy.get_nominal(user, w.case.pk)
            services.record_decision(actor=user, nominal=nominal, data=disclose())
    assert DisclosureDecision.objects.count() == 2
    # A co-ordinator records disclosure decisions for any case in the area (a MAPPA decision).
    services.record_decision(actor=w.coordinator, nominal=w.case, data=disclose())
    assert DisclosureDecision.objects.count() == 3


def test_bad_input_is_refused_and_nothing_changes(safeguarding):
    w = safeguarding
    with pytest.raises(ValidationError) as caught:
        services.record_decision(actor=w.om, nominal=w.case, data=disclose(power="s327a"))
    assert "child sex offenders only" in str(caught.value)
    with pytest.raises(ValidationError):
        services.record_decision(actor=w.om, nominal=w.case, data=disclose(occasion="meeting"))
    with pytest.raises(ValidationError):
        services.record_decision(actor=w.om, nominal=w.case, data=disclose(relationship=w.victim))
    with pytest.raises(ValidationError):
        services.add_marker(actor=w.om, nominal=w.case, data={"kind": "keep_apart", "text": "x",
                                                              "other_nominal": w.case, "active_from": timezone.localdate()})
    assert DisclosureDecision.objects.count() == 2 and Marker.objects.count() == 2


def test_a_stale_change_is_refused(safeguarding):
    w = safeguarding
    version = w.decision.version
    services.change_decision(actor=w.om, decision=w.decision, data={"disclosed_by": "Police and probation"}, version=version)
    stale = DisclosureDecision.objects.get(pk=w.decision.pk)
    stale.version = version
    with pytest.raises(StaleEdit):
        services.change_decision(actor=w.probation_sup, decision=stale, data={"disclosed_by": "Someone"}, version=version)
    assert DisclosureDecision.objects.get(pk=w.decision.pk).disclosed_by == "Police and probation"


def test_audit_keeps_fields_never_names(safeguarding):
    w = safeguarding
    events = AuditEvent.objects.filter(nominal=w.case, object_type__in=["disclosuredecision", "safeguardingreferral",
                                                                        "disclosurerequest"])
    assert events.count() >= 4
    for event in events:
        text = f"{event.object_label} {event.details} {event.changes}"
        for name in (RECIPIENT, VICTIM_NAME, CHILD, APPLICANT):
            assert name not in text


def test_a_meeting_decision_links_to_its_minutes(safeguarding):
    from mappa.arrangements import services as mappa

    w = safeguarding
    today = timezone.localdate()
    mappa.identify(actor=w.om, nominal=w.case, category=2, identified_on=today - 30 * DAY, lead_agency=w.om.agency,
                   basis="Wounding with intent: two years' imprisonment.")
    meeting = mappa.arrange_meeting(actor=w.coordinator, kind=Meeting.Kind.LEVEL2, held_on=today, venue="Room 1",
                                    chair=w.coordinator)
    mappa.add_to_agenda(actor=w.coordinator, meeting=meeting, nominal=w.case)
    minute = mappa.record_minute(actor=w.coordinator, meeting=meeting, nominal=w.case, summary="Discussed",
                                 disclosure_considered=True, disclosure_decision="Disclose to the new partner")
    # Minutes that give a disclosure decision prompt a record of it (¶7.4), until one links to them.
    assert [p.kind for p in queries.prompts(w.om, w.case)] == ["meeting", "partner"]
    decision = services.record_decision(actor=w.coordinator, nominal=w.case, data=disclose(
        occasion="meeting", minute=minute, considered_on=today, disclosed_on=None, relationship=w.partner))
    assert decision.minute == minute
    # The prompt for the new partner is answered by that decision.
    assert queries.prompts(w.om, w.case) == []


def test_prompts_and_work_list(safeguarding):
    w = safeguarding
    today = timezone.localdate()
    assert [p.text for p in queries.prompts(w.om, w.case)] == [f"New partner, {PARTNER}: consider disclosure"]
    child = register.create_item(actor=w.om, nominal=w.case, kind=KINDS["occupants"], data={
        "address": w.address, "name": "Poppy Lark", "relationship": "Partner's daughter",
        "date_of_birth": today - 7 * 365 * DAY})
    assert "Child in the household, Poppy Lark: consider disclosure" in [p.text for p in queries.prompts(w.om, w.case)]
    items = [i for i in extensions.work_for(w.om, today) if i.kind.startswith("disclosure")]
    whats = sorted(i.what for i in items)
    assert "Disclosure decision review due" in whats
    assert f"New partner, {PARTNER}: consider disclosure" in whats
    assert "Child in the household, Poppy Lark: consider disclosure" in whats
    assert "Disclosure request: initial checks overdue" in whats
    services.record_decision(actor=w.om, nominal=w.case, data=disclose(occupant=child, relationship=w.partner))
    whats = [i.what for i in extensions.work_for(w.om, today) if i.kind == "disclosure_prompt"]
    assert whats == []
    # Nobody else's work list: a read-only partner and the emergency officer get none of it.
    for user in (w.housing, w.officer, w.admin):
        assert not [i for i in extensions.work_for(user, today) if i.kind.startswith("disclosure")]


def test_the_work_list_names_each_child_in_the_household_and_no_adult(safeguarding):
    """The list reads only those who may be under 18 (born in the last nineteen years, or marked under 18 with no date
    of birth), then checks each exactly: 18 tomorrow is a child, 18 today is not."""
    import datetime

    w = safeguarding
    today = timezone.localdate()

    def born(years: int) -> datetime.date:  # `years` ago today (the 28th for the 29th of February)
        return today.replace(year=today.year - years, day=min(today.day, 28) if today.month == 2 else today.day)

    add = lambda name, **data: register.create_item(actor=w.om, nominal=w.case, kind=KINDS["occupants"], data={  # noqa: E731
        "address": w.address, "name": name, "relationship": "Lodger", **data})
    add("Eighteen Tomorrow", date_of_birth=born(18) + datetime.timedelta(days=1))
    add("Eighteen Today", date_of_birth=born(18))
    add("Grown Up", date_of_birth=born(40))
    add("Age Unknown Child", under_18=True)
    add("Age Unknown Adult")
    whats = {i.what for i in extensions.work_for(w.om, today) if i.kind == "disclosure_prompt"}
    assert "Child in the household, Eighteen Tomorrow: consider disclosure" in whats
    assert "Child in the household, Age Unknown Child: consider disclosure" in whats
    for adult in ("Eighteen Today", "Grown Up", "Age Unknown Adult"):
        assert f"Child in the household, {adult}: consider disclosure" not in whats
