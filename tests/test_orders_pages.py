"""Orders pages and API: who may see and change what, audit, clear errors, stale saves, the case panel."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from mappa.audit.models import Action, AuditEvent
from mappa.orders import services
from mappa.orders.kinds import KINDS
from mappa.orders.models import Conviction, NotificationEvent

D = datetime.date
TODAY = timezone.localdate()


def add(w, slug, actor=None, **data):
    return services.create_record(actor=actor or w.om, nominal=w.case, kind=KINDS[slug], data=data)


@pytest.fixture
def recorded(world):
    conviction = add(world, "convictions", offence="Sexual assault", offence_code="019/11", convicted_on=D(2010, 5, 4),
                     sexual=True)
    sentence = add(world, "sentences", conviction=conviction, kind="custody", sentenced_on=D(2010, 5, 4),
                   length_months=Decimal("36"), custody_from=D(2010, 5, 4), release_date=TODAY + datetime.timedelta(days=143))
    requirement = add(world, "notification", actor=world.police, conviction=conviction, relevant_date=D(2010, 5, 4),
                      in_custody_on_relevant_date=True)
    add(world, "notifications", actor=world.police, requirement=requirement, kind="name",
        event_date=TODAY - datetime.timedelta(days=10))
    return conviction, sentence, requirement


def date_post(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_the_case_page_shows_legal_status_and_what_is_overdue(world, login, recorded):
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert 'id="legal-status"' in page
    assert "In custody, release in 143 days" in page
    assert "Subject to notification indefinitely" in page
    # In custody nothing falls due: the missed change of name waits for release.
    assert "While in custody no notification falls due" in page and "change of name" in page
    assert "Sentences and orders" in page  # the tab
    sentence = recorded[1]
    services.update_record(actor=world.om, item=sentence, version=sentence.version,
                           data={"released_on": TODAY - datetime.timedelta(days=20)})
    page = login(world.om).get(f"/people/{world.case.pk}/").content.decode()
    assert "Overdue notification" in page and "Change of name" in page


def test_the_overview_page_lists_every_section_and_is_audited(world, login, recorded):
    client = login(world.police)
    page = client.get(f"/orders/{world.case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for kind in KINDS.values():
        assert kind.plural in text
    assert "019/11" in text and "OFFICIAL-SENSITIVE" in text
    assert AuditEvent.objects.filter(actor=world.police, action=Action.VIEW, nominal=world.case,
                                     details__what="sentences and orders").exists()


@pytest.mark.parametrize("persona", ["south", "other_office", "admin", "officer"])
def test_people_without_access_get_404(world, login, recorded, persona):
    conviction = recorded[0]
    client = login(getattr(world, persona))
    assert client.get(f"/orders/{world.case.pk}/").status_code == 404
    assert client.get(f"/orders/{world.case.pk}/convictions/{conviction.pk}/").status_code == 404
    assert client.get(f"/orders/{world.case.pk}/convictions/").status_code == 404


def test_anonymous_callers_are_sent_to_sign_in_and_refused_by_the_api(world, client, recorded):
    response = client.get(f"/orders/{world.case.pk}/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert APIClient().get(f"/api/v1/nominals/{world.case.pk}/convictions/").status_code in (401, 403)


def test_a_read_only_partner_sees_but_cannot_change(world, login, recorded):
    client = login(world.housing)
    assert client.get(f"/orders/{world.case.pk}/").status_code == 200
    page = client.get(f"/orders/{world.case.pk}/convictions/{recorded[0].pk}/")
    assert page.status_code == 200 and b">Save</button>" not in page.content and b"Sexual assault" in page.content
    assert client.get(f"/orders/{world.case.pk}/convictions/new/").status_code == 403
    assert client.post(f"/orders/{world.case.pk}/convictions/{recorded[0].pk}/", {"offence": "x"}).status_code == 403


def test_adding_a_conviction_through_the_page(world, login):
    client = login(world.om)
    data = {"kind": "conviction", "offence": "Robbery", "offence_code": "034/01", "violent": "on", "schedule": "",
            **date_post("convicted_on", D(2012, 2, 29))}
    response = client.post(f"/orders/{world.case.pk}/convictions/new/", data)
    assert response.status_code == 302
    conviction = Conviction.objects.get(offence="Robbery")
    assert conviction.violent and conviction.convicted_on == D(2012, 2, 29) and conviction.created_by == world.om


def test_bad_input_on_the_page_gives_a_clear_message_and_changes_nothing(world, login):
    client = login(world.om)
    future = TODAY + datetime.timedelta(days=5)
    data = {"kind": "conviction", "offence": "Robbery", "offence_code": "34-1", **date_post("convicted_on", future)}
    page = client.post(f"/orders/{world.case.pk}/convictions/new/", data).content.decode()
    assert "There is a problem" in page
    assert "must be today or in the past" in page
    assert not Conviction.objects.filter(offence="Robbery").exists()
    data = {"kind": "conviction", "offence": "Robbery", "offence_code": "34-1", **date_post("convicted_on", D(2010, 1, 1))}
    page = client.post(f"/orders/{world.case.pk}/convictions/new/", data).content.decode()
    assert "like 019/11" in page
    assert not Conviction.objects.filter(offence="Robbery").exists()


def test_a_stale_edit_on_the_page_shows_both_values(world, login, recorded):
    conviction = recorded[0]
    services.update_record(actor=world.colleague, item=conviction, data={"court": "Bradwell Crown Court"}, version=1)
    data = {"kind": "conviction", "offence": "Sexual assault", "offence_code": "019/11", "sexual": "on",
            "court": "Northshire Crown Court", "version": 1, **date_post("convicted_on", D(2010, 5, 4))}
    page = login(world.om).post(f"/orders/{world.case.pk}/convictions/{conviction.pk}/", data).content.decode()
    assert 'data-testid="conflict"' in page and "Bradwell Crown Court" in page
    conviction.refresh_from_db()
    assert conviction.court == "Bradwell Crown Court"


def test_recording_a_notification_received(world, login, recorded):
    event = NotificationEvent.objects.get(kind="name")
    data = {"requirement": event.requirement_id, "kind": "name", "version": event.version, "police_station": "Bradwell",
            "verified_by_visit": "on", **date_post("event_date", event.event_date), **date_post("received_on", TODAY)}
    response = login(world.police).post(f"/orders/{world.case.pk}/notifications/{event.pk}/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.received_on == TODAY and event.verified_by_visit and event.in_time is False


def test_the_copy_of_an_order_downloads_for_those_who_may_export_and_is_audited(world, login):
    order = add(world, "civil-orders", actor=world.police, kind="sopo", status="applied",
                copy=SimpleUploadedFile("order.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    response = login(world.om).get(f"/orders/{world.case.pk}/civil-orders/{order.pk}/copy/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="civilorder", object_id=str(order.pk)).exists()
    assert login(world.south).get(f"/orders/{world.case.pk}/civil-orders/{order.pk}/copy/").status_code == 404


def test_restricted_records_never_show_to_agencies_without_the_category(world, login):
    add(world, "breaches", actor=world.police, against="licence", occurred_on=TODAY, what="Seen outside a school gate",
        handling="intelligence")
    assert "Seen outside a school gate" in login(world.police).get(f"/orders/{world.case.pk}/").content.decode()
    assert "Seen outside a school gate" not in login(world.children).get(f"/orders/{world.case.pk}/").content.decode()
    api = APIClient()
    api.force_authenticate(world.children)
    assert "Seen outside" not in api.get(f"/api/v1/nominals/{world.case.pk}/breaches/").content.decode()


def test_the_api_lists_creates_and_refuses_stale_changes(world, recorded):
    api = APIClient()
    api.force_authenticate(world.om)
    listed = api.get(f"/api/v1/nominals/{world.case.pk}/convictions/").json()
    assert listed["results"][0]["offence_code"] == "019/11"
    created = api.post(f"/api/v1/nominals/{world.case.pk}/further-offences/", {
        "offence": "Wounding", "occurred_on": str(TODAY), "while_under": "licence", "violent": True,
        "maximum_penalty_years": "999"}, format="json")
    assert created.status_code == 201 and created.json()["serious"] is True
    bad = api.post(f"/api/v1/nominals/{world.case.pk}/convictions/", {
        "offence": "Theft", "offence_code": "1234", "convicted_on": str(TODAY)}, format="json")
    assert bad.status_code == 400 and "like 019/11" in bad.json()["errors"]["offence_code"][0]
    conviction = recorded[0]
    ok = api.patch(f"/api/v1/nominals/{world.case.pk}/convictions/{conviction.pk}/", {"court": "A", "version": 1}, format="json")
    assert ok.status_code == 200
    stale = api.patch(f"/api/v1/nominals/{world.case.pk}/convictions/{conviction.pk}/", {"court": "B", "version": 1}, format="json")
    assert stale.status_code == 409
    status = api.get(f"/api/v1/nominals/{world.case.pk}/legal-status/").json()
    assert status["in_custody"] and status["notification_indefinite"]
    assert AuditEvent.objects.filter(actor=world.om, action=Action.VIEW, details__what="legal status").exists()


def test_the_api_refuses_other_areas_and_readers(world, recorded):
    api = APIClient()
    api.force_authenticate(world.south)
    assert api.get(f"/api/v1/nominals/{world.case.pk}/sentences/").status_code == 404
    api.force_authenticate(world.housing)
    assert api.get(f"/api/v1/nominals/{world.case.pk}/sentences/").status_code == 200
    assert api.post(f"/api/v1/nominals/{world.case.pk}/convictions/", {"offence": "x", "convicted_on": "2010-01-01"},
                    format="json").status_code == 403


def test_the_openapi_schema_includes_the_orders_endpoints(world, login):
    schema = login(world.om).get("/api/schema/").content.decode()
    assert "/api/v1/nominals/{nominal_pk}/civil-orders/" in schema
    assert "/api/v1/nominals/{nominal_pk}/legal-status/" in schema


def test_the_case_page_panel_runs_a_fixed_number_of_queries(world, login, recorded, django_assert_max_num_queries):
    from mappa.orders.views import overview_data

    for n in range(6):
        add(world, "convictions", offence=f"Theft {n}", convicted_on=D(2001, 1, n + 1))
    with django_assert_max_num_queries(12):
        overview_data(world.om, world.case, TODAY)


def test_coordinators_see_the_annual_figures_with_their_counting_basis(world, login, recorded):
    conviction, sentence, requirement = recorded
    year_start = D(TODAY.year if TODAY >= D(TODAY.year, 4, 1) else TODAY.year - 1, 4, 1)
    services.create_record(actor=world.police, nominal=world.case, kind=KINDS["civil-orders"], data={
        "kind": "shpo", "status": "granted", "applied_on": year_start, "starts_on": year_start, "until_further_order": True})
    services.create_record(actor=world.om, nominal=world.case, kind=KINDS["further-offences"], data={
        "offence": "Rape", "occurred_on": TODAY, "while_under": "licence", "sexual": True, "maximum_penalty_years": Decimal("999")})
    page = login(world.coordinator).get("/orders/figures/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Serious further offences" in text and "Snapshot on 31 March" in text and "1 April" in text
    tables = {g["title"]: {f.label: f.value for f in g["figures"]} for g in page.context["groups"]}
    assert tables["Prevention orders (SOPO and SHPO)"] == {"Applied for": 1, "Interim order issued": 0, "Full order issued": 1}
    assert tables["Enforcement"]["Serious further offences"] == 1
    assert AuditEvent.objects.filter(actor=world.coordinator, details__what="annual figures").exists()
    assert "Enforcement figures" in login(world.coordinator).get("/").content.decode()
    assert login(world.om).get("/orders/figures/").status_code == 404
    assert login(world.south_coordinator).get("/orders/figures/").context["groups"][1]["figures"][-1].value == 0
    assert login(world.coordinator).get("/orders/figures/?year=abc").context["error"].startswith("Choose a year")


def test_the_panel_query_count_does_not_grow_with_history(world, recorded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mappa.orders.views import overview_data

    def count():
        with CaptureQueriesContext(connection) as ctx:
            overview_data(world.om, world.case, TODAY)
        return len(ctx.captured_queries)

    before = count()
    conviction = recorded[0]
    for n in range(4):
        extra = add(world, "convictions", offence=f"Assault {n}", convicted_on=D(2011, 1, n + 1), sexual=True)
        add(world, "sentences", conviction=extra, kind="custody", sentenced_on=D(2011, 1, n + 1), length_months=Decimal("40"))
        requirement = add(world, "notification", conviction=extra, relevant_date=D(2011, 1, n + 1))
        initial = requirement.events.get()
        services.update_record(actor=world.om, item=initial, data={"received_on": D(2011, 1, n + 2)}, version=initial.version)
    assert conviction and count() == before


def test_record_a_breach_from_an_overdue_notification(world, login, recorded):
    sentence = recorded[1]
    services.update_record(actor=world.om, item=sentence, version=sentence.version,
                           data={"released_on": TODAY - datetime.timedelta(days=20)})
    missed = NotificationEvent.objects.get(kind="name")
    client = login(world.om)
    overview = client.get(f"/orders/{world.case.pk}/").content.decode()
    link = f"/orders/{world.case.pk}/breaches/new/?against=notification&amp;notification={missed.pk}"
    assert link in overview
    form = client.get(link.replace("&amp;", "&") + f"&occurred_on={missed.due_on.isoformat()}")
    assert form.status_code == 200
    assert form.context["form"].initial["notification"] == str(missed.pk)
    data = {"against": "notification", "notification": missed.pk, "what": "Did not notify a change of name",
            "decision": "warning", **date_post("occurred_on", missed.due_on), **date_post("decided_on", TODAY)}
    assert client.post(f"/orders/{world.case.pk}/breaches/new/", data).status_code == 302
    from mappa.nominals.models import SignificantEvent
    assert SignificantEvent.objects.filter(nominal=world.case, kind="breach").exists()


def test_a_missed_notification_is_shown_as_paused_while_in_custody(world, login, recorded):
    page = login(world.om).get(f"/orders/{world.case.pk}/notifications/").content.decode()
    assert "Paused in custody" in page and ">Overdue<" not in page
