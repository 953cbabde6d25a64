"""A real user's walk through the whole system: every demo user signs in and follows every link.

The demo data is loaded once. Each demo user then starts from the home page and the case pages they
may see, and follows every link within the site (GET only; no sign-out, no downloads), each URL once,
within a bound. Every page must answer; nothing a page offers may then refuse its reader; every page
shows its protective marking; every case page read is audited; and no page shows a restricted item
(victim details, intelligence, health information) to a user whose agency may not see it.
"""
from __future__ import annotations

import datetime
import html
import os
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings

from mappa.access import policy
from mappa.access.services import grant_emergency_access
from mappa.accounts.models import User
from mappa.audit.models import Action, AuditEvent
from mappa.demo import demo_data
from mappa.nominals.models import Nominal

pytestmark = pytest.mark.django_db

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
MAX_PAGES = 400          # per user
# URLs of one shape (ids replaced) per user, case pages apart; MAPPA_CRAWL_DEPTH=5 walks deeper, slower.
MAX_PER_SHAPE = int(os.environ.get("MAPPA_CRAWL_DEPTH", "1"))
SKIP = re.compile(r"(/logout|/sign-?out|\.pdf$|/download|/static/|/media/|/api/|/administration/django)")
# Pages about one person: reading one must write an audit row for that person.
CASE_PAGE = re.compile(r"^/(?:people|mappa/people|risk/people|orders|licences/people|plans)/(\d+)/$")
PERSON_IN_URL = re.compile(r"^/(?:people|mappa/people|risk/people|orders|licences/people|plans)/(\d+)/")
MIN_TEXT = 20            # restricted texts shorter than this are names and words used elsewhere too


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]), transaction.atomic():
        demo_data.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded):
    return {u.username: User.objects.get(username=u.username) for u in demo_data.USERS}


HREF = re.compile(r"""<a\s[^>]*?href=["']([^"']*)["']""", re.IGNORECASE)


def links_of(text: str) -> list[str]:
    return [html.unescape(h) for h in HREF.findall(text)]


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def internal(base: str, href: str, keep_downloads: bool = False) -> str | None:
    href = href.strip()
    if href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path or (not keep_downloads and SKIP.search(parts.path)):
        return None
    return path


@dataclass
class Visit:
    url: str
    status: int
    offered_by: str
    content_type: str = ""


@dataclass
class Crawl:
    user: User
    visits: dict[str, Visit] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    pdfs: dict[str, str] = field(default_factory=dict)
    found: set[str] = field(default_factory=set)


def restricted_texts() -> list[tuple[str, int, int, str, str]]:
    """(handling, agency id, nominal id, text, model name) of every restricted item in every part, keeping only
    texts that no unrestricted item also holds (those may be shown to anyone who sees the record)."""
    restricted, open_texts = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("mappa.") or model._meta.app_label in {"audit", "accounts"}:
            continue
        handled = "handling" in {f.name for f in model._meta.concrete_fields}
        texts = [f.attname for f in model._meta.concrete_fields
                 if isinstance(f, (models.CharField, models.TextField)) and not f.choices
                 and f.name not in {"handling", "postcode"}]
        if not texts:
            continue
        for row in model.objects.all():
            values = [str(getattr(row, name) or "") for name in texts]
            values = [v for v in values if len(v) >= MIN_TEXT]
            if handled and row.handling:
                restricted += [(row.handling, row.agency_id, row.nominal_id, v, model.__name__) for v in values]
            else:
                open_texts += values
    # A person's own name is theirs to show wherever their record is.
    open_texts += [f"{n.first_name} {n.middle_names} {n.last_name}" for n in Nominal.objects.all()]
    everything_open = "\n".join(open_texts)
    return [r for r in restricted if r[3] not in everything_open]


def may_see(user, handling, agency_id) -> bool:
    return bool(user.agency_id) and (
        agency_id == user.agency_id or user.agency.kind in policy.HANDLING_AGENCIES.get(handling, set()))


