"""The load test's steps (bench/loadtest/flows.py) run here once for each role, through Django's test client,
so that a change to a page or the API that would break `make loadtest` breaks a test first; and its check
that nothing was lost finds an acknowledged write that is not there."""
import json
import random

import pytest
from django.test import Client

from bench.loadtest import flows
from bench.loadtest.run import check_writes
from mappa.accounts import services as account_services
from mappa.nominals.models import Activity, Nominal
from tests.conftest import PASSWORD


class FlowClient:
    """flows' client interface on Django's test client, keeping every answer for the test to look at."""

    base_url = "http://testserver"

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)  # the sign-in step must send the form's token, as locust does
        self.answers = []

    def request(self, method, url, *, name, expect, headers=None, json=None, form=None):
        response = flows.through_test_client(self.client, method, url, headers=headers, json=json, form=form)
        self.answers.append((name, response.status_code, expect))
        return response.status_code, response.content.decode()


def plan_entry(user, role, world, managed=()):
    cases = [world.case.pk]
    return {"username": user.username, "password": PASSWORD, "role": role, "cases": cases, "names": ["Davis", "Smyth"],
            "token": account_services.create_token(actor=user, name="load test", days=1), "managed": list(managed)}


@pytest.fixture
def people(world):
    return {
        "practitioner": plan_entry(world.om, "practitioner", world, managed=[world.case.pk]),
        "police": plan_entry(world.police, "police", world),
        "supervisor": plan_entry(world.probation_sup, "supervisor", world),
        "coordinator": plan_entry(world.coordinator, "coordinator", world),
    }


@pytest.mark.parametrize("role", list(flows.ROLES))
def test_each_role_signs_in_and_every_step_gets_the_answer_it_expects(people, role, tmp_path):
    client, notes = FlowClient(), []
    person = flows.Person(client, people[role], random.Random(1), notes.append)
    assert flows.sign_in(person)
    flows.every_step(person)
    unexpected = [(name, status) for name, status, expect in client.answers if status not in expect]
    assert unexpected == []
    assert {name for name, _, _ in client.answers} >= {"home page", "search", "case page", "API: person"}


def test_the_writes_are_acknowledged_and_the_check_finds_them_all(people, world, tmp_path):
    before = {str(world.case.pk): Nominal.objects.get(pk=world.case.pk).version}
    client, notes = FlowClient(), []
    person = flows.Person(client, people["practitioner"], random.Random(1), notes.append)
    assert flows.sign_in(person)
    for step in (flows.add_activity, flows.edit, flows.stale_edit):
        step(person)
    answers = [n for n in notes if n["write"] != "edit sent"]
    assert [(n["write"], n["status"]) for n in answers] == [("activity", 201), ("edit", 200), ("edit", 200), ("edit", 409)]
    assert [n["write"] for n in notes].count("edit sent") == 3  # each edit noted before it was sent
    assert answers[-1]["based_on"] == answers[-2]["based_on"]  # the stale save was based on the version the first changed
    assert Nominal.objects.get(pk=world.case.pk).version == before[str(world.case.pk)] + 2

    path = tmp_path / "writes.jsonl"
    path.write_text("".join(json.dumps(n) + "\n" for n in notes))
    found = check_writes(path, before)
    assert (found["entries_acknowledged"], found["entries_lost"], found["edits_acknowledged"]) == (1, 0, 2)
    assert found["edits_refused_as_stale_on_purpose"] == 1 and found["records_with_wrong_versions"] == []


def test_the_check_reports_an_acknowledged_entry_that_is_not_stored(people, world, tmp_path):
    client, notes = FlowClient(), []
    person = flows.Person(client, people["practitioner"], random.Random(1), notes.append)
    assert flows.sign_in(person)
    flows.add_activity(person)
    path = tmp_path / "writes.jsonl"
    # An acknowledgement whose entry says something else than what was sent: as good as lost.
    Activity.objects.filter(pk=notes[0]["id"]).update(summary="Something else")
    path.write_text(json.dumps(notes[0]) + "\n")
    assert check_writes(path, {})["entries_lost"] == 1


def test_an_edit_cut_off_by_the_end_of_a_stage_is_in_doubt_not_wrong(people, world, tmp_path):
    """Locust stops its users at the end of a stage: an edit the server made whose answer was never noted is
    allowed for as in doubt, while a version nobody sent is still reported."""
    pk = world.case.pk
    before = {str(pk): Nominal.objects.get(pk=pk).version}
    client, notes = FlowClient(), []
    person = flows.Person(client, people["practitioner"], random.Random(1), notes.append)
    assert flows.sign_in(person)
    flows.edit(person, pk)
    cut_off = [n for n in notes if n["write"] == "edit sent"]  # as if the answer never came back
    path = tmp_path / "writes.jsonl"
    path.write_text("".join(json.dumps(n) + "\n" for n in cut_off))
    found = check_writes(path, before)
    assert found["records_with_wrong_versions"] == [] and found["writes_in_doubt"] == 1

    path.write_text(json.dumps({"write": "edit", "nominal": pk, "based_on": 0, "stale": True, "status": 409,
                                "version": None, "marker": "other"}) + "\n")
    assert check_writes(path, before)["records_with_wrong_versions"] != []
