"""The access policy as a matrix: each persona against the case, for every way of reaching it."""
import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.nominals import services
from mappa.nominals.models import Activity, Partner, Relationship

PERSONAS = ["om", "colleague", "probation_sup", "other_office", "police", "police_sup", "children", "housing",
            "health", "coordinator", "officer", "admin", "south", "south_coordinator"]
READERS = {"om", "colleague", "probation_sup", "police", "children", "housing", "coordinator"}
WRITERS = {"om", "colleague", "probation_sup", "police", "children"}
# Who sees each restricted item on the case (among those who reach the case at all).
SEES = {
    "victim": {"om", "colleague", "probation_sup", "police", "coordinator"},
    "intel": {"police", "coordinator"},
    "health_note": {"om", "colleague", "probation_sup"},
}
ITEM_TEXT = {"victim": "Alice Victim", "intel": "Seen near a school", "health_note": "Mental health assessment booked"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_record_level_rules(world, persona):
    user = getattr(world, persona)
    assert policy.can(user, policy.READ, world.case) == (persona in READERS)
    assert policy.can(user, policy.WRITE, world.case) == (persona in WRITERS)
    assert policy.can(user, policy.EXPORT, world.case) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_record_read_through_get_nominal_answers_can_as_the_query_does(world, persona):
    """get_nominal reads on which grounds the user reaches the record; can() then answers from it, and
    must agree with the query form of the same rule for every record, action and reader (the emergency
    officer with and without access)."""
    from mappa.access.services import grant_emergency_access

    user = getattr(world, persona)
    if persona == "officer":
        grant_emergency_access(actor=user, identifier="2009/0012345A", reason="Called to the address tonight")
    for record in (world.case, world.elsewhere, world.south_case, world.unallocated):
        if not policy.nominals_for(user).filter(pk=record.pk).exists():
            continue
        read = policy.get_nominal(user, record.pk)
        for action in policy.ACTIONS:
            expected = policy.nominals_for(user, action).filter(pk=record.pk).exists()
            assert policy.can(user, action, read) == expected, (persona, record, action)
            assert policy.can(user, action, record) == expected  # a record read otherwise asks the database


def test_a_users_scope_follows_their_team_role_and_partnerships(world):
    """nominals_for keeps each user's scope built once; a move, a new role or a new partnership must
    still change what they reach at once."""
    from mappa.accounts.models import Role
    from mappa.nominals import services

    user = world.other_office
    reach = lambda: set(policy.nominals_for(user).values_list("pk", flat=True))  # noqa: E731
    assert world.unallocated.pk not in reach() and world.elsewhere.pk in reach()
    user.team = world.om.team
    user.save()
    assert world.unallocated.pk in reach()  # held by the probation team they joined
    user.role = Role.PARTNER_READONLY
    user.save()
    assert world.unallocated.pk not in reach()  # a read-only partner reaches only what they partner on
    services.add_partner(actor=world.om, nominal=world.case, user=user)
    assert world.case.pk in reach()


def test_anonymous_and_inactive_users_reach_nothing(world):
    assert not policy.nominals_for(AnonymousUser()).exists()
    world.om.is_active = False
    world.om.save()
    assert not policy.nominals_for(world.om).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_page(world, login, persona):
    client = login(getattr(world, persona))
    response = client.get(f"/people/{world.case.pk}/")
    if persona not in READERS:
        assert response.status_code == 404
        assert b"Jonah" not in response.content
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert "DAVIS, Jonah" in page  # the case header
    # The overview shows the latest activity; the register's items are on the personal details page and
    # the whole activity log: what the reader may see is on one of them, and nothing else is on any.
    for tab in ("details", "activities"):
        page += client.get(f"/people/{world.case.pk}/{tab}/").content.decode()
    for item, text in ITEM_TEXT.items():
        assert (text in page) == (persona in SEES[item]), f"{persona} and {item}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_page(world, login, persona):
    client = login(getattr(world, persona))
    response = client.get(f"/people/{world.case.pk}/edit/")
    expected = 200 if persona in WRITERS else 403 if persona in READERS else 404
    assert response.status_code == expected
    posted = client.post(f"/people/{world.case.pk}/edit/", {"first_name": "Changed", "last_name": "Davis", "gender": "male", "version": 1})
    world.case.refresh_from_db()
    if persona in WRITERS:
        assert posted.status_code == 302 and world.case.first_name == "Changed"
    else:
        assert posted.status_code in (403, 404) and world.case.first_name == "Jonah"


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_never_leaks(world, login, persona):
    page = login(getattr(world, persona)).get("/people/", {"q": "Jon Davies"}).content.decode()
    assert ("DAVIS, Jonah" in page) == (persona in READERS)
    # The other Davies records belong to another office and another area.
    assert bool(re.search(r"DAVIES, Jon\s*</a>", page)) == (persona in {"other_office", "coordinator"})
    assert bool(re.search(r"DAVIES, Jonah\s*</a>", page)) == (persona in {"south", "south_coordinator"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_by_identifier_never_leaks(world, login, persona):
    page = login(getattr(world, persona)).get("/people/", {"q": "2009/0012345A"}).content.decode()
    assert ("DAVIS, Jonah" in page) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_by_id(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get(f"/api/v1/nominals/{world.case.pk}/")
    assert response.status_code == (200 if persona in READERS else 404)
    response = client.get(f"/api/v1/nominals/{world.case.pk}/relationships/")
    if persona in READERS:
        names = [row["other_name"] for row in response.json()["results"]]
        assert ("Alice Victim" in names) == (persona in SEES["victim"])
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_item_by_id_hides_restricted_items(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get(f"/api/v1/nominals/{world.case.pk}/activities/{world.intel.pk}/")
    assert response.status_code == (200 if persona in SEES["intel"] else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_and_search(world, client, persona):
    client.force_login(getattr(world, persona))
    ids = {row["id"] for row in client.get("/api/v1/nominals/").json()["results"]}
    assert (world.case.pk in ids) == (persona in READERS)
    found = {row["id"] for row in client.get("/api/v1/nominals/", {"q": "jonah davis"}).json()["results"]}
    assert (world.case.pk in found) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_document_export_follows_the_policy(world, login, persona, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mappa.nominals import services
    from mappa.nominals.items import KINDS

    settings.MEDIA_ROOT = tmp_path
    document = services.create_item(actor=world.om, nominal=world.case, kind=KINDS["documents"],
                                    data={"title": "Court order", "file": SimpleUploadedFile("order.txt", b"ORDER TEXT")})
    response = login(getattr(world, persona)).get(f"/people/{world.case.pk}/documents/{document.pk}/download/")
    if persona in READERS:
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"ORDER TEXT"
    else:
        assert response.status_code == 404


def test_items_for_applies_handling_everywhere(world):
    assert not policy.items_for(world.housing, Relationship).filter(pk=world.victim.pk).exists()
    assert policy.items_for(world.police, Activity).filter(pk=world.intel.pk).exists()
    assert not policy.items_for(world.om, Activity).filter(pk=world.intel.pk).exists()
    assert not policy.items_for(world.south, Activity).filter(nominal=world.case).exists()


def test_history_does_not_leak_restricted_values(world, login):
    page = login(world.housing).get(f"/people/{world.case.pk}/history/").content.decode()
    assert "Alice Victim" not in page
    assert "Bradwell" in page
    page = login(world.om).get(f"/people/{world.case.pk}/history/").content.decode()
    assert "Alice Victim" in page


def test_read_only_partner_cannot_write_through_the_api(world, client):
    client.force_login(world.housing)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/", {"first_name": "X", "version": 1}, content_type="application/json")
    assert response.status_code == 403
    world.case.refresh_from_db()
    assert world.case.first_name == "Jonah"


def test_team_holds_unallocated_record(world, login):
    assert policy.can(world.om, policy.READ, world.unallocated)
    assert not policy.can(world.police, policy.READ, world.unallocated)
    page = login(world.om).get("/", {"show": "unallocated"}).content.decode()
    assert "SMITH, Peter" in page and "Unallocated" in page


def test_links_only_to_records_you_can_see(world, login):
    client = login(world.om)
    response = client.post(f"/people/{world.case.pk}/relationships/new/",
                           {"kind": "associate", "other_nominal": world.south_case.pk, "other_name": "", "handling": ""})
    assert response.status_code == 200
    assert "No record you can see has that number" in response.content.decode()
    assert not Relationship.objects.filter(other_nominal=world.south_case).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_record_export_follows_the_policy(world, login, persona):
    response = login(getattr(world, persona)).get(f"/people/{world.case.pk}/export/")
    if persona not in READERS:
        assert response.status_code == 404
        return
    document = response.json()
    assert document["marking"].startswith("OFFICIAL-SENSITIVE")
    assert document["person"]["last_name"] == "Davis"
    victims = [r["other_name"] for r in document["relationships"]]
    assert ("Alice Victim" in victims) == (persona in SEES["victim"])
    assert ("[VICTIM DETAILS]" in document["marking"]) == (persona in SEES["victim"])  # says what it holds
    summaries = [a["summary"] for a in document["activities"]]
    assert ("Seen near a school" in summaries) == (persona in SEES["intel"])
    assert ("[INTELLIGENCE" in document["marking"]) == (persona in SEES["intel"])
    assert AuditEvent.objects.filter(action="export", actor=getattr(world, persona), nominal=world.case).exists()


def test_emergency_access_does_not_allow_export(world, login):
    from mappa.access.services import grant_emergency_access

    grant_emergency_access(actor=world.officer, identifier="2009/0012345A", reason="Urgent call to the address tonight, need details")
    client = login(world.officer)
    assert client.get(f"/people/{world.case.pk}/").status_code == 200
    refused = client.get(f"/people/{world.case.pk}/export/")
    assert refused.status_code == 403 and "not download or export it" in refused.content.decode()


# ---- what a refusal may say: only what the reader may see ----------------------------------------

def _refusal(actor, nominal, **data):
    from django.core.exceptions import ValidationError

    from mappa.nominals import services
    from mappa.nominals.items import KINDS

    with pytest.raises(ValidationError) as refused:
        services.create_item(actor=actor, nominal=nominal, kind=KINDS["identifiers"], data=data)
    return " ".join(refused.value.message_dict["value"])


def test_a_duplicate_identifier_the_reader_may_not_see_is_refused_alike_wherever_it_is(world):
    """Whether the number is restricted on this very record, on a record in another team, or in another area,
    the refusal is worded the same and names no record; one the reader may see is named."""
    from mappa.core.models import Notification
    from mappa.nominals import services
    from mappa.nominals.items import KINDS

    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["identifiers"],
                         data={"kind": "passport", "value": "123456789", "handling": "intelligence"})
    services.create_item(actor=world.south, nominal=world.south_case, kind=KINDS["identifiers"],
                         data={"kind": "crn", "value": "X123456"})
    same_record = _refusal(world.om, world.case, kind="passport", value="123456789")
    other_team = _refusal(world.other_office, world.elsewhere, kind="pnc", value="09/12345A")
    other_area = _refusal(world.om, world.case, kind="crn", value="X123456")
    assert same_record.replace("Passport number", "X") == other_team.replace("PNC number", "X") \
        == other_area.replace("Probation case reference", "X")
    for message in (same_record, other_team, other_area):
        assert "another record" not in message and "Davis" not in message and "Davies" not in message
        assert "area" not in message.replace("co-ordinator", "")
    # A number the reader may see is named, with where it is.
    assert "already recorded for this person" in _refusal(world.om, world.case, kind="pnc", value="2009/0012345A")
    assert "DAVIS" in _refusal(world.om, world.unallocated, kind="pnc", value="2009/0012345A").upper()
    # Each refusal is kept on the audit log, and the people answerable for the number are told who tried.
    assert AuditEvent.objects.filter(action="refused", actor=world.om, details__field="value").count() == 2
    told = Notification.objects.filter(kind="duplicate_identifier")
    assert told.filter(recipient=world.south).exists() and told.filter(recipient=world.om).exists()  # the managers
    assert told.filter(recipient=world.coordinator, message__contains="123456789").exists()  # who may see it
    assert not told.filter(recipient=world.om, message__contains="123456789").exists()  # om may not see that one


# ---- who may change an item's handling --------------------------------------------------------------

def test_a_writer_may_not_lower_a_restriction_another_agency_set(world, client):
    client.force_login(world.police)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/relationships/{world.victim.pk}/",
                            {"handling": "", "version": world.victim.version}, content_type="application/json")
    assert response.status_code == 400
    assert "Northshire probation" in response.json()["errors"]["handling"][0]
    world.victim.refresh_from_db()
    assert world.victim.handling == "victim"
    assert not policy.items_for(world.children, Relationship).filter(pk=world.victim.pk).exists()
    # Switching the category is lowering too: more agencies would see it.
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/relationships/{world.victim.pk}/",
                            {"handling": "intelligence", "version": world.victim.version}, content_type="application/json")
    assert response.status_code == 400


def test_the_agency_that_set_a_restriction_may_lower_it_and_history_shows_it(world, login):
    from mappa.nominals import services

    services.update_item(actor=world.probation_sup, item=world.victim, data={"handling": ""}, version=world.victim.version)
    page = login(world.children).get(f"/people/{world.case.pk}/history/").content.decode()
    assert "Alice Victim" in page and "Victim details" in page  # the change: old and new handling


def test_a_partner_may_not_hide_an_item_behind_a_category_their_agency_may_not_see(world, login):
    from django.core.exceptions import ValidationError

    from mappa.nominals import services

    with pytest.raises(ValidationError) as refused:
        services.update_item(actor=world.children, item=world.note, data={"handling": "health"}, version=world.note.version)
    assert "health" in refused.value.message_dict["handling"][0].lower()
    world.note.refresh_from_db()
    assert world.note.handling == "" and policy.items_for(world.police, Activity).filter(pk=world.note.pk).exists()


def test_raising_a_restriction_is_allowed_audited_and_set_by_the_raising_agency(world, login):
    from django.core.exceptions import ValidationError

    from mappa.nominals import services

    services.update_item(actor=world.police, item=world.note, data={"handling": "intelligence"}, version=world.note.version)
    world.note.refresh_from_db()
    assert world.note.handling == "intelligence"
    assert not policy.items_for(world.children, Activity).filter(pk=world.note.pk).exists()
    change = AuditEvent.objects.filter(object_type="activity", object_id=str(world.note.pk), action="update").get()
    assert change.changes["handling"] == ["", "intelligence"]
    history = login(world.police).get(f"/people/{world.case.pk}/history/").content.decode()
    assert "Intelligence with handling conditions" in history
    # Probation recorded the entry, but the police set the restriction: only they may lift it.
    with pytest.raises(ValidationError):
        services.update_item(actor=world.om, item=world.note, data={"handling": ""}, version=world.note.version)
    # Anyone in the agency that set it may (here a police supervisor brought in as a partner).
    services.add_partner(actor=world.om, nominal=world.case, user=world.police_sup)
    services.update_item(actor=world.police_sup, item=world.note, data={"handling": ""}, version=world.note.version)
    world.note.refresh_from_db()
    assert world.note.handling == ""


def test_every_part_applies_the_same_handling_rule(world):
    """Licences, plans and orders let handling change too: police may not lower probation's restriction there."""
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from mappa.licences import services as licences
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS
    from mappa.plans import services as plans

    today = timezone.localdate()
    licence = licences.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": today - datetime.timedelta(days=30), "end_date": today + datetime.timedelta(days=300),
        "issued_by": "HMP Brackford", "handling": "victim"})
    plan_item = plans.add_item(actor=world.om, nominal=world.case, data={
        "heading": "victim_safety", "what": "Exclusion from the victim's street", "owner": world.om, "handling": "victim"})
    conviction = orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["convictions"], data={
        "offence": "Assault", "convicted_on": datetime.date(2020, 5, 1), "handling": "victim"})
    attempts = [
        lambda: licences.update_licence(actor=world.police, licence=licence, data={"handling": ""}, version=licence.version),
        lambda: plans.update_item(actor=world.police, item=plan_item, data={"handling": ""}, version=plan_item.version),
        lambda: orders.update_record(actor=world.police, item=conviction, data={"handling": ""}, version=conviction.version),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "Northshire probation" in refused.value.message_dict["handling"][0]
    for item in (licence, plan_item, conviction):
        item.refresh_from_db()
        assert item.handling == "victim"
    # The agency that set it may lower it.
    licences.update_licence(actor=world.om, licence=licence, data={"handling": ""}, version=licence.version)
    licence.refresh_from_db()
    assert licence.handling == ""


def test_an_event_raised_from_an_item_follows_its_raised_restriction(world):
    from mappa.nominals import services
    from mappa.nominals.models import SignificantEvent

    event = SignificantEvent.objects.get(source_type="address", source_id=str(world.address.pk))
    assert policy.items_for(world.children, SignificantEvent).filter(pk=event.pk).exists()
    services.update_item(actor=world.police, item=world.address, data={"handling": "intelligence"}, version=world.address.version)
    assert not policy.items_for(world.children, SignificantEvent).filter(pk=event.pk).exists()
    assert policy.items_for(world.police, SignificantEvent).filter(pk=event.pk).exists()


def test_an_event_that_follows_its_items_restriction_gets_a_version_and_an_audit_row(world):
    """Not a silent bulk update: the event's change is in the history, with the one who made it."""
    from mappa.audit.models import AuditEvent
    from mappa.nominals import services
    from mappa.nominals.models import SignificantEvent

    event = SignificantEvent.objects.get(source_type="address", source_id=str(world.address.pk))
    services.update_item(actor=world.police, item=world.address, data={"handling": "intelligence"}, version=world.address.version)
    followed = SignificantEvent.objects.get(pk=event.pk)
    assert followed.version == event.version + 1
    row = AuditEvent.objects.get(object_type="significantevent", object_id=str(event.pk), action="update")
    assert row.actor == world.police and row.changes == {"handling": ["", "intelligence"]}


def test_an_area_read_narrowed_to_one_person_holds_that_person_alone(world):
    # The case overview's "What needs doing" runs the work lists narrowed to the person (policy.narrowed_to); a
    # co-ordinator's area-wide reads must narrow too, or a list limited to its first rows could leave the person out.
    from mappa.nominals import services
    from mappa.nominals.models import Identifier

    other = services.create_nominal(actor=world.om, manager=world.om,
                                    data={"first_name": "Ada", "last_name": "Other", "date_of_birth": "1980-01-01"})
    area = world.coordinator.team.area_id
    assert {world.case.pk, other.pk} <= set(policy.nominals_in_area(world.coordinator, area).values_list("pk", flat=True))
    assert policy.items_in_area(world.coordinator, Identifier, area).filter(pk=world.pnc.pk).exists()
    with policy.narrowed_to(other.pk):
        assert list(policy.nominals_in_area(world.coordinator, area).values_list("pk", flat=True)) == [other.pk]
        assert not policy.items_in_area(world.coordinator, Identifier, area).filter(nominal=world.case).exists()


def test_the_kept_scope_sql_reaches_exactly_what_nominals_for_reaches_for_every_user_and_action(world):
    from mappa.nominals.models import Nominal

    services.create_nominal(actor=world.south, manager=world.south,
                            data={"first_name": "Sam", "last_name": "South", "date_of_birth": datetime.date(1980, 1, 1)})
    users = [getattr(world, name) for name in PERSONAS]
    for user in users:
        for action in policy.ACTIONS:
            expected = set(policy.nominals_for(user, action).values_list("pk", flat=True))
            for _ in range(2):  # built, then kept
                assert set(Nominal.objects.filter(pk__in=policy.reached(user, action)).values_list("pk", flat=True)) == expected
            with policy.narrowed_to(world.case.pk):
                narrowed = set(Nominal.objects.filter(pk__in=policy.reached(user, action)).values_list("pk", flat=True))
            assert narrowed == expected & {world.case.pk}


def test_items_read_through_the_kept_scope_follow_a_partnership_ending(world):
    from mappa.nominals.models import Nominal

    def reaches() -> bool:
        return Nominal.objects.filter(pk=world.case.pk, pk__in=policy.reached(world.children)).exists()

    assert reaches()  # builds and keeps the scope's SQL
    partner = Partner.objects.get(nominal=world.case, user=world.children, ended_at__isnull=True)
    services.end_partner(actor=world.om, partner=partner)
    assert not reaches()


def test_the_cases_a_user_answers_for_are_the_same_for_writing_as_for_reading(world):
    """answered_cases reads once for both: for a user who may write, the grounds only reading adds (an area, a
    transfer coming in) hold none of the cases they answer for. Checked against the read for writing itself."""
    from mappa.nominals.models import CaseTransfer, Nominal

    today = datetime.date.today()
    CaseTransfer.objects.create(nominal=world.elsewhere, from_team=world.elsewhere.team, to_team=world.om.team,
                                sent_by=world.other_office, sent_on=today, answer_due=today, reason="Moving area")
    for name in PERSONAS:
        user = getattr(world, name)
        written = set(policy.nominals_for(user, policy.WRITE).filter(policy.answered_for(user)).values_list("pk", flat=True))
        assert {n.pk for n in policy.answered_cases(user, policy.WRITE)} == written, name
        assert set(Nominal.objects.filter(pk__in=written)) <= set(policy.nominals_for(user, policy.WRITE)), name
