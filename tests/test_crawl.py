"""A real user's walk through the whole system: every demo user signs in and follows every link.

The demo data is loaded once, with restricted items of every handling kind added to two shared records
(tests/crawl_world.py). Each demo user then starts from the home page and the case pages they may see,
and follows every link within the site (GET only; no sign-out), each URL once, within a bound. Every page
must answer; nothing a page offers may then refuse its reader; every page shows its protective marking and
keeps to the GOV.UK style (tests/page_style.py: dates, words, punctuation, title, headings, button names);
every case page read is audited; and no page, JSON reply or PDF shows a restricted item's text (victim
details, intelligence, health information) to a user whose agency may not see it. Each user also searches
for every restricted alias and identifier, reads the zones and zone checks (page and API) and runs a route
check through every zone of the shared records.
"""
from __future__ import annotations

import datetime
import functools
import html
import json
import os
import re
import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import unquote_plus, urldefrag, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone

from mappa.access import policy
from mappa.access.services import grant_emergency_access
from mappa.accounts.models import Role, User
from mappa.audit.models import Action, AuditEvent
from mappa.core import pdf
from mappa.demo import demo_data
from mappa.nominals.models import Nominal
from tests import crawl_world, page_style

pytestmark = pytest.mark.django_db

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
MAX_PAGES = 400          # per user
# URLs of one shape (ids replaced) per user, case pages apart; MAPPA_CRAWL_DEPTH=5 walks deeper, slower.
MAX_PER_SHAPE = int(os.environ.get("MAPPA_CRAWL_DEPTH", "1"))
SKIP = re.compile(r"(/logout|/sign-?out|\.pdf$|/download|/static/|/media/|/api/|/administration/django)")
# Pages about one person: reading one must write an audit row for that person.
CASE_PAGE = re.compile(r"^/(?:people|mappa/people|risk/people|orders|licences/people|plans|supervision)/(\d+)/$")
PERSON_IN_URL = re.compile(r"^/(?:people|mappa/people|risk/people|orders|licences/people|plans|supervision)/(\d+)/")


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")  # the world's documents
    with (django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER], MEDIA_ROOT=media),
          transaction.atomic()):
        demo_data.load()
        world = crawl_world.build()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded):
    return {u.username: User.objects.get(username=u.username) for u in demo_data.USERS}


@pytest.fixture
def restricted_world(demo_loaded) -> crawl_world.World:
    return demo_loaded


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


# --- What may not be shown, and finding it --------------------------------------------------------

@dataclass(frozen=True)
class Secret:
    """A text held in a restricted item: who may see it (the handling and the recording agency) and where."""

    text: str
    handling: str
    agency_id: int
    nominal_id: int
    model: str
    readers: tuple = ()  # for a third party's name: the users who recorded or decided its record

    @property
    def label(self) -> str:
        return f"{self.model} ({self.handling})"


# Columns of restricted items that hold a reference or a code the system made, not words anyone wrote or was
# told: another row's type and id, a notification's or a plan review's kind of event, the key of what a plan
# item comes from, the key of a prompt seen. The name keys are the search's own copies of an alias's names (whose names are checked).
NOT_WORDS = {
    "nominals.SignificantEvent": {"source_type", "source_id"},
    "core.Notification": {"kind"},
    "plans.PlanItem": {"source_key"},
    "arrangements.SuggestionSeen": {"key"},
    "plans.PlanReviewTrigger": {"kind"},
}
NOT_WORDS_MODELS = {"nominals.NameKey"}
# Copies of what other rows hold, read under their own rules elsewhere: the audit log (history_for) and the
# accounts (people and agencies, shown everywhere).
COPIES = {"audit", "accounts"}
WORD = re.compile(r"\w+")


def _text_columns(model) -> list[str]:
    skip = NOT_WORDS.get(model._meta.label, set()) | {"handling"}
    return [f.attname for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices and f.name not in skip]


def named(row) -> str:
    """What the item is called wherever it is named (a link, a choice, an event): its own words, or words made
    from its dates and numbers ("Immediate custody 18 months from 5 Dec 2015"). "" for the default name."""
    text = str(row)
    return "" if text == f"{type(row).__name__} object ({row.pk})" else text


