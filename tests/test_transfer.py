"""Case transfer between teams and areas (inspection 2010 E-39, ¶7.21, F-042; good practice 2009-2012 §2.25): the
checklist is confirmed before sending, the sending manager stays responsible until a supervisor of the receiving
team accepts, and acceptance moves the case in one step, audited, told to both sides, with a reassessment asked for."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.audit.models import AuditEvent
from mappa.core import reference
from mappa.core.concurrency import StaleEdit
from mappa.core.models import Notification
from mappa.nominals import queries, transfer_rules, transfer_services
from mappa.nominals.models import CaseTransfer, Nominal, SignificantEvent
from tests.conftest import make_user

ALWAYS = ["risk_assessment", "plan_reviewed", "records_in_place", "victims_contact"]


@pytest.fixture
def south_sup(world):
    return make_user("southsup", world.south.team, Role.SUPERVISOR)


def send(world, **extra):
    case = Nominal.objects.get(pk=world.case.pk)
    data = {"to_team": world.south.team, "reason": "Moving to live with his sister in Southshire",
            "confirmed": ALWAYS, "version": case.version, **extra}
    return transfer_services.send_transfer(actor=world.om, nominal=case, **data)


# --- the rules, pure -------------------------------------------------------------------------------------------

CHECKLIST = [{"code": "a", "applies": "always"}, {"code": "m", "applies": "mappa_level_2_3"},
             {"code": "r", "applies": "registered"}, {"code": "l", "applies": "on_licence"}]


def test_the_checklist_asks_more_of_a_level_3_registered_case_on_licence():
    codes = lambda case: [i["code"] for i in transfer_rules.applicable_items(CHECKLIST, case)]  # noqa: E731
    assert codes(transfer_rules.CaseFacts()) == ["a"]
    assert codes(transfer_rules.CaseFacts(mappa_level=1, registered=True)) == ["a", "r"]
    assert codes(transfer_rules.CaseFacts(mappa_level=3, registered=True, on_licence=True)) == ["a", "m", "r", "l"]
    assert transfer_rules.missing_items(transfer_rules.applicable_items(CHECKLIST, transfer_rules.CaseFacts(mappa_level=2)),
                                        ["a"]) == [{"code": "m", "applies": "mappa_level_2_3"}]


@given(st.dates(min_value=datetime.date(2010, 1, 1), max_value=datetime.date(2040, 1, 1)), st.integers(1, 60))
def test_an_answer_is_overdue_only_after_its_due_day(sent, days):
    due = transfer_rules.answer_due(sent, days)
    assert not transfer_rules.is_overdue(due, due)
    assert transfer_rules.is_overdue(due, due + datetime.timedelta(days=1))
    assert (due - sent).days == days


def test_the_checklist_in_force_cites_the_inspection_and_the_answer_time_is_a_project_default(db):
    row = reference.in_force("transfer.checklist", datetime.date(2026, 1, 1))
    assert "E-39" in row.source and "¶7.21" in row.source
    assert all(item["source"] for item in row.value)
    assert "Project default" in reference.in_force("transfer.answer_days").source


def test_the_senders_checklist_has_the_four_items_every_case_needs(world):
    case = policy.get_nominal(world.om, world.case.pk)
    assert [i["code"] for i in queries.transfer_checklist(world.om, case)] == ALWAYS


# --- sending ---------------------------------------------------------------------------------------------------

def test_a_transfer_with_an_unconfirmed_item_is_refused_and_nothing_is_sent(world, south_sup):
    with pytest.raises(ValidationError) as refused:
        send(world, confirmed=ALWAYS[:3])
    assert "Confirm every item" in str(refused.value.message_dict["checklist"])
    assert not CaseTransfer.objects.exists()
    assert not Notification.objects.filter(recipient=south_sup).exists()


def test_a_transfer_needs_a_reason_and_another_team(world, south_sup):
    with pytest.raises(ValidationError) as refused:
        send(world, reason=" ", to_team=world.om.team)
    assert set(refused.value.message_dict) == {"reason", "to_team"}


def test_until_it_is_accepted_the_sending_manager_stays_responsible(world, south_sup):
    transfer = send(world)
    case = Nominal.objects.get(pk=world.case.pk)
    assert case.manager == world.om and case.team == world.om.team
    assert transfer.status == "pending" and transfer.answer_due == transfer.sent_on + datetime.timedelta(days=10)
    # The receiving supervisor is told, and may read the case to check it, but not change it.
    assert Notification.objects.filter(recipient=south_sup, kind="transfer_requested").exists()
    assert policy.can(south_sup, policy.READ, case) and not policy.can(south_sup, policy.WRITE, case)
    # Nobody else in the receiving team reaches it yet.
    assert not policy.can(world.south, policy.READ, case)
    assert AuditEvent.objects.filter(object_type="casetransfer", action="create").exists()


def test_only_one_transfer_waits_at_a_time(world, south_sup):
    send(world)
    with pytest.raises(ValidationError) as refused:
        send(world)
    assert "already has a transfer" in str(refused.value.message_dict["to_team"])


def test_a_partner_cannot_transfer_a_case(world, south_sup):
    with pytest.raises(PermissionDenied):
        transfer_services.send_transfer(actor=world.police, nominal=world.case, to_team=world.south.team,
                                        reason="x", confirmed=ALWAYS, version=world.case.version)
    assert not CaseTransfer.objects.exists()


# --- answering -------------------------------------------------------------------------------------------------

def test_accepting_moves_team_and_manager_together_and_asks_for_a_reassessment(world, south_sup):
    transfer = send(world)
    transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=world.south, version=transfer.version)
    case = Nominal.objects.get(pk=world.case.pk)
    assert case.team == world.south.team and case.manager == world.south
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "accepted"
    event = SignificantEvent.objects.get(nominal=case, kind="transfer")
    assert "review the risk assessment" in event.summary
    from mappa.risk.models import ReviewRequest
    assert ReviewRequest.objects.filter(nominal=case, event=event).exists()
    audit = AuditEvent.objects.filter(nominal_id=case.pk, object_type="nominal", action="update").latest("id")
    assert audit.details["transfer"] == transfer.pk and "team" in audit.changes
    # Both sides are told: the old manager, and the new one.
    assert Notification.objects.filter(recipient=world.om, kind="transfer_accepted").exists()
    assert Notification.objects.filter(recipient=world.south, kind="allocated").exists()
    # The new manager works the case; the old one no longer reaches it.
    assert policy.can(world.south, policy.WRITE, case)
    assert not policy.can(world.om, policy.READ, case)


def test_the_new_manager_must_be_in_the_receiving_team(world, south_sup):
    transfer = send(world)
    with pytest.raises(ValidationError) as refused:
        transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=world.colleague,
                                          version=transfer.version)
    assert "new_manager" in refused.value.message_dict
    assert Nominal.objects.get(pk=world.case.pk).manager == world.om


def test_only_a_supervisor_of_the_receiving_team_answers(world, south_sup):
    transfer = send(world)
    for who in (world.south, world.probation_sup, world.south_coordinator):
        with pytest.raises((PermissionDenied, Http404)):
            transfer_services.accept_transfer(actor=who, transfer=transfer, new_manager=world.south, version=transfer.version)
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "pending"


def test_declining_needs_a_reason_and_leaves_the_case_where_it_was(world, south_sup):
    transfer = send(world)
    with pytest.raises(ValidationError):
        transfer_services.decline_transfer(actor=south_sup, transfer=transfer, reason="", version=transfer.version)
    transfer_services.decline_transfer(actor=south_sup, transfer=transfer, reason="His sister's address is not approved",
                                       version=transfer.version)
    case = Nominal.objects.get(pk=world.case.pk)
    assert case.manager == world.om and case.team == world.om.team
    told = Notification.objects.get(recipient=world.om, kind="transfer_declined")
    assert "not approved" in told.message
    assert not policy.can(south_sup, policy.READ, case)  # the answer given, the receiving side reads no more


def test_an_answer_on_a_stale_version_is_refused(world, south_sup):
    transfer = send(world)
    with pytest.raises(StaleEdit):
        transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=world.south,
                                          version=transfer.version + 1)
    assert Nominal.objects.get(pk=world.case.pk).manager == world.om


def test_the_sender_can_withdraw_a_waiting_transfer(world, south_sup):
    transfer = send(world)
    transfer_services.withdraw_transfer(actor=world.om, transfer=transfer, version=transfer.version)
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "withdrawn"
    assert Notification.objects.filter(recipient=south_sup, kind="transfer_withdrawn").exists()
    # Withdrawn, the receiving side no longer reaches it at all.
    with pytest.raises(Http404):
        transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=world.south, version=2)


# --- the pages and the work list -----------------------------------------------------------------------------------

def test_the_case_page_offers_the_transfer_to_those_who_may_send_it(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/details/").content.decode()
    assert "Transfer this case" in page
    assert "Transfer this case" not in login(world.police).get(f"/people/{world.case.pk}/details/").content.decode()
    assert login(world.police).get(f"/people/{world.case.pk}/transfer/").status_code == 404


def test_sending_from_the_page_says_what_is_missing_and_then_sends(world, south_sup, login):
    client = login(world.om)
    url = f"/people/{world.case.pk}/transfer/"
    page = client.get(url).content.decode()
    assert "The risk assessment is up to date" in page and "Southshire office" in page
    version = Nominal.objects.get(pk=world.case.pk).version
    data = {"to_team": world.south.team.pk, "reason": "", "confirmed": ALWAYS[:1], "version": version}
    refused = client.post(url, data).content.decode()
    assert "There is a problem" in refused and "Enter why the case is moving" in refused
    assert not CaseTransfer.objects.exists()
    refused = client.post(url, {**data, "reason": "Moving area"}).content.decode()
    assert "Confirm every item of the checklist" in refused
    assert client.post(url, {**data, "reason": "Moving area", "confirmed": ALWAYS}).status_code == 302
    assert "Waiting for Southshire office" in client.get(url).content.decode()


def test_the_receiving_supervisor_answers_from_the_inbox(world, south_sup, login):
    transfer = send(world)
    client = login(south_sup)
    inbox = client.get("/people/transfers/").content.decode()
    assert "Jonah Davis" in inbox and f"/people/transfers/{transfer.pk}/" in inbox
    url = f"/people/transfers/{transfer.pk}/"
    page = client.get(url).content.decode()
    assert "Moving to live with his sister" in page and "The victim liaison officer knows" in page
    refused = client.post(url, {"answer": "decline", "decline-decline_reason": "", "decline-version": transfer.version})
    assert "Enter why your team cannot take the case" in refused.content.decode()
    accepted = client.post(url, {"answer": "accept", "accept-new_manager": world.south.pk, "accept-version": transfer.version})
    assert accepted.status_code == 302 and Nominal.objects.get(pk=world.case.pk).manager == world.south


def test_the_inbox_is_empty_for_those_who_answer_nothing(world, login):
    for who in (world.om, world.housing, world.admin, world.officer):
        response = login(who).get("/people/transfers/")
        assert response.status_code == 200 and "answered by the supervisors" in response.content.decode()


def test_a_transfer_page_of_a_case_you_cannot_reach_is_not_found(world, south_sup, login):
    transfer = send(world)
    assert login(world.south).get(f"/people/transfers/{transfer.pk}/").status_code == 404
    # The sending manager may read it, but has no answer to give.
    page = login(world.om).get(f"/people/transfers/{transfer.pk}/")
    assert page.status_code == 200 and "Accept the case" not in page.content.decode()
    assert login(world.om).post(f"/people/transfers/{transfer.pk}/", {"answer": "accept"}).status_code == 404


def test_a_waiting_transfer_is_on_the_receiving_supervisors_work_list_and_overdue_after_its_answer_day(world, south_sup):
    from mappa.core import extensions

    transfer = send(world)
    items = [i for i in extensions.work_for(south_sup, transfer.sent_on) if i.kind == "transfer"]
    assert [i.nominal_id for i in items] == [world.case.pk]
    assert not items[0].overdue_on(transfer.answer_due)
    assert items[0].overdue_on(transfer.answer_due + datetime.timedelta(days=1))
    assert not [i for i in extensions.work_for(world.south, transfer.sent_on) if i.kind == "transfer"]
    team = extensions.team_work_for(south_sup, [south_sup, world.south], transfer.sent_on)
    assert [i.whose for i in team if i.kind == "transfer"] == [south_sup.display_name]


# --- the API -------------------------------------------------------------------------------------------------------

def test_the_api_sends_and_answers_a_transfer_as_the_pages_do(world, south_sup, client):
    client.force_login(world.om)
    checklist = client.get(f"/api/v1/nominals/{world.case.pk}/transfer-checklist/").json()
    assert [i["code"] for i in checklist] == ALWAYS and all(i["source"] for i in checklist)
    url = f"/api/v1/nominals/{world.case.pk}/transfers/"
    version = Nominal.objects.get(pk=world.case.pk).version
    refused = client.post(url, {"version": version, "to_team": world.south.team.pk, "reason": "Moving",
                                "checklist": ALWAYS[:2]}, content_type="application/json")
    assert refused.status_code == 400 and "checklist" in refused.json()["errors"]
    sent = client.post(url, {"version": version, "to_team": world.south.team.pk, "reason": "Moving", "checklist": ALWAYS},
                       content_type="application/json")
    assert sent.status_code == 201 and sent.json()["status"] == "pending"
    transfer = sent.json()
    client.force_login(south_sup)
    assert [t["id"] for t in client.get("/api/v1/transfers/").json()] == [transfer["id"]]
    stale = client.post(f"/api/v1/transfers/{transfer['id']}/accept/", {"version": 99, "new_manager": world.south.pk},
                        content_type="application/json")
    assert stale.status_code == 409
    done = client.post(f"/api/v1/transfers/{transfer['id']}/accept/", {"version": transfer["version"],
                                                                      "new_manager": world.south.pk},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["new_manager"] == world.south.pk
    assert Nominal.objects.get(pk=world.case.pk).team == world.south.team


def test_the_api_refuses_an_answer_from_the_sending_side(world, south_sup, client):
    transfer = send(world)
    client.force_login(world.om)
    response = client.post(f"/api/v1/transfers/{transfer.pk}/accept/", {"version": transfer.version,
                                                                        "new_manager": world.south.pk},
                           content_type="application/json")
    assert response.status_code == 403
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "pending"
