"""Building the annual report and following a figure to the cases behind it, in headless Chromium: the page polls
the build's progress and shows the figures once a worker has built them."""
import datetime

import pytest
from playwright.sync_api import expect

from mappa.arrangements.models import Eligibility, LevelDecision
from mappa.jobs import worker
from tests.browser import sign_in

pytestmark = pytest.mark.browser
D = datetime.date


def test_a_coordinator_opens_the_cases_behind_a_figure(world, live_server, page):  # noqa: F811
    police = world.agencies["police"]
    episode = Eligibility.objects.create(nominal=world.case, category=1, identified_on=D(2006, 5, 1), lead_agency=police,
                                         agency=police)
    LevelDecision.objects.create(eligibility=episode, nominal=world.case, level=2, forum="meeting",
                                 decided_by=world.coordinator, decided_on=D(2008, 6, 1), rationale="Agreed",
                                 information_considered="Reports", next_review=D(2008, 9, 1), agency=police)
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Annual report").click()
    page.get_by_label("Reporting year starting 1 April").select_option("2008")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="MAPPA annual report: Northshire, 2008-09")).to_be_visible()
    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_text("No background worker is running, so the build has not started")).to_be_visible()
    assert worker.work("test-worker", batch=True) == 1
    # The page asks every 2 seconds and reloads itself once the build is done.
    expect(page.get_by_test_id("built")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Figures for every record held in the area")).to_be_visible()
    table = page.locator("#table-level2")
    table.get_by_role("link", name="Registered sexual offenders, Offenders: cases behind 1").click()
    expect(page.get_by_role("heading", name="Offenders managed via MAPPA meetings: Level 2: Registered sexual offenders")).to_be_visible()
    expect(page.get_by_text("Whole year, 1 April 2008 to 31 March 2009")).to_be_visible()
    page.get_by_role("link", name="DAVIS, Jonah").click()
    expect(page.get_by_role("heading", name="MAPPA")).to_be_visible()
    expect(page.get_by_test_id("case-header")).to_contain_text("DAVIS, Jonah")
    page.go_back()
    page.get_by_role("link", name="Back to the annual report").click()
    expect(page.locator("#table-eligible")).to_contain_text("1")
    assert page.csp_errors == []
