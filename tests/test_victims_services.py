"""Victims as records of their own: who may see them, and the services refusing bad input."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.victims import services
from mappa.victims.models import Victim
from tests.conftest import make_user

NAME = "Philippa Quenby"
ADDRESS = "4 Wren Gardens, Hallam Cross"


@pytest.fixture
def victims(world):
    world.vlo = make_user("vlo", world.teams["victim_services"], victim_liaison=True)
    register.add_partner(actor=world.om, nominal=world.case, user=world.vlo)
    world.conviction = register_conviction(world)
    world.past = services.add_victim(actor=world.vlo, nominal=world.case, data={
        "kind": "past", "name": NAME, "relationship": "Former partner", "address": ADDRESS,
        "phone": "01234 567890", "conviction": world.conviction,
        "scheme_offered_on": datetime.date(2025, 3, 1), "scheme_response": "opted_in",
        "scheme_responded_on": datetime.date(2025, 3, 10)})
    return world


def register_conviction(world):
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS

    conviction = orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["convictions"], data={
        "kind": "conviction", "offence": "Wounding with intent", "convicted_on": datetime.date(2024, 5, 1),
        "violent": True})
    orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": datetime.date(2024, 6, 1), "length_months": 24})
    return conviction


def readers(w):
    """Everyone who might try, and whether they may see victims' details on the case."""
    return [(w.om, True), (w.probation_sup, True), (w.vlo, True), (w.colleague, False), (w.other_office, False),
            (w.police, False), (w.police_sup, False), (w.children, False), (w.housing, False), (w.health, False),
            (w.coordinator, False), (w.officer, False), (w.admin, False), (w.south, False), (w.south_coordinator, False)]


def test_who_may_see_victims_details(victims):
    w = victims
    for user, sees in readers(w):
        reaches = policy.nominals_for(user).filter(pk=w.case.pk).exists()
        nominal = policy.get_nominal(user, w.case.pk) if reaches else w.case
        assert policy.may_see_victims(user, nominal) is (sees and reaches), user.username
        assert list(policy.victims_for(user, nominal)) == ([w.past] if sees else []), user.username
        if sees:
            assert policy.get_victim(user, w.past.pk).name == NAME
        else:
            with pytest.raises(Http404):
                policy.get_victim(user, w.past.pk)
        # Every reader of the record is told how many victims there are, and nothing else.
        assert policy.victim_count_for(user, nominal) == (1 if reaches else 0), user.username


def test_audit_and_history_keep_no_victim_detail(victims):
    w = victims
    events = AuditEvent.objects.filter(nominal=w.case, object_type="victim")
    assert events.exists()
    for event in events:
        text = f"{event.object_label} {event.changes} {event.details}"
        assert NAME not in text and "Wren" not in text
    nominal = policy.get_nominal(w.police, w.case.pk)
    for event in policy.history_for(w.police, nominal):
        assert NAME not in f"{event.object_label} {event.changes}"
    # Police may read victim-handled items, but not these victims: their changes are not in police's history.
    assert not policy.history_for(w.police, nominal).filter(object_type__in=policy.VICTIM_OBJECTS).exists()
    assert policy.history_for(w.om, policy.get_nominal(w.om, w.case.pk)).filter(object_type="victim").exists()


def test_only_those_who_see_victims_may_record_them(victims):
    w = victims
    for user in (w.police, w.colleague, w.housing, w.coordinator):
        with pytest.raises(PermissionDenied):
            services.add_victim(actor=user, nominal=w.case, data={"kind": "past", "name": "Someone"})
    assert Victim.objects.count() == 1


@pytest.mark.parametrize("data, field", [
    ({"kind": "past", "name": ""}, "name"),
    ({"kind": "potential"}, "description"),
    ({"kind": "nonsense", "name": "A"}, "kind"),
    ({"kind": "past", "name": "A", "scheme_response": "opted_in"}, "scheme_offered_on"),
    ({"kind": "past", "name": "A", "date_of_birth": datetime.date(2099, 1, 1)}, "date_of_birth"),
    ({"kind": "past", "name": "A", "email": "not an address"}, "email"),
    ({"kind": "past", "name": "A", "colour": "red"}, "colour"),
])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(victims, data, field):
    with pytest.raises(ValidationError) as refused:
        services.add_victim(actor=victims.vlo, nominal=victims.case, data=data)
    assert field in refused.value.message_dict
    assert Victim.objects.count() == 1


def test_a_conviction_of_another_person_is_refused(victims):
    w = victims
    elsewhere = policy.get_nominal(w.other_office, w.elsewhere.pk)
    with pytest.raises(ValidationError) as refused:
        services.add_victim(actor=w.other_office, nominal=elsewhere, data={"kind": "past", "name": "A",
                                                                           "conviction": w.conviction})
    assert "conviction" in refused.value.message_dict


def test_change_is_versioned_and_audited_without_values(victims):
    w = victims
    victim = policy.get_victim(w.vlo, w.past.pk, policy.WRITE)
    services.change_victim(actor=w.vlo, victim=victim, data={"address": "Moved away"}, version=victim.version)
    event = AuditEvent.objects.filter(object_type="victim", action="update").first()
    assert event.details["fields"] == ["address"] and "Moved" not in str(event.changes)