def restricted_texts(coined: dict[str, str] | None = None) -> list[Secret]:
    """Every text held in a restricted item of every part, whatever its length, the name the item goes by
    (`named`), and every coined word of the crawl's world on its own (so a page that cuts or reformats a text is
    still caught). A text that an unrestricted row, a person's name or a choice's label also holds, as a whole
    word or phrase, may be shown to anyone who sees the record and is left out; a coined word never is (nothing
    open holds one)."""
    coined = {w.lower() for w in (coined or {})}
    _sees_victims.cache_clear()  # the world of each test is its own: ids may name other people in another
    restricted, open_texts = [], []
    for model in apps.get_models():
        if not model.__module__.startswith("mappa."):
            continue
        open_texts += [str(label) for f in model._meta.concrete_fields for _, label in (f.choices or [])]
        if model._meta.app_label in COPIES or model._meta.label in NOT_WORDS_MODELS:
            continue
        handled = "handling" in {f.name for f in model._meta.concrete_fields}
        names = THIRD_PARTY.get(model._meta.label, ())
        texts = [t for t in _text_columns(model) if t not in names]
        for row in model.objects.all():
            restricted += _third_parties(row, names, coined)
            values = [str(getattr(row, name) or "") for name in texts] + [named(row)]
            values = [v for v in values if WORD.search(v)]  # a value with no word in it says nothing
            owner = row if handled else _restricted_owner(row)
            kind = TREATMENT_HANDLING if model._meta.label in TREATMENT_MODELS else getattr(owner, "handling", "")
            if owner is not None and kind:
                for v in values:
                    restricted.append(Secret(v, kind, owner.agency_id, owner.nominal_id, model.__name__))
                    restricted += [Secret(w, kind, owner.agency_id, owner.nominal_id, model.__name__)
                                   for w in WORD.findall(v) if w.lower() in coined]
            else:
                open_texts += values
    # A person's own name is theirs to show wherever their record is.
    open_texts += [t for n in Nominal.objects.all()
                   for t in (f"{n.first_name} {n.middle_names} {n.last_name}", f"{n.first_name} {n.last_name}")]
    open_texts += [t for u in User.objects.all() for t in (u.get_full_name(), u.job_title)]
    held_open = Matcher({s.text: "" for s in restricted if s.text.lower() not in coined}).find("\n".join(open_texts))
    return list({s: None for s in restricted if s.text not in held_open})


# The names of third parties in disclosure and safeguarding records (the person told, the member of the public who
# asked, the child a referral protects): for those who may see victims' details and whoever recorded or decided the
# record (policy.may_see_third_parties), whatever the record's own handling.
THIRD_PARTY = {"safeguarding.DisclosureDecision": ("recipient",), "safeguarding.DisclosureRequest": ("applicant_name",),
               "safeguarding.SafeguardingReferral": ("about",)}
THIRD_PARTY_HANDLING = "third party"
# The details of a community order's treatment requirement, medication to reduce sexual arousal and the health and
# substance misuse pathway: for policy.treatment_details_for, policy.medication_for and policy.pathway_details_for
# only (probation and health), whatever the row's own handling.
TREATMENT_HANDLING = crawl_world.TREATMENT
TREATMENT_MODELS = {"supervision.TreatmentDetail", "supervision.Medication", "resettlement.PathwayDetail"}


def _third_parties(row, names, coined) -> list[Secret]:
    found = []
    readers = (row.created_by_id, getattr(row, "decided_by_id", None)) if names else ()
    for name in names:
        value = str(getattr(row, name) or "")
        if WORD.search(value):
            found += [Secret(t, THIRD_PARTY_HANDLING, row.agency_id, row.nominal_id, type(row).__name__, readers)
                      for t in [value, *[w for w in WORD.findall(value) if w.lower() in coined]]]
    return found


