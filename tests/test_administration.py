"""Administration: only administrators reach it, every change is audited, and it never opens
case records."""
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.accounts import admin_services
from mappa.accounts.models import Agency, Area, Role, Team, User
from mappa.audit.models import Action, AuditEvent
from mappa.core.models import ReferenceSetting
from tests.conftest import PASSWORD

NEW_PASSWORD = "granite-lantern-orchard-47"


def sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/sign-in/", {"username": username, "password": password})


def can_sign_in(username, password=PASSWORD) -> bool:
    """Through the real sign-in page (Client.login skips the request django-axes needs)."""
    client = Client()
    return sign_in(client, username, password).status_code == 302 and client.get("/accounts/").status_code == 200


def admin_urls(world):
    return [
        "/administration/", "/administration/users/", "/administration/users/new/",
        f"/administration/users/{world.om.pk}/", f"/administration/users/{world.om.pk}/password/",
        "/administration/agencies/", "/administration/agencies/new/",
        f"/administration/agencies/{world.om.agency_id}/",
        "/administration/teams/", "/administration/teams/new/", f"/administration/teams/{world.om.team_id}/",
        "/administration/areas/", "/administration/areas/new/",
        "/administration/reference-data/", "/administration/audit/",
    ]


def action_urls(world):
    return [f"/administration/users/{world.om.pk}/{a}/" for a in ("active", "unlock", "reset-authenticator")]


def admin_rows():
    return AuditEvent.objects.filter(action=Action.ADMIN)


