"""The layout as people meet it, in headless Chromium over the demo data: pages reflow at 320 CSS pixels
(WCAG 1.4.10), the maps can be used from the keyboard and pass axe-core's WCAG 2.2 AA rules (every other page
is checked by tests/test_crawl_browser.py's walk), and every page stays within its weight: only map pages load
map code, and static files come compressed and cached."""
import re
from collections import deque

import pytest

from mappa.demo import demo_data
from mappa.nominals.models import Nominal
from tests.browser import axe_violations

pytestmark = pytest.mark.browser

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
SKIP = re.compile(r"(/sign-?out|/logout|\.pdf$|\.csv$|/download|/export/|/static/|/media/|/api/|/administration/django|/photo)")
MAP_CODE = re.compile(r"leaflet|geoman|/map\.[0-9a-f]+\.(mjs|css)$|/map\.(mjs|css)$")
# What a page without a map may transfer in static files (compressed), and a map page: a stated budget.
BUDGET = {"page": 50_000, "map": 100_000, "drawing": 180_000}


@pytest.fixture
def demo(transactional_db, live_server, settings, browser):
    """The demo loaded; the browser (tests/conftest.py) to read it with."""
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    demo_data.load()
    return browser


def signed_in(browser, live_server, username, **options):
    page = browser.new_context(**options).new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_data.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/$"))
    return page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


NAMED = ["/", "/people/{hartnell}/", "/risk/people/{hartnell}/", "/plans/{hartnell}/", "/licences/people/{hartnell}/",
         "/visits/{hartnell}/", "/mappa/meetings/"]
WALKERS = (("coordinator", ["/mappa/co-ordinator/"]), ("om.probation", []))


def walk(page, live_server, start: list[str], limit: int = 70):
    """The pages named, then every other kind of page reached by following links (one of each shape): each
    path once the page has loaded."""
    queue, seen, shapes = deque(start), set(), set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if path in seen or shape in shapes:
            continue
        seen.add(path)
        shapes.add(shape)
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, f"{path} answered {response.status}"
        yield path
        for href in page.eval_on_selector_all("main a[href], nav a[href]", "links => links.map(a => a.getAttribute('href'))"):
            if href.startswith("/") and not SKIP.search(href):
                queue.append(href.split("#")[0])
    assert len(seen) > 30  # the walk reached the pages, not just the sign-in


def named_pages() -> list[str]:
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell").pk
    return [path.format(hartnell=hartnell) for path in NAMED]


def test_pages_reflow_at_320_css_pixels(demo, live_server):
    too_wide = {}
    for username, own in WALKERS:
        page = signed_in(demo, live_server, username, viewport={"width": 320, "height": 640})
        for path in walk(page, live_server, named_pages() + own):
            if (width := page_width(page)) > 320:
                too_wide[f"{username} {path}"] = width
        page.context.close()
    assert too_wide == {}


def test_a_wide_table_scrolls_in_a_named_region_the_keyboard_reaches(demo, live_server):
    page = signed_in(demo, live_server, "coordinator", viewport={"width": 320, "height": 640})
    page.goto(f"{live_server.url}/mappa/co-ordinator/")
    region = page.get_by_role("region", name="By category and level")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # wider than the screen, so it scrolls
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    assert page_width(page) <= 320
    page.context.close()


