"""From the work list's "Offer statutory victim contact" through the victim's opt-in to a request for a licence
condition that the shared plan must then cover, as the victim liaison officer, in a real browser (headless Chromium,
see tests/test_browser.py)."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.victims import services
from tests.browser import sign_in
from tests.test_victims_services import NAME, victims  # noqa: F401

pytestmark = pytest.mark.browser


def _date(page, name, day):
    page.locator(f'[name="{name}_day"]').fill(str(day.day))
    page.locator(f'[name="{name}_month"]').fill(str(day.month))
    page.locator(f'[name="{name}_year"]').fill(str(day.year))


def test_offer_opt_in_and_a_requested_condition_reach_the_plan(victims, live_server, page):  # noqa: F811
    w, today = victims, timezone.localdate()
    services.change_victim(actor=w.vlo, victim=w.past, version=w.past.version,
                           data={"scheme_offered_on": None, "scheme_response": "", "scheme_responded_on": None})
    sign_in(page, live_server, "vlo")
    page.get_by_role("link", name="Offer statutory victim contact").first.click()
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.get_by_test_id("eligibility")).to_contain_text("Within the scheme")
    page.get_by_role("link", name="Change").click()
    _date(page, "scheme_offered_on", today)
    page.get_by_label("The victim's answer").select_option("opted_in")
    _date(page, "scheme_responded_on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Opted in").first).to_be_visible()
    page.get_by_role("link", name="Record a request for a licence condition").click()
    _date(page, "requested_on", today)
    page.get_by_label("Condition asked for").select_option("exclusion_zone")
    page.get_by_label("What the victim asked for, in their words").fill("Keep him away from my street and my work.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Keep him away from my street and my work").first).to_be_visible()
    # the offer is no longer due, and the plan must now cover the request, naming no one
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Offer statutory victim contact")).to_have_count(0)
    page.goto(f"{live_server.url}/plans/{w.case.pk}/")
    expect(page.get_by_text("A victim asked for: exclusion zone (not decided yet)").first).to_be_visible()
    assert page.csp_errors == []
