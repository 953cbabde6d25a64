"""Sentences and orders in a real browser: record a conviction and a sentence, and see the legal status."""
import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import serious_violations, sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, day):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def test_record_a_conviction_and_sentence_and_see_the_legal_status(world, live_server, page):  # noqa: F811
    today = timezone.localdate()
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    page.get_by_role("link", name="Sentences and orders").first.click()
    expect(page.get_by_role("heading", name="Sentences, orders, notification and enforcement")).to_be_visible()
    page.get_by_role("link", name="Add conviction or caution").click()
    page.get_by_label("Offence", exact=True).fill("Sexual assault")
    page.get_by_label("Home Office offence code").fill("19/11")
    fill_date(page, "convicted_on", datetime.date(2012, 2, 29))
    page.get_by_label("Sexual offence", exact=True).check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert "like 019/11" in summary.inner_text()
    page.get_by_label("Home Office offence code").fill("019/11")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added conviction or caution.")).to_be_visible()
    page.get_by_role("link", name="Add sentence").click()
    page.get_by_label("Conviction").select_option(label="Sexual assault (019/11), conviction 29 February 2012")
    page.get_by_label("Type of sentence").select_option("custody")
    fill_date(page, "sentenced_on", datetime.date(2012, 3, 1))
    page.get_by_label("Length in months").fill("48")
    fill_date(page, "custody_from", datetime.date(2012, 3, 1))
    fill_date(page, "release_date", today + datetime.timedelta(days=143))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added sentence.")).to_be_visible()
    status = page.get_by_test_id("legal-status")
    assert "In custody, release in 143 days" in status.inner_text()
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    assert "In custody, release in 143 days" in page.locator("#legal-status").inner_text()
    page.screenshot(path=os.environ.get("MAPPA_ORDERS_SCREENSHOT", "/tmp/mappa-orders.png"), full_page=True)
    assert page.csp_errors == []


def test_orders_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    from decimal import Decimal

    from mappa.orders import services
    from mappa.orders.kinds import KINDS

    conviction = services.create_record(actor=world.om, nominal=world.case, kind=KINDS["convictions"], data={
        "offence": "Sexual assault", "convicted_on": datetime.date(2010, 1, 4), "sexual": True})
    services.create_record(actor=world.om, nominal=world.case, kind=KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": datetime.date(2010, 1, 4), "length_months": Decimal("40")})
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "om")
    for path in (f"/orders/{world.case.pk}/", f"/orders/{world.case.pk}/sentences/new/",
                 f"/orders/{world.case.pk}/convictions/{conviction.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path
    context.close()
