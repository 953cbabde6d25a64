"""The printable visit briefing (issue 18: "A printable (PDF) visit briefing with what the officer may see"):
laid out from what the reader may see, marked, audited as an export."""
import pytest
from django.template.loader import render_to_string

from mappa.audit.models import Action, AuditEvent
from mappa.core import pdf
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.visits import services
from tests.test_visits_pages import TODAY, registered  # noqa: F401 - fixture


@pytest.fixture
def laid_out(monkeypatch):
    seen = {}

    def capture(template, context, *, marking, title):
        seen["html"], seen["marking"] = render_to_string(template, {**context, "marking": marking, "title": title}), marking
        return b"%PDF-1.7 (laid out as HTML by the test)"

    monkeypatch.setattr(pdf, "render_pdf_bytes", capture)
    return seen


@pytest.fixture
def visit(registered):  # noqa: F811
    w = registered
    occupant_home = w.address
    register.create_item(actor=w.om, nominal=w.case, kind=KINDS["occupants"], data={
        "address": occupant_home, "name": "Kayleigh Davis", "relationship": "Partner's daughter", "under_18": True})
    register.create_item(actor=w.police, nominal=w.case, kind=KINDS["vehicles"], data={
        "registration": "AB12 CDE", "make": "Ford", "model": "Fiesta", "colour": "Red", "handling": "intelligence"})
    planned = services.plan_visit(actor=w.police, nominal=w.case, data={"visit_agency": "police", "planned_for": TODAY})
    services.save_check(actor=w.police, visit=planned, version=planned.version, data={
        "record_read": True, "pnc_checked": True, "pnc_result": "Not wanted", "crewing": "double", "officer": "PC Ahmed",
        "announced": False, "equipment": "", "changes_seen": ""},
        hazards=[{"kind": "weapon", "details": "Crossbow in the shed", "handling": "intelligence"},
                 {"kind": "dog", "details": "Large dog, kept in the kitchen", "handling": ""}])
    planned.refresh_from_db()
    return planned


def test_the_officer_gets_the_briefing_with_the_address_household_hazards_and_check(visit, registered, login, laid_out):  # noqa: F811
    w = registered
    response = login(w.police).get(f"/visits/{w.case.pk}/{visit.pk}/briefing.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = laid_out["html"]
    for text in ("Home visit briefing", "12 Mill Lane", "Kayleigh Davis", "Crossbow in the shed", "Large dog",
                 "double crewed", "Not wanted", "AB12 CDE", "Risk of serious harm: high", "2009/0012345A"):
        assert text in html, text
    assert laid_out["marking"].startswith("OFFICIAL-SENSITIVE") and "INTELLIGENCE" in laid_out["marking"]
    assert AuditEvent.objects.filter(actor=w.police, action=Action.EXPORT, object_type="visit",
                                     details__document="visit briefing").exists()


def test_a_reader_gets_only_what_they_may_see(visit, registered, login, laid_out):  # noqa: F811
    w = registered
    response = login(w.om).get(f"/visits/{w.case.pk}/{visit.pk}/briefing.pdf")
    assert response.status_code == 200
    html = laid_out["html"]
    assert "Large dog" in html and "Kayleigh Davis" in html
    assert "Crossbow" not in html and "AB12 CDE" not in html and "INTELLIGENCE" not in laid_out["marking"]


def test_someone_who_may_not_see_the_case_gets_nothing(visit, registered, login, laid_out):  # noqa: F811
    assert login(registered.south).get(f"/visits/{registered.case.pk}/{visit.pk}/briefing.pdf").status_code == 404
    assert "html" not in laid_out


def test_the_briefing_is_offered_beside_the_pre_visit_check(visit, registered, login):  # noqa: F811
    page = login(registered.police).get(f"/visits/{registered.case.pk}/").content.decode()
    assert f"/visits/{registered.case.pk}/{visit.pk}/briefing.pdf" in page


def test_the_real_briefing_renders(visit, registered, login):  # noqa: F811
    response = login(registered.police).get(f"/visits/{registered.case.pk}/{visit.pk}/briefing.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