def tab_stops_in_map(page, presses=40) -> list[tuple[str, str]]:
    """The keyboard stops inside the map, tabbing from the top of the page (past the case header and its tabs)."""
    page.locator("h1").first.focus()
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => { const e = document.activeElement; if (!e.closest('[data-app-map]')) return null;
            return [e.tagName.toLowerCase(), e.getAttribute('aria-label') || e.textContent.trim()] }""")
        if stop and stop not in stops:
            stops.append(stop)
    return stops


def test_the_maps_are_named_keyboard_paths_and_pass_wcag_2_2_aa(demo, live_server):
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell").pk
    # The audit script is injected by the test, so only the test's page may bypass the CSP.
    page = signed_in(demo, live_server, "om.probation", viewport={"width": 1200, "height": 900}, bypass_csp=True)

    page.goto(f"{live_server.url}/licences/people/{hartnell}/")
    assert page.locator("svg.app-zone-picture path, svg.app-zone-picture polygon, svg.app-zone-picture circle").count() > 0
    page.locator(".leaflet-container").wait_for()
    assert axe_violations(page) == []
    stops = tab_stops_in_map(page)
    # The map itself is one named stop; its shapes are not stops; every control has a name.
    assert stops[0] == ["div", "Map of the zones and addresses listed on this page"]
    assert all(name for _, name in stops) and not any(tag == "path" for tag, _ in stops)
    # The picture's key names each place in text.
    assert page.locator(".app-zone-key li").first.inner_text().startswith("Exclusion zone: ")

    page.goto(f"{live_server.url}/licences/people/{hartnell}/zones/new/")
    page.locator(".leaflet-pm-draw").wait_for()
    assert axe_violations(page) == []
    names = [name for _, name in tab_stops_in_map(page)]
    assert {"Draw Polygons", "Draw Circle", "Draw Rectangle"} <= set(names)
    # From the keyboard: the circle tool starts, and its Cancel action is a button the keyboard reaches.
    page.get_by_role("button", name="Draw Circle").focus()
    page.keyboard.press("Enter")
    cancel = page.get_by_role("button", name="Cancel").locator("visible=true")
    cancel.focus()
    page.keyboard.press("Enter")
    assert not page.evaluate("document.querySelector('[data-app-map]').mappaMap.pm.globalDrawModeEnabled()")
    page.context.close()


def static_transfers(page, url) -> tuple[list[str], int, list[str]]:
    """The static files a page loads, the bytes they took on the wire, and any not compressed or not cached for good."""
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    urls, total, problems = [], 0, []
    for request in loaded:
        if "/static/" not in request.url:
            continue
        response = request.response()
        headers = response.all_headers()
        urls.append(request.url)
        total += request.sizes()["responseBodySize"]
        if "immutable" not in headers.get("cache-control", ""):
            problems.append(f"{request.url} cached as {headers.get('cache-control')}")
        if re.search(r"\.(css|m?js)$", request.url) and headers.get("content-encoding") not in ("br", "gzip"):
            problems.append(f"{request.url} not compressed")
    return urls, total, problems


def test_pages_carry_only_the_code_they_use_compressed_and_cached(demo, live_server):
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell").pk
    signed = signed_in(demo, live_server, "om.probation")
    session = signed.context.storage_state()
    signed.context.close()
    weights = {}
    for kind, path in [("page", "/"), ("page", f"/people/{hartnell}/"), ("map", f"/licences/people/{hartnell}/"),
                       ("drawing", f"/licences/people/{hartnell}/zones/new/")]:
        # Each page with nothing cached yet: a first visit, the heaviest.
        context = demo.new_context(storage_state=session, extra_http_headers={"Accept-Encoding": "br, gzip"})
        urls, total, problems = static_transfers(context.new_page(), f"{live_server.url}{path}")
        context.close()
        weights[path] = total
        assert problems == [], path
        map_code = [u for u in urls if MAP_CODE.search(u)]
        if kind == "page":
            assert map_code == [], path
        else:
            assert any("/leaflet/leaflet." in u for u in map_code), path
            assert any("geoman" in u for u in map_code) == (kind == "drawing"), path  # drawing tools where drawn only
        assert 0 < total <= BUDGET[kind], f"{path}: {total} bytes of static files, over the budget of {BUDGET[kind]}"
    print("static bytes on the wire, first visit:", weights)


def test_html_is_not_compressed_so_secrets_on_a_page_cannot_be_guessed_from_its_size(demo, live_server):
    # BREACH: a page holding the CSRF token and case data next to text from the request (a search) must not
    # be compressed, or its compressed size tells an observer when a guess matches. Static files carry no secret.
    page = signed_in(demo, live_server, "om.probation", extra_http_headers={"Accept-Encoding": "br, gzip"})
    response = page.goto(f"{live_server.url}/people/?q=Hartnell")
    assert response.ok and "content-encoding" not in response.all_headers()
    page.context.close()


def test_a_case_is_added_to_an_agenda_by_name_without_javascript_and_the_page_passes_wcag_2_2_aa(demo, live_server):
    from mappa.arrangements.models import AgendaCase, Meeting

    level2 = Meeting.objects.get(kind=Meeting.Kind.LEVEL2)
    page = signed_in(demo, live_server, "coordinator", java_script_enabled=False, bypass_csp=True)
    page.goto(f"{live_server.url}/mappa/meetings/{level2.pk}/")
    page.get_by_role("link", name="Add a case to the agenda").click()
    # The search is a step of its own: type the name, press Enter, choose from the results.
    page.get_by_label("Name of the person").fill("Raymond Stot")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="STOTT, Raymond").wait_for()
    assert page.get_by_text("On the agenda").count() == 0
    add = page.get_by_role("button", name="Add Raymond Stott to the agenda")
    add.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Raymond Stott added to the agenda.").wait_for()
    assert AgendaCase.objects.filter(meeting=level2, nominal__last_name="Stott").exists()
    page.context.close()

    # With scripts on, the results page (and its error) meets WCAG 2.2 AA.
    page = signed_in(demo, live_server, "coordinator", bypass_csp=True)
    page.goto(f"{live_server.url}/mappa/meetings/{level2.pk}/agenda/?q=Stott")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/mappa/meetings/{level2.pk}/agenda/?q=")
    assert axe_violations(page) == []
    page.context.close()
