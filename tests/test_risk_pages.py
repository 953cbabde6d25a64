"""Risk pages and API: who may see and change them, what they show, audit, stale saves, bad input."""
import datetime

import pytest
from django.urls import reverse

from mappa.audit.models import AuditEvent
from mappa.risk import services
from mappa.risk.models import Assessment, RiskType, Tool, TrainingRecord
from tests.test_risk_instrument import TEST_TABLE
from tests.test_risk_services import OGRS3_VALUES, TODAY, held_sanctions, ogrs3, train  # noqa: F401


def date_parts(name, d):
    return {f"{name}_day": d.day, f"{name}_month": d.month, f"{name}_year": d.year}


def ogrs3_post(**extra):
    data = {"gender": "male", "offence_code": "028/01", "total_sanctions": "3", "age_at_first_sanction": "16"}
    data |= date_parts("assessed_on", TODAY) | date_parts("date_of_current_conviction", datetime.date(2024, 5, 1))
    data |= date_parts("date_at_start_of_follow_up", datetime.date(2024, 5, 1))
    return data | extra


def test_case_page_shows_each_risk_side_by_side(world, login):
    ogrs3(world)
    page = login(world.om).get(reverse("nominals:detail", args=[world.case.pk])).content.decode()
    assert "Risk assessments" in page
    for label in ("Risk of reconviction (static, actuarial)", "Likelihood of reoffending (dynamic)", "Risk of serious harm (RoSH)"):
        assert label in page
    assert "Draft, unapproved" in page
    assert "Review asked for" in page