def test_contact_log_and_condition_requests(victims):
    w = victims
    services.add_contact(actor=w.vlo, victim=w.past, data={
        "occurred_on": datetime.date(2025, 4, 1), "method": "visit", "summary": "Visited at home",
        "views": "Afraid he will come to her street"})
    with pytest.raises(ValidationError) as refused:
        services.add_contact(actor=w.vlo, victim=w.past, data={"occurred_on": None, "method": "visit", "summary": ""})
    assert set(refused.value.message_dict) == {"occurred_on", "summary"}
    services.add_request(actor=w.vlo, victim=w.past, data={
        "requested_on": datetime.date(2025, 4, 1), "kind": "exclusion_zone", "details": "Keep him out of Hallam Cross"})
    with pytest.raises(ValidationError) as refused:
        services.add_request(actor=w.vlo, victim=w.past, data={
            "requested_on": datetime.date(2025, 4, 1), "kind": "no_contact", "details": "x", "outcome": "refused"})
    assert "outcome_reason" in refused.value.message_dict
    victim = policy.get_victim(w.vlo, w.past.pk)
    assert len(policy.victim_contacts_for(w.vlo, victim)) == 1
    assert len(policy.victim_requests_for(w.vlo, victim)) == 1
    police_view = policy.get_nominal(w.police, w.case.pk)
    victim.nominal = police_view
    assert list(policy.victim_contacts_for(w.police, victim)) == []


def test_eligibility_from_the_conviction_and_sentence(victims):
    """DVCVA 2004 s.35: a violent offence and 24 months' custody: within the statutory scheme."""
    w = victims
    result = services.eligibility(w.vlo, policy.get_victim(w.vlo, w.past.pk))
    assert result.eligible and "Domestic Violence, Crime and Victims Act 2004" in result.source


def test_access_log_shows_who_read_victims(victims):
    w = victims
    from mappa.nominals.services import record_view

    victim = policy.get_victim(w.om, w.past.pk)
    record_view(w.om, victim.nominal, victim, what="victim")
    nominal = policy.get_nominal(w.vlo, w.case.pk)
    assert [e.actor for e in policy.victim_access_log_for(w.vlo, nominal)] == [w.om]
    assert not policy.victim_access_log_for(w.police, policy.get_nominal(w.police, w.case.pk)).exists()


def test_victim_name_does_not_find_the_offender(victims, login):
    w = victims
    for user, _ in readers(w):
        if not user.is_active or user.role == "admin":
            continue
        response = login(user).get("/people/", {"q": NAME})
        assert "Jonah" not in response.content.decode(), user.username


def test_the_case_export_holds_no_victim(victims):
    """The case JSON export lists the register's item kinds; victims are not one of them."""
    from mappa.nominals.export import record_document

    assert all(kind.model is not Victim for kind in KINDS.values())
    for user, _ in readers(victims):
        if policy.nominals_for(user, policy.EXPORT).filter(pk=victims.case.pk).exists():
            document = str(record_document(user, policy.get_nominal(user, victims.case.pk, policy.EXPORT)))
            assert NAME not in document and "Wren" not in document, user.username


def test_an_administrator_makes_a_user_a_victim_liaison_officer(world):
    from mappa.accounts import admin_services

    user = world.colleague
    data = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "role": user.role,
            "team": user.team_id, "job_title": "", "victim_liaison": True}
    admin_services.update_user(actor=world.admin, user=user, data=data)
    user.refresh_from_db()
    assert user.victim_liaison
    assert AuditEvent.objects.filter(action="admin", changes__has_key="victim_liaison").exists()


def test_a_sentence_before_the_scheme_began_is_said_to_be_so(victims):
    """DVCVA 2004 Chapter 2 of Part 3 came into force on 1 July 2005: a sentence passed before then is judged by no
    statutory scheme, and the page says so rather than failing."""
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS

    w = victims
    old = orders.create_record(actor=w.om, nominal=w.case, kind=ORDER_KINDS["convictions"], data={
        "kind": "conviction", "offence": "Rape", "convicted_on": datetime.date(2005, 1, 10), "sexual": True})
    orders.create_record(actor=w.om, nominal=w.case, kind=ORDER_KINDS["sentences"], data={
        "conviction": old, "kind": "custody", "sentenced_on": datetime.date(2005, 2, 1), "length_months": 96})
    victim = services.add_victim(actor=w.vlo, nominal=w.case, data={"kind": "past", "name": "B", "conviction": old})
    result = services.eligibility(w.vlo, policy.get_victim(w.vlo, victim.pk))
    assert not result.eligible and "before the statutory scheme began" in result.reasons[0]


def test_a_liaison_officer_who_only_reads_the_record_may_not_record_victims_on_it(victims):
    """A co-ordinator reads every record in the area but changes none of them by that; being a victim liaison
    officer lets them see the victims, not record them."""
    w = victims
    w.coordinator.victim_liaison = True
    w.coordinator.save()
    nominal = policy.get_nominal(w.coordinator, w.case.pk)
    assert policy.may_see_victims(w.coordinator, nominal) is (w.coordinator.agency.kind in ("police", "probation", "victim_services"))
    assert not policy.can(w.coordinator, policy.WRITE, nominal)
    assert policy.may_record_victims(w.coordinator, nominal) is False
    with pytest.raises(PermissionDenied):
        services.add_victim(actor=w.coordinator, nominal=nominal, data={"kind": "past", "name": "Someone"})
    assert Victim.objects.count() == 1
