"""The case page: one case header and sub navigation on every page about a person (mappa.nominals.case,
templates/nominals/_case.html), an overview of summary cards with what needs doing and the actions at the
top, and the markers that parts register (extensions.case_markers)."""
import datetime
import re

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from mappa.core import extensions
from mappa.nominals.models import Identifier
from tests.page_style import visible_text

# Where a page's address holds the person's record number: the register's pages and each part's.
PERSON_ROUTE = re.compile(r"^(people|mappa/people|risk/people|orders|licences/people|plans|victims/people|visits|"
                          r"intelligence|safeguarding/people|supervision)/<id:pk>/")
KIND_FOR = {"people": "addresses", "orders": "convictions", "risk/people": "ogrs3"}


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def person_pages(pk) -> list[str]:
    """Every page address holding a person's record number and nothing that needs another record's id."""
    pages = []
    for route in _routes(get_resolver().url_patterns):
        match = PERSON_ROUTE.match(route)
        if not match or re.search(r"<id:(?!pk>)", route) or route.endswith("/photo/"):
            continue
        kind = KIND_FOR.get(match.group(1), "")
        pages.append("/" + route.replace("<id:pk>", str(pk)).replace("<slug:kind>", kind))
    return pages


def header(page: str) -> str:
    found = re.search(r'<div class="app-case-header" data-testid="case-header">.*?</nav>', page, re.S)
    assert found, "no case header"
    return found.group(0)


def test_every_page_about_a_person_carries_the_case_header(world, login):
    pages = person_pages(world.case.pk)
    shown = set()
    # The case's manager, and a supervisor for the pages only a supervisor opens (merging a duplicate).
    for user in (world.om, world.probation_sup):
        client = login(user)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                assert response.status_code in (200, 302, 403, 404, 405), f"{url} answered {response.status_code}"
                continue  # a download, a POST-only action, a redirect or a page for someone else: no page to head
            page = response.content.decode()
            assert page.count('data-testid="case-header"') == 1, url
            assert "DAVIS, Jonah" in header(page), url
            shown.add(url)
    # Not pages: a download, a POST-only action; and forms this case's state does not offer yet (no MAPPA
    # eligibility to end, no plan to review), which redirect to the part's page.
    not_pages = ("/export/", "/prompt-seen/", ".pdf", "/mappa/people/{}/end/", "/plans/{}/reviews/add/")
    unheaded = [url for url in pages if url not in shown and not url.endswith(tuple(n.format(world.case.pk) for n in not_pages))]
    assert unheaded == []
    # The part pages named in the issue, and forms of every part.
    for must in ("/people/{}/", "/risk/people/{}/", "/licences/people/{}/", "/orders/{}/", "/plans/{}/",
                 "/visits/{}/", "/victims/people/{}/", "/mappa/people/{}/", "/people/{}/addresses/new/"):
        assert must.format(world.case.pk) in shown
    assert len(shown) >= 30


def test_the_header_says_category_level_rosh_and_legal_status(world, login):
    from mappa.arrangements import services as mappa

    today = timezone.localdate()
    page = login(world.om).get(f"/risk/people/{world.case.pk}/").content.decode()
    assert "None recorded" in header(page) and "Not assessed" in header(page)
    assert "No current sentence or order recorded" in header(page)
    mappa.identify(actor=world.om, nominal=world.case, category=1, identified_on=today, basis="Registered")
    mappa.decide_level(actor=world.om, nominal=world.case, level=1, forum="lead_agency", decided_on=today,
                       rationale="Reviewed", information_considered="OASys")
    page = login(world.om).get(f"/risk/people/{world.case.pk}/").content.decode()
    assert re.search(r'data-testid="case-mappa">Category 1, level 1<', header(page))


def test_the_header_shows_the_pnc_number_only_to_readers_who_may_see_it(world, login):
    Identifier.objects.filter(pk=world.pnc.pk).update(handling="intelligence", agency=world.police.agency,
                                                     handling_set_by=world.police.agency)
    police = login(world.police).get(f"/people/{world.case.pk}/").content.decode()
    assert "2009/0012345A" in header(police)
    assert "[INTELLIGENCE" in police.split("</p>")[0]  # the page's marking takes in what the header shows
    probation = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "2009/0012345A" not in probation and "<dt>PNC</dt>" not in probation


@pytest.fixture
def markers(monkeypatch):
    """Only the test's marker provider (the tabs and panels the parts register stay)."""
    monkeypatch.setattr(extensions.registry, "markers", [])


