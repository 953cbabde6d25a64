"""In a real browser: add a licence by choosing the sentence it was issued under, then change the sentence's
licence expiry and see the licence follow."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mappa.licences.models import Licence
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS
from tests.browser import serious_violations, sign_in

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def sentence_for(w):
    conviction = orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["convictions"],
                                      data={"offence": "Wounding with intent", "convicted_on": days(-800), "violent": True})
    return orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["sentences"], data=dict(
        conviction=conviction, kind="custody", sentenced_on=days(-790), length_months=Decimal("24"), custody_from=days(-790),
        release_kind="automatic", released_on=days(-100), licence_start=days(-100), licence_end=days(300),
        sentence_expiry=days(400)))


def test_a_licence_takes_its_dates_from_the_sentence_and_follows_it(world, live_server, page):  # noqa: F811
    sentence = sentence_for(world)
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/licences/people/{world.case.pk}/licences/new/")
    page.get_by_label(str(sentence), exact=False).check()
    page.get_by_label("Issued by").fill("HMP Brackford, for the Secretary of State")
    page.get_by_role("button", name="Save").click()
    dates_from = page.get_by_test_id("dates-from")
    assert "The sentence it was issued under" in dates_from.inner_text()
    assert f"{days(300):%-d %B %Y}" in page.locator(".govuk-summary-list").first.inner_text()

    # Change the sentence's licence expiry on the orders page: the licence follows.
    dates_from.get_by_role("link").click()
    new_end = days(250)
    page.locator("#id_licence_end").fill(str(new_end.day))
    page.locator("#id_licence_end_month").fill(str(new_end.month))
    page.locator("#id_licence_end_year").fill(str(new_end.year))
    page.get_by_role("button", name="Save").click()
    licence = Licence.objects.get()
    assert licence.end_date == new_end
    page.goto(f"{live_server.url}/licences/{licence.pk}/")
    assert f"{new_end:%-d %B %Y}" in page.locator(".govuk-summary-list").first.inner_text()
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    assert f"On licence until {new_end:%-d %B %Y}" in page.get_by_test_id("legal-status").inner_text()
    assert page.csp_errors == []


def test_the_licence_form_has_no_serious_accessibility_issues(world, live_server, browser):
    sentence = sentence_for(world)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/licences/people/{world.case.pk}/licences/new/")
    assert page.get_by_label(str(sentence), exact=False).count() == 1
    assert serious_violations(page) == []
    context.close()
