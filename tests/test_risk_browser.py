"""Scoring and approving an OGRS3 assessment in a real browser (headless Chromium)."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.risk import services
from mappa.risk.models import Tool
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, d):
    page.locator(f"#id_{name}").fill(str(d.day))
    page.locator(f"#id_{name}_month").fill(str(d.month))
    page.locator(f"#id_{name}_year").fill(str(d.year))


def test_score_complete_and_approve_an_ogrs3_assessment(world, live_server, browser, page):
    today = timezone.localdate()
    for user in (world.om, world.probation_sup):
        services.record_training(actor=world.admin, user=user, tool=Tool.OGRS3, trained_on=today - datetime.timedelta(days=9))
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    page.get_by_role("link", name="Risk", exact=True).click()
    page.get_by_role("link", name="OGRS3 (risk of reconviction)").click()
    page.get_by_label("Gender").select_option("male")
    fill_date(page, "date_of_current_conviction", datetime.date(2024, 5, 1))
    page.get_by_label("Home Office offence code of the current offence").fill("028/01")
    page.get_by_label("Sanctions in all, including the current one").fill("3")
    page.get_by_label("Age at first sanction").fill("16")
    fill_date(page, "date_at_start_of_follow_up", datetime.date(2024, 5, 1))
    page.get_by_role("button", name="Score and save as draft").click()
    expect(page.get_by_text("Draft assessment saved")).to_be_visible()
    expect(page.get_by_role("heading", name="How the result was reached")).to_be_visible()
    expect(page.get_by_text("Copas rate").first).to_be_visible()
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.get_by_text("A trained supervisor must now approve it")).to_be_visible()
    expect(page.get_by_text("Unapproved").first).to_be_visible()
    assert page.csp_errors == []
    url = page.url
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    expect(page.locator("#risk").get_by_text("Unapproved")).to_be_visible()
    page.locator("#risk").screenshot(path="/tmp/mappa-risk-panel.png")

    context = browser.new_context()
    sup = context.new_page()
    sign_in(sup, live_server, "probsup")
    sup.goto(url)
    sup.get_by_role("button", name="Approve").click()
    expect(sup.get_by_text("Assessment approved.")).to_be_visible()
    expect(sup.get_by_text("Approved by Probsup Tester")).to_be_visible()
    sup.screenshot(path="/tmp/mappa-risk-approved.png", full_page=True)
    context.close()


def test_risk_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    from tests.browser import serious_violations

    today = timezone.localdate()
    a = services.create_assessment(actor=world.om, nominal=world.case, risk_type="rosh", tool=Tool.OASYS,
                                   assessed_on=today, rosh_levels={"children": {"community": "high"}},
                                   narrative={"who_at_risk": "Children"})
    # The audit script is injected by the test, so only the test's page may bypass the CSP.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "om")
    for path in (f"/risk/people/{world.case.pk}/", f"/risk/people/{world.case.pk}/new/ogrs3/",
                 f"/risk/people/{world.case.pk}/new/rosh/", f"/risk/assessments/{a.pk}/",
                 f"/risk/people/{world.case.pk}/timeline/", f"/people/{world.case.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path
    context.close()