def test_registered_markers_show_in_the_header_of_every_person_page_for_those_they_are_for(world, login, markers):
    @extensions.case_markers
    def safeguarding(user, nominal):
        shown = [extensions.CaseMarker("Children", "A child lives at the current address", "", "caution")]
        if user.agency.kind == "police":
            shown.append(extensions.CaseMarker("Staff safety", "Visit in pairs", f"/people/{nominal.pk}/details/",
                                               "warning", "OFFICIAL-SENSITIVE [INTELLIGENCE WITH HANDLING CONDITIONS]"))
        return shown

    police = login(world.police)
    for url in (f"/people/{world.case.pk}/", f"/plans/{world.case.pk}/", f"/people/{world.case.pk}/details/"):
        page = police.get(url).content.decode()
        top = header(page)
        assert '<strong class="govuk-tag govuk-tag--red">Staff safety</strong>' in top, url
        assert f'href="/people/{world.case.pk}/details/">Visit in pairs</a>' in top, url
        assert '<strong class="govuk-tag govuk-tag--orange">Children</strong>' in top, url
        assert "[INTELLIGENCE WITH HANDLING CONDITIONS]" in page.split("</p>")[0], url
    probation = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Children" in header(probation) and "Staff safety" not in probation
    assert "[INTELLIGENCE" not in probation.split("</p>")[0]
    assert extensions.markers_for(world.om, world.case) == [
        extensions.CaseMarker("Children", "A child lives at the current address", "", "caution")]


def test_the_sub_navigation_marks_the_part_the_page_belongs_to(world, login):
    client = login(world.om)
    pk = world.case.pk
    for url, tab in ((f"/people/{pk}/", "Overview"), (f"/people/{pk}/details/", "Personal details"),
                     (f"/people/{pk}/addresses/new/", "Personal details"), (f"/people/{pk}/activities/", "Activity log"),
                     (f"/risk/people/{pk}/timeline/", "Risk"), (f"/plans/{pk}/items/add/", "Plan"),
                     (f"/orders/{pk}/convictions/new/", "Sentences and orders"), (f"/people/{pk}/history/", None)):
        current = re.findall(r'aria-current="page">([^<]+)</a>', header(client.get(url).content.decode()))
        assert current == ([tab] if tab else []), url


def test_the_overview_puts_the_actions_first_and_download_out_of_the_tabs(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    actions = page.index('data-testid="case-actions"')
    assert actions < page.index("What needs doing") < page.index('id="recent-activity"')
    assert page.index("Add an entry to the activity log") < page.index("What needs doing")
    assert "Download (JSON)" not in header(page) and "Download (JSON)" in page[actions:page.index("What needs doing")]
    # The register's items have their own tab; the overview names none of them.
    assert "Smyth" not in page
    assert "John Smyth" in login(world.om).get(f"/people/{world.case.pk}/details/").content.decode()


def test_what_needs_doing_lists_the_readers_work_on_this_person_overdue_first(world, login, monkeypatch):
    today = timezone.localdate()
    monkeypatch.setattr(extensions.registry, "work", [])

    @extensions.work_list
    def work(user, day):
        return [extensions.WorkItem(world.case.pk, "Jonah Davis", "Review the plan", today + datetime.timedelta(days=3), "/a"),
                extensions.WorkItem(world.case.pk, "Jonah Davis", "Record the visit", today - datetime.timedelta(days=2), "/b"),
                extensions.WorkItem(world.unallocated.pk, "Someone Else", "Not this person", today, "/c")]

    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    due = visible_text(page.split('data-testid="due"')[1].split("</ul>")[0])
    assert due.index("Overdue Record the visit") < due.index("Due Review the plan")
    assert "Not this person" not in page
    monkeypatch.setattr(extensions.registry, "work", [])
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Nothing on your work list is due for this person." in page


def test_the_plan_names_each_missing_thing_once(world, login):
    from mappa.plans import queries

    state = queries.plan_state(world.om, world.case, timezone.localdate())
    assert state.gaps
    text = visible_text(login(world.om).get(f"/plans/{world.case.pk}/").content.decode())
    requirements = {r.key: r.text for r, _ in state.requirements}
    for gap in state.gaps:
        # A requirement not covered is named in its table row only; the summary counts those rows.
        named = requirements[gap.requirement_key] if gap.code == "requirement" else gap.message
        assert text.count(named) == 1, named


def test_safeguarding_markers_are_in_the_header_for_those_who_may_see_them(world, login):
    from mappa.safeguarding import services as safeguarding

    safeguarding.add_marker(actor=world.om, nominal=world.case, data={
        "kind": "staff_safety", "text": "Threatened staff with a knife at his last address", "other_nominal": None,
        "active_from": timezone.localdate(), "ended_on": None})
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    markers = page.split('data-testid="case-markers"')[1].split("</ul>")[0]
    assert "Staff safety" in markers and "govuk-tag--red" in markers and "Threatened staff" in markers
    # The same on every page about him, the part's own pages too.
    assert "Threatened staff" in login(world.om).get(f"/intelligence/{world.case.pk}/").content.decode()
    assert "Threatened staff" not in login(world.south).get(f"/people/{world.case.pk}/").content.decode()
