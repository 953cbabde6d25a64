"""From the data-quality measures to a failing case and where it is put right, in headless Chromium."""
import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_a_supervisor_goes_from_a_measure_to_the_page_that_puts_a_case_right(world, live_server, page):  # noqa: F811
    sign_in(page, live_server, "probsup")
    page.get_by_role("link", name="Data quality").click()
    expect(page.get_by_role("heading", name="Data quality")).to_be_visible()
    expect(page.get_by_test_id("scope-note")).to_contain_text("Figures for the cases you may see")
    expect(page.locator('[data-measure="ethnicity"]')).to_contain_text("0 of 2 (0%)")
    page.get_by_role("link", name="Ethnicity recorded").click()
    expect(page.get_by_role("heading", name="Ethnicity recorded")).to_be_visible()
    expect(page.get_by_test_id("trend")).to_be_visible()
    failing = page.get_by_test_id("failing")
    expect(failing).to_contain_text("DAVIS, Jonah")
    failing.get_by_role("row").filter(has_text="DAVIS, Jonah").get_by_role("link").click()
    expect(page.get_by_label("Ethnicity")).to_be_visible()
    assert page.csp_errors == []
