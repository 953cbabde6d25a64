"""The key pages in a real browser: headless Chromium (the `browser` and `page` fixtures in tests/conftest.py)."""
import os

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_search_open_and_edit_a_case(world, live_server, page):
    sign_in(page, live_server, "om")
    expect(page.get_by_role("heading", name="Cases you manage")).to_be_visible()
    assert page.locator(".app-marking").first.inner_text().split()[-1] == "OFFICIAL-SENSITIVE"

    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Name or identifier").fill("Jon Davies")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="DAVIS, Jonah").click()
    expect(page.get_by_role("heading", name="DAVIS, Jonah")).to_be_visible()
    page.get_by_role("link", name="Personal details").click()
    expect(page.locator("#relationships").get_by_text("Alice Victim").first).to_be_visible()
    page.get_by_role("link", name="Change personal details").click()
    page.get_by_label("Language").fill("Welsh")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Personal details saved.")).to_be_visible()
    expect(page.get_by_text("Welsh").first).to_be_visible()
    page.get_by_role("link", name="Change history").click()
    expect(page.get_by_text("English").first).to_be_visible()
    expect(page.get_by_text("Welsh").first).to_be_visible()
    page.screenshot(path=os.environ.get("MAPPA_SCREENSHOT", "/tmp/mappa-case-history.png"), full_page=True)
    assert page.csp_errors == []


def test_validation_errors_are_announced_and_linked(world, live_server, page):
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for(state="visible", timeout=10000)  # the form posts and the page comes back
    assert summary.evaluate("el => document.activeElement === el")  # focus moves to the summary
    summary.get_by_role("link", name="Enter the first name").click()
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    assert page.csp_errors == []


def test_live_search_updates_without_a_page_load(world, live_server, page):
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/")
    page.get_by_label("Name or identifier").press_sequentially("Smyth", delay=30)
    page.get_by_role("link", name="SMITH, Peter").wait_for(timeout=5000)
    assert "q=Smyth" in page.url
    assert page.csp_errors == []


def test_other_agency_user_cannot_open_the_case(world, live_server, page):
    sign_in(page, live_server, "south")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert "Jonah" not in page.content()
