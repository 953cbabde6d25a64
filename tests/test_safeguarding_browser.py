"""From the prompt about a new partner to the disclosure decision's record, in a real browser (headless Chromium, see
tests/test_browser.py)."""
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import sign_in
from tests.test_safeguarding_services import PARTNER, safeguarding, victims  # noqa: F401

pytestmark = pytest.mark.browser


def test_prompt_to_decision_to_record(safeguarding, live_server, page):  # noqa: F811
    today = timezone.localdate()
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{safeguarding.case.pk}/")
    expect(page.get_by_test_id("safeguarding-markers").first).to_contain_text("Threatened staff with a knife")
    expect(page.get_by_test_id("disclosure-prompts").first).to_contain_text(f"New partner, {PARTNER}")
    page.get_by_test_id("disclosure-prompts").first.get_by_role("link", name="record a disclosure decision").click()
    expect(page.get_by_role("heading", name="Record a disclosure decision")).to_be_visible()
    expect(page.get_by_label("Significant event")).to_be_checked()
    page.locator('[name="considered_on_day"]').fill(str(today.day))
    page.locator('[name="considered_on_month"]').fill(str(today.month))
    page.locator('[name="considered_on_year"]').fill(str(today.year))
    page.get_by_label("Disclose", exact=True).check()
    page.get_by_label("Power used").select_option("common_law")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Disclosure at common law needs a pressing need to protect others").first).to_be_visible()
    page.get_by_label("There is a pressing need to disclose to protect others").check()
    page.get_by_label("Reasons").fill("She has two children under 10 and does not know of his violence.")
    page.get_by_label("Who is told").select_option("partner")
    page.get_by_label("Name of the person or organisation told").fill(PARTNER)
    page.get_by_label("What is disclosed").fill("His conviction for wounding with intent.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Disclosure decision recorded")).to_be_visible()
    expect(page.get_by_test_id("recipient")).to_contain_text(PARTNER)
    page.get_by_role("link", name="Disclosure and safeguarding", exact=True).last.click()
    expect(page.get_by_role("heading", name="Disclosure and safeguarding")).to_be_visible()
    expect(page.get_by_test_id("disclosure-prompts")).to_have_count(0)
    page.screenshot(path=os.environ.get("MAPPA_DISCLOSURE_SCREENSHOT", "/tmp/mappa-disclosure.png"), full_page=True)
    assert page.csp_errors == []
