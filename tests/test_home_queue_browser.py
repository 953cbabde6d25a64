"""The home page's work queue in a real browser (headless Chromium, see tests/test_browser.py): a morning's
work read as one line per person and kind, narrowed to what is overdue, and the notifications cleared."""
import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.core import extensions
from mappa.core.extensions import WorkItem
from mappa.core.models import Notification
from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def busy(world, monkeypatch):
    monkeypatch.setattr(extensions, "registry", extensions.Registry())
    today, pk = timezone.localdate(), world.case.pk

    def provider(user, day):
        if user.pk != world.om.pk:
            return []
        found = [WorkItem(pk, "Jonah Davis", f"Review assessments: event {n}", today - datetime.timedelta(days=n + 1),
                          f"/people/{pk}/", kind="risk_review") for n in range(6)]
        return found + [WorkItem(pk, "Jonah Davis", "Police home visit due", today + datetime.timedelta(days=3),
                                 f"/people/{pk}/", kind="home_visit")]

    extensions.work_list(provider)
    for n in range(8):
        Notification.objects.create(recipient=world.om, nominal=world.case, kind="allocated", message=f"Jonah Davis: note {n}")
    return world


def test_clear_a_mornings_work_queue(busy, live_server, page):  # noqa: F811
    sign_in(page, live_server, "om")
    queue = page.get_by_test_id("work-queue")
    expect(page.get_by_test_id("work-summary")).to_contain_text("7 things to do, 6 overdue")
    expect(queue.get_by_text("Review assessments after 6 events", exact=True)).to_be_visible()
    queue.get_by_text("Review assessments after 6 events", exact=True).click()
    expect(queue.get_by_text("Review assessments: event 5")).to_be_visible()

    page.get_by_text("Filter and sort your work").click()
    page.get_by_label("Overdue").check()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("6 of 7 things to do match the filters")).to_be_visible()
    expect(queue.get_by_text("Police home visit due")).to_have_count(0)
    page.get_by_role("link", name="Clear filters").click()
    expect(queue.get_by_text("Police home visit due")).to_be_visible()

    banner = page.get_by_test_id("notifications")
    expect(banner).to_contain_text("For your attention (8)")
    banner.get_by_role("button", name="Dismiss message 1: Jonah Davis: note 7").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("For your attention (7)")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_test_id("notifications")).to_have_count(0)
    expect(page.get_by_role("heading", name="Cases you manage")).to_be_visible()
    page.screenshot(path=os.environ.get("MAPPA_HOME_SCREENSHOT", "/tmp/mappa-home-queue.png"), full_page=True)
    assert page.csp_errors == []


def test_the_work_queue_and_a_supervisors_home_page_have_no_serious_accessibility_issues(busy, live_server, browser):
    from tests.browser import serious_violations

    context = browser.new_context(bypass_csp=True)  # the audit script is injected by the test
    page = context.new_page()
    problems = {}
    for username, path in [("om", "/"), ("om", "/?due=overdue&kind=risk_review&sort=-due"), ("probsup", "/?show=team")]:
        context.clear_cookies()
        sign_in(page, live_server, username)
        page.goto(f"{live_server.url}{path}")
        page.get_by_text("Filter and sort your work").or_(page.get_by_text("Nothing due")).first.click()
        if found := serious_violations(page):
            problems[(username, path)] = found
    context.close()
    assert problems == {}
