"""The crawl's pages as a user's browser shows them, in headless Chromium over the demo data: two key pages
screenshotted in /tmp/mappa-crawl-*.png to look at, and every kind of page every kind of user reaches checked
with axe-core's WCAG 2.2 A and AA rules (see tests/test_crawl.py for the walk's other checks)."""
import re
import time
from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mappa.access import policy
from mappa.access.services import grant_emergency_access
from mappa.accounts.models import User
from mappa.demo import demo_data
from mappa.nominals.models import Nominal
from tests import crawl_world
from tests.browser import axe_violations, sign_in
from tests.test_crawl import EMERGENCY_REASON, SKIP, internal, shape

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
pytestmark = pytest.mark.browser


@pytest.mark.browser
def test_screenshots_of_the_case_page_and_the_coordinator_page(transactional_db, live_server, settings, browser):
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    demo_data.load()
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell")
    for username, path, shot, heading in [
            ("om.probation", f"/people/{hartnell.pk}/", "case-hartnell", "HARTNELL, Lee Anthony"),
            ("coordinator", "/mappa/co-ordinator/", "coordinator", "MAPPA cases in your area")]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        sign_in(page, live_server, username, demo_data.DEMO_PASSWORD)
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", name=heading, level=1).is_visible()
        page.screenshot(path=f"/tmp/mappa-crawl-{shot}.png", full_page=True)
        assert "OFFICIAL-SENSITIVE" in page.locator(".app-marking").first.inner_text()
        assert errors == [], errors
        context.close()


# --- axe-core on every kind of page the crawl reaches, as every role ---------------------------------------------

# One user of each role, in this order: the first walks the most (an offender manager holds most of the forms), the
# police and health practitioners read the intelligence and health items the others see withheld, and the
# emergency-access officer walks before access (a search that finds nothing) and after.
WALKERS = ("om.probation", "ppo.police", "mh.nurse", "cs.worker", "sup.police", "coordinator", "housing.readonly",
           "em.monitoring", "admin", "officer.emergency", "officer.emergency with access")
# The pages about a person, whose actions and panels change most with who reads them: checked as every role.
PERSON_PAGE = re.compile(r"^/(?:people|mappa/people|risk/people|orders|licences/people|plans|visits|victims/people|"
                         r"safeguarding/people|intelligence/people)/\d+/$")
MAX_PAGES = 600
DOWNLOAD = re.compile(r"(/export/|\.csv$|\.json$|\.zip$|\.gpx$|\.kml$)")


def links(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")


def error_state(page) -> bool:
    """Send a form for adding something empty, as someone who pressed its button too soon: the page comes back
    with its errors (a form that needs nothing is sent and followed like any other). False if there is none."""
    button = page.locator("main form[method=post] button.govuk-button:not(.govuk-button--secondary)"
                          ":not(.govuk-button--warning):not([formaction])").first
    if not button.count():
        return False
    try:
        with page.expect_navigation(timeout=15_000):
            button.click()
    except PlaywrightTimeout:  # the browser held the form back (a field it requires), or a script did
        return False
    return True


def test_every_kind_of_page_the_crawl_reaches_passes_wcag_2_2_aa_as_every_role(
        transactional_db, live_server, settings, browser, tmp_path):
    """axe-core's WCAG 2.2 A and AA rules and its landmark rule (the protective markings inside the banner and
    the content info), every impact, over the demo with the crawl's restricted items on its shared records
    (tests/crawl_world.py). Each role follows every link from its home page and the records it may read, as the
    crawl does (GET only): every shape of page (the path with its numbers taken out, and its query's keys) is
    checked the first time anyone reaches it, the home page and the pages about a person once as every role
    (what those offer changes most with the reader), a form for adding something also sent empty (its errors
    showing), and the offender manager's own records each in full (their empty states)."""
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    settings.MEDIA_ROOT = tmp_path
    demo_data.load()
    world = crawl_world.build()
    shared = [n.pk for n in world.nominals.values()]
    started = time.monotonic()
    problems, checked, seen_shapes, erred = {}, 0, set(), set()

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    problems["(signed out) /accounts/sign-in/"] = axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    problems["(signed out) /accounts/sign-in/ sent empty"] = axe_violations(page)
    context.close()

    for label in WALKERS:
        user = User.objects.get(username=label.split()[0])
        if label.endswith("with access"):
            grant_emergency_access(actor=user, identifier=demo_data.EMERGENCY_PNC, reason=EMERGENCY_REASON)
        readable = sorted(policy.nominals_for(user).values_list("pk", flat=True))
        everyone = label == WALKERS[0]
        seeds = ["/"] + [f"/people/{pk}/" for pk in [pk for pk in shared if pk in readable] +
                         [pk for pk in readable if pk not in shared and everyone]]
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        sign_in(page, live_server, user.username, demo_data.DEMO_PASSWORD)
        queue, queued, own_shapes = deque(seeds), set(seeds), set()
        while queue and checked < MAX_PAGES:
            url = queue.popleft()
            key = shape(url)
            person = PERSON_PAGE.match(urlsplit(url).path) or url == "/"
            if key in own_shapes and not (person and everyone) or key in seen_shapes and not person:
                continue
            own_shapes.add(key)
            seen_shapes.add(key)
            try:
                response = page.goto(f"{live_server.url}{url}")
            except PlaywrightError as exc:  # a download (a file, not a page) under a path of no telling name
                if "Download is starting" in str(exc):
                    continue
                raise
            if not response.ok or "text/html" not in response.headers.get("content-type", ""):
                continue
            checked += 1
            if found := axe_violations(page):
                problems[f"{label} {url}"] = found
                print(f"{label} {url}: {found}", flush=True)  # as found: the walk is long
            hrefs = links(page)
            if urlsplit(url).path.endswith("/new/") and key not in erred and error_state(page):
                erred.add(key)
                if found := axe_violations(page):
                    problems[f"{label} {url} sent empty"] = found
                    print(f"{label} {url} sent empty: {found}", flush=True)
            for href in hrefs:
                target = internal(url, href)
                if target and target not in queued and not SKIP.search(urlsplit(target).path) and not DOWNLOAD.search(urlsplit(target).path):
                    queued.add(target)
                    queue.append(target)
        context.close()
    print(f"axe-core on {checked} pages ({len(seen_shapes)} shapes) and {len(erred)} forms sent empty"
          f" in {time.monotonic() - started:.0f}s")
    assert len(seen_shapes) > 100 and len(erred) > 10
    assert {where: found for where, found in problems.items() if found} == {}
