"""Building and reviewing a plan in a real browser (headless Chromium, see tests/test_browser.py)."""
import os

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_build_and_review_a_plan(world, live_server, page):  # noqa: F811
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_role("heading", name="Risk management plan")).to_be_visible()
    expect(page.get_by_text("Nothing under this heading yet.").first).to_be_visible()
    page.get_by_role("link", name="Add to the plan").first.click()
    page.get_by_label("Interventions and treatment").check()
    page.get_by_label("What will be done").fill("Relapse prevention plan written with him")
    page.get_by_label("Constructive (helps the person change)").check()
    page.get_by_label("This item covers").select_option("own_role")
    page.locator("#id_due").fill("1")
    page.locator("#id_due_month").fill("3")
    page.locator("#id_due_year").fill("2030")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added to the plan.")).to_be_visible()
    expect(page.get_by_text("Relapse prevention plan written with him").first).to_be_visible()
    # Each gap is shown once: in the summary, or under its heading (the summary then counts it).
    missing = " ".join(page.locator('[data-testid="missing"], .app-missing').all_inner_texts())
    assert "own role" not in missing
    assert "Home visiting by probation is not in the plan" in missing

    page.get_by_role("link", name="Review the plan").click()
    page.get_by_label("What was considered").fill("OASys review and the police visit notes")
    page.get_by_label("The victim's views and the victim liaison officer's input").fill("VLO: no new concerns")
    page.get_by_label("What changed").fill("Added the relapse prevention plan")
    page.get_by_label("Plan amended").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()
    assert "not yet endorsed" in page.get_by_test_id("review-due").inner_text()
    page.screenshot(path=os.environ.get("MAPPA_PLAN_SCREENSHOT", "/tmp/mappa-plan.png"), full_page=True)
    assert page.csp_errors == []


def test_plan_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    from mappa.plans import services
    from tests.browser import serious_violations

    item = services.add_item(actor=world.om, nominal=world.case, data={
        "heading": "supervision", "what": "Weekly reporting", "owner": world.om})
    services.complete_review(actor=world.om, nominal=world.case, data={
        "considered": "OASys", "victim_views": "VLO: none", "changes": "None", "outcome": "no_change"})
    review = world.case.planreview_set.get()
    # The audit script is injected by the test, so only the test's page may bypass the CSP.
    context = browser.new_context(bypass_csp=True)
    axe_page = context.new_page()
    sign_in(axe_page, live_server, "om")
    base = f"/plans/{world.case.pk}/"
    problems = {}
    for path in (base, f"{base}items/add/", f"{base}items/{item.pk}/", f"{base}reviews/add/",
                 f"{base}reviews/{review.pk}/", f"{base}history/?on_day=1&on_month=1&on_year=2026", f"{base}history/"):
        axe_page.goto(f"{live_server.url}{path}")
        if found := serious_violations(axe_page):
            problems[path] = found
    axe_page.goto(f"{live_server.url}{base}reviews/add/")
    with axe_page.expect_navigation():
        axe_page.get_by_role("button", name="Record the review").click()
    if found := serious_violations(axe_page):
        problems["review with errors"] = found
    context.close()
    assert problems == {}
