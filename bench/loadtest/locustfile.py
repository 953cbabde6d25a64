"""The load test's users for locust: signed-in people of four roles doing what flows.py says, with 0.5 to 2
seconds between steps. run.py starts locust with LOADTEST_PLAN (the users, their tokens and cases, made by
run.py) and LOADTEST_NOTES (a file to which every attempted write and its outcome is appended)."""
import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # locust loads this file by path
from bench.loadtest import flows  # noqa: E402

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
NOTES = open(os.environ["LOADTEST_NOTES"], "a", buffering=1)  # one line per write, appended as it happens
NEXT = {role: itertools.count() for role in flows.ROLES}


def note(outcome: dict) -> None:
    NOTES.write(json.dumps(outcome) + "\n")


class Client:
    """flows' client interface on locust's HTTP session: each request counted under its step's name."""

    def __init__(self, session, base_url: str):
        self.session, self.base_url = session, base_url

    def request(self, method, url, *, name, expect, headers=None, json=None, form=None):
        kwargs = {"name": name, "headers": headers or {}, "catch_response": True, "allow_redirects": False}
        if json is not None:
            kwargs["json"] = json
        if form is not None:
            kwargs["data"] = form
        with self.session.request(method, url, **kwargs) as response:
            status = response.status_code or 0
            if status in expect:
                response.success()
            else:
                response.failure(f"{method} answered {status}")
            try:
                return status, response.text or ""
            except Exception:  # no body: the connection failed
                return status, ""


class Person(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(*flows.THINK_SECONDS)

    def on_start(self):
        users = PLAN["users"][self.role]
        user = users[next(NEXT[self.role]) % len(users)]
        self.person = flows.Person(Client(self.client, self.host), user, random.Random(), note)
        flows.sign_in(self.person)

    @task
    def step(self):
        steps = flows.ROLES[self.role]
        self.person.rng.choices(list(steps), weights=list(steps.values()))[0](self.person)


class Practitioner(Person):
    role = "practitioner"
    weight = flows.ROLE_WEIGHTS[role]


class Supervisor(Person):
    role = "supervisor"
    weight = flows.ROLE_WEIGHTS[role]


class Coordinator(Person):
    role = "coordinator"
    weight = flows.ROLE_WEIGHTS[role]


class Police(Person):
    role = "police"
    weight = flows.ROLE_WEIGHTS[role]
