"""MAPPA pages and API: who may see and change what, audit, bad input, stale saves, restricted parts of minutes."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.arrangements import services
from mappa.arrangements.models import Action, Eligibility, LevelDecision, Meeting
from mappa.audit.models import AuditEvent
from mappa.core import facts

TODAY = timezone.localdate()
D = datetime.timedelta(days=1)


def date_post(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def mappa(world):
    w = world
    services.identify(actor=w.om, nominal=w.case, category=1, identified_on=TODAY - 30 * D, basis="Registered")
    w.meeting = services.arrange_meeting(actor=w.coordinator, kind=Meeting.Kind.LEVEL2, held_on=TODAY, venue="Room 2", chair=w.coordinator)
    services.add_to_agenda(actor=w.coordinator, meeting=w.meeting, nominal=w.case)
    services.add_attendee(actor=w.coordinator, meeting=w.meeting, agency=w.agencies["childrens_services"], name="Children Tester")
    w.minute = services.record_minute(actor=w.coordinator, meeting=w.meeting, nominal=w.case, summary="Agreed level 2 management",
                                      disclosure_considered=True, disclosure_decision="Disclose to the new partner",
                                      decisions="Weekly home visits")
    w.victim_minute = services.record_minute(actor=w.coordinator, meeting=w.meeting, nominal=w.case, handling="victim",
                                             summary="VICTIM-ONLY: the victim asked to be told of any move")
    w.action = services.add_action(actor=w.coordinator, meeting=w.meeting, nominal=w.case, description="Joint home visit",
                                   owner_user=w.police, owner_name="", owner_agency=None, purpose="restrictive", due_on=TODAY + 7 * D)
    w.decision = services.decide_level(actor=w.coordinator, nominal=w.case, level=2, forum="meeting", meeting=w.meeting,
                                       decided_on=TODAY, rationale="Needs police and children's services", information_considered="OASys")
    return w


PAGES = ["/mappa/people/{case}/", "/api/v1/mappa/people/{case}/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_case_mappa_page_is_for_those_who_may_see_the_record(mappa, login, client, url):
    url = url.format(case=mappa.case.pk)
    assert client.get(url).status_code in (302, 401, 403)
    for user in (mappa.om, mappa.police, mappa.children, mappa.housing, mappa.coordinator):
        assert login(user).get(url).status_code == 200, user
    for user in (mappa.south, mappa.other_office, mappa.health, mappa.admin, mappa.south_coordinator):
        assert login(user).get(url).status_code == 404, user
    assert AuditEvent.objects.filter(action="view", nominal=mappa.case, actor=mappa.om).exists()


def test_the_case_page_panel_shows_category_level_rationale_and_next_review(mappa, login):
    page = login(mappa.om).get(f"/people/{mappa.case.pk}/").content.decode()
    assert 'id="mappa"' in page
    assert "Category 1: registered sexual offender" in page
    assert "Level 2: active multi-agency management" in page
    assert "Needs police and children&#x27;s services" in page


def test_the_panel_uses_a_fixed_number_of_queries(mappa, login):
    from mappa.arrangements.registrations import panel_context

    with CaptureQueriesContext(connection) as few:
        panel_context(mappa.om, mappa.case)
    for n in range(15):
        services.add_action(actor=mappa.coordinator, meeting=mappa.meeting, nominal=mappa.case, description=f"Action {n}",
                            owner_user=mappa.om, owner_name="", owner_agency=None, purpose="constructive", due_on=TODAY + D)
        services.decide_level(actor=mappa.coordinator, nominal=mappa.case, level=2, forum="meeting", meeting=mappa.meeting,
                              decided_on=TODAY, rationale=f"Review {n}", information_considered="OASys")
    with CaptureQueriesContext(connection) as many:
        panel_context(mappa.om, mappa.case)
    assert len(many) == len(few)


def test_an_overdue_review_is_flagged_on_the_panel_and_the_coordinator_view(world, login):
    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY - 300 * D, basis="Wounding, 4 years")
    services.decide_level(actor=world.om, nominal=world.case, level=1, forum="lead_agency", decided_on=TODAY - 200 * D,
                          rationale="Stable", information_considered="OASys")
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Overdue" in page
    coord = login(world.coordinator).get("/mappa/co-ordinator/").content.decode()
    overdue = coord[coord.index('id="overdue-reviews"'):coord.index('id="overdue-actions"')]
    assert "Jonah Davis" in overdue
    single = coord[coord.index('id="single-agency"'):coord.index('id="overdue-reviews"')]
    assert "Jonah Davis" in single and "Lead agency alone" in single


def test_the_coordinator_view_is_for_coordinators_only(mappa, login, client):
    assert client.get("/mappa/co-ordinator/").status_code == 302
    assert login(mappa.om).get("/mappa/co-ordinator/").status_code == 403
    page = login(mappa.south_coordinator).get("/mappa/co-ordinator/").content.decode()
    assert "Jonah Davis" not in page
    page = login(mappa.coordinator).get("/mappa/co-ordinator/").content.decode()
    assert "Jonah Davis" in page and "MAPPA co-ordinator" in page


def test_identify_page_shows_the_proposal_with_sources_and_confirms(world, login, monkeypatch):
    src = facts.Source("SOPO made 2019")
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(notification_requirements=facts.Flag(True, src))])
    client = login(world.om)
    page = client.get(f"/mappa/people/{world.case.pk}/identify/").content.decode()
    assert "The system proposes: Category 1" in page and "SOPO made 2019" in page
    response = client.post(f"/mappa/people/{world.case.pk}/identify/", {"category": "1", **date_post("identified_on", TODAY),
                                                                        "lead_agency": world.om.agency_id})
    assert response.status_code == 302
    assert Eligibility.objects.get(nominal=world.case).category == 1
    assert login(world.housing).get(f"/mappa/people/{world.case.pk}/identify/").status_code == 403


def test_a_level_change_without_rationale_shows_a_clear_error_and_changes_nothing(mappa, login):
    before = LevelDecision.objects.count()
    response = login(mappa.om).post(f"/mappa/people/{mappa.case.pk}/level/", {
        "level": "1", "forum": "lead_agency", **date_post("decided_on", TODAY), "rationale": "", "information_considered": "OASys"})
    assert response.status_code == 200
    assert "Give the rationale for the level decision" in response.content.decode()
    assert LevelDecision.objects.count() == before


def test_the_referral_prompt_must_be_seen_before_a_level_is_recorded(mappa, login, monkeypatch):
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="high")])
    services.decide_level(actor=mappa.om, nominal=mappa.case, level=1, forum="lead_agency", decided_on=TODAY,
                          rationale="Step down", information_considered="OASys")
    client = login(mappa.om)
    assert "Consider whether this case needs a referral" in client.get(f"/mappa/people/{mappa.case.pk}/").content.decode()
    data = {"level": "1", "forum": "lead_agency", **date_post("decided_on", TODAY), "rationale": "Still manageable",
            "information_considered": "OASys"}
    response = client.post(f"/mappa/people/{mappa.case.pk}/level/", data)
    assert "Confirm that you have seen the prompt" in response.content.decode()
    response = client.post(f"/mappa/people/{mappa.case.pk}/level/", {**data, "suggestion_seen": "1"})
    assert response.status_code == 302
    assert "Prompt to consider referral seen by" in client.get(f"/mappa/people/{mappa.case.pk}/").content.decode()


def test_a_new_meeting_in_the_past_is_refused_on_the_page(world, login):
    response = login(world.coordinator).post("/mappa/meetings/new/", {
        "kind": "level2", **date_post("held_on", TODAY - D), "venue": "Room", "chair": world.coordinator.pk})
    assert "A new meeting cannot be arranged for a date in the past" in response.content.decode()
    assert not Meeting.objects.exists()
    assert login(world.om).get("/mappa/meetings/new/").status_code == 403


def test_an_action_without_an_owner_is_refused_on_the_page(mappa, login):
    before = Action.objects.count()
    response = login(mappa.coordinator).post(f"/mappa/meetings/{mappa.meeting.pk}/cases/{mappa.case.pk}/actions/", {
        "description": "Check the computer", "owner_name": "", "purpose": "restrictive", **date_post("due_on", TODAY + D)})
    page = response.content.decode()
    assert "Name the person who owns the action" in page and "Choose the agency that owns the action" in page
    assert Action.objects.count() == before


def test_the_meeting_page_leaves_out_parts_restricted_to_other_agencies(mappa, login):
    url = f"/mappa/meetings/{mappa.meeting.pk}/"
    assert "VICTIM-ONLY" in login(mappa.om).get(url).content.decode()
    page = login(mappa.children).get(url).content.decode()
    assert "Agreed level 2 management" in page and "VICTIM-ONLY" not in page
    assert "restricted to other agencies" in page
    assert login(mappa.south).get(url).status_code == 404


def test_minutes_pdf_is_marked_and_leaves_out_restricted_parts(mappa, login, monkeypatch):
    from mappa.core import pdf

    rendered = {}

    def fake(template, context, *, marking, title):
        from django.template.loader import render_to_string

        rendered["html"] = render_to_string(template, {**context, "marking": marking, "title": title})
        rendered["marking"] = marking
        return b"%PDF-fake"

    monkeypatch.setattr(pdf, "render_pdf_bytes", fake)
    response = login(mappa.children).get(f"/mappa/meetings/{mappa.meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert rendered["marking"] == "OFFICIAL-SENSITIVE"
    assert "Agreed level 2 management" in rendered["html"] and "VICTIM-ONLY" not in rendered["html"]
    assert "left out of this copy" in rendered["html"]
    assert AuditEvent.objects.filter(action="export", actor=mappa.children, object_type="meeting").exists()
    login(mappa.om).get(f"/mappa/meetings/{mappa.meeting.pk}/minutes.pdf")
    assert "VICTIM-ONLY" in rendered["html"]


def test_the_real_minutes_pdf_renders(mappa, login):
    # The chair's pack is built in the background: tests/test_arrangements_packs.py.
    response = login(mappa.coordinator).get(f"/mappa/meetings/{mappa.meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_action_page_refuses_a_stale_update(mappa, login):
    client = login(mappa.police)
    url = f"/mappa/actions/{mappa.action.pk}/"
    assert client.get(url).status_code == 200
    services.update_action(actor=mappa.coordinator, action=mappa.action, status="cancelled", evidence="Superseded", version=1)
    response = client.post(url, {"version": "1", "status": "done", "evidence": "Visited"})
    assert "Someone else updated this action" in response.content.decode()
    assert Action.objects.get(pk=mappa.action.pk).status == "cancelled"
    assert login(mappa.south).get(url).status_code == 404


def test_work_list_shows_actions_the_user_owns_and_reviews_due(mappa, login):
    page = login(mappa.police).get("/").content.decode()
    assert "MAPPA action: Joint home visit" in page


def test_api_level_decision_and_action_update(mappa, login, client):
    url = f"/api/v1/mappa/people/{mappa.case.pk}/level-decisions/"
    assert client.get(url).status_code in (401, 403)
    api = login(mappa.coordinator)
    bad = api.post(url, {"level": 3, "forum": "meeting", "meeting": mappa.meeting.pk, "decided_on": str(TODAY),
                         "rationale": "", "information_considered": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "rationale" in bad.json()["errors"]
    ok = api.post(url, {"level": 3, "forum": "meeting", "meeting": mappa.meeting.pk, "decided_on": str(TODAY),
                        "rationale": "Media interest", "information_considered": "Police"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["previous_level"] == 2
    assert login(mappa.housing).post(url, {}, content_type="application/json").status_code in (400, 403)
    assert login(mappa.south).get(url).status_code == 404
    action_url = f"/api/v1/mappa/actions/{mappa.action.pk}/"
    police = login(mappa.police)
    assert police.patch(action_url, {"status": "done", "evidence": "Visited", "version": 1}, content_type="application/json").status_code == 200
    assert police.patch(action_url, {"status": "open", "version": 1}, content_type="application/json").status_code == 409
    meetings = login(mappa.children).get("/api/v1/mappa/meetings/").json()
    assert meetings[0]["agenda"] == [mappa.case.pk]
    assert login(mappa.south).get("/api/v1/mappa/meetings/").json() == []


def test_every_case_shown_on_a_meeting_page_is_audited_as_read(mappa, login):
    login(mappa.children).get(f"/mappa/meetings/{mappa.meeting.pk}/")
    assert AuditEvent.objects.filter(action="view", actor=mappa.children, nominal=mappa.case, object_type="meeting").exists()


def test_the_chair_sees_overdue_actions_of_their_meetings_on_the_work_list(mappa, login):
    from mappa.arrangements.registrations import work

    Action.objects.filter(pk=mappa.action.pk).update(due_on=TODAY - 3 * D)
    items = work(mappa.coordinator, TODAY)
    overdue = [i for i in items if i.kind == "mappa_action_chair"]
    assert overdue and overdue[0].overdue_on(TODAY) and "Joint home visit" in overdue[0].what
    # The owner sees it too, as their own action.
    assert any(i.kind == "mappa_action" and i.overdue_on(TODAY) for i in work(mappa.police, TODAY))
    # Someone in another area sees nothing.
    assert work(mappa.south, TODAY) == []


def test_a_coordinator_is_told_of_every_level_1_case_and_sees_unscreened_identifications(world, login):
    from mappa.core.models import Notification

    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY, basis="Robbery, 3 years")
    page = login(world.coordinator).get("/mappa/co-ordinator/").content.decode()
    unscreened = page[page.index('id="unscreened"'):page.index("Open referrals")]
    assert "Jonah Davis" in unscreened
    services.decide_level(actor=world.om, nominal=world.case, level=1, forum="lead_agency", decided_on=TODAY,
                          rationale="Probation can manage", information_considered="OASys")
    assert Notification.objects.filter(recipient=world.coordinator, kind="mappa_level1", nominal=world.case).exists()
    assert Notification.objects.filter(recipient=world.south_coordinator).count() == 0


def test_api_identification_referral_and_screening(world, login, client):
    url = f"/api/v1/mappa/people/{world.case.pk}/eligibility/"
    assert client.post(url, {}, content_type="application/json").status_code in (401, 403)
    om = login(world.om)
    bad = om.post(url, {"category": 3, "identified_on": str(TODAY)}, content_type="application/json")
    assert bad.status_code == 400 and "link_to_risk" in bad.json()["errors"]
    assert om.post(url, {"category": 2, "identified_on": str(TODAY), "basis": "Robbery, 3 years"},
                   content_type="application/json").status_code == 201
    assert login(world.south).get(url).status_code == 404
    assert login(world.housing).post(url, {"category": 2, "identified_on": str(TODAY), "basis": "x"},
                                     content_type="application/json").status_code == 403
    ref_url = f"/api/v1/mappa/people/{world.case.pk}/referrals/"
    form = {"requested_level": 2, "referred_on": str(TODAY), "reason": "New partner", "risk_summary": "High RoSH",
            "cannot_manage_alone": "Household checks", "asks_of_agencies": "Police visit"}
    assert login(world.om).post(ref_url, {**form, "risk_summary": ""}, content_type="application/json").status_code == 400
    referral = login(world.om).post(ref_url, form, content_type="application/json").json()
    screen = f"/api/v1/mappa/referrals/{referral['id']}/screening/"
    coord = login(world.coordinator)
    assert coord.post(screen, {"outcome": "accepted", "version": referral["version"]}, content_type="application/json").status_code == 400
    ok = coord.post(screen, {"outcome": "accepted", "accepted_level": 2, "version": referral["version"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert coord.post(screen, {"outcome": "returned", "outcome_reasons": "x", "version": referral["version"]},
                      content_type="application/json").status_code in (400, 409)


def test_the_panel_shows_what_the_records_suggest_for_a_person_not_yet_identified(world, login, monkeypatch):
    src = facts.Source("Notification requirements, 2019")
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(notification_requirements=facts.Flag(True, src))])
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Not a current MAPPA case" in page and "Category 1: registered sexual offender" in page
    assert "Notification requirements, 2019" in page and "Confirm MAPPA eligibility and category" in page
    assert "Confirm MAPPA eligibility" not in login(world.housing).get(f"/people/{world.case.pk}/").content.decode()


def test_a_refused_level_decision_does_not_record_the_prompt_as_seen(mappa, login, monkeypatch):
    from mappa.arrangements.models import SuggestionSeen

    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="high")])
    services.decide_level(actor=mappa.om, nominal=mappa.case, level=1, forum="lead_agency", decided_on=TODAY,
                          rationale="Step down", information_considered="OASys")
    response = login(mappa.om).post(f"/mappa/people/{mappa.case.pk}/level/", {
        "level": "1", "forum": "lead_agency", **date_post("decided_on", TODAY), "rationale": "",
        "information_considered": "OASys", "suggestion_seen": "1"})
    assert "Give the rationale for the level decision" in response.content.decode()
    assert not SuggestionSeen.objects.exists()


def test_the_meeting_page_shows_the_level_review_of_each_case(mappa, login):
    page = login(mappa.coordinator).get(f"/mappa/meetings/{mappa.meeting.pk}/").content.decode()
    assert "Level review:</strong> Level 2: active multi-agency management (Needs police" in page


def test_the_level_form_opened_from_a_meeting_names_that_meeting(mappa, login):
    page = login(mappa.coordinator).get(f"/mappa/people/{mappa.case.pk}/level/?meeting={mappa.meeting.pk}").content.decode()
    assert f'<option value="{mappa.meeting.pk}" selected>' in page
    assert 'value="meeting" checked' in page


def test_the_coordinator_can_list_the_cases_in_one_category_and_level(mappa, login):
    services.identify(actor=mappa.other_office, nominal=mappa.elsewhere, category=2, identified_on=TODAY, basis="Robbery")
    client = login(mappa.coordinator)
    page = client.get("/mappa/co-ordinator/").content.decode()
    assert 'href="?category=1&amp;level=2#all-cases">1</a>' in page
    listed = client.get("/mappa/co-ordinator/?category=2&level=0").content.decode()
    table = listed[listed.index('id="all-cases"'):]
    assert "Jon Davies" in table and "Jonah Davis" not in table


def test_a_meeting_is_moved_with_a_check_for_stale_saves_and_never_into_the_past(world, login):
    m = services.arrange_meeting(actor=world.coordinator, kind="level2", held_on=TODAY + 7 * D, venue="Room 2", chair=world.coordinator)
    client = login(world.coordinator)
    url = f"/mappa/meetings/{m.pk}/change/"
    form = {"version": "1", **date_post("held_on", TODAY - D), "venue": "Room 3", "chair": world.coordinator.pk, "status": "planned"}
    assert "A new meeting cannot be arranged for a date in the past" in client.post(url, form).content.decode()
    assert Meeting.objects.get(pk=m.pk).venue == "Room 2"
    assert client.post(url, {**form, **date_post("held_on", TODAY + 14 * D)}).status_code == 302
    stale = client.post(url, {**form, **date_post("held_on", TODAY + 21 * D), "venue": "Room 9"}).content.decode()
    assert "What someone else changed since you opened this" in stale and "Room 3" in stale
    assert Meeting.objects.get(pk=m.pk).held_on == TODAY + 14 * D
    assert login(world.om).get(url).status_code == 403
    assert login(world.south_coordinator).get(url).status_code == 404
    services.change_meeting(actor=world.coordinator, meeting=m, held_on=TODAY + 14 * D, venue="Room 3", chair=world.coordinator,
                            status="cancelled", version=2)
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY, basis="Registered")
    with pytest.raises(Exception, match="cancelled"):
        services.add_to_agenda(actor=world.coordinator, meeting=m, nominal=world.case)


def test_a_long_level_history_is_paginated(mappa, login):
    for n in range(25):
        services.decide_level(actor=mappa.coordinator, nominal=mappa.case, level=2, forum="meeting", meeting=mappa.meeting,
                              decided_on=TODAY, rationale=f"Review number {n}", information_considered="OASys")
    client = login(mappa.om)
    first = client.get(f"/mappa/people/{mappa.case.pk}/").content.decode()
    assert "Review number 24" in first and "Needs police and children" not in first
    assert "govuk-pagination" in first
    second = client.get(f"/mappa/people/{mappa.case.pk}/?page=2").content.decode()
    assert "Needs police and children" in second


def test_the_panel_asks_for_a_check_when_the_records_now_show_another_category(world, login, monkeypatch):
    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY, basis="Wounding, 2 years")
    assert "Check the category" not in login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(notification_requirements=facts.Flag(True))])
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Check the category" in page and "The records held now show Category 1" in page


def test_reviews_due_soon_or_overdue_are_on_the_managers_and_coordinators_work_lists(world):
    from mappa.arrangements.registrations import work

    services.identify(actor=world.om, nominal=world.case, category=2, identified_on=TODAY - 300 * D, basis="Wounding")
    services.decide_level(actor=world.om, nominal=world.case, level=1, forum="lead_agency", decided_on=TODAY - 200 * D,
                          rationale="Stable", information_considered="OASys")
    services.identify(actor=world.other_office, nominal=world.elsewhere, category=2, identified_on=TODAY, basis="Robbery")
    services.decide_level(actor=world.other_office, nominal=world.elsewhere, level=1, forum="lead_agency", decided_on=TODAY,
                          rationale="Stable", information_considered="OASys")
    mine = [i for i in work(world.om, TODAY) if i.kind == "mappa_review"]
    assert [(i.nominal_name, i.overdue_on(TODAY)) for i in mine] == [("Jonah Davis", True)]
    assert [i.nominal_name for i in work(world.coordinator, TODAY) if i.kind == "mappa_review"] == ["Jonah Davis"]
    assert all(i.kind != "mappa_review" for i in work(world.police, TODAY))  # a partner, not the manager


def test_the_coordinator_view_counts_in_the_database_and_caps_its_lists(mappa, login, monkeypatch):
    """Found by `make bench`: a London co-ordinator's 35,000 cases took 9 seconds when every case was
    loaded into Python and every level 1 case listed. The queries must not grow with the area."""
    from mappa.arrangements import queries

    monkeypatch.setattr(queries, "COORDINATOR_LIST_LIMIT", 1)
    client = login(mappa.coordinator)
    services.decide_level(actor=mappa.coordinator, nominal=mappa.case, level=1, forum="lead_agency", decided_on=TODAY,
                          decided_by=mappa.om, rationale="Stable", information_considered="OASys")
    client.get("/mappa/co-ordinator/")
    with CaptureQueriesContext(connection) as one:
        page = client.get("/mappa/co-ordinator/").content.decode()
    assert "And 1 more." not in page
    services.identify(actor=mappa.other_office, nominal=mappa.elsewhere, category=2, identified_on=TODAY, basis="Robbery")
    services.decide_level(actor=mappa.other_office, nominal=mappa.elsewhere, level=1, forum="lead_agency",
                          decided_on=TODAY, rationale="Stable", information_considered="OASys")
    with CaptureQueriesContext(connection) as two:
        page = client.get("/mappa/co-ordinator/").content.decode()
    assert len(two.captured_queries) == len(one.captured_queries)
    single = page[page.index('id="single-agency"'):page.index('id="overdue-reviews"')]
    assert "And 1 more." in single
    assert '?category=2&amp;level=1#all-cases">1</a>' in page  # counted by the database for the table


def _figures_from_history(coordinator):
    """The co-ordinator view's figures worked out the long way, from every decision (as before the decision
    in force was kept on each episode)."""
    from mappa.access import policy

    latest = {}
    for d in LevelDecision.objects.order_by("eligibility_id", "-decided_on", "-id"):
        latest.setdefault(d.eligibility_id, d)
    grid = {(c, lv): 0 for c in (1, 2, 3) for lv in (None, 1, 2, 3)}
    unscreened, single, overdue = [], [], []
    cases = (Eligibility.objects.filter(nominal__in=policy.nominals_for(coordinator), ended_on__isnull=True)
             .filter(policy.handling_scope(coordinator)).select_related("nominal"))
    for e in cases:
        d = latest.get(e.pk)
        grid[(e.category, d.level if d else None)] += 1
        if d is None:
            unscreened.append(e.nominal.full_name)
        elif d.level == 1 and d.single_agency:
            single.append(e.nominal.full_name)
        if d and d.next_review < TODAY:
            overdue.append(e.nominal.full_name)
    return grid, sorted(unscreened), sorted(single), sorted(overdue)


def test_the_coordinator_view_shows_each_case_at_the_level_of_its_latest_decision(world, login):
    from mappa.arrangements import queries
    from mappa.nominals import services as register

    people = {name: register.create_nominal(actor=world.om, manager=world.om, data={"first_name": name, "last_name": "Tester"})
              for name in ("Una", "Sol", "Mia", "Lev", "Bea", "Ola")}
    people["South"] = world.south_case

    def identify(name, category=1, actor=None):
        return services.identify(actor=actor or world.om, nominal=people[name], category=category,
                                 identified_on=TODAY - 400 * D, basis="Registered")

    def decide(name, level=1, days_ago=0, forum="lead_agency", actor=None, meeting=None):
        return services.decide_level(actor=actor or world.om, nominal=people[name], level=level, forum=forum, meeting=meeting,
                                     decided_on=TODAY - days_ago * D, rationale="Reviewed", information_considered="OASys")

    for name in ("Una", "Sol", "Mia", "Lev", "Bea"):
        identify(name, category=2 if name in ("Mia", "Bea") else 1)
    identify("South", actor=world.south)
    decide("South", actor=world.south)
    decide("Sol", days_ago=10, forum="lead_agency")  # level 1 by one agency
    decide("Lev", days_ago=200)  # by one agency, and its review overdue
    m = services.arrange_meeting(actor=world.coordinator, kind=Meeting.Kind.LEVEL2, held_on=TODAY, venue="Room 2",
                                 chair=world.coordinator)
    services.add_to_agenda(actor=world.coordinator, meeting=m, nominal=people["Mia"])
    decide("Mia", level=2, forum="meeting", meeting=m, actor=world.coordinator)
    decide("Mia", level=1, days_ago=100)  # back-dated: Mia stays at level 2
    decide("Bea", level=1, days_ago=300)
    e = Eligibility.objects.get(nominal=people["Bea"])
    services.end_eligibility(actor=world.om, eligibility=e, ended_on=TODAY - D, reason="licence_ended", version=e.version)
    identify("Bea", category=2)  # a new episode: not yet screened

    grid, unscreened, single, overdue = _figures_from_history(world.coordinator)
    assert grid[(2, 2)] == 1 and grid[(2, None)] == 1 and grid[(1, None)] == 1  # Mia at 2; Bea, Una unscreened
    summary = queries.coordinator_summary(world.coordinator, TODAY)
    assert summary["grid"] == grid
    assert sorted(e.nominal.full_name for e in summary["unscreened"]) == unscreened == ["Bea Tester", "Una Tester"]
    assert sorted(e.nominal.full_name for e in summary["single_agency"]) == single == ["Lev Tester", "Sol Tester"]
    assert sorted(e.nominal.full_name for e in summary["overdue_reviews"]) == overdue == ["Lev Tester"]
    page = login(world.coordinator).get("/mappa/co-ordinator/").content.decode()
    assert 'href="?category=2&amp;level=2#all-cases">1</a>' in page and 'href="?category=1&amp;level=1#all-cases">2</a>' in page
    listed = login(world.coordinator).get("/mappa/co-ordinator/?category=2&level=2").content.decode()
    assert "Mia Tester" in listed[listed.index('id="all-cases"'):]


def test_the_api_refuses_a_level_decision_until_the_referral_prompt_is_confirmed(mappa, login, monkeypatch):
    from mappa.arrangements.models import SuggestionSeen

    monkeypatch.setattr(facts, "_providers", [lambda reader, n: facts.Facts(rosh="high")])
    services.decide_level(actor=mappa.om, nominal=mappa.case, level=1, forum="lead_agency", decided_on=TODAY,
                          rationale="Step down", information_considered="OASys")
    api = login(mappa.om)
    assert api.get(f"/api/v1/mappa/people/{mappa.case.pk}/").json()["referral_prompt"]["seen"] is False
    url = f"/api/v1/mappa/people/{mappa.case.pk}/level-decisions/"
    data = {"level": 1, "forum": "lead_agency", "decided_on": str(TODAY), "rationale": "Still manageable",
            "information_considered": "OASys"}
    before = LevelDecision.objects.count()
    refused = api.post(url, data, content_type="application/json")
    assert refused.status_code == 400 and "Confirm that you have seen the prompt" in refused.json()["errors"]["referral_prompt_seen"][0]
    assert LevelDecision.objects.count() == before and not SuggestionSeen.objects.exists()
    ok = api.post(url, {**data, "referral_prompt_seen": True}, content_type="application/json")
    assert ok.status_code == 201 and "referral_prompt_seen" not in ok.json()
    assert api.get(f"/api/v1/mappa/people/{mappa.case.pk}/").json()["referral_prompt"]["seen"] is True


def test_the_chair_list_offers_only_those_who_may_chair(world, login):
    page = login(world.coordinator).get("/mappa/meetings/new/").content.decode()
    chair = page[page.index('name="chair"'):page.index("</select>", page.index('name="chair"'))]
    for user in (world.om, world.probation_sup, world.police, world.coordinator):
        assert f'value="{user.pk}"' in chair, user
    for user in (world.housing, world.officer, world.admin, world.south, world.south_coordinator):
        assert f'value="{user.pk}"' not in chair, user
    response = login(world.coordinator).post("/mappa/meetings/new/", {
        "kind": "level2", **date_post("held_on", TODAY), "venue": "Room", "chair": world.housing.pk})
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_the_coordinator_is_offered_the_mappa_decisions_on_a_case_they_do_not_manage_and_nothing_else(world, login):
    services.identify(actor=world.other_office, nominal=world.elsewhere, category=1, identified_on=TODAY, basis="Registered")
    client = login(world.coordinator)
    page = client.get(f"/mappa/people/{world.elsewhere.pk}/").content.decode()
    assert "Record a level decision or review" in page
    assert "Refer for level 2 or 3" not in page and "End MAPPA eligibility" not in page
    assert client.get(f"/mappa/people/{world.elsewhere.pk}/level/").status_code == 200
    assert client.get(f"/mappa/people/{world.elsewhere.pk}/refer/").status_code == 403
    assert client.get(f"/mappa/people/{world.elsewhere.pk}/end/").status_code == 403


def test_minutes_are_offered_only_for_a_meeting_whose_day_has_come(world, login):
    """"Record minutes" was offered on a future meeting, then refused on saving."""
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY - 30 * D, basis="Registered")
    future = services.arrange_meeting(actor=world.coordinator, kind="screening", held_on=TODAY + 7 * D, venue="Room 2",
                                      chair=world.coordinator, starts_at=datetime.time(14, 30))
    today = services.arrange_meeting(actor=world.coordinator, kind="screening", held_on=TODAY, venue="Room 2",
                                     chair=world.coordinator)
    client = login(world.coordinator)
    for m in (future, today):
        services.add_to_agenda(actor=world.coordinator, meeting=m, nominal=world.case)
    page = client.get(f"/mappa/meetings/{future.pk}/").content.decode()
    assert "Record minutes" not in page and "Add an action" in page
    assert "2:30pm" in page and "Planned" in page  # the start time and the state
    minutes = f"/mappa/meetings/{today.pk}/cases/{world.case.pk}/minutes/"
    assert minutes in client.get(f"/mappa/meetings/{today.pk}/").content.decode()
    assert client.post(minutes, {"summary": "Discussed"}).status_code == 302
    assert Meeting.objects.get(pk=today.pk).status == Meeting.Status.HELD
    assert "Held" in client.get(f"/mappa/meetings/{today.pk}/").content.decode()


def test_the_level_form_hint_gives_the_latest_next_review_for_each_level(mappa, login):
    """The hint said "the latest date the guidance allows" and only the error gave the date."""
    page = login(mappa.om).get(f"/mappa/people/{mappa.case.pk}/level/").content.decode()
    hint = page.split('id="id_next_review_helptext"')[1].split("</div>")[0]
    latest = services.latest_reviews(TODAY)
    assert set(latest) == {1, 2, 3}
    for level, day in latest.items():
        assert f"level {level}, {day.day} {day:%B %Y}" in hint


def test_a_meeting_can_be_marked_held_on_the_page_once_it_has_started(world, login):
    m = services.arrange_meeting(actor=world.coordinator, kind="level2", held_on=TODAY + 7 * D, venue="Room 2",
                                 chair=world.coordinator)
    client = login(world.coordinator)
    url = f"/mappa/meetings/{m.pk}/change/"
    assert 'value="held"' not in client.get(url).content.decode()  # not offered before it has started
    started = services.arrange_meeting(actor=world.coordinator, kind="level2", held_on=TODAY, venue="Room 2",
                                       chair=world.coordinator)
    url = f"/mappa/meetings/{started.pk}/change/"
    assert 'value="held"' in client.get(url).content.decode()
    form = {"version": "1", **date_post("held_on", TODAY), "starts_at": "", "venue": "Room 2",
            "chair": world.coordinator.pk, "status": "held"}
    assert client.post(url, form).status_code == 302
    assert Meeting.objects.get(pk=started.pk).status == Meeting.Status.HELD
