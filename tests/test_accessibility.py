"""Key pages checked with axe-core (from npm) in headless Chromium: no serious or critical issues."""
import pytest

from tests.browser import axe_violations, serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_key_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    # The audit script is injected by the test, so only the test's page may bypass the CSP.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert serious_violations(page) == []
    sign_in(page, live_server, "om")
    pages = ["/", "/people/", "/people/?q=Jon+Davies", f"/people/{world.case.pk}/", f"/people/{world.case.pk}/edit/",
             f"/people/{world.case.pk}/activities/", f"/people/{world.case.pk}/history/",
             f"/people/{world.case.pk}/addresses/new/", f"/people/{world.case.pk}/addresses/new/?find=high+st",
             f"/people/{world.case.pk}/addresses/new/?find=41+quarry&use=g:flat-3-41-quarry-road-nx7-3db", "/accounts/"]
    problems = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        found = serious_violations(page)
        if found:
            problems[path] = found
    page.goto(f"{live_server.url}/people/new/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    if found := serious_violations(page):
        problems["/people/new/ with errors"] = found
    context.close()
    assert problems == {}


def test_the_check_finds_real_problems(browser):
    page = browser.new_page()
    page.set_content("<html lang='en'><body><main><img src='x.png'><input type='text'></main></body></html>")
    found = serious_violations(page)
    page.close()
    assert any(v.startswith("image-alt") for v in found)
    assert any(v.startswith("label") for v in found)


def test_the_markings_are_inside_landmarks(world, live_server, browser):
    """The protective marking at the top is in the banner and the one at the bottom in the content info, so a
    screen reader moving by landmark meets both (axe-core's region rule)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    markings = page.locator(".app-marking")
    assert markings.count() == 2
    assert markings.first.evaluate("m => m.closest('header') !== null && !m.closest('main')")
    assert markings.last.evaluate("m => m.closest('footer') !== null")
    assert axe_violations(page) == []
    context.close()
