"""Personas for the tests: one record, and everyone who might try to reach it.

The case is managed by a probation offender manager (om); a police officer and a children's
services worker are partners; a housing officer is a read-only partner. It carries items
restricted as victim details (recorded by probation), intelligence (by police) and health
information (by a health trust).
"""
import datetime
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import hypothesis
import pytest
from django.utils import timezone

from mappa.accounts.models import Agency, Area, Role, Team, User
from mappa.nominals import services
from mappa.nominals.items import KINDS

PASSWORD = "correct-horse-battery-9"

# Properties are checked here, not speed (the benchmarks measure that): on a shared machine running a
# test process per core, Hypothesis's timing checks fail tests whose rules are right.
hypothesis.settings.register_profile(
    "mappa", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large])
hypothesis.settings.load_profile("mappa")


ROOT = Path(__file__).resolve().parent.parent


def start_settings(code: str = "import mappa.settings", **env) -> subprocess.CompletedProcess:
    """Run `code` (by default, import mappa.settings) in a fresh interpreter with only the given mappa settings in
    its environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MAPPA_", "DJANGO_"))}
    clean.update(env, PYTHONPATH=str(ROOT), MAPPA_VAR_DIR=str(ROOT / "var"))
    return subprocess.run([sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True, timeout=60)


def spelled(number: int) -> str:
    """A number written in letters (0 -> "a", 12 -> "bc"), for telling made-up names apart: names
    may not contain digits."""
    return "".join(chr(97 + int(digit)) for digit in str(number))


def known_facts(monkeypatch, nominal, **fields) -> None:
    """From here on the facts of `nominal` (alone) include `fields`, as the parts that own them would say (a
    registered sex offender's notification requirements, a RoSH level), without building those parts' records."""
    from mappa.core import facts

    def provider(reader, other):
        return facts.Facts(**fields) if getattr(other, "pk", None) == nominal.pk else facts.Facts()

    monkeypatch.setattr(facts, "_providers", [*facts._providers, provider])


def make_user(username, team, role=Role.PRACTITIONER, **extra):
    return User.objects.create_user(
        username, f"{username}@example.org", PASSWORD, team=team, agency=team.agency if team else None, role=role,
        first_name=username.split("_")[0].title(), last_name="Tester", **extra,
    )


@pytest.fixture(scope="session", autouse=True)
def static_files():
    """Pages name static files by their collected, hashed names, as in production: collect them once if
    `make test` has not (a fresh checkout) or a source changed since."""
    import fcntl

    from django.conf import settings
    from django.core.management import call_command

    from mappa.core.serving import static_files_stale

    # One collection at a time: pytest-xdist's processes start together.
    lock_path = settings.STATIC_ROOT.parent / "collectstatic.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if static_files_stale():
            call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def live_server(request, static_files):
    """pytest-django's live server, its static files served as in production (WhiteNoise, from the collected,
    hashed files) rather than by Django's handler, which knows only their sources' unhashed names."""
    import os

    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
                        or "localhost", start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_rows(django_db_setup, django_db_blocker):
    """Rows that migrations load (reference data set by guidance, catalogues), as they stand once the
    test database is built, so transactional tests can put them back after the tables are emptied."""
    from django.apps import apps

    with django_db_blocker.unblock():
        return {
            model: list(model.objects.all())
            for model in apps.get_models()
            if model.__module__.startswith("mappa.") and model._meta.app_label != "audit" and model.objects.exists()
        }


def restore_migrated_rows(rows) -> None:
    for model, objects in rows.items():
        if not model.objects.exists():
            model.objects.bulk_create(objects)


DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def uses_database(item) -> bool:
    return bool(DATABASE_FIXTURES & set(item.fixturenames)) or item.get_closest_marker("django_db") is not None


def ensure_migrated_rows(request) -> None:
    """Put back the migrations' rows if a transactional test emptied the tables. Under pytest-xdist a
    worker runs whole files in any order, so a file's tests may follow another file's transactional ones:
    this runs outside any test transaction, before the test (or the module's fixtures) read reference data."""
    from mappa.core.models import ReferenceSetting

    rows = request.getfixturevalue("migrated_rows")
    with request.getfixturevalue("django_db_blocker").unblock():
        if not ReferenceSetting.objects.exists():
            restore_migrated_rows(rows)


@pytest.fixture(scope="module", autouse=True)
def migrated_rows_in_place(request):
    """Before a module's own fixtures (a loaded demo, say) build on reference data."""
    if any(item.module is request.module and uses_database(item) for item in request.session.items):
        ensure_migrated_rows(request)


@pytest.fixture(autouse=True)
def audit_triggers(request):
    """Audit rows are append-only in every test. Transactional tests (the browser ones) must let
    the test framework empty the tables afterwards, so their triggers go just before that."""
    from django.db import connection

    from mappa.audit import triggers

    names = request.fixturenames
    if uses_database(request.node):
        # Transactional tests empty every table afterwards, reference data included.
        ensure_migrated_rows(request)
    if not (DATABASE_FIXTURES & set(names)):
        yield
        return
    transactional = "transactional_db" in names or "live_server" in names
    request.getfixturevalue("transactional_db" if transactional else "db")
    triggers.install(connection)
    yield
    if transactional:
        triggers.remove(connection)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; the tests sign in many personas. test_auth checks the real setting."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    north = Area.objects.create(code="north", name="Northshire")
    south = Area.objects.create(code="south", name="Southshire")
    agencies = {
        kind: Agency.objects.create(code=kind, name=f"Northshire {kind.replace('_', ' ')}", kind=kind)
        for kind in ["police", "probation", "childrens_services", "housing", "health", "victim_services"]
    }
    south_probation = Agency.objects.create(code="south-probation", name="Southshire probation", kind="probation")
    teams = {kind: Team.objects.create(agency=agency, area=north, name=f"{kind} team") for kind, agency in agencies.items()}
    probation_other = Team.objects.create(agency=agencies["probation"], area=north, name="Another probation office")
    mappa_unit = Team.objects.create(agency=agencies["police"], area=north, name="MAPPA unit")
    south_team = Team.objects.create(agency=south_probation, area=south, name="Southshire office")

    w = SimpleNamespace(north=north, south=south, agencies=agencies, teams=teams)
    w.om = make_user("om", teams["probation"])
    w.colleague = make_user("colleague", teams["probation"])
    w.probation_sup = make_user("probsup", teams["probation"], Role.SUPERVISOR)
    w.other_office = make_user("otheroffice", probation_other)
    w.police = make_user("police", teams["police"])
    w.police_sup = make_user("policesup", teams["police"], Role.SUPERVISOR)
    w.children = make_user("children", teams["childrens_services"])
    w.housing = make_user("housing", teams["housing"], Role.PARTNER_READONLY)
    w.health = make_user("health", teams["health"])
    w.coordinator = make_user("coordinator", mappa_unit, Role.COORDINATOR)
    w.officer = make_user("officer", teams["police"], Role.EMERGENCY)
    w.admin = make_user("admin", None, Role.ADMIN)
    w.south = make_user("south", south_team)
    w.south_coordinator = make_user("southcoord", south_team, Role.COORDINATOR)

    w.case = services.create_nominal(
        actor=w.om, manager=w.om,
        data={"first_name": "Jonah", "last_name": "Davis", "date_of_birth": datetime.date(1975, 4, 12)},
    )
    for partner in (w.police, w.children, w.housing):
        services.add_partner(actor=w.om, nominal=w.case, user=partner)
    add = lambda actor, slug, **data: services.create_item(actor=actor, nominal=w.case, kind=KINDS[slug], data=data)  # noqa: E731
    w.pnc = add(w.om, "identifiers", kind="pnc", value="2009/0012345A")
    w.alias = add(w.om, "aliases", first_name="John", last_name="Smyth")
    w.address = add(w.om, "addresses", line1="12 Mill Lane", town="Bradwell", postcode="BR1 2AB")
    w.victim = add(w.om, "relationships", kind="victim", other_name="Alice Victim", handling="victim")
    w.intel = add(w.police, "activities", kind="intelligence", summary="Seen near a school", handling="intelligence",
                  occurred_at=timezone.now() - datetime.timedelta(days=1))
    w.health_note = add(w.om, "activities", kind="information", summary="Mental health assessment booked",
                        handling="health", occurred_at=timezone.now() - datetime.timedelta(days=2))
    w.note = add(w.om, "activities", kind="home_visit", summary="Home visit, no concerns",
                 occurred_at=timezone.now() - datetime.timedelta(days=3))

    # Someone the om's team does not hold: managed in another office, and in another area.
    w.elsewhere = services.create_nominal(actor=w.other_office, manager=w.other_office,
                                          data={"first_name": "Jon", "last_name": "Davies"})
    w.south_case = services.create_nominal(actor=w.south, manager=w.south, data={"first_name": "Jonah", "last_name": "Davies"})
    w.unallocated = services.create_nominal(actor=w.colleague, data={"first_name": "Peter", "last_name": "Smith"})
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client
    return _login


# --- The browser tests' Chromium (helpers in tests/browser.py) -------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module: each test opens its own context (a fresh profile, with its own
    viewport, or bypassing the Content Security Policy where the test injects axe-core)."""
    import os
    import shutil

    from tests.browser import CHROMIUM, FLAGS

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Playwright runs its own event loop; the test's database calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context at desktop size, noting any Content Security Policy refusal in `csp_errors`."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