def crawl(client, user: User, hidden: dict[str, str], label: str = "", shown: dict[str, str] | None = None) -> Crawl:
    result = Crawl(user)
    label = label or user.username
    client.logout()
    signed_in = client.post("/accounts/sign-in/", {"username": user.username, "password": demo_data.DEMO_PASSWORD})
    assert signed_in.status_code == 302 and "sign-in" not in signed_in["Location"], f"{label} could not sign in"
    readable = set(policy.nominals_for(user).values_list("pk", flat=True))
    seeds = ["/"] + [f"/people/{pk}/" for pk in sorted(readable)]
    queue = deque((url, "(start)") for url in seeds)
    queued = set(seeds)
    per_shape = defaultdict(int)
    secrets = re.compile("|".join(re.escape(t) for t in sorted(hidden, key=len, reverse=True)))
    allowed = re.compile("|".join(re.escape(t) for t in sorted(shown or {}, key=len, reverse=True)))
    while queue and len(result.visits) < MAX_PAGES:
        url, offered_by = queue.popleft()
        person = PERSON_IN_URL.match(url)
        audited_before = (AuditEvent.objects.filter(actor=user, nominal_id=int(person[1]), action=Action.VIEW).count()
                          if person else 0)
        try:
            response = client.get(url)
        except Exception as exc:  # the test client raises what would be a 500; note it and walk on
            result.problems.append(f"{label} GET {url} (linked from {offered_by}): 500 {exc!r}"[:400])
            continue
        status = response.status_code
        ctype = response.get("Content-Type", "")
        result.visits[url] = Visit(url, status, offered_by, ctype)
        where = f"{label} GET {url} (linked from {offered_by})"
        if status >= 500:
            result.problems.append(f"{where}: {status}")
            continue
        if status in (301, 302, 303, 307, 308):
            target = internal(url, response["Location"])
            if target and "/accounts/sign-in" in target:
                result.problems.append(f"{where}: sent to sign in although signed in")
            elif target and target not in queued:
                queued.add(target)
                queue.append((target, url))
            continue
        if status in (403, 404):
            if offered_by != "(start)":
                result.problems.append(f"{where}: {status} for a link the page offered")
            continue
        if status != 200:
            result.problems.append(f"{where}: unexpected {status}")
            continue
        if "text/html" not in ctype:
            continue
        text = response.content.decode()
        if "Protective marking:" not in text or "app-marking" not in text:
            result.problems.append(f"{where}: no protective marking")
        if CASE_PAGE.match(urlsplit(url).path):
            after = AuditEvent.objects.filter(actor=user, nominal_id=int(person[1]), action=Action.VIEW).count()
            if after <= audited_before:
                result.problems.append(f"{where}: case page read without an audit row")
        plain = html.unescape(text)
        if shown:
            result.found |= set(allowed.findall(plain))
        for secret in set(secrets.findall(plain)) if hidden else ():
            result.problems.append(f"{where}: shows restricted {hidden[secret]} text {secret[:60]!r}")
        for href in links_of(text):
            target = internal(url, href, keep_downloads=True)
            if target is None:
                continue
            path = urlsplit(target).path
            other = PERSON_IN_URL.match(path)
            if other and int(other[1]) not in readable:
                # Not fetched twice: a link to a record the reader may not open is wrong whatever it answers.
                result.problems.append(f"{label} GET {url}: offers {target}, a record they may not open")
                continue
            if path.endswith(".pdf"):
                result.pdfs.setdefault(target, url)
                continue
            if SKIP.search(path) or target in queued:
                continue
            if not CASE_PAGE.match(target):
                key = shape(target)
                if per_shape[key] >= MAX_PER_SHAPE:
                    continue
                per_shape[key] += 1
            queued.add(target)
            queue.append((target, url))
    return result


def hidden_from(user, texts) -> dict[str, str]:
    return {t: f"{model} ({handling})" for handling, agency, _, t, model in texts if not may_see(user, handling, agency)}


def refused_elsewhere(client, user, label) -> list[str]:
    """A record outside the user's scope answers 404 on every part's page, never a page or an error."""
    outside = Nominal.objects.exclude(pk__in=policy.nominals_for(user)).order_by("pk").first()
    if outside is None:
        return []
    client.force_login(user)
    problems = []
    for url in [p.format(outside.pk) for p in OUT_OF_SCOPE]:
        status = client.get(url).status_code
        if status != 404:
            problems.append(f"{label} GET {url} (outside their scope): {status}, not 404")
    return problems


# Users allowed restricted items, and the kinds of them their crawl must find (so the leak check can see).
CONTROLS = {"ppo.police": {"victim", "intelligence"}, "mh.nurse": {"health"}}