def test_case_page_panel_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.om)
    url = reverse("nominals:detail", args=[world.case.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        ogrs3(world)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize("name", ["nominal", "timeline"])
def test_risk_pages_for_the_person(world, login, client, name):
    url = reverse(f"risk:{name}", args=[world.case.pk])
    assert login(world.om).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="view", nominal=world.case, details__what__startswith="risk").exists()
    for outsider in (world.south, world.other_office, world.admin):
        assert login(outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_new_assessment_page_scores_and_saves_a_draft(world, login):
    client = login(world.om)
    url = reverse("risk:new", args=[world.case.pk, "ogrs3"])
    page = client.get(url).content.decode()
    assert "Home Office offence code of the current offence" in page
    assert "The system holds 1975-04-12 (Personal details on the register)" in page
    response = client.post(url, ogrs3_post())
    a = Assessment.objects.get()
    assert response.status_code == 302 and response.url == reverse("risk:assessment", args=[a.pk])
    page = client.get(response.url).content.decode()
    assert "How the result was reached" in page and "Copas rate" in page
    assert "Entered by Om Tester" in page and "Draft, unapproved" in page


def test_bad_input_on_the_page_gives_a_clear_message_and_saves_nothing(world, login):
    client = login(world.om)
    later = TODAY + datetime.timedelta(days=5)
    response = client.post(reverse("risk:new", args=[world.case.pk, "ogrs3"]),
                           ogrs3_post(**date_parts("date_of_current_conviction", later)))
    assert response.status_code == 200
    assert "The date of the current conviction cannot be after today." in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(reverse("risk:new", args=[world.case.pk, "ogrs3"]), ogrs3_post(offence_code="088/00"))
    assert "give the exact offence" in response.content.decode()


def test_read_only_and_outside_users_cannot_assess(world, login):
    url = reverse("risk:new", args=[world.case.pk, "rosh"])
    assert login(world.housing).get(url).status_code == 403
    assert login(world.south).get(url).status_code == 404
    a = ogrs3(world)
    assert login(world.housing).get(reverse("risk:assessment", args=[a.pk])).status_code == 200
    assert login(world.housing).get(reverse("risk:edit", args=[a.pk])).status_code == 403
    assert login(world.south).get(reverse("risk:assessment", args=[a.pk])).status_code == 404


def test_complete_and_approve_on_the_page(world, login):
    train(world, world.om, world.probation_sup)
    a = ogrs3(world)
    client = login(world.om)
    client.post(reverse("risk:complete", args=[a.pk]), {"version": a.version})
    a.refresh_from_db()
    assert a.status == "completed"
    page = client.get(reverse("risk:assessment", args=[a.pk])).content.decode()
    assert "Unapproved" in page and ">Approve<" not in page
    sup = login(world.probation_sup)
    assert ">Approve<" in sup.get(reverse("risk:assessment", args=[a.pk])).content.decode()
    sup.post(reverse("risk:approve", args=[a.pk]), {"version": a.version - 1})  # stale
    a.refresh_from_db()
    assert a.status == "completed"
    sup.post(reverse("risk:approve", args=[a.pk]), {"version": a.version})
    a.refresh_from_db()
    assert a.status == "approved"


def test_stale_edit_on_the_page_is_refused(world, login):
    a = ogrs3(world)
    services.update_assessment(actor=world.colleague, assessment=a, version=a.version,
                               values=OGRS3_VALUES | {"total_sanctions": 6})
    response = login(world.om).post(reverse("risk:edit", args=[a.pk]), ogrs3_post(version=a.version, total_sanctions="2"))
    assert "Someone else changed this assessment" in response.content.decode()
    a.refresh_from_db()
    assert a.inputs["total_sanctions"]["value"] == 6


def test_rosh_form_and_detail(world, login):
    client = login(world.om)
    data = date_parts("assessed_on", TODAY) | {"rosh_children_community": "high", "rosh_public_community": "medium",
                                                "who_at_risk": "Girls 10-14", "nature_of_harm": "Sexual abuse"}
    response = client.post(reverse("risk:new", args=[world.case.pk, "rosh"]), data)
    a = Assessment.objects.get()
    assert a.level == "high" and a.rosh_levels == {"children": {"community": "high"}, "public": {"community": "medium"}}
    page = client.get(response.url).content.decode()
    assert "Risk of serious harm to each group" in page and "Girls 10-14" in page
    assert "Say how imminent it is." in page  # what is still needed before completing


def test_training_and_tables_pages(world, login):
    url = reverse("risk:training")
    assert login(world.om).get(url).status_code == 404
    sup = login(world.probation_sup)
    response = sup.post(url, {"user": world.om.pk, "tool": "ogrs3"} | date_parts("trained_on", TODAY))
    assert response.status_code == 302
    assert TrainingRecord.objects.filter(user=world.om, tool="ogrs3").exists()
    response = sup.post(url, {"user": world.police.pk, "tool": "ogrs3"} | date_parts("trained_on", TODAY))
    assert response.status_code == 200  # not in the supervisor's team
    tables = reverse("risk:tables")
    assert login(world.om).get(tables).status_code == 404
    admin = login(world.admin)
    response = admin.post(tables, {"definition": "{not json"} | date_parts("effective_from", TODAY))
    assert "This is not valid JSON" in response.content.decode()
    import json
    response = admin.post(tables, {"definition": json.dumps(TEST_TABLE)} | date_parts("effective_from", TODAY))
    assert response.status_code == 302


# --- API ------------------------------------------------------------------------------------------

def test_api_scores_without_saving(world, login, client):
    api = login(world.om)
    response = api.post(reverse("api-risk-score"), {"tool": "ogrs3", "assessed_on": "2025-07-01", "inputs": {
        "gender": "male", "date_of_birth": "2006-01-01", "date_of_current_conviction": "2025-06-01",
        "offence_code": "028/01", "total_sanctions": 3, "age_at_first_sanction": 16,
        "date_at_start_of_follow_up": "2025-06-01"}}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["probabilities"] == {"one_year": 33, "two_year": 50}
    assert not Assessment.objects.exists()
    response = api.post(reverse("api-risk-score"), {"tool": "ogrs3", "inputs": {"gender": "male"}},
                        content_type="application/json")
    assert response.status_code == 400 and "inputs.offence_code" in response.json()["errors"]
    client.logout()
    assert client.post(reverse("api-risk-score"), {}, content_type="application/json").status_code in (401, 403)


def test_api_records(world, login):
    api = login(world.om)
    url = reverse("api-risk-assessments", args=[world.case.pk])
    response = api.post(url, {"risk_type": "reconviction", "tool": "ogrs3", "assessed_on": TODAY.isoformat(),
                              "inputs": OGRS3_VALUES}, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api.get(url).json()[0]["id"] == pk
    detail = reverse("api-risk-assessment", args=[world.case.pk, pk])
    assert api.get(detail).json()["tool"] == "ogrs3"
    assert login(world.south).get(url).status_code == 404
    assert login(world.housing).post(url, {}, content_type="application/json").status_code == 403
    step = reverse("api-risk-assessment-step", args=[world.case.pk, pk, "complete"])
    assert login(world.om).post(step, {"version": 99}, content_type="application/json").status_code == 409
    response = login(world.om).post(step, {"version": 1}, content_type="application/json")
    assert response.status_code == 400 and "trained" in str(response.json())


def test_demo_data_has_worked_risk_assessments(db, settings):
    import io

    from django.core.management import call_command
    call_command("demo", stdout=io.StringIO())
    assert Assessment.objects.filter(nominal__last_name="Hartnell", risk_type="rosh", status="approved").exists()
    ogrs3 = Assessment.objects.get(nominal__last_name="Hartnell", tool="ogrs3")
    assert ogrs3.status == "completed" and ogrs3.result["probabilities"]["two_year"] > 0
    rm = Assessment.objects.get(nominal__last_name="Stott", tool="rm2000")
    assert rm.police_level == "high" and rm.level == "very_high" and rm.level_rationale


def test_osp_from_the_facts_held_on_the_page(world, login, held_sanctions):
    client = login(world.om)
    url = reverse("risk:new", args=[world.case.pk, "osp"])
    page = client.get(url).content.decode()
    assert "The system holds 1 (Counted from the 3 sanctions the system holds)" in page
    data = date_parts("assessed_on", TODAY) | {"gender": "male", "stranger_victim": "no"}
    response = client.post(url, data)  # everything else as the system holds it
    assert response.status_code == 302
    a = Assessment.objects.get(tool="osp")
    assert a.inputs["contact_child_sanctions"] == {"value": 1, "source": "Counted from the 3 sanctions the system holds"}
    assert a.result["probabilities"]["osp_iic_band"] == "low"
    panel = client.get(reverse("nominals:detail", args=[world.case.pk])).content.decode()
    assert "OSP/IIC" in panel


def test_rm2000_page_with_a_loaded_table_and_the_timeline(world, login, held_sanctions):
    services.load_instrument_table(actor=world.admin, definition=TEST_TABLE, effective_from=TODAY - datetime.timedelta(days=1))
    client = login(world.police)
    url = reverse("risk:new", args=[world.case.pk, "rm2000"])
    page = client.get(url).content.decode()
    assert "TEST TABLE 1" in page and "S: Sexual appearances" in page and "Level at which the police manage" in page
    response = client.post(url, date_parts("assessed_on", TODAY) | {"S_burglary": "0", "S_aggravating_stranger": "no",
                                                                   "S_aggravating_male": "no", "police_level": "high"})
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Assessment.objects.get(tool="rm2000")
    assert a.result["probabilities"]["categories"]["S"] == a.level
    detail = client.get(response.url).content.decode()
    assert "give the rationale" in detail
    services.update_assessment(actor=world.police, assessment=a, version=a.version,
                               values={"S.burglary": 1, "S.aggravating.stranger": "yes", "S.aggravating.male": "yes"})
    services.create_assessment(actor=world.police, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.RM2000,
                               assessed_on=TODAY, values={"S.burglary": 1, "S.aggravating.stranger": "yes",
                                                          "S.aggravating.male": "yes"})
    timeline = client.get(reverse("risk:timeline", args=[world.case.pk])).content.decode()
    assert "First" in timeline and ("No change" in timeline or "From " in timeline)


def test_detail_page_shows_the_history_of_the_assessment(world, login):
    train(world, world.om)
    a = ogrs3(world)
    a = services.update_assessment(actor=world.om, assessment=a, version=a.version, values=OGRS3_VALUES | {"total_sanctions": 4})
    services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    page = login(world.om).get(reverse("risk:assessment", args=[a.pk])).content.decode()
    assert "History of this assessment" in page
    assert "completed (status draft → completed)" in page
    assert "inputs, level, result" in page or "inputs, result" in page


def test_the_assessment_page_keeps_its_title_plain_and_its_history_inside_main_below_the_heading(world, login):
    """The title block was left open: the history list went into <title> and above the H1, outside <main>."""
    import html

    a = ogrs3(world)
    page = login(world.om).get(reverse("risk:assessment", args=[a.pk])).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and html.unescape(title).startswith(str(a))
    main = page.split("<main")[1].split("</main>")[0]
    assert page.count("History of this assessment") == 1 and "History of this assessment" in main
    assert main.index("<h1") < main.index("History of this assessment")


def test_a_rosh_assessment_shows_no_empty_item_scores(world, login):
    """A RoSH result has levels, not item scores: the template read the dict's items() and drew an empty table."""
    client = login(world.om)
    data = date_parts("assessed_on", TODAY) | {"rosh_children_community": "high"}
    response = client.post(reverse("risk:new", args=[world.case.pk, "rosh"]), data)
    page = client.get(response.url).content.decode()
    assert "Item scores" not in page
    scored = login(world.om).get(reverse("risk:assessment", args=[ogrs3(world).pk])).content.decode()
    table = scored.split("Item scores")[-1].split("</table>")[0]  # the last: the table region's name
    assert table.count("<tr class=\"govuk-table__row\">") > 1 and "028/01" in table  # the offence code, scored


def test_the_form_counts_one_sanction_in_the_singular_and_keeps_proper_names(world, login, monkeypatch):
    """Seen on the OSP and OGRS3 forms: "Counted from the 1 sanctions" and "If you changed home Office offence code"."""
    from mappa.core import facts

    src = facts.Source("Conviction at Bradwell Crown Court (orders)")
    one = facts.Facts(sanctions=(facts.Sanction(datetime.date(2024, 5, 1), "conviction", offence_code="028/01", source=src),))
    monkeypatch.setattr(facts, "_providers", [lambda reader, nominal: one])
    client = login(world.om)
    osp = client.get(reverse("risk:new", args=[world.case.pk, "osp"])).content.decode()
    assert "Counted from the 1 sanction the system holds" in osp and "1 sanctions" not in osp
    ogrs3_page = client.get(reverse("risk:new", args=[world.case.pk, "ogrs3"])).content.decode()
    assert "If you changed Home Office offence code" in ogrs3_page and "home Office" not in ogrs3_page
    assert "1 sanction the system holds" in ogrs3_page