class Matcher:
    """Finds texts as whole words or phrases, ignoring case and how the lines are broken. Each text is looked
    for only where the page holds its rarest-looking (longest) word, so hundreds of texts cost little."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self.by_word: dict[str, list[tuple[frozenset, str]]] = defaultdict(list)
        for text in texts:
            words = frozenset(w.lower() for w in WORD.findall(text))
            if words:
                self.by_word[max(words, key=len)].append((words, text))
        self._patterns: dict[str, re.Pattern] = {}

    def __bool__(self) -> bool:
        return bool(self.texts)

    def _pattern(self, text: str) -> re.Pattern:
        if text not in self._patterns:
            body = r"\s+".join(re.escape(part) for part in text.split())
            self._patterns[text] = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
        return self._patterns[text]

    def find(self, content: str) -> set[str]:
        words = words_of(content)
        found = set()
        for word in words & self.by_word.keys():
            for needed, text in self.by_word[word]:
                if needed <= words and self._pattern(text).search(content):
                    found.add(text)
        return found


@functools.lru_cache(maxsize=4)
def words_of(content: str) -> frozenset:
    """The words of a reply, once for every matcher that reads it."""
    return frozenset(w.lower() for w in WORD.findall(content))


def readable(response) -> str:
    """What a reply tells its reader: the text of a page (entities decoded, and again with any link's escapes
    decoded) or every string of a JSON reply."""
    ctype = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if response.streaming else response.content  # a download streams
    body = raw.decode(errors="replace")
    if "json" in ctype:
        return "\n".join(_strings(json.loads(body))) if body else ""
    plain = html.unescape(body)
    return plain + ("\n" + unquote_plus(plain) if "%" in plain else "")


def _strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in [str(k), *_strings(v)]]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [str(data)] if data is not None else []


def may_see(user, handling, agency_id) -> bool:
    return bool(user.agency_id) and (
        agency_id == user.agency_id or user.agency.kind in policy.HANDLING_AGENCIES.get(handling, set()))


# Victims' details, contact and requests: more restricted than their handling (policy.may_see_victims: the
# victim liaison officer, the offender manager and the team's supervisors, not everyone of an agency allowed
# victim details).
VICTIM_MODELS = {"Victim", "ContactEntry", "ConditionRequest"}


def _restricted_owner(row):
    """The item whose restriction a row without a handling of its own takes (a victim's contact entry takes the
    victim's), or None for a row that is not restricted."""
    victim = getattr(row, "victim", None)
    return victim if isinstance(getattr(type(row), "handling", None), str) and victim is not None else None


@functools.cache  # cleared by restricted_texts, which each test calls first
def _sees_victims(user_id: int, nominal_id: int) -> bool:
    return policy.may_see_victims(User.objects.select_related("agency", "team").get(pk=user_id),
                                  Nominal.objects.get(pk=nominal_id))


def may_read(user, secret: Secret) -> bool:
    """Whether `user` may read the text: its handling, and for victims' records the victims rule too."""
    if secret.handling == THIRD_PARTY_HANDLING:
        return user.role != Role.EMERGENCY and (user.pk in secret.readers or _sees_victims(user.pk, secret.nominal_id))
    if secret.handling == TREATMENT_HANDLING:
        return policy.may_see_treatment(user)
    if not may_see(user, secret.handling, secret.agency_id):
        return False
    return secret.model not in VICTIM_MODELS or _sees_victims(user.pk, secret.nominal_id)


def hidden_from(user, texts: list[Secret]) -> dict[str, str]:
    """The texts the user may not see, with where each is from. A text two items hold is hidden only if the
    user may see neither (one they may see is theirs to read)."""
    seen = {s.text for s in texts if may_read(user, s)}
    return {s.text: s.label for s in texts if s.text not in seen}


def shown_to(user, texts: list[Secret]) -> dict[str, str]:
    return {s.text: s.label for s in texts if may_read(user, s)}


# --- The walk -------------------------------------------------------------------------------------

def crawl(client, user: User, hidden: Matcher, label: str = "", shown: Matcher | None = None) -> Crawl:
    result = Crawl(user)
    label = label or user.username
    client.logout()
    signed_in = client.post("/accounts/sign-in/", {"username": user.username, "password": demo_data.DEMO_PASSWORD})
    assert signed_in.status_code == 302 and "sign-in" not in signed_in["Location"], f"{label} could not sign in"
    readable_ids = set(policy.nominals_for(user).values_list("pk", flat=True))
    seeds = ["/"] + [f"/people/{pk}/" for pk in sorted(readable_ids)]
    queue = deque((url, "(start)") for url in seeds)
    queued = set(seeds)
    per_shape = defaultdict(int)
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
        if "html" not in ctype and "json" not in ctype:
            continue
        content = readable(response)
        result.problems += leaks(where, content, hidden)
        if shown:
            result.found |= shown.find(content)
        if "text/html" not in ctype:
            continue  # the JSON download
        text = response.content.decode()
        if "Protective marking:" not in text or "app-marking" not in text:
            result.problems.append(f"{where}: no protective marking")
        result.problems += page_style.problems(where, text)
        if CASE_PAGE.match(urlsplit(url).path):
            after = AuditEvent.objects.filter(actor=user, nominal_id=int(person[1]), action=Action.VIEW).count()
            if after <= audited_before:
                result.problems.append(f"{where}: case page read without an audit row")
        for href in links_of(text):
            target = internal(url, href, keep_downloads=True)
            if target is None:
                continue
            path = urlsplit(target).path
            other = PERSON_IN_URL.match(path)
            if other and int(other[1]) not in readable_ids:
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


def leaks(where: str, content: str, hidden: Matcher, asked: str = "") -> list[str]:
    """What `content` shows of the hidden texts, apart from the words the reader asked for themselves (a search
    page repeats its query)."""
    if not hidden:
        return []
    own = {w.lower() for w in WORD.findall(asked)}
    found = [t for t in hidden.find(content) if not {w.lower() for w in WORD.findall(t)} <= own]
    return [f"{where}: shows restricted {hidden.texts[t]} text {t[:60]!r}" for t in sorted(found)]


@contextmanager
def pdfs_as_html():
    """PDFs laid out as the HTML WeasyPrint would be given (everything the document shows), without the slow
    layout: the list of the HTML of each PDF asked for meanwhile."""
    laid_out = []

    def capture(template, context, *, marking, title):
        laid_out.append(render_to_string(template, {**context, "marking": marking, "title": title}))
        return b"%PDF-1.7 (laid out as HTML by the crawl)"

    with mock.patch.object(pdf, "render_pdf_bytes", capture):
        yield laid_out


def pdf_leaks(client, user, label, pdfs: dict[str, str], hidden: Matcher, shown: Matcher | None) -> tuple[list[str], set]:
    """Every PDF offered to the user, read as the user, for restricted texts."""
    problems, found = [], set()
    client.force_login(user)
    with pdfs_as_html() as laid_out:
        for url, offered_by in sorted(pdfs.items()):
            laid_out.clear()
            response = client.get(url)
            if response.status_code != 200 or not laid_out:
                continue  # check_pdfs reports a PDF that does not answer
            text = html.unescape(laid_out[0])
            problems += leaks(f"{label} PDF {url} (linked from {offered_by})", text, hidden)
            if shown:
                found |= shown.find(text)
    return problems, found


def probe(client, user, label, world: crawl_world.World, templates: list[str], turn: int, hidden: Matcher,
          shown: Matcher | None) -> tuple[list[str], set]:
    """What a crawl cannot reach by links: searches for every restricted alias and identifier (page and API),
    emergency access on every restricted identifier (the officer), a route check through all the shared
    records' zones (page and API), their JSON download and legal status, and, of one of them (`turn`), every
    list in the API (zones and address locations among them) and the pages of its items restricted in ways
    the user may not see and of the items that point at those. A search for a restricted alias or identifier
    the user may not see finds nothing by it; one they may see finds the record (so the check can see)."""
    client.force_login(user)
    problems, found = [], set()

    def read(method, url, asked="", **kwargs):
        where = f"{label} {method.upper()} {url}"
        try:
            response = getattr(client, method)(url, **kwargs)
        except Exception as exc:  # what would be a 500
            problems.append(f"{where}: 500 {exc!r}"[:400])
            return where, None, ""
        if response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
        if response.status_code != 200:
            return where, response, ""
        content = readable(response)
        problems.extend(leaks(where, content, hidden, asked))
        if shown:
            found.update(shown.find(content))
        return where, response, content

    if label == EMERGENCY:
        # Emergency access is given on an identifier: one restricted from the officer opens nothing and is
        # refused as an unknown one is (one they may see opens the record, whose pages the walk then reads).
        for identifier in world.identifiers:
            where, response, _ = read("post", "/emergency-access/", identifier.value,
                                      data={"identifier": identifier.value, "reason": EMERGENCY_REASON})
            granted = response is not None and response.status_code == 302
            if granted != may_see(user, identifier.handling, identifier.agency_id):
                problems.append(f"{where} with the {identifier.handling} identifier {identifier.value}: "
                                f"{'granted' if granted else 'refused'}")
    readable_ids = set(policy.nominals_for(user).values_list("pk", flat=True))
    for item, words in [(a, f"{a.first_name} {a.last_name}") for a in world.aliases] + [(i, i.value) for i in world.identifiers]:
        allowed = may_see(user, item.handling, item.agency_id) and item.nominal_id in readable_ids
        what = f"{type(item).__name__.lower()} {words!r} ({item.handling})"
        _, page, content = read("get", "/people/?" + urlencode({"q": words}), words)
        listed = f'/people/{item.nominal_id}/' in content
        if content and listed != allowed:
            problems.append(f"{label} searching for the {what}: the record is {'' if listed else 'not '}found")
        _, api, content = read("get", "/api/v1/nominals/?" + urlencode({"q": words}), words)
        ids = {row["id"] for row in api.json().get("results", [])} if content else set()
        if content and (item.nominal_id in ids) != allowed:
            problems.append(f"{label} API search for the {what}: the record is {'' if item.nominal_id in ids else 'not '}found")

    shared = [key for key, nominal in world.nominals.items() if nominal.pk in readable_ids]
    for key in shared:
        pk = world.nominals[key].pk
        # The items' pages and the API's lists of one of the records, taking turns between users: both hold
        # the same restricted items, and reading all of both for everyone doubles the time for little more.
        if key == shared[turn % len(shared)]:
            for handling in crawl_world.HANDLINGS:
                if may_see(user, handling, 0):
                    continue  # only the pages about what the user may not see: the walk reads the others' kind
                for url in world.pages[key, handling]:
                    read("get", url)
            for url in [p for t in templates if (p := person_path(t, pk))]:
                read("get", url)  # every list of the record in the API: zones, address locations, every part's items
        read("get", f"/people/{pk}/export/")
        read("get", f"/supervision/{pk}/")  # the treatment requirement's details: probation and health only
        # The legal status is worked out from what the reader may see: the civil orders in force there are the
        # world's restricted ones (the demo gives these records none), so it names those the reader may see.
        where, _, content = read("get", f"/api/v1/nominals/{pk}/legal-status/")
        orders_named = content.count("prevention order")
        orders_seen = sum(may_see(user, h, User.objects.get(username=crawl_world.WRITERS[h]).agency_id)
                          for h in crawl_world.HANDLINGS)
        if orders_named != orders_seen:
            problems.append(f"{where}: names {orders_named} civil orders, of which the reader may see {orders_seen}")
        zones = world.zones[key]
        points = [(z.geometry["coordinates"][1], z.geometry["coordinates"][0]) for z in zones]
        route = "\n".join(f"{lat}, {lon}" for lat, lon in points)
        read("get", f"/licences/people/{pk}/route/?" + urlencode({"route": route}))
        where, response, content = read("post", f"/api/v1/licences/nominals/{pk}/route-check/",
                                        data={"route": [list(p) for p in points]}, content_type="application/json")
        if not content:
            problems.append(f"{where}: {response.status_code if response else 500}")
            continue
        crosses = any(may_see(user, z.handling, z.agency_id) for z in zones)
        if response.json()["crosses"] != crosses:
            problems.append(f"{where}: says the route crosses a zone: {response.json()['crosses']}, "
                            f"but of its zones the user may see {[z.handling for z in zones if may_see(user, z.handling, z.agency_id)]}")
    return problems, found


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


EMERGENCY = "officer.emergency with emergency access"
EMERGENCY_REASON = "Called to a disturbance at his address; checking for risk to officers"
OUT_OF_SCOPE = ["/people/{}/", "/people/{}/activities/", "/people/{}/history/", "/mappa/people/{}/",
                "/risk/people/{}/", "/risk/people/{}/timeline/", "/orders/{}/", "/licences/people/{}/",
                "/plans/{}/", "/plans/{}/history/", "/plans/{}/plan.pdf", "/supervision/{}/"]


def test_every_demo_user_can_follow_every_link_they_are_offered(demo, restricted_world, client):
    world = restricted_world
    texts = restricted_texts(world.words)
    assert {s.handling for s in texts} >= {"victim", "intelligence", "health"}
    assert {w.lower() for w in world.words} <= {s.text.lower() for s in texts}, "a coined word is not held restricted"
    templates = api_templates()
    problems, pages, pdfs = [], 0, {}
    started = time.monotonic()
    walkers = [(name, user) for name, user in demo.items()]
    walkers.append((EMERGENCY, demo["officer.emergency"]))
    matchers = {label: (Matcher(hidden_from(user, texts)), Matcher(shown_to(user, texts))) for label, user in walkers}
    # The searches, zone checks and route checks first: what they make (a notification to the manager of a
    # route that crossed a zone its checker may not see) is then on the home pages the walk reads.
    probed = {}
    for label, user in walkers:
        if label != EMERGENCY:
            began = time.monotonic()
            probed[label] = probe(client, user, label, world, templates, len(probed), *matchers[label])
            print(f"{label}: searches, zone checks and the shared records' pages in {time.monotonic() - began:.1f}s")
    for label, user in walkers:
        if label == EMERGENCY:
            grant_emergency_access(actor=user, identifier=demo_data.EMERGENCY_PNC, reason=EMERGENCY_REASON)
            probed[label] = probe(client, user, label, world, templates, len(probed), *matchers[label])
        began = time.monotonic()
        hidden, shown = matchers[label]
        result = crawl(client, user, hidden, label, shown=shown)
        pdf_problems, pdf_found = pdf_leaks(client, user, label, result.pdfs, hidden, shown)
        probe_problems, probe_found = probed[label]
        problems += result.problems + pdf_problems + probe_problems + refused_elsewhere(client, user, label)
        problems += missed(label, user, world, texts, result.found | pdf_found | probe_found)
        for url, offered_by in result.pdfs.items():
            pdfs.setdefault(url, (label, user, offered_by))
        pages += len(result.visits)
        print(f"{label}: {len(result.visits)} pages, {len(result.pdfs)} PDFs in {time.monotonic() - began:.1f}s")
        assert result.visits.get("/", Visit("/", 0, "")).status == 200, f"{label}: no home page"
    problems += check_pdfs(client, pdfs)
    print(f"crawled {pages} pages and {len(pdfs)} PDFs in {time.monotonic() - started:.1f}s")
    assert pages > 500 and pdfs
    assert not problems, "\n".join(problems)


# Users who may see restricted items of the shared records, and the kinds of record whose words their walk
# must find: the check can see, so a word not found by the others is not there.
CONTROLS = {
    "ppo.police": {"victim", "intelligence"},
    "om.probation": {"victim", THIRD_PARTY_HANDLING, TREATMENT_HANDLING},
    "mh.nurse": {"health", TREATMENT_HANDLING},
    "victim.care": {"victim"},
}


def missed(label, user, world, texts: list[Secret], seen: set[str]) -> list[str]:
    """For the control users: each kind of restricted item of the world they may see, found somewhere."""
    if label not in CONTROLS:
        return []
    wanted = {(s.model, s.handling) for s in texts if s.text in world.words and s.handling in CONTROLS[label]
              and may_read(user, s)}
    got = {(s.model, s.handling) for s in texts if s.text in seen}
    return [f"{label} never saw a {model} restricted as {handling}: the check cannot see it"
            for model, handling in sorted(wanted - got)]


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
    today = timezone.localdate().isoformat()
    found = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or not path.startswith("/api/v1/"):
            continue
        required = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query" and p.get("required")]
        assert set(required) <= {"on"}, f"{path}: fill in {required}"
        found.append(path + "".join(f"?{name}={today}" for name in required))
    return found


# Endpoints for one role only, and the question that says whether a user holds it: the rest are refused (403).
ROLE_ONLY = {"/api/v1/workforce/team/": policy.may_see_team}


def answer_for(user, path: str) -> int:
    """What a list the user is offered answers them: 200, or 403 where it is for a role they do not hold."""
    holds = ROLE_ONLY.get(path)
    return 200 if holds is None or holds(user) else 403


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


def test_the_api_answers_every_reader_within_their_scope_and_leaks_nothing(demo, restricted_world, client):
    from mappa.accounts.services import create_token

    texts = restricted_texts(restricted_world.words)
    templates = api_templates()
    problems, calls = [], 0
    for username in API_USERS:
        user = demo[username]
        token = create_token(actor=user, name="crawl", days=1)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        hidden = Matcher(hidden_from(user, texts))
        reachable_ids = list(policy.nominals_for(user).order_by("pk").values_list("pk", flat=True))
        outside = Nominal.objects.exclude(pk__in=reachable_ids).order_by("pk").first()
        queue = deque([(t, answer_for(user, t)) for t in templates if "{" not in t])
        for pk in reachable_ids[:API_CASES]:
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
            problems += leaks(f"{username} API GET {url}", readable(response), hidden)
            if "json" not in response.get("Content-Type", ""):
                continue  # a document's file
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
