"""What one signed-in person does in the load test, written against a small client interface so that locust
(locustfile.py) and the tests (Django's test client) run the same steps.

A client has `request(method, url, *, name, expect, headers=None, json=None, form=None) -> (status, body)`:
it sends the request, reports it under `name`, counts it as failed when the status is not in `expect`,
and returns the status and the body as text (status 0 when no answer came).

Each step takes a `Person`: the plan's entry for one user (username, password, API token, the cases they
may see and the ones they manage, surnames to search for), a random generator and `note`, which the runner
uses to check afterwards that nothing acknowledged was lost."""
import datetime
import json
import random
import re
import urllib.parse
import uuid
from dataclasses import dataclass, field

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MARKER = "Load test"  # the start of every activity summary and edited value the load test writes


@dataclass
class Person:
    client: object
    user: dict
    rng: random.Random
    note: object = print  # note(outcome: dict): an attempted write and what became of it
    csrf: str = field(default="")

    def case(self) -> int:
        return self.rng.choice(self.user["cases"])

    def managed(self) -> int:
        return self.rng.choice(self.user["managed"] or self.user["cases"])

    def api(self, method, url, *, name, expect=(200,), body=None):
        headers = {"Authorization": f"Bearer {self.user['token']}", "Accept": "application/json"}
        return self.client.request(method, url, name=name, expect=expect, headers=headers, json=body)


def typo(name: str, rng: random.Random) -> str:
    """One letter dropped or two swapped, as a person types a name in a hurry (never shorter than 3)."""
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 2)
    if rng.random() < 0.5:
        return name[:i] + name[i + 1:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def sign_in(p: Person) -> bool:
    status, page = p.client.request("GET", "/accounts/sign-in/", name="sign in (form)", expect=(200,))
    found = CSRF.search(page or "")
    if not found:
        return False
    form = {"csrfmiddlewaretoken": found.group(1), "username": p.user["username"], "password": p.user["password"]}
    status, _ = p.client.request("POST", "/accounts/sign-in/", name="sign in", expect=(302,), form=form,
                                 headers={"Referer": p.client.base_url + "/accounts/sign-in/"})
    return status == 302


def home(p: Person):
    p.client.request("GET", "/", name="home page", expect=(200,))


def search(p: Person):
    surname = p.rng.choice(p.user["names"])
    text = typo(surname, p.rng) if p.rng.random() < 0.5 else surname
    p.client.request("GET", "/people/?" + urllib.parse.urlencode({"q": text}), name="search", expect=(200,))


def case_page(p: Person):
    p.client.request("GET", f"/people/{p.case()}/", name="case page", expect=(200,))


def activity_log(p: Person):
    p.client.request("GET", f"/people/{p.case()}/activities/", name="activity log page", expect=(200,))


def api_read(p: Person):
    pk = p.case()
    p.api("GET", f"/api/v1/nominals/{pk}/", name="API: person")
    p.api("GET", f"/api/v1/nominals/{pk}/activities/", name="API: activity entries")


def add_activity(p: Person):
    """A case note through the API; acknowledged when 201 comes back with the entry's id."""
    pk, marker = p.managed(), f"{MARKER} {uuid.uuid4().hex[:12]}"
    body = {"kind": "note", "occurred_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "time_known": True, "summary": marker, "details": "Written by the load test.", "handling": ""}
    status, text = p.api("POST", f"/api/v1/nominals/{pk}/activities/", name="API: add activity entry", expect=(201,), body=body)
    entry = _json(text).get("id") if status == 201 else None
    p.note({"write": "activity", "nominal": pk, "summary": marker, "status": status, "id": entry})


def edit(p: Person, pk: int | None = None) -> int | None:
    """Read a person's version and save a change based on it; returns the version the change was based on.
    Two people may edit the same record at once, so a fresh save may be refused (409) too."""
    pk = pk or p.managed()
    status, text = p.api("GET", f"/api/v1/nominals/{pk}/", name="API: person (to edit)")
    if status != 200:
        return None
    version = _json(text)["version"]
    _save(p, pk, version, stale=False)
    return version


def stale_edit(p: Person):
    """Two browser tabs on one record: a change saved in one, then a change from the other, based on the version
    read before the first was saved, which must be refused (409)."""
    pk = p.managed()
    version = edit(p, pk)
    if version is not None:
        _save(p, pk, version, stale=True)


def _save(p: Person, pk: int, version: int, *, stale: bool) -> None:
    marker = f"{MARKER} {uuid.uuid4().hex[:12]}"
    name, expect = ("API: stale edit (409 expected)", (409,)) if stale else ("API: edit", (200, 409))
    # Noted before it is sent: locust ends a stage by stopping its users, and an edit stopped after the server made
    # it but before its answer was noted would otherwise look like a version nobody asked for.
    p.note({"write": "edit sent", "nominal": pk, "marker": marker})
    status, text = p.api("PATCH", f"/api/v1/nominals/{pk}/", name=name, expect=expect,
                         body={"version": version, "diversity_needs": marker})
    saved = _json(text).get("version") if status == 200 else None
    p.note({"write": "edit", "nominal": pk, "based_on": version, "stale": stale, "status": status, "version": saved,
            "marker": marker})


def through_test_client(client, method, url, *, headers=None, json=None, form=None):
    """A step's request sent through Django's test client `client`, as locust sends it over HTTP (a JSON body, a form,
    or neither; each header as Django names it): for the tests and `BENCH_ONLY=mix`, which run the steps in-process."""
    extra = {"HTTP_" + key.upper().replace("-", "_"): value for key, value in (headers or {}).items()}
    if json is not None:
        return client.generic(method, url, _dumps(json), content_type="application/json", **extra)
    if form is not None:
        return client.post(url, form, **extra)
    return client.generic(method, url, **extra)


def _dumps(value) -> str:
    return json.dumps(value)


def _json(text) -> dict:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# What each role does, with how often (relative weights). Practitioners write; the others read.
ROLES = {
    "practitioner": {home: 3, search: 4, case_page: 6, activity_log: 2, api_read: 3, add_activity: 2, edit: 2, stale_edit: 1},
    "supervisor": {home: 3, search: 2, case_page: 5, activity_log: 2, api_read: 1},
    "coordinator": {home: 2, search: 5, case_page: 5, api_read: 2},
    "police": {home: 2, search: 5, case_page: 5, activity_log: 1, api_read: 2},
}


# How many of the load test's people are of each role (relative weights), and the seconds each waits between steps
# (at random between the two): locust's users and `BENCH_ONLY=mix`.
ROLE_WEIGHTS = {"practitioner": 6, "supervisor": 2, "coordinator": 1, "police": 2}
THINK_SECONDS = (0.5, 2)


def every_step(p: Person):
    """Each step of the person's role once (the tests use it so the flows cannot rot)."""
    for step in ROLES[p.user["role"]]:
        step(p)
