"""Intelligence from submission to evaluation to action in a real browser (headless Chromium, see
tests/test_browser.py): a police partner submits, the offender manager evaluates and registers it on the
3x5x2 scheme, records an action and completes it; a children's services partner sees only that it exists."""
import os

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_submit_evaluate_and_act_on_intelligence(world, live_server, page):  # noqa: F811
    case = world.case.pk
    sign_in(page, live_server, "police")
    page.goto(f"{live_server.url}/people/{case}/")
    page.get_by_role("link", name="Intelligence", exact=True).first.click()
    expect(page.get_by_role("heading", name="Intelligence", exact=True)).to_be_visible()
    page.get_by_role("link", name="Submit information").click()
    page.get_by_label("What do you know").fill("Seen loitering by the swings in Mill Park at 3pm")
    page.get_by_label("Police frontline or neighbourhood team").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Information submitted.")).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Intelligence to evaluate (due)").first.click()
    expect(page.get_by_test_id("information")).to_contain_text("swings in Mill Park")
    page.get_by_label("Register it as intelligence").check()
    page.get_by_label("2: Untested", exact=False).check()
    page.get_by_label("B: Known indirectly to the source but corroborated", exact=False).check()
    page.get_by_label("C: Lawful sharing permitted subject to conditions", exact=False).check()
    page.get_by_label("Conditions on sharing").fill("Not beyond the offender manager and PPU")
    page.get_by_label("Sanitised version for wider sharing").fill("Information about contact with children: being acted on")
    page.get_by_label("This changes the risk").check()
    page.get_by_label("Address: 12 Mill Lane", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Registered as intelligence.")).to_be_visible()
    expect(page.get_by_test_id("grade")).to_contain_text("2/B/C")
    page.get_by_role("link", name="Record an action").click()
    page.get_by_label("Review of the risk assessment").check()
    page.get_by_label("What must be done").fill("Review RoSH in the light of this")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action recorded.")).to_be_visible()
    page.get_by_role("link", name="Complete").click()
    page.get_by_label("What was done").fill("RoSH reviewed and raised to high")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action completed.")).to_be_visible()
    expect(page.get_by_text("RoSH reviewed and raised to high")).to_be_visible()
    page.screenshot(path=os.environ.get("MAPPA_INTELLIGENCE_SCREENSHOT", "/tmp/mappa-intelligence.png"), full_page=True)
    assert page.csp_errors == []
    page.context.clear_cookies()

    sign_in(page, live_server, "children")
    page.goto(f"{live_server.url}/intelligence/{case}/")
    expect(page.get_by_text("Restricted intelligence. Ask Om Tester")).to_be_visible()
    expect(page.get_by_text("Information about contact with children: being acted on")).to_be_visible()
    expect(page.get_by_text("swings in Mill Park")).to_have_count(0)