OUT_OF_SCOPE = ["/people/{}/", "/people/{}/activities/", "/people/{}/history/", "/mappa/people/{}/",
                "/risk/people/{}/", "/risk/people/{}/timeline/", "/orders/{}/", "/licences/people/{}/",
                "/plans/{}/", "/plans/{}/history/", "/plans/{}/plan.pdf"]


def test_every_demo_user_can_follow_every_link_they_are_offered(demo, client):
    texts = restricted_texts()
    assert {h for h, *_ in texts} >= {"victim", "intelligence", "health"}
    problems, pages, pdfs = [], 0, {}
    started = time.monotonic()
    walkers = [(name, user) for name, user in demo.items()]
    walkers.append(("officer.emergency with emergency access", demo["officer.emergency"]))
    for label, user in walkers:
        if label.endswith("emergency access"):
            grant_emergency_access(actor=user, identifier=demo_data.EMERGENCY_PNC,
                                   reason="Called to a disturbance at his address; checking for risk to officers")
        began = time.monotonic()
        hidden = hidden_from(user, texts)
        control = label in CONTROLS and {t: m for *_, t, m in texts if t not in hidden}
        result = crawl(client, user, hidden, label, shown=control)
        if control:
            # The check can see: the same texts are there for those allowed them.
            kinds = {h for h, _, _, t, _ in texts if t in result.found}
            assert kinds >= CONTROLS[label], f"{label} saw restricted texts of {kinds} only"
        problems += result.problems + refused_elsewhere(client, user, label)
        for url, offered_by in result.pdfs.items():
            pdfs.setdefault(url, (label, user, offered_by))
        pages += len(result.visits)
        print(f"{label}: {len(result.visits)} pages in {time.monotonic() - began:.1f}s")
        assert result.visits.get("/", Visit("/", 0, "")).status == 200, f"{label}: no home page"
    problems += check_pdfs(client, pdfs)
    print(f"crawled {pages} pages and {len(pdfs)} PDFs in {time.monotonic() - started:.1f}s")
    assert pages > 500 and pdfs
    assert not problems, "\n".join(problems)


def check_pdfs(client, pdfs) -> list[str]:
    """Each PDF a page offers is a PDF, for the first reader offered it (one of each kind of document
    per person: rendering is slow)."""
    problems, done = [], set()
    for url, (label, user, offered_by) in sorted(pdfs.items()):
        key = shape(url)
        if key in done:
            continue
        done.add(key)
        client.force_login(user)
        response = client.get(url)
        if response.status_code != 200 or response["Content-Type"] != "application/pdf":
            problems.append(f"{label} GET {url} (linked from {offered_by}): {response.status_code} "
                            f"{response.get('Content-Type')}")
        elif not response.content.startswith(b"%PDF"):
            problems.append(f"{label} GET {url}: not a PDF")
    return problems


# --- The JSON API, with a bearer token ------------------------------------------------------------

API_USERS = ("om.probation", "housing.readonly", "cs.worker")
API_CASES = 4  # people per user whose every endpoint is read


