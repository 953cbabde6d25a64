"""Intelligence on pages and through the API, and the matrix: over every persona of the conftest world, the
content of an item (P, C, waiting, its actions) reaches only the readers the handling rule allows, by every
route this part adds or feeds (its pages, the case page, history, search, export, home page, API, audit, the home
visit pages, the visit briefing and plan PDFs)."""
import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from mappa.access.services import grant_emergency_access
from mappa.core import facts, pdf
from mappa.intelligence.models import IntelligenceAction, IntelligenceItem, Status
from mappa.visits import services as visits
from tests.intelligence_world import (
    ACTION_SECRET,
    C_SECRET,
    C_SUBMITTED,
    P_SECRET,
    SANITISED,
    WAITING_SECRET,
    build,
    register,
    submit,
)

TODAY = timezone.localdate()
J = {"content_type": "application/json"}


@pytest.fixture
def intel(world, monkeypatch):
    build(world)
    _visits(world, monkeypatch)
    grant_emergency_access(actor=world.officer, identifier="2009/0012345A",
                           reason="Stopped in a car near a school at night, checking who he is")
    return world


def _visits(w, monkeypatch):
    """A police home visit whose officer submitted what was seen as intelligence (waiting for evaluation),
    and the next one planned with its pre-visit check saved: the visit pages and briefing show intelligence
    too. PDFs are laid out as HTML so their text can be read."""
    monkeypatch.setattr(pdf, "render_pdf_bytes", lambda template, context, *, marking, title: render_to_string(
        template, {**context, "marking": marking, "title": title}).encode())

    def registered(reader, nominal):
        if getattr(nominal, "pk", None) != w.case.pk:
            return facts.Facts()
        return facts.Facts(rosh="high", notification_requirements=facts.Flag(True, facts.Source("Notification")))

    monkeypatch.setattr(facts, "_providers", [*facts._providers, registered])
    check = {"record_read": True, "pnc_checked": True, "pnc_result": "Not wanted", "crewing": "double", "officer": "PC Ahmed"}
    done = visits.plan_visit(actor=w.police, nominal=w.case, data={"visit_agency": "police", "planned_for": TODAY})
    done = visits.save_check(actor=w.police, visit=done, data=check, version=done.version)
    w.visit_done = visits.record_outcome(actor=w.police, visit=done, version=done.version, intelligence_text=VISIT_SECRET,
                                         data={"outcome": "attended", "observations": "Compliant"})
    w.visit_next = visits.plan_visit(actor=w.police, nominal=w.case, data={"visit_agency": "police", "planned_for": TODAY})
    w.visit_next = visits.save_check(actor=w.police, visit=w.visit_next, data={**check, "pnc_wanted": True},
                                     version=w.visit_next.version)


def date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


VISIT_SECRET = "Saw a child's bicycle in the hallway at the home visit"
# Who may read what on the world's case (managed by om, probation; police, children and housing partner on it).
READS = {
    P_SECRET: {"om", "probation_sup", "colleague", "police", "coordinator", "officer"},  # P: police, the recording agency
    C_SECRET: {"om", "probation_sup"},  # C: the manager and the team's supervisors (om registered it)
    C_SUBMITTED: {"om", "probation_sup", "police"},  # what the police submitted: they keep reading their own words
    ACTION_SECRET: {"om", "probation_sup"},  # an action from the C item
    WAITING_SECRET: {"om", "probation_sup", "children"},  # awaiting evaluation: those who answer, and the submitter
    VISIT_SECRET: {"om", "probation_sup", "police"},  # seen at a police visit, waiting: those who answer, the officer
}
PERSONAS = ("om", "colleague", "probation_sup", "other_office", "police", "police_sup", "children", "housing", "health",
            "coordinator", "officer", "admin", "south", "south_coordinator")


def _routes(w):
    case = w.case.pk
    items = (w.p_item, w.c_item, w.waiting)
    return ([f"/intelligence/{case}/", f"/people/{case}/", f"/people/{case}/history/", f"/people/{case}/export/",
             "/people/?q=Zephyrine", "/people/?q=Davis", "/", f"/risk/people/{case}/", f"/plans/{case}/",
             "/intelligence/audit/", "/intelligence/audit/?figure=submitted",
             f"/api/v1/nominals/{case}/intelligence/", f"/api/v1/nominals/{case}/", "/api/v1/nominals/?q=Davis"]
            + [f"/intelligence/{case}/{i.pk}/" for i in items]
            + [f"/api/v1/nominals/{case}/intelligence/{i.pk}/" for i in items]
            + [f"/intelligence/{case}/{w.waiting.pk}/evaluate/", f"/intelligence/{case}/{w.c_item.pk}/actions/add/"]
            # The home visits this part is fed by: the visits page, the pre-visit check (which lists intelligence
            # since the last visit), the outcome form, the briefing and plan PDFs, the visits API, the item
            # submitted from the visit.
            + [f"/visits/{case}/", f"/visits/{case}/{w.visit_next.pk}/check/", f"/visits/{case}/{w.visit_next.pk}/outcome/",
               f"/visits/{case}/{w.visit_next.pk}/briefing.pdf", f"/plans/{case}/plan.pdf",
               f"/api/v1/nominals/{case}/visits/", f"/api/v1/nominals/{case}/visits/{w.visit_done.pk}/",
               f"/intelligence/{case}/{w.visit_done.intelligence_id}/",
               f"/api/v1/nominals/{case}/intelligence/{w.visit_done.intelligence_id}/"])


