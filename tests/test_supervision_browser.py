"""Supervision in a real browser, as a probation officer: a new community order with an unpaid work requirement,
unacceptable absences recorded, the first warning given, then breach action and the court's outcome, each step
as the page tells it."""
import datetime

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, day):
    page.locator(f"#id_{name}").fill(str(day.day))
    page.locator(f"#id_{name}_month").fill(str(day.month))
    page.locator(f"#id_{name}_year").fill(str(day.year))


def ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


def miss(page, base, on: datetime.date, reason: str):
    """Make an appointment on a past day and record it as an unacceptable absence."""
    page.goto(f"{base}appointments/add/")
    page.get_by_label("Order", exact=True).select_option(index=0)
    page.get_by_label("Supervision appointment", exact=True).check()
    fill_date(page, "on", on)
    page.get_by_label("Where").fill("Bradwell probation office")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Appointment made.")).to_be_visible()
    page.get_by_role("link", name=f"Record outcome of the appointment on {on:%-d %B %Y}").click()
    page.get_by_label("Missed: unacceptable absence", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for the absence")
    page.get_by_label("Reason for the absence").fill(reason)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()


def test_a_community_order_from_its_requirements_to_a_warning_and_a_breach_to_court(world, live_server, page):
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/orders/{world.case.pk}/")
    page.get_by_role("link", name="Add conviction or caution").click()
    page.get_by_label("Offence", exact=True).fill("Exposure")
    fill_date(page, "convicted_on", ago(90))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added conviction or caution.")).to_be_visible()
    page.get_by_role("link", name="Add sentence").click()
    page.get_by_label("Conviction").select_option(index=1)
    page.get_by_label("Type of sentence").select_option("community")
    fill_date(page, "sentenced_on", ago(90))
    page.get_by_label("Length in months").fill("18")
    fill_date(page, "order_end", ago(90) + datetime.timedelta(days=548))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added sentence.")).to_be_visible()

    base = f"{live_server.url}/supervision/{world.case.pk}/"
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    page.get_by_role("link", name="Supervision", exact=True).first.click()
    expect(page.get_by_role("heading", name="Supervision", exact=True)).to_be_visible()
    expect(page.get_by_text("No requirements recorded.")).to_be_visible()
    page.get_by_role("link", name="Add a requirement").click()
    page.get_by_label("Unpaid work", exact=True).check()
    fill_date(page, "starts_on", ago(80))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the hours of unpaid work ordered")
    page.get_by_label("Hours of unpaid work ordered").fill("120")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Requirement added.")).to_be_visible()
    requirements = page.get_by_role("region", name="Requirements")
    expect(requirements).to_contain_text("Unpaid work requirement")
    expect(requirements).to_contain_text("0 of 120 hours done, 120 left")

    miss(page, base, ago(40), "Said he overslept; no contact until the next day")
    enforcement = page.get_by_test_id("enforcement")
    expect(enforcement).to_contain_text("1 unacceptable absence in the last 12 months: a warning is due")
    page.get_by_role("link", name="Record a warning").click()
    page.get_by_label("Order", exact=True).select_option(index=0)
    page.get_by_label("The unacceptable absence it is for").select_option(index=1)
    page.get_by_role("radio", name="Warning", exact=True).check()
    fill_date(page, "given_on", ago(39))
    page.get_by_label("What the warning was for").fill("Missed his supervision appointment without good reason")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Warning recorded.")).to_be_visible()
    expect(enforcement).to_contain_text("a warning taken")
    expect(page.get_by_text(f"Warning given {ago(39):%-d %B %Y} by")).to_be_visible()

    miss(page, base, ago(20), "Went to a friend's instead")
    expect(enforcement).to_contain_text("2 unacceptable absences in the last 12 months: a final warning is due")
    miss(page, base, ago(3), "No reason given")
    expect(enforcement).to_contain_text("3 unacceptable absences in the last 12 months: breach action (return to court) is due")
    expect(enforcement.get_by_text("Breach action due")).to_be_visible()

    page.get_by_role("link", name="Start breach action").click()
    page.get_by_label("Order", exact=True).select_option(index=0)
    fill_date(page, "occurred_on", ago(3))
    page.get_by_label("What the breach is").fill("Three unacceptable absences in 12 months")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Breach action recorded: the order returns to court.")).to_be_visible()
    expect(page.get_by_text("No court outcome recorded yet")).to_be_visible()
    expect(enforcement).not_to_contain_text("is due")

    page.get_by_role("link", name=f"Record the court's decision on the breach of {ago(3):%-d %B %Y}").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the court")
    page.get_by_label("Court", exact=True).fill("Bradwell Magistrates' Court")
    fill_date(page, "heard_on", ago(1))
    page.get_by_label("What you proposed to the court").fill("Continue the order with a curfew added")
    page.get_by_label("Order to continue with a requirement added or made more onerous").check()
    page.get_by_label("Details", exact=True).fill("Curfew 7pm to 7am for three months")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Court outcome recorded.")).to_be_visible()
    expect(page.get_by_text("Court outcome of a breach: order to continue with a requirement added or made more onerous"
                            )).to_be_visible()
    expect(page.get_by_text("at Bradwell Magistrates' Court: Curfew 7pm to 7am for three months")).to_be_visible()
    assert page.csp_errors == []
