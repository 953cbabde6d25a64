"""Allocating a case through the API (POST /api/v1/nominals/<id>/allocation/): the same service, rules and audit as
the allocation page, answered in the problem-details shape when refused."""
import pytest

from mappa.accounts.models import Role
from mappa.audit.models import AuditEvent
from mappa.core import facts
from mappa.core.models import Notification
from mappa.nominals.models import Nominal
from tests.conftest import known_facts, make_user
from tests.test_api_contract import assert_problem


def url(nominal) -> str:
    return f"/api/v1/nominals/{nominal.pk}/allocation/"


def allocate(client, nominal, manager, **body):
    version = Nominal.objects.get(pk=nominal.pk).version
    return client.post(url(nominal), {"manager": manager, "version": version, **body}, content_type="application/json")


def manager_of(nominal):
    return Nominal.objects.get(pk=nominal.pk).manager


@pytest.fixture
def registered(world, monkeypatch):
    """world.case is a registered sexual offender (as the orders part would say), so its manager needs training."""
    known_facts(monkeypatch, world.case, notification_requirements=facts.Flag(True, facts.Source("Notification requirements")))
    return world


def test_a_supervisor_of_the_team_allocates_the_case_and_the_new_manager_is_told(world, client):
    client.force_login(world.probation_sup)
    version = Nominal.objects.get(pk=world.case.pk).version
    response = allocate(client, world.case, world.colleague.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["manager"] == world.colleague.display_name and body["version"] == version + 1
    assert manager_of(world.case) == world.colleague
    event = AuditEvent.objects.filter(nominal_id=world.case.pk, action="update").order_by("-pk").first()
    assert event.actor == world.probation_sup and event.channel == "api" and "manager" in event.changes
    assert Notification.objects.filter(recipient=world.colleague, nominal_id=world.case.pk, kind="allocated").exists()


def test_the_manager_may_hand_the_case_back_to_the_team(world, client):
    client.force_login(world.om)
    response = allocate(client, world.case, None)
    assert response.status_code == 200 and response.json()["manager"] is None
    assert manager_of(world.case) is None


@pytest.mark.parametrize("who", ["colleague", "police", "children", "housing", "coordinator"])
def test_those_who_see_the_case_but_may_not_allocate_it_are_refused_with_a_403(world, client, who):
    client.force_login(getattr(world, who))
    before = AuditEvent.objects.filter(action="update").count()
    body = assert_problem(allocate(client, world.case, world.colleague.pk), 403)
    assert "supervisor of the team" in body["detail"]
    assert manager_of(world.case) == world.om
    assert AuditEvent.objects.filter(action="update").count() == before


@pytest.mark.parametrize("who", ["south", "other_office"])
def test_a_case_you_may_not_see_is_a_404_and_stays_as_it_was(world, client, who):
    client.force_login(getattr(world, who))
    assert_problem(allocate(client, world.case, world.colleague.pk), 404)
    assert manager_of(world.case) == world.om
    assert_problem(client.post("/api/v1/nominals/999999/allocation/", {"manager": None, "version": 1},
                               content_type="application/json"), 404)


def test_a_manager_lacking_the_training_the_case_needs_is_refused_without_a_reason_then_allocated_with_one(
        registered, client):
    w = registered
    client.force_login(w.probation_sup)
    before = AuditEvent.objects.filter(nominal_id=w.case.pk, action="update").count()
    body = assert_problem(allocate(client, w.case, w.colleague.pk), 400)
    [message] = body["errors"]["skills_reason"]
    assert "Colleague Tester" in message and "Risk Matrix 2000" in message and "Home visiting" in message
    assert manager_of(w.case) == w.om
    assert AuditEvent.objects.filter(nominal_id=w.case.pk, action="update").count() == before

    response = allocate(client, w.case, w.colleague.pk, skills_reason=" Training booked; the senior co-works meanwhile ")
    assert response.status_code == 200 and manager_of(w.case) == w.colleague
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, action="update").order_by("-pk").first()
    assert event.actor == w.probation_sup and event.reason == "Training booked; the senior co-works meanwhile"
    assert event.details["lacking_training"] == ["Risk Matrix 2000", "Home visiting of sexual offenders"]


@pytest.mark.parametrize("manager", ["nobody", "other_team", "read_only", "inactive", 0, "seven", 10**19])
def test_a_manager_who_cannot_hold_the_case_is_a_400_naming_manager_and_changes_nothing(world, client, manager):
    people = {
        "nobody": 999999,
        "other_team": world.south.pk,
        "read_only": make_user("readonly", world.teams["probation"], Role.PARTNER_READONLY).pk,
        "inactive": make_user("gone", world.teams["probation"], is_active=False).pk,
    }
    client.force_login(world.probation_sup)
    version = Nominal.objects.get(pk=world.case.pk).version
    before = AuditEvent.objects.filter(action="update").count()
    body = assert_problem(allocate(client, world.case, people.get(manager, manager)), 400)
    assert body["type"] == "/api/problems/invalid-input" and list(body["errors"]) == ["manager"]
    case = Nominal.objects.get(pk=world.case.pk)
    assert case.manager == world.om and case.version == version
    assert AuditEvent.objects.filter(action="update").count() == before


def test_a_stale_version_is_a_409_and_changes_nothing(world, client):
    client.force_login(world.probation_sup)
    version = Nominal.objects.get(pk=world.case.pk).version
    assert allocate(client, world.case, world.colleague.pk).status_code == 200
    stale = client.post(url(world.case), {"manager": world.om.pk, "version": version}, content_type="application/json")
    assert assert_problem(stale, 409)["current_version"] == version + 1
    assert manager_of(world.case) == world.colleague


def test_the_schema_documents_the_allocation_with_its_skills_warning(world, client):
    client.force_login(world.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/nominals/{id}/allocation/"]["post"]
    assert operation["tags"] == ["nominals"] and operation["summary"].startswith("Allocate the case")
    assert "skills_reason" in operation["responses"]["400"]["description"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    example = operation["requestBody"]["content"]["application/json"]["example"]
    assert set(example) == {"manager", "version", "skills_reason"}
    assert schema["components"]["schemas"]["AllocationRequest"]["required"] == ["manager", "version"]
