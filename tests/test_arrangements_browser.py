"""A level 2 MAPP meeting from agenda to minutes, in headless Chromium."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mappa.arrangements import services
from mappa.arrangements.models import Action, LevelDecision, Minute
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, day):
    page.fill(f"#id_{name}", str(day.day))
    page.fill(f"#id_{name}_month", str(day.month))
    page.fill(f"#id_{name}_year", str(day.year))


def test_a_level_2_meeting_from_agenda_to_minutes(world, live_server, page):  # noqa: F811
    today = timezone.localdate()
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=today, basis="Registered sexual offender")
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="MAPPA co-ordinator").click()
    expect(page.get_by_role("heading", name="MAPPA cases in your area")).to_be_visible()
    expect(page.locator("#unscreened + ul").get_by_text("Jonah Davis")).to_be_visible()
    page.get_by_role("link", name="All meetings").click()
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_label("Level 2 MAPP meeting").check()
    fill_date(page, "held_on", today - datetime.timedelta(days=1))
    page.get_by_label("Venue").fill("Bradwell police station")
    page.get_by_label("Chair").select_option(label=world.coordinator.display_name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A new meeting cannot be arranged for a date in the past").first).to_be_visible()
    fill_date(page, "held_on", today)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Level 2 MAPP meeting")).to_be_visible()
    page.get_by_role("link", name="Invite an agency or person").click()
    page.get_by_label("Agency").select_option(label=str(world.agencies["police"]))
    page.get_by_label("Name", exact=True).fill("DS Police Tester")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a case to the agenda").click()
    # The person is found by name: suggestions follow the typing, and the keyboard reaches the one to add.
    page.get_by_label("Name of the person").press_sequentially("Jonah Davies", delay=20)
    add = page.get_by_role("button", name="Add Jonah Davis to the agenda")
    expect(add).to_be_visible()
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Jonah Davis", exact=True)).to_be_visible()
    expect(page.get_by_text("Disclosure decision not yet recorded")).to_be_visible()
    page.get_by_label("DS Police Tester attended").check()
    page.get_by_label("DS Police Tester declared confidentiality").check()
    page.get_by_role("button", name="Save attendance").click()

    page.get_by_role("link", name="Record minutes for Jonah Davis").click()
    page.get_by_label("Discussion").fill("New relationship with a mother of two; agreed level 2.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Record the decision on disclosure to third parties").first).to_be_visible()
    page.get_by_label("Disclosure to third parties was considered").check()
    page.get_by_label("Decision on disclosure to third parties").fill("Disclose to the new partner within 7 days")
    page.get_by_label("Decisions").fill("Weekly police home visits")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Disclose to the new partner within 7 days")).to_be_visible()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Joint disclosure visit")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Name the person who owns the action").first).to_be_visible()
    page.get_by_label("Owner (person)").fill("DS Police Tester")
    page.get_by_label("Owner (agency)").select_option(label=str(world.agencies["police"]))
    page.get_by_label("Restrictive", exact=True).check()
    fill_date(page, "due_on", today + datetime.timedelta(days=7))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Joint disclosure visit")).to_be_visible()
    page.get_by_role("link", name="Jonah Davis", exact=True).click()
    page.get_by_role("link", name="Record a level decision or review").click()
    page.get_by_label("Level 2: active multi-agency management").check()
    page.get_by_label("Level 2 or 3 MAPP meeting (levels 1, 2 or 3)").check()
    page.get_by_label("Meeting (if decided at one)").select_option(index=1)
    page.get_by_label("Rationale").fill("Needs police and children's services actively involved")
    page.get_by_label("Information considered").fill("Police checks, OASys")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Level decision recorded.")).to_be_visible()
    assert not page.csp_errors

    assert Minute.objects.filter(nominal=world.case, disclosure_considered=True).count() == 1
    assert Action.objects.get(nominal=world.case).owner_name == "DS Police Tester"
    assert LevelDecision.objects.get(nominal=world.case).level == 2


def test_mappa_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    from tests.browser import serious_violations

    today = timezone.localdate()
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=today, basis="Registered")
    meeting = services.arrange_meeting(actor=world.coordinator, kind="level3", held_on=today, venue="Room", chair=world.coordinator)
    services.add_to_agenda(actor=world.coordinator, meeting=meeting, nominal=world.case)
    services.add_attendee(actor=world.coordinator, meeting=meeting, agency=world.agencies["police"], name="DI Senior", senior=True)
    services.record_minute(actor=world.coordinator, meeting=meeting, nominal=world.case, summary="Discussed",
                           disclosure_considered=True, disclosure_decision="No disclosure needed")
    context = browser.new_context(bypass_csp=True)  # the audit script is injected by the test
    page = context.new_page()  # noqa: F811
    sign_in(page, live_server, "coordinator")
    problems = {}
    for path in (f"/mappa/people/{world.case.pk}/", f"/mappa/people/{world.case.pk}/level/", f"/mappa/meetings/{meeting.pk}/",
                 "/mappa/meetings/", "/mappa/co-ordinator/", f"/mappa/meetings/{meeting.pk}/cases/{world.case.pk}/minutes/"):
        page.goto(f"{live_server.url}{path}")
        if found := serious_violations(page):
            problems[path] = found
    page.goto(f"{live_server.url}/mappa/people/{world.case.pk}/level/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    if found := serious_violations(page):
        problems["level form with errors"] = found
    context.close()
    assert problems == {}