def new_user_data(world, **overrides):
    data = {
        "username": "newpractitioner", "first_name": "Nia", "last_name": "Okafor", "email": "nia@example.org",
        "job_title": "Probation officer", "role": "practitioner", "team": world.teams["probation"].pk,
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def no_password_in_audit(*passwords):
    for event in AuditEvent.objects.all():
        text = f"{event.changes} {event.details} {event.object_label}"
        for password in passwords:
            assert password not in text
        assert "pbkdf2" not in text and "argon2" not in text and "md5$" not in text


# Who may reach it ---------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["om", "coordinator", "probation_sup", "police_sup", "officer", "housing"])
def test_administration_is_404_for_everyone_but_administrators(world, login, persona):
    client = login(getattr(world, persona))
    for url in admin_urls(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    for url in action_urls(world):
        assert client.post(url, {"active": "0"}).status_code == 404, url
    assert not admin_rows().exists()
    world.om.refresh_from_db()
    assert world.om.is_active


def test_administration_needs_sign_in(world, client):
    for url in admin_urls(world) + action_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/"), url


def test_every_administration_page_works_for_the_administrator(world, login):
    client = login(world.admin)
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "OFFICIAL" in page and " style=" not in page, url
        assert all("nonce=" in tag for tag in re.findall(r"<script[^>]*>", page)), url


def test_services_refuse_anyone_but_an_administrator(world):
    for persona in (world.om, world.coordinator, world.probation_sup):
        with pytest.raises(PermissionDenied):
            admin_services.create_user(actor=persona, data=new_user_data(world))
        with pytest.raises(PermissionDenied):
            admin_services.set_user_active(actor=persona, user=world.colleague, active=False)
        with pytest.raises(PermissionDenied):
            admin_services.create_area(actor=persona, data={"code": "x", "name": "X"})
    assert not User.objects.filter(username="newpractitioner").exists()


def test_administration_is_in_the_navigation_only_for_administrators(world, login):
    assert 'href="/administration/"' in login(world.admin).get("/").content.decode()
    assert 'href="/administration/"' not in login(world.om).get("/").content.decode()


def test_admin_home_links_to_the_pages(world, login):
    page = login(world.admin).get("/").content.decode()
    for url in ("/administration/users/", "/administration/agencies/", "/administration/teams/"):
        assert url in page


def test_administrator_still_sees_no_case(world, login):
    client = login(world.admin)
    for case in (world.case, world.elsewhere, world.south_case, world.unallocated):
        assert client.get(f"/people/{case.pk}/").status_code == 404
    assert client.get("/administration/audit/").status_code == 200
    page = client.get("/administration/audit/").content.decode()
    assert "Jonah" not in page and "Davis" not in page


# Users --------------------------------------------------------------------------------------

def test_admin_creates_a_user_who_can_sign_in(world, login):
    client = login(world.admin)
    response = client.post("/administration/users/new/", new_user_data(world))
    user = User.objects.get(username="newpractitioner")
    assert response.status_code == 302 and response["Location"] == f"/administration/users/{user.pk}/"
    assert user.team == world.teams["probation"] and user.agency == world.agencies["probation"]
    assert user.role == Role.PRACTITIONER and user.job_title == "Probation officer" and user.is_active
    assert "User newpractitioner created" in client.get(response["Location"]).content.decode()
    assert can_sign_in("newpractitioner", NEW_PASSWORD)
    event = admin_rows().get(object_type="user", object_id=str(user.pk))
    assert event.actor == world.admin and event.changes["username"] == [None, "newpractitioner"]
    assert event.changes["team"][1] == str(world.teams["probation"])
    assert "password" not in event.changes
    no_password_in_audit(NEW_PASSWORD)


def test_new_user_can_reach_their_team_case(world, login):
    login(world.admin).post("/administration/users/new/", new_user_data(world))
    client = Client()
    sign_in(client, "newpractitioner", NEW_PASSWORD)
    assert client.get(f"/people/{world.unallocated.pk}/").status_code == 200
    assert client.get(f"/people/{world.south_case.pk}/").status_code == 404


def test_taken_username_is_refused_plainly(world, login):
    response = login(world.admin).post("/administration/users/new/", new_user_data(world, username="OM"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "That username is taken" in page and "govuk-error-summary" in page
    assert not admin_rows().exists()


def test_weak_password_is_refused_plainly(world, login):
    response = login(world.admin).post("/administration/users/new/", new_user_data(world, password="password"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["password"] and "too short" in " ".join(form.errors["password"]).lower()
    assert not User.objects.filter(username="newpractitioner").exists()


def test_team_is_needed_unless_administrator(world, login):
    client = login(world.admin)
    response = client.post("/administration/users/new/", new_user_data(world, team=""))
    assert "Choose the user&#x27;s team" in response.content.decode()
    assert not User.objects.filter(username="newpractitioner").exists()
    response = client.post("/administration/users/new/", new_user_data(world, team="", role="admin", username="admin2"))
    assert response.status_code == 302
    admin2 = User.objects.get(username="admin2")
    assert admin2.agency is None and admin2.is_staff


def test_missing_fields_have_plain_messages(world, login):
    response = login(world.admin).post("/administration/users/new/", {})
    errors = response.context["form"].errors
    assert errors["username"] == ["Enter the username"]
    assert errors["first_name"] == ["Enter the first name"]
    assert errors["role"] == ["Choose the user's role"]
    assert errors["password"] == ["Enter a password for the user"]


def test_admin_changes_a_users_role_and_team(world, login):
    client = login(world.admin)
    response = client.post(f"/administration/users/{world.colleague.pk}/", {
        "first_name": "Colleague", "last_name": "Tester", "email": "c@example.org", "job_title": "Senior officer",
        "role": "supervisor", "team": world.teams["police"].pk,
    })
    assert response.status_code == 302
    world.colleague.refresh_from_db()
    assert world.colleague.role == Role.SUPERVISOR and world.colleague.agency == world.agencies["police"]
    event = admin_rows().get(object_id=str(world.colleague.pk))
    assert event.changes["role"] == ["practitioner", "supervisor"]
    assert event.changes["agency"] == [str(world.agencies["probation"]), str(world.agencies["police"])]


def test_admin_cannot_remove_their_own_admin_role(world, login):
    client = login(world.admin)
    response = client.post(f"/administration/users/{world.admin.pk}/", {
        "first_name": "Admin", "last_name": "Tester", "role": "practitioner", "team": world.teams["probation"].pk,
    })
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.role == Role.ADMIN


def test_deactivated_user_cannot_sign_in_and_reaches_nothing(world, login):
    from mappa.accounts import services as account_services

    token = account_services.create_token(actor=world.om, name="script", days=1)
    om_client = Client()
    sign_in(om_client, "om")
    assert om_client.get(f"/people/{world.case.pk}/").status_code == 200
    admin = login(world.admin)
    response = admin.post(f"/administration/users/{world.om.pk}/active/", {"active": "0"}, follow=True)
    assert "can no longer sign in" in response.content.decode()
    world.om.refresh_from_db()
    assert not world.om.is_active
    # Signed out of the session they had, and cannot sign in again.
    assert om_client.get(f"/people/{world.case.pk}/").status_code == 302
    assert not can_sign_in("om", PASSWORD)
    response = sign_in(Client(), "om")
    assert response.status_code == 200 and "Your username or password is wrong" in response.content.decode()
    assert Client().get(f"/api/v1/nominals/{world.case.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    event = admin_rows().get(object_id=str(world.om.pk))
    assert event.changes == {"is_active": [True, False]}
    admin.post(f"/administration/users/{world.om.pk}/active/", {"active": "1"})
    assert can_sign_in("om", PASSWORD)
    assert admin_rows().filter(object_id=str(world.om.pk)).count() == 2


def test_admin_cannot_deactivate_themselves(world, login):
    response = login(world.admin).post(f"/administration/users/{world.admin.pk}/active/", {"active": "0"}, follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active
    assert not admin_rows().exists()


def test_unlock_clears_a_lock_out(world, login):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "om", "wrong-password")
    assert sign_in(Client(), "om").status_code == 429
    admin = login(world.admin)
    assert "Locked out" in admin.get("/administration/users/").content.decode()
    assert "Locked out" in admin.get(f"/administration/users/{world.om.pk}/").content.decode()
    response = admin.post(f"/administration/users/{world.om.pk}/unlock/", follow=True)
    assert "is unlocked" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="om").exists()
    assert sign_in(Client(), "om").status_code == 302
    assert admin_rows().filter(object_id=str(world.om.pk), object_label__contains="unlocked").exists()


def test_reset_authenticator_removes_devices(world, login):
    TOTPDevice.objects.create(user=world.police, name="app", confirmed=True)
    TOTPDevice.objects.create(user=world.police, name="pending", confirmed=False)
    admin = login(world.admin)
    assert "Reset authenticator app" in admin.get(f"/administration/users/{world.police.pk}/").content.decode()
    response = admin.post(f"/administration/users/{world.police.pk}/reset-authenticator/", follow=True)
    assert "authenticator app for police is removed" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.police).exists()
    client = Client()
    sign_in(client, "police")
    assert client.get("/").status_code == 200  # no authenticator, agency does not require one
    event = admin_rows().get(object_id=str(world.police.pk))
    assert event.changes == {"second_factor": [True, False]}


def test_set_password(world, login):
    admin = login(world.admin)
    weak = admin.post(f"/administration/users/{world.om.pk}/password/", {"password": "om"})
    assert weak.status_code == 200 and weak.context["form"].errors["password"]
    response = admin.post(f"/administration/users/{world.om.pk}/password/", {"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert can_sign_in("om", NEW_PASSWORD)
    assert not can_sign_in("om", PASSWORD)
    no_password_in_audit(NEW_PASSWORD)
    assert admin_rows().filter(object_id=str(world.om.pk), object_label__startswith="Password set").count() == 1


def test_user_list_filters_and_paginates(world, login):
    admin = login(world.admin)
    for n in range(30):
        User.objects.create_user(f"bulk{n:02d}", password=PASSWORD, team=world.teams["housing"],
                                 agency=world.agencies["housing"], last_name="Bulk")
    first = admin.get("/administration/users/")
    assert len(first.context["page"].object_list) == 25 and first.context["page"].paginator.count == User.objects.count()
    found = admin.get("/administration/users/", {"q": "coordinator"}).context["page"].object_list
    assert [u.username for u in found] == ["coordinator"]
    police = admin.get("/administration/users/", {"agency": world.agencies["police"].pk}).context["page"]
    assert {u.username for u in police.object_list} == {"police", "policesup", "officer", "coordinator"}
    admins = admin.get("/administration/users/", {"role": "admin"}).context["page"].object_list
    assert [u.username for u in admins] == ["admin"]
    admin_services.set_user_active(actor=world.admin, user=world.health, active=False)
    inactive = admin.get("/administration/users/", {"active": "no"}).context["page"].object_list
    assert [u.username for u in inactive] == ["health"]
    TOTPDevice.objects.create(user=world.police, name="app", confirmed=True)
    rows = {u.username: u for u in admin.get("/administration/users/", {"q": "police"}).context["page"].object_list}
    assert rows["police"].has_authenticator and not rows["policesup"].has_authenticator


# Agencies, teams, areas ---------------------------------------------------------------------

def test_requiring_authenticator_codes_for_an_agency(world, login):
    admin = login(world.admin)
    agency = world.agencies["probation"]
    page = admin.get(f"/administration/agencies/{agency.pk}/").content.decode()
    assert "Everyone in this agency must use an authenticator app to sign in" in page
    response = admin.post(f"/administration/agencies/{agency.pk}/", {
        "code": agency.code, "name": agency.name, "kind": agency.kind, "require_second_factor": "on",
    })
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.require_second_factor
    event = admin_rows().get(object_type="agency")
    assert event.changes == {"require_second_factor": [False, True]}

    client = Client()
    sign_in(client, "om")
    response = client.get(f"/people/{world.case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/")
    assert "Set up your authenticator app" in client.get("/accounts/second-factor/").content.decode()
    device = TOTPDevice.objects.get(user=world.om)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/accounts/second-factor/", {"code": code}).status_code == 302
    assert client.get(f"/people/{world.case.pk}/").status_code == 200

    other = Client()  # another agency's users still sign in with a password alone
    sign_in(other, "police")
    assert other.get("/").status_code == 200


def test_create_agency_with_plain_errors(world, login):
    admin = login(world.admin)
    taken = admin.post("/administration/agencies/new/", {"code": "police", "name": "Northshire police", "kind": "police"})
    errors = taken.context["form"].errors
    assert errors["code"] == ["That code is taken"] and errors["name"] == ["An agency with that name already exists"]
    empty = admin.post("/administration/agencies/new/", {"code": "", "name": "", "kind": ""})
    assert empty.context["form"].errors["kind"] == ["Choose the kind of agency"]
    response = admin.post("/administration/agencies/new/", {"code": "east-health", "name": "East health trust", "kind": "health"})
    assert response.status_code == 302
    agency = Agency.objects.get(code="east-health")
    assert not agency.require_second_factor
    assert admin_rows().filter(object_type="agency", object_id=str(agency.pk)).exists()
    assert "East health trust" in admin.get("/administration/agencies/").content.decode()


def test_teams_and_areas(world, login):
    admin = login(world.admin)
    response = admin.post("/administration/areas/new/", {"code": "east", "name": "Eastshire"})
    assert response.status_code == 302
    east = Area.objects.get(code="east")
    taken = admin.post("/administration/areas/new/", {"code": "EAST", "name": "Eastshire"})
    assert taken.context["form"].errors["code"] == ["That code is taken"]

    police = world.agencies["police"]
    response = admin.post("/administration/teams/new/", {"agency": police.pk, "area": east.pk, "name": "East division"})
    assert response.status_code == 302
    team = Team.objects.get(name="East division")
    assert team.area == east
    duplicate = admin.post("/administration/teams/new/", {"agency": police.pk, "area": east.pk, "name": "east division"})
    assert duplicate.context["form"].errors["name"] == ["This agency already has a team with that name"]
    # The same name in another agency is fine.
    probation = world.agencies["probation"]
    assert admin.post("/administration/teams/new/", {"agency": probation.pk, "area": east.pk, "name": "East division"}).status_code == 302

    response = admin.post(f"/administration/teams/{team.pk}/", {"agency": police.pk, "area": world.north.pk, "name": "North-east division"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "North-east division" and team.area == world.north
    event = admin_rows().filter(object_type="team", object_id=str(team.pk)).first()
    assert event.changes["name"] == ["East division", "North-east division"]
    assert event.changes["area"] == ["Eastshire", "Northshire"]
    assert "North-east division" in admin.get("/administration/teams/").content.decode()
    assert "Eastshire" in admin.get("/administration/areas/").content.decode()


def test_team_with_members_cannot_change_agency(world, login):
    team = world.teams["probation"]
    response = login(world.admin).post(f"/administration/teams/{team.pk}/", {
        "agency": world.agencies["police"].pk, "area": team.area_id, "name": team.name,
    })
    assert response.status_code == 200
    assert "You cannot move a team with members or records to another agency" in response.content.decode()


def test_new_team_users_join_its_agency(world):
    area = admin_services.create_area(actor=world.admin, data={"code": "west", "name": "Westshire"})
    team = admin_services.create_team(actor=world.admin, data={"agency": world.agencies["housing"], "area": area, "name": "West housing"})
    user = admin_services.create_user(actor=world.admin, data={
        "username": "westhousing", "first_name": "Wes", "last_name": "Tern", "role": "partner_readonly",
        "team": team, "password": NEW_PASSWORD,
    })
    assert user.agency == world.agencies["housing"]
    with pytest.raises(ValidationError) as exc:
        admin_services.create_user(actor=world.admin, data={"username": "westhousing", "password": "x"})
    assert exc.value.message_dict["username"] == ["That username is taken"]


# Reference data and the log -----------------------------------------------------------------

def test_reference_data_is_shown_read_only(world, login):
    import datetime

    ReferenceSetting.objects.create(key="test.days", value=7, effective_from=datetime.date(2001, 1, 1),
                                    source="Test guidance, para 1", description="Old value")
    ReferenceSetting.objects.create(key="test.days", value=14, effective_from=datetime.date(2010, 1, 1),
                                    source="Test guidance, para 2", description="Current value")
    admin = login(world.admin)
    page = admin.get("/administration/reference-data/").content.decode()
    assert "test.days" in page and "Test guidance, para 2" in page and "In force" in page and "Replaced" in page
    before = ReferenceSetting.objects.count()
    assert admin.post("/administration/reference-data/", {"key": "x"}).status_code in (200, 405)
    assert ReferenceSetting.objects.count() == before


def test_audit_log_shows_admin_events_and_sign_ins_not_case_events(world, login):
    sign_in(Client(), "police")
    sign_in(Client(), "nobody-such", "wrong-password")
    admin_services.set_user_active(actor=world.admin, user=world.health, active=False)
    admin = login(world.admin)
    response = admin.get("/administration/audit/")
    events = list(response.context["page"].object_list)
    assert {e.action for e in events} <= {Action.ADMIN, Action.SIGN_IN, Action.SIGN_IN_FAILED}
    assert {Action.ADMIN, Action.SIGN_IN, Action.SIGN_IN_FAILED} <= {e.action for e in events}
    assert all(e.nominal_id is None for e in events)
    page = response.content.decode()
    assert "deactivated" in page and "nobody-such" in page
    filtered = admin.get("/administration/audit/", {"q": "nobody"}).context["page"].object_list
    assert [e.action for e in filtered] == [Action.SIGN_IN_FAILED]
    police_only = admin.get("/administration/audit/", {"q": "police"}).context["page"].object_list
    assert [e.action for e in police_only] == [Action.SIGN_IN]


def test_every_change_is_audited_without_passwords(world, login):
    admin = login(world.admin)
    admin.post("/administration/users/new/", new_user_data(world))
    user = User.objects.get(username="newpractitioner")
    admin.post(f"/administration/users/{user.pk}/password/", {"password": "another-strong-passphrase-1"})
    admin.post(f"/administration/users/{user.pk}/active/", {"active": "0"})
    admin.post(f"/administration/users/{user.pk}/unlock/")
    admin.post(f"/administration/users/{user.pk}/reset-authenticator/")
    admin.post("/administration/areas/new/", {"code": "east", "name": "Eastshire"})
    admin.post("/administration/agencies/new/", {"code": "east-health", "name": "East health trust", "kind": "health"})
    assert admin_rows().filter(actor=world.admin).count() == 7
    no_password_in_audit(NEW_PASSWORD, "another-strong-passphrase-1")