def api_templates() -> list[str]:
    """Every GET of the API, as the OpenAPI schema describes it, with its required query (a day: today)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    today = datetime.date.today().isoformat()
    found = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or not path.startswith("/api/v1/"):
            continue
        required = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query" and p.get("required")]
        assert set(required) <= {"on"}, f"{path}: fill in {required}"
        found.append(path + "".join(f"?{name}={today}" for name in required))
    return found


def person_path(template: str, pk: int) -> str | None:
    """The template filled in for one person, or None when it needs another kind of id."""
    if "{nominal_pk}" in template:
        return None if template.count("{") > 1 else template.replace("{nominal_pk}", str(pk))
    if re.match(r"^/api/v1/(nominals|mappa/people)/\{id\}/", template):
        return template.replace("{id}", str(pk))
    return None


def ids_in(data) -> list[int]:
    rows = data.get("results", data) if isinstance(data, dict) else data
    return [row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), int)] if isinstance(rows, list) else []


def api_links(data) -> list[str]:
    """URLs of this API that a response offers (next pages, links to items)."""
    found = []
    if isinstance(data, dict):
        for value in data.values():
            found += api_links(value)
    elif isinstance(data, list):
        for value in data:
            found += api_links(value)
    elif isinstance(data, str) and "/api/v1/" in data and " " not in data:
        path = internal("/api/v1/", data, keep_downloads=True)
        if path and path.startswith("/api/v1/"):
            found.append(path)
    return found


def test_the_api_answers_every_reader_within_their_scope_and_leaks_nothing(demo, client):
    from mappa.accounts.services import create_token

    texts = restricted_texts()
    templates = api_templates()
    problems, calls = [], 0
    for username in API_USERS:
        user = demo[username]
        token = create_token(actor=user, name="crawl", days=1)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        hidden = hidden_from(user, texts)
        secrets = re.compile("|".join(re.escape(t) for t in sorted(hidden, key=len, reverse=True)))
        readable = list(policy.nominals_for(user).order_by("pk").values_list("pk", flat=True))
        outside = Nominal.objects.exclude(pk__in=readable).order_by("pk").first()
        queue = deque([(t, 200) for t in templates if "{" not in t])
        for pk in readable[:API_CASES]:
            queue += [(p, 200) for t in templates if (p := person_path(t, pk))]
        queue += [(p, 404) for t in templates if (p := person_path(t, outside.pk))]
        seen = set()
        while queue:
            url, expected = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url, **auth)
            calls += 1
            if response.status_code != expected:
                problems.append(f"{username} API GET {url}: {response.status_code}, expected {expected}")
                continue
            if expected != 200:
                continue
            body = response.content.decode()
            for secret in set(secrets.findall(body)) if hidden else ():
                problems.append(f"{username} API GET {url}: shows restricted {hidden[secret]} text {secret[:60]!r}")
            data = response.json()
            queue += [(link, 200) for link in api_links(data)]
            path = urlsplit(url).path
            if urlsplit(url).query:
                continue
            for item in ids_in(data)[:2]:
                if f"{re.sub(r'/[0-9]+/', '/{nominal_pk}/', path, count=1)}{{id}}/" in templates:
                    queue.append((f"{path}{item}/", 200))
                if path.endswith("/licences/") and "/nominals/" in path:
                    queue += [(f"/api/v1/licences/{item}/{rest}", 200) for rest in ("", "conditions/", "variations/")]
        assert client.get("/api/v1/nominals/", HTTP_AUTHORIZATION="Bearer mappa_wrong").status_code == 401
    print(f"{calls} API calls")
    assert calls > 100
    assert not problems, "\n".join(problems)


def test_the_case_page_gives_one_licence_end_date(demo, client):
    """Seen on the case page: the legal status said "on licence until" one date (from the sentence)
    and the licence panel another, three years earlier (the licence demo counted the extension from
    release). An extended sentence's licence runs to the end of the custodial term and the extension."""
    from mappa.licences.models import Licence
    from mappa.orders import queries

    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell")
    status = queries.legal_status(hartnell)
    licence = Licence.objects.get(nominal=hartnell, kind="extended")
    assert status.on_licence and status.licence_end == licence.end_date
    client.force_login(demo["om.probation"])
    page = client.get(f"/people/{hartnell.pk}/").content.decode()
    assert f"{licence.end_date:%B} {licence.end_date.year}" in page


def test_the_legal_status_gives_dates_as_people_read_them():
    """Seen on the case page: "On licence until 2030-11-21" beside "25 May 2027" in the licence panel."""
    from mappa.orders import rules

    d = datetime.date
    facts = rules.StatusInput(supervision=[rules.Supervision("licence", d(2010, 1, 1), d(2011, 6, 30))],
                              orders=[rules.OrderSpell("a SHPO", d(2010, 1, 1), d(2015, 1, 1))])
    assert rules.legal_status(facts, d(2010, 5, 10)).lines == ("on licence until 30 June 2011",
                                                               "subject to a SHPO until 1 January 2015")


def test_each_review_asked_for_is_its_own_line_on_the_case_page(demo, client):
    """Seen on the case page: five events asking for a risk review ran together in one bold paragraph."""
    from mappa.risk.models import ReviewRequest

    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell")
    client.force_login(demo["om.probation"])
    page = client.get(f"/people/{hartnell.pk}/").content.decode()
    listed = page.split('data-testid="reviews-asked-for"')[1].split("</ul>")[0]
    open_reviews = ReviewRequest.objects.filter(nominal=hartnell, done_on__isnull=True).count()
    assert open_reviews > 5
    assert listed.count("(due ") == 5 and "More on the Risk page" in listed  # the panel keeps its fixed size
