"""Planning, checking and recording a home visit in a real browser (headless Chromium, see tests/test_browser.py)."""
import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.core import facts
from tests.browser import sign_in
from tests.conftest import known_facts

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


@pytest.fixture
def registered(world, monkeypatch):
    """The person is registered with high RoSH, as the orders and risk parts would say."""
    known_facts(monkeypatch, world.case, rosh="high", notification_requirements=facts.Flag(
        True, facts.Source("Notification requirements"), since=TODAY - datetime.timedelta(days=60)))
    return world


def test_plan_check_and_record_a_home_visit(registered, live_server, page):  # noqa: F811
    sign_in(page, live_server, "police")
    page.goto(f"{live_server.url}/people/{registered.case.pk}/")
    page.get_by_role("link", name="Visits", exact=True).first.click()
    expect(page.get_by_role("heading", name="Home visits")).to_be_visible()
    expect(page.get_by_test_id("schedule-police")).to_contain_text("every month")
    page.get_by_role("link", name="Plan a visit").click()
    page.get_by_label("Police", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Save the pre-visit check before you go.")).to_be_visible()
    page.get_by_role("link", name="Pre-visit check").click()
    expect(page.get_by_test_id("changes-since")).to_contain_text("Seen near a school")
    page.get_by_label("I have read the record and current intelligence").check()
    page.get_by_label("I have checked the PNC for wanted status and new convictions").check()
    page.get_by_label("PNC result").fill("Not wanted; a new conviction for theft in Southshire")
    page.get_by_label("The PNC shows new convictions").check()
    page.get_by_label("Double crewed (two or more)").check()
    page.get_by_label("Hazard at the address").select_option("dog")
    page.get_by_label("Hazard details").fill("Large dog in the yard")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Pre-visit check saved.")).to_be_visible()
    page.get_by_role("link", name="Record outcome").click()
    page.get_by_label("Attended: seen at home").check()
    page.get_by_label("Someone under 18 was present").check()
    page.get_by_label("Observations").fill("Compliant; partner's son (9) lives there")
    page.get_by_label("Intelligence from this visit").fill("A second phone on the kitchen table, not declared")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visit outcome saved to the visit and the activity log.")).to_be_visible()
    expect(page.get_by_text("The intelligence was submitted to the case manager for evaluation.")).to_be_visible()
    expect(page.get_by_text("PNC: new convictions")).to_be_visible()
    expect(page.get_by_text("Under 18 present")).to_be_visible()
    expect(page.get_by_text("Large dog in the yard")).to_be_visible()
    page.screenshot(path=os.environ.get("MAPPA_VISITS_SCREENSHOT", "/tmp/mappa-visits.png"), full_page=True)
    assert page.csp_errors == []
    page.get_by_role("link", name="Intelligence from this visit").click()
    expect(page.get_by_text("A second phone on the kitchen table")).to_be_visible()
    # The case manager is told of the PNC hit and the outcome, and has the intelligence to evaluate.
    page.context.clear_cookies()
    sign_in(page, live_server, "om")
    expect(page.get_by_role("link", name="PNC check before a home visit to Jonah Davis found new convictions")).to_be_visible()
    expect(page.get_by_role("link", name="Police home visit to Jonah Davis")).to_contain_text(
        "attended: seen at home, recorded by Police Tester")
    expect(page.get_by_role("link", name="Intelligence to evaluate (due)")).to_be_visible()
    expect(page.get_by_text("A second phone")).to_have_count(0)


@pytest.mark.parametrize("script", [True, False], ids=["htmx", "no-javascript"])
def test_find_an_address_by_free_text_then_choose_it(world, live_server, browser, script):  # noqa: F811
    """The address form's search, with htmx (the list comes without a reload) and without JavaScript (a page of
    its own): the choice fills in the form, which saves as any address."""
    context = browser.new_context(java_script_enabled=script)
    tab = context.new_page()
    try:
        sign_in(tab, live_server, "om")
        tab.goto(f"{live_server.url}/people/{world.case.pk}/addresses/new/")
        tab.get_by_label("Find the address").fill("high st")
        tab.get_by_role("button", name="Find address").click()
        expect(tab.get_by_test_id("address-narrow")).to_contain_text("Too many addresses match “high st”")
        tab.get_by_label("Find the address").fill("flat 3 41 quarry")
        tab.get_by_role("button", name="Find address").click()
        expect(tab.get_by_test_id("address-count")).to_have_text("1 address found")
        tab.get_by_role("link", name="Flat 3, 41 Quarry Road, Eastmere, NX7 3DB").click()
        expect(tab.get_by_test_id("address-chosen")).to_contain_text("Flat 3, 41 Quarry Road, Eastmere, NX7 3DB")
        expect(tab.get_by_label("Address line 2")).to_have_value("41 Quarry Road")
        expect(tab.get_by_label("Postcode")).to_have_value("NX7 3DB")
        tab.get_by_label("Status").select_option("proposed")
        tab.get_by_role("button", name="Save").click()
        expect(tab.get_by_text("Added address.")).to_be_visible()
        assert world.case.address_set.filter(line1="Flat 3", line2="41 Quarry Road", postcode="NX7 3DB").exists()
    finally:
        context.close()