@pytest.mark.parametrize("persona", PERSONAS)
def test_content_reaches_only_the_readers_its_handling_allows(intel, client, persona):
    w = intel
    client.force_login(getattr(w, persona))
    seen = {}
    for url in _routes(w):
        page = client.get(url)
        assert page.status_code in (200, 302, 403, 404), (persona, url, page.status_code)
        text = page.content.decode()
        for secret in READS:
            if secret in text:
                seen.setdefault(secret, url)
    for secret, readers in READS.items():
        if persona in readers:
            assert secret in seen, f"{persona} should read {secret!r}"
        else:
            assert secret not in seen, f"{persona} read {secret!r} at {seen.get(secret)}"


@pytest.mark.parametrize("persona", ("colleague", "police", "children", "housing", "coordinator", "officer"))
def test_a_reader_who_may_not_read_is_told_it_exists_and_whom_to_ask(intel, client, persona):
    w = intel
    client.force_login(getattr(w, persona))
    page = client.get(f"/intelligence/{w.case.pk}/{w.c_item.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "This intelligence is restricted" in text and "Ask Om Tester" in text and SANITISED in text
    api = client.get(f"/api/v1/nominals/{w.case.pk}/intelligence/{w.c_item.pk}/").json()
    assert api["readable"] is False and api["content"] is None and api["ask"].startswith("Ask Om Tester")
    assert "links" not in api and "actions" not in api


def test_the_pages_from_submission_to_evaluation_to_action(world, login):
    w = world
    case = w.case.pk
    police = login(w.police)
    assert b"Intelligence" in police.get(f"/people/{case}/").content
    assert police.post(f"/intelligence/{case}/submit/", {"information": "", "source_type": "frontline",
                                                         **date("obtained_on", TODAY)}).status_code == 200
    sent = police.post(f"/intelligence/{case}/submit/", {"information": "Drives a blue van near the park",
                                                         "source_type": "frontline", **date("obtained_on", TODAY)})
    assert sent.status_code == 302
    item = IntelligenceItem.objects.get()
    om = login(w.om)
    home = om.get("/").content.decode()
    assert "Intelligence to evaluate" in home and "Drives a blue van" not in home
    form = om.get(f"/intelligence/{case}/{item.pk}/evaluate/")
    assert form.status_code == 200 and "Lawful sharing permitted subject to conditions" in form.content.decode()
    refused = om.post(f"/intelligence/{case}/{item.pk}/evaluate/", {
        "version": item.version, "decision": "register", "source_evaluation": "1", "intelligence_assessment": "A",
        "handling_code": "C", "content": "Drives a blue van near the park"})
    assert refused.status_code == 200 and "Say what the conditions on sharing are" in refused.content.decode()
    done = om.post(f"/intelligence/{case}/{item.pk}/evaluate/", {
        "version": item.version, "decision": "register", "source_evaluation": "1", "intelligence_assessment": "A",
        "handling_code": "P", "content": "Drives a blue van near the park", "changes_risk": "on",
        "links": [f"address:{w.address.pk}"], "people": str(w.unallocated.pk)})
    assert done.status_code == 302, done.content.decode()[:3000]
    item.refresh_from_db()
    assert item.status == Status.REGISTERED and item.grade == "1/A/P" and item.event is not None
    detail = om.get(f"/intelligence/{case}/{item.pk}/").content.decode()
    assert "1/A/P" in detail and "12 Mill Lane" in detail and "Peter Smith" in detail
    added = om.post(f"/intelligence/{case}/{item.pk}/actions/add/", {
        "kind": "risk_review", "description": "Review the RoSH", "owner": w.om.pk, **date("due_on", TODAY)})
    assert added.status_code == 302
    action = IntelligenceAction.objects.get()
    assert "Review of the risk assessment from intelligence (due)" in om.get("/").content.decode()
    completed = om.post(f"/intelligence/{case}/{item.pk}/actions/{action.pk}/complete/", {
        "version": action.version, "outcome": "RoSH reviewed: high", **date("completed_on", TODAY)})
    assert completed.status_code == 302
    action.refresh_from_db()
    assert action.completed_on == TODAY


def test_the_supervisors_audit_counts_and_opens_the_cases(world, login):
    w = world
    late = submit(w.police, w.case, "Old information")
    IntelligenceItem.objects.filter(pk=late.pk).update(due_on=TODAY - datetime.timedelta(days=2))
    in_time = submit(w.police, w.case, "New information")
    register(w.om, in_time, "New information", changes_risk=True)
    sup = login(w.probation_sup)
    page = sup.get("/intelligence/audit/").content.decode()
    assert 'data-testid="figure-overdue"' in page
    figures = sup.get("/intelligence/audit/?figure=overdue").content.decode()
    assert "Jonah Davis" in figures and "Old information" not in figures
    acted = sup.get("/intelligence/audit/?figure=not_acted_on").content.decode()
    assert "Jonah Davis" in acted
    before = {**date("since", TODAY - datetime.timedelta(days=30)), **date("until", TODAY - datetime.timedelta(days=10))}
    empty = sup.get("/intelligence/audit/", {**before, "figure": "overdue"}).content.decode()
    assert "Jonah Davis" not in empty  # nothing was submitted in that period
    wrong = sup.get("/intelligence/audit/", {**date("since", TODAY), **date("until", TODAY - datetime.timedelta(days=1))})
    assert "The end of the period must be on or after its start" in wrong.content.decode()
    assert login(w.om).get("/intelligence/audit/").status_code == 404  # supervisors audit


def test_the_api_submits_evaluates_and_refuses_a_stale_save(world, client):
    w = world
    client.force_login(w.police)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/nominals/{nominal_pk}/intelligence/{id}/evaluation/" in paths
    base = f"/api/v1/nominals/{w.case.pk}/intelligence/"
    made = client.post(base, {"information": "Seen at the pool", "source_type": "third_party", "obtained_on": str(TODAY)}, **J)
    assert made.status_code == 201 and made.json()["content"]["information"] == "Seen at the pool"
    pk, version = made.json()["id"], made.json()["version"]
    assert client.post(f"{base}{pk}/evaluation/", {"version": version, "register": True}, **J).status_code == 403
    client.force_login(w.om)
    bad = client.post(f"{base}{pk}/evaluation/", {"version": version, "register": True, "source_evaluation": "9"}, **J)
    assert bad.status_code == 400
    ok = client.post(f"{base}{pk}/evaluation/", {"version": version, "register": True, "source_evaluation": "2",
                                                 "intelligence_assessment": "C", "handling_code": "C",
                                                 "handling_conditions": "PPU only", "content": "Seen at the pool",
                                                 "links": [{"address": w.address.pk}]}, **J)
    assert ok.status_code == 200 and ok.json()["content"]["grade"] == "2/C/C"
    assert client.post(f"{base}{pk}/evaluation/", {"version": version, "register": False,
                                                   "not_registered_reason": "x"}, **J).status_code in (400, 409)
    client.force_login(w.police)
    assert client.get(f"{base}{pk}/").json()["content"] is None  # C: the submitter no longer reads the registered item
    assert client.get(f"{base}{pk}/").json()["own_submission"] == "Seen at the pool"


def test_the_pages_keep_to_the_house_style(intel, client):
    from tests.page_style import problems

    w = intel
    case = w.case.pk
    found = []
    for persona, urls in (("om", [f"/intelligence/{case}/", f"/intelligence/{case}/{w.c_item.pk}/",
                                  f"/intelligence/{case}/{w.waiting.pk}/evaluate/", f"/intelligence/{case}/submit/",
                                  f"/intelligence/{case}/{w.c_item.pk}/actions/add/",
                                  f"/intelligence/{case}/{w.c_item.pk}/actions/{w.c_action.pk}/complete/"]),
                          ("probation_sup", ["/intelligence/audit/", "/intelligence/audit/?figure=submitted"]),
                          ("housing", [f"/intelligence/{case}/", f"/intelligence/{case}/{w.c_item.pk}/"])):
        client.force_login(getattr(w, persona))
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, (persona, url)
            found += problems(f"{persona} {url}", page.content.decode())
    assert found == []


def test_the_list_reads_a_fixed_number_of_queries_and_pages_through_many_items(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world
    client.force_login(w.om)
    url = f"/intelligence/{w.case.pk}/"

    def queries_for_list():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    register(w.om, submit(w.police, w.case, "First"), "First", code="C", conditions="PPU only")
    queries_for_list()  # the first request of a session writes it
    few = queries_for_list()
    for n in range(55):
        item = submit(w.police, w.case, f"Item {n}")
        if n % 2:
            register(w.om, item, f"Item {n}", code="P", sanitised="Shared")
    assert queries_for_list() == few
    second = client.get(f"{url}?page=2").content.decode()
    assert "51 to 56, newest first" in second and "56 items" in second
    assert client.get(f"/api/v1/nominals/{w.case.pk}/intelligence/?page=2").json()["pages"] == 2
