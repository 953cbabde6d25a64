"""The shared risk management plan: pages, services, access, audit, concurrency, reviews, history, PDF."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.audit.models import Action, AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.nominals import events
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.plans import services
from mappa.plans.models import PlanItem, PlanItemRevision, PlanReview, PlanReviewTrigger
from tests import page_style

TODAY = timezone.localdate()


@pytest.fixture
def requirements(monkeypatch):
    """A fake licences/orders part: one licence condition and one SOPO prohibition."""
    reg = extensions.Registry(**{k: list(v) for k, v in extensions.registry.__dict__.items()})
    monkeypatch.setattr(extensions, "registry", reg)
    found = [
        extensions.PlanRequirement(key="licences.condition:1", kind="licence_condition", text="Reside at 12 Mill Lane",
                                   source_label="Licence condition"),
        extensions.PlanRequirement(key="orders.prohibition:4", kind="order_prohibition",
                                   text="Must not use the internet without monitoring software", source_label="SOPO"),
    ]
    extensions.plan_requirements(lambda user, nominal: list(found))
    return found


def add(actor, nominal, **data):
    data.setdefault("heading", "supervision")
    data.setdefault("what", "Weekly reporting")
    return services.add_item(actor=actor, nominal=nominal, data=data)


def test_agencies_contribute_to_one_plan_and_each_sees_its_own_view(world, login):
    om_item = add(world.om, world.case, what="Weekly reporting to probation", owner=world.om, due=TODAY)
    police_item = add(world.police, world.case, heading="monitoring_control", what="Police home visit", owner=world.police,
                      every_days=90, start=TODAY, element="police_home_visit")
    assert om_item.plan_id == police_item.plan_id
    assert police_item.owner_agency == world.police.agency and police_item.agency == world.police.agency
    page = login(world.children).get(f"/plans/{world.case.pk}/")
    assert page.status_code == 200
    assert b"Weekly reporting to probation" in page.content and b"Police home visit" in page.content
    own = login(world.police).get(f"/plans/{world.case.pk}/?agency={world.police.agency_id}")
    assert b"Police home visit" in own.content and b"Weekly reporting to probation" not in own.content
    assert own.context["marking"] == "OFFICIAL-SENSITIVE"


def test_the_plan_shows_requirements_and_flags_the_ones_not_covered(world, login, requirements):
    add(world.om, world.case, heading="monitoring_control", what="Check the address", owner=world.om, due=TODAY,
        source_key="licences.condition:1")
    page = login(world.om).get(f"/plans/{world.case.pk}/")
    rows = {r.key: covered for r, covered in page.context["state"].requirements}
    assert rows == {"licences.condition:1": True, "orders.prohibition:4": False}
    # Named once, in the table's row; the summary of what is missing counts it and links to the table.
    assert page.content.decode().count("Must not use the internet without monitoring software") == 1
    assert "1 not covered, shown in the table" in page.content.decode()
    messages = [g.message for g in page.context["state"].gaps]
    assert "The person's own role in managing their behaviour is not in the plan" in messages
    assert any("contingency" in m for m in messages)


def test_an_item_cannot_link_to_a_requirement_that_does_not_exist(world, requirements):
    with pytest.raises(ValidationError) as exc:
        add(world.om, world.case, source_key="orders.prohibition:999")
    assert "source_key" in exc.value.message_dict
    assert not PlanItem.objects.exists()


def test_an_item_from_a_restricted_requirement_is_restricted_like_it(world, login, requirements):
    """The item keeps the requirement's words ("Comes from"), so it may not be read by more people than the
    requirement may."""
    from mappa.access import policy

    secret = extensions.PlanRequirement(key="orders.prohibition:5", kind="order_prohibition", source_label="SOPO",
                                        text="Not to contact the informant in Bradwell", handling="intelligence")
    extensions.plan_requirements(
        lambda user, nominal: [secret] if policy.may_see(user, "intelligence", world.police.agency_id) else [])
    with pytest.raises(ValidationError) as exc:
        add(world.police, world.case, source_key="orders.prohibition:5", owner=world.police, due=TODAY)
    assert "restricted" in exc.value.message_dict["handling"][0]
    assert not PlanItem.objects.exists()
    add(world.police, world.case, source_key="orders.prohibition:5", owner=world.police, due=TODAY, handling="intelligence")
    form = login(world.police).get(f"/plans/{world.case.pk}/items/add/", {"source": "orders.prohibition:5"})
    assert form.context["form"].initial["handling"] == "intelligence"
    assert b"Not to contact the informant" not in login(world.children).get(f"/plans/{world.case.pk}/").content


def test_the_migration_clears_restricted_words_kept_on_unrestricted_items(world, login):
    """Items saved before the rule above may hold a restricted prohibition's words: they are cleared."""
    import importlib

    from django.apps import apps

    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS
    from mappa.orders.models import Prohibition

    order = orders.create_record(actor=world.police, nominal=world.case, kind=ORDER_KINDS["civil-orders"],
                                 data={"kind": "shpo", "status": "applied", "applied_on": TODAY})
    secret = Prohibition.objects.create(nominal=world.case, order=order, category="contact", handling="intelligence",
                                        text="Not to contact the informant in Bradwell", agency=world.police.agency)
    plain = Prohibition.objects.create(nominal=world.case, order=order, category="places", text="Not to enter Mill Park",
                                       agency=world.police.agency)
    leaked = add(world.police, world.case, what="Informant checks", owner=world.police, due=TODAY)
    kept = add(world.police, world.case, what="Park checks", owner=world.police, due=TODAY)
    PlanItem.objects.filter(pk=leaked.pk).update(source_key=f"orders.prohibition:{secret.pk}", source_label=secret.text)
    PlanItem.objects.filter(pk=kept.pk).update(source_key=f"orders.prohibition:{plain.pk}", source_label=plain.text)
    PlanItemRevision.objects.filter(item=leaked).update(snapshot={"what": "Informant checks", "source_label": secret.text})
    importlib.import_module("mappa.plans.migrations.0004_restricted_source_labels").clear_restricted_source_labels(apps, None)
    assert PlanItem.objects.get(pk=leaked.pk).source_label == ""
    assert PlanItem.objects.get(pk=kept.pk).source_label == "Not to enter Mill Park"
    assert secret.text not in str(list(PlanItemRevision.objects.values_list("snapshot", flat=True)))


@pytest.mark.parametrize("who", ["other_office", "south", "admin", "officer"])
def test_people_without_access_to_the_record_cannot_see_the_plan(world, login, who):
    add(world.om, world.case, owner=world.om, due=TODAY)
    client = login(getattr(world, who))
    for url in ("", "history/", "plan.pdf", "items/add/", "reviews/add/"):
        assert client.get(f"/plans/{world.case.pk}/{url}").status_code == 404, url
    assert client.get(f"/api/v1/nominals/{world.case.pk}/plan/").status_code == 404


def test_anonymous_callers_are_sent_to_sign_in(world, client):
    assert client.get(f"/plans/{world.case.pk}/").status_code == 302
    assert client.get(f"/api/v1/nominals/{world.case.pk}/plan/").status_code in (401, 403)


def test_a_read_only_partner_sees_the_plan_but_cannot_change_it(world, login):
    item = add(world.om, world.case, owner=world.om, due=TODAY)
    client = login(world.housing)
    assert client.get(f"/plans/{world.case.pk}/").status_code == 200
    assert client.get(f"/plans/{world.case.pk}/items/add/").status_code == 403
    assert client.post(f"/plans/{world.case.pk}/items/{item.pk}/", {"what": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        add(world.housing, world.case)


def test_restricted_items_are_withheld_from_agencies_that_may_not_see_them(world, login):
    add(world.om, world.case, heading="victim_safety", what="Exclusion from Alice's street", owner=world.om, due=TODAY,
        handling="victim")
    children = login(world.children).get(f"/plans/{world.case.pk}/")
    assert b"Exclusion from Alice" not in children.content
    assert b"restricted as victim details is not shown" in children.content
    # What is missing is worked out on the whole plan: victim safety is not reported missing.
    assert "victim_safety" not in {g.code for g in children.context["state"].gaps}
    assert login(world.children).get(f"/api/v1/nominals/{world.case.pk}/plan/").json()["withheld_items"] == 1
    police = login(world.police).get(f"/plans/{world.case.pk}/")
    assert b"Exclusion from Alice" in police.content
    assert police.context["marking"] == "OFFICIAL-SENSITIVE [VICTIM DETAILS]"  # the page says what it holds
    assert children.context["marking"] == "OFFICIAL-SENSITIVE"  # and no more than it shows


def test_reads_and_changes_are_audited(world, login):
    item = add(world.om, world.case, owner=world.om, due=TODAY)
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="planitem", object_id=str(item.pk)).exists()
    login(world.police).get(f"/plans/{world.case.pk}/")
    assert AuditEvent.objects.filter(action=Action.VIEW, actor=world.police, nominal=world.case,
                                     details__what="risk management plan").exists()


def test_adding_through_the_page_and_a_clear_message_for_bad_input(world, login):
    client = login(world.om)
    bad = client.post(f"/plans/{world.case.pk}/items/add/", {"heading": "supervision", "what": "", "purpose": "restrictive",
                                                             "status": "planned"})
    assert bad.status_code == 200 and "Say what will be done" in bad.content.decode()
    contingency = client.post(f"/plans/{world.case.pk}/items/add/", {
        "heading": "supervision", "what": "Recall if he contacts the victim", "purpose": "restrictive",
        "element": "contingency", "status": "planned", "owner": world.om.pk})
    assert "Say how fast the owner acts if risk rises" in contingency.content.decode()
    assert not PlanItem.objects.exists()
    ok = client.post(f"/plans/{world.case.pk}/items/add/", {
        "heading": "interventions_treatment", "what": "Relapse prevention plan written with him", "purpose": "constructive",
        "element": "own_role", "status": "planned", "owner": world.om.pk, "due_day": "1", "due_month": "2",
        "due_year": str(TODAY.year + 1)})
    assert ok.status_code == 302
    item = PlanItem.objects.get()
    assert item.owner_agency == world.om.agency and item.due == datetime.date(TODAY.year + 1, 2, 1)


def test_owner_must_work_on_the_case(world):
    with pytest.raises(ValidationError) as exc:
        add(world.om, world.case, owner=world.south)
    assert "owner" in exc.value.message_dict


def test_two_agencies_editing_different_items_both_succeed_and_a_stale_edit_is_refused(world, login):
    mine = add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    theirs = add(world.police, world.case, what="Police visit", owner=world.police, due=TODAY)
    # Both opened the plan at version 1 of their items and save at once.
    services.update_item(actor=world.om, item=mine, data={"status": "in_progress"}, version=1)
    services.update_item(actor=world.police, item=theirs, data={"status": "in_progress"}, version=1)
    assert set(PlanItem.objects.values_list("status", flat=True)) == {"in_progress"}
    # Probation changes the police item from a stale copy: refused, and nothing is lost.
    with pytest.raises(StaleEdit):
        services.update_item(actor=world.om, item=theirs, data={"what": "Police visit monthly"}, version=1)
    assert PlanItem.objects.get(pk=theirs.pk).what == "Police visit"
    page = login(world.om).post(f"/plans/{world.case.pk}/items/{theirs.pk}/", {
        "heading": "supervision", "what": "Police visit monthly", "purpose": "restrictive", "status": "planned",
        "owner": world.police.pk, "version": 1})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Someone else changed this" in body and "In progress" in body and 'data-testid="conflict"' in body
    assert PlanItem.objects.get(pk=theirs.pk).what == "Police visit"


def test_the_api_lists_adds_and_refuses_stale_changes(world, login):
    client = login(world.police)
    created = client.post(f"/api/v1/nominals/{world.case.pk}/plan/items/", {
        "heading": "monitoring_control", "what": "Check devices", "owner": world.police.pk, "due": str(TODAY)},
        content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner_agency_name"] == str(world.police.agency)
    url = f"/api/v1/nominals/{world.case.pk}/plan/items/{body['id']}/"
    assert client.patch(url, {"status": "done", "version": 1}, content_type="application/json").status_code == 400
    ok = client.patch(url, {"status": "done", "evidence": "Checked, no concerns", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["completed_on"] == str(TODAY)
    assert client.patch(url, {"what": "x", "version": 1}, content_type="application/json").status_code == 409
    summary = client.get(f"/api/v1/nominals/{world.case.pk}/plan/").json()
    assert summary["balance"] == {"restrictive": 1, "constructive": 0}
    assert any(m["code"] == "constructive" for m in summary["missing"])
    assert client.get(f"/api/v1/nominals/{world.case.pk}/plan/items/?agency={world.om.agency_id}").json()["count"] == 0
    assert login(world.housing).post(f"/api/v1/nominals/{world.case.pk}/plan/items/", {"heading": "supervision", "what": "x"},
                                     content_type="application/json").status_code == 403


def test_a_significant_event_makes_a_review_due(world, login):
    add(world.om, world.case, owner=world.om, due=TODAY)
    with transaction.atomic():
        events.record_significant_event(actor=world.police, nominal=world.case, kind="breach", summary="Breach of curfew")
    trigger = PlanReviewTrigger.objects.get()
    assert trigger.kind == "breach"
    page = login(world.om).get(f"/plans/{world.case.pk}/")
    review = page.context["state"].review
    assert review.triggered and review.due == TODAY + datetime.timedelta(days=5)
    assert b"Breach of curfew" in page.content


def test_an_event_that_happened_before_the_guidance_still_makes_a_review_due_now(world):
    """¶9.2: reviews "when significant events occur"; an event learned of today (here one of 2005, before
    the 2009 guidance) is judged by the guidance in force when it is recorded."""
    add(world.om, world.case, owner=world.om, due=TODAY)
    with transaction.atomic():
        events.record_significant_event(actor=world.police, nominal=world.case, kind="breach", summary="Old breach",
                                        occurred_on=datetime.date(2005, 3, 1))
    assert PlanReviewTrigger.objects.get().occurred_on == datetime.date(2005, 3, 1)


def test_a_new_address_from_the_register_triggers_a_review(world):
    add(world.om, world.case, owner=world.om, due=TODAY)
    register.update_item(actor=world.om, item=world.address, data={"status": "previous"}, version=world.address.version)
    register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                         data={"line1": "4 New Road", "town": "Bradwell", "postcode": "BR1 3CD"})
    assert PlanReviewTrigger.objects.filter(kind="address").count() == 1


def test_intelligence_triggers_are_not_shown_to_agencies_that_may_not_see_intelligence(world, login):
    add(world.om, world.case, owner=world.om, due=TODAY)
    register.create_item(actor=world.police, nominal=world.case, kind=KINDS["activities"],
                         data={"kind": "intelligence", "summary": "Seen at the park gates", "handling": "intelligence",
                               "occurred_at": timezone.now()})
    page = login(world.om).get(f"/plans/{world.case.pk}/")
    assert b"Seen at the park gates" not in page.content
    assert page.context["state"].review.triggered and page.context["state"].hidden_triggers == 1


def _review(client, nominal, **extra):
    data = {"considered": "OASys, police visit notes", "victim_views": "VLO: victim content with exclusion zone",
            "changes": "Added monthly device checks", "outcome": "amended", "handling": ""}
    data.update(extra)
    return client.post(f"/plans/{nominal.pk}/reviews/add/", data)


def test_reviewing_a_plan_deals_with_its_triggers_and_a_supervisor_endorses_it(world, login):
    add(world.om, world.case, owner=world.om, due=TODAY)
    with transaction.atomic():
        events.record_significant_event(actor=world.om, nominal=world.case, kind="release", summary="Released on licence")
    client = login(world.om)
    missing = _review(client, world.case, victim_views="")
    assert "Record the victim&#x27;s views" in missing.content.decode() or "Record the victim's views" in missing.content.decode()
    assert not PlanReview.objects.exists()
    assert _review(client, world.case).status_code == 302
    review = PlanReview.objects.get()
    assert review.kind == "triggered" and PlanReviewTrigger.objects.get().review == review
    state = client.get(f"/plans/{world.case.pk}/").context["state"]
    assert not state.review.triggered
    # The reviewer cannot endorse their own review; the supervisor can.
    assert client.post(f"/plans/{world.case.pk}/reviews/{review.pk}/", {"note": "ok", "version": 1}).status_code == 404
    sup = login(world.probation_sup)
    empty = sup.post(f"/plans/{world.case.pk}/reviews/{review.pk}/", {"note": "", "version": 1})
    assert "Confirm that you have checked the plan against what it must show" in empty.content.decode()
    assert "Home visiting by probation is not in the plan" in empty.content.decode()  # the checklist is shown
    assert "Say what you checked" in empty.content.decode()
    assert sup.post(f"/plans/{world.case.pk}/reviews/{review.pk}/", {"note": "Checked against MAPPA minutes", "version": 1,
                                                                        "checked": "on"}).status_code == 302
    review.refresh_from_db()
    assert review.endorsed_by == world.probation_sup
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="planreview", actor=world.probation_sup).exists()


def test_a_review_copied_from_the_last_one_must_be_confirmed_and_stays_flagged(world, login):
    item = add(world.om, world.case, owner=world.om, due=TODAY)
    client = login(world.om)
    _review(client, world.case)
    unsupported = _review(client, world.case, considered="New notes", victim_views="New views", changes="Something")
    assert "no item has changed since the last review" in unsupported.content.decode()
    services.update_item(actor=world.om, item=item, data={"status": "in_progress"}, version=1)
    again = _review(client, world.case, victim_views="VLO: victim now wants contact restrictions")
    assert again.status_code == 200
    assert "What was considered is the same as the last review" in again.content.decode()
    assert PlanReview.objects.count() == 1
    assert _review(client, world.case, victim_views="VLO: victim now wants contact restrictions",
                   confirm_copied="on").status_code == 302
    latest = PlanReview.objects.order_by("-id").first()
    assert latest.copied_sections == ["considered", "changes"]
    assert b"Copied unchanged" in client.get(f"/plans/{world.case.pk}/reviews/{latest.pk}/").content


def test_the_plan_can_be_seen_as_it_was_on_a_date(world, login):
    item = add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    PlanItemRevision.objects.filter(item=item).update(recorded_at=timezone.now() - datetime.timedelta(days=10))
    services.update_item(actor=world.police, item=item, data={"what": "Fortnightly reporting"}, version=1)
    client = login(world.om)
    past = TODAY - datetime.timedelta(days=5)
    page = client.get(f"/plans/{world.case.pk}/history/", {"on_day": past.day, "on_month": past.month, "on_year": past.year})
    shown = [rev.snapshot["what"] for h in page.context["as_at"]["headings"] for rev in h["items"]]
    assert shown == ["Weekly reporting"]
    now = client.get(f"/plans/{world.case.pk}/history/", {"on_day": TODAY.day, "on_month": TODAY.month, "on_year": TODAY.year})
    assert [rev.snapshot["what"] for h in now.context["as_at"]["headings"] for rev in h["items"]] == ["Fortnightly reporting"]
    assert "What will be done: Weekly reporting → Fortnightly reporting" in now.content.decode()
    assert world.police.display_name in now.content.decode()
    before = TODAY - datetime.timedelta(days=20)
    empty = client.get(f"/plans/{world.case.pk}/history/", {"on_day": before.day, "on_month": before.month, "on_year": before.year})
    assert all(not h["items"] for h in empty.context["as_at"]["headings"])


def test_history_of_restricted_items_does_not_leak(world, login):
    item = add(world.om, world.case, heading="victim_safety", what="Alice's address kept from him", owner=world.om,
               due=TODAY, handling="victim")
    services.update_item(actor=world.om, item=item, data={"what": "Alice's new address kept from him"}, version=1)
    page = login(world.children).get(f"/plans/{world.case.pk}/history/", {"on_day": TODAY.day, "on_month": TODAY.month,
                                                                          "on_year": TODAY.year})
    assert b"Alice" not in page.content


def test_the_pdf_is_marked_and_withholds_what_the_reader_may_not_see(world, login, monkeypatch):
    add(world.om, world.case, heading="victim_safety", what="Exclusion from Alice's street", owner=world.om, due=TODAY,
        handling="victim")
    add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    real = login(world.om).get(f"/plans/{world.case.pk}/plan.pdf")
    assert real.status_code == 200 and real["Content-Type"] == "application/pdf" and real.content.startswith(b"%PDF")
    captured = {}
    from mappa.plans import views

    def fake(template, context, **kwargs):
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        captured["html"] = render_to_string(template, {**context, **kwargs})
        captured.update(kwargs)
        return HttpResponse(b"%PDF")

    monkeypatch.setattr(views, "pdf_response", fake)
    login(world.children).get(f"/plans/{world.case.pk}/plan.pdf")
    assert "Weekly reporting" in captured["html"] and "Alice" not in captured["html"]
    assert "Withheld: an item restricted as victim details" in captured["html"]
    assert captured["marking"] == "OFFICIAL-SENSITIVE"
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor=world.children, details__document="risk management plan").exists()
    assert login(world.housing).get(f"/plans/{world.case.pk}/plan.pdf").status_code in (200, 403)


def test_the_case_page_shows_the_plan_panel_and_tab(world, login):
    add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY - datetime.timedelta(days=3))
    page = login(world.om).get(f"/people/{world.case.pk}/")
    body = page.content.decode()
    assert 'id="plan"' in body and f"/plans/{world.case.pk}/" in body
    assert "Home visiting by probation is not in the plan" in body and "more" in body
    data = next(p["data"] for p in page.context["panels"] if p["panel"].slug == "plan")
    assert data["overdue"] == 1 and data["counts"][0] == {"label": "Supervision", "count": 1}


def test_the_case_page_panel_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    from mappa.plans.registrations import panel_context

    add(world.om, world.case, owner=world.om, due=TODAY)
    # What other parts provide (requirements, facts) adds their own fixed number of queries.
    with django_assert_max_num_queries(100) as small:
        panel_context(world.om, world.case)
    for n in range(15):
        item = add(world.police, world.case, what=f"Visit {n}", owner=world.police, due=TODAY)
        services.update_item(actor=world.police, item=item, data={"status": "in_progress"}, version=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        panel_context(world.om, world.case)


def test_the_work_list_shows_overdue_items_and_reviews_due(world, login):
    add(world.om, world.case, what="Write the relapse prevention plan", owner=world.om, due=TODAY - datetime.timedelta(days=1))
    add(world.om, world.case, what="Far away", owner=world.om, due=TODAY + datetime.timedelta(days=200))
    with transaction.atomic():
        events.record_significant_event(actor=world.om, nominal=world.case, kind="relationship", summary="New partner")
    work = extensions.work_for(world.om, TODAY)
    whats = [w.what for w in work]
    assert "Plan: Write the relapse prevention plan" in whats and "Plan: Far away" not in whats
    assert any(w.kind == "plan_review" for w in work)
    assert extensions.work_for(world.south, TODAY) == []


def test_reviews_through_the_api(world, login):
    add(world.om, world.case, owner=world.om, due=TODAY)
    client = login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/plan/reviews/"
    bad = client.post(url, {"considered": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "victim_views" in bad.json()["errors"]
    body = {"considered": "OASys", "victim_views": "VLO: none", "changes": "None needed", "outcome": "no_change"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    copied = client.post(url, body, content_type="application/json")
    assert copied.status_code == 400 and set(copied.json()["errors"]) == {"considered", "victim_views", "changes"}
    made = client.post(url, {**body, "confirm_copied": True}, content_type="application/json").json()
    assert made["copied_sections"] == ["considered", "victim_views", "changes"]
    endorse = f"{url}{made['id']}/endorse/"
    assert client.post(endorse, {"note": "ok", "version": 1}, content_type="application/json").status_code == 403
    sup = login(world.probation_sup)
    assert sup.post(endorse, {"note": "Checked", "version": 1}, content_type="application/json").status_code == 400
    assert sup.post(endorse, {"note": "Checked", "version": 0, "checked": True}, content_type="application/json").status_code == 409
    done = sup.post(endorse, {"note": "Checked", "version": 1, "checked": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["endorsed_by_name"] == world.probation_sup.display_name
    assert len(client.get(url).json()["results"]) == 2


def test_the_schema_lists_the_plan_endpoints(world, login):
    paths = login(world.om).get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/nominals/{nominal_pk}/plan/items/" in paths
    assert "/api/v1/nominals/{nominal_pk}/plan/reviews/{id}/endorse/" in paths


def test_a_coordinator_reads_the_plan_but_changes_it_only_as_a_partner(world, login):
    add(world.om, world.case, owner=world.om, due=TODAY)
    client = login(world.coordinator)
    assert client.get(f"/plans/{world.case.pk}/").status_code == 200
    assert client.get(f"/plans/{world.case.pk}/items/add/").status_code == 403


def test_a_restricted_item_cannot_be_opened_by_an_agency_that_may_not_see_it(world, login):
    item = add(world.om, world.case, heading="victim_safety", what="Alarm at Alice's home", owner=world.om, due=TODAY,
               handling="victim")
    assert login(world.children).get(f"/plans/{world.case.pk}/items/{item.pk}/").status_code == 404
    assert login(world.children).get(f"/api/v1/nominals/{world.case.pk}/plan/items/{item.pk}/").status_code == 404
    assert login(world.police).get(f"/plans/{world.case.pk}/items/{item.pk}/").status_code == 200


def test_new_guidance_changes_future_review_dates_without_rewriting_history(world):
    from mappa.core.models import ReferenceSetting

    before = services.intervals(TODAY)
    ReferenceSetting.objects.create(key="plans.review.base_interval", value={"months": 3},
                                    effective_from=TODAY + datetime.timedelta(days=1), source="test guidance")
    assert services.intervals(TODAY) == before
    assert services.intervals(TODAY + datetime.timedelta(days=2)).base == {"months": 3}


def test_the_home_page_lists_plan_work(world, login):
    add(world.om, world.case, what="Write the relapse prevention plan", owner=world.om, due=TODAY - datetime.timedelta(days=2))
    assert "Plan: Write the relapse prevention plan" in login(world.om).get("/").content.decode()


def test_an_item_marked_done_needs_evidence(world):
    item = add(world.om, world.case, owner=world.om, due=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.update_item(actor=world.om, item=item, data={"status": "done"}, version=1)
    assert exc.value.message_dict["evidence"] == ["Say what shows the item was done"]
    assert PlanItem.objects.get(pk=item.pk).status == "planned"


def test_a_restricted_review_is_not_shown_to_agencies_that_may_not_see_it(world, login):
    item = add(world.om, world.case, owner=world.om, due=TODAY)
    type(item.plan).objects.update(started_on=TODAY - datetime.timedelta(days=200))
    services.complete_review(actor=world.om, nominal=world.case, data={
        "considered": "VLO report", "victim_views": "Alice fears he will find her new address", "changes": "None",
        "outcome": "no_change", "handling": "victim"})
    review = PlanReview.objects.get()
    children = login(world.children)
    state = children.get(f"/plans/{world.case.pk}/").context["state"]
    assert state.last_review is None and state.review.scheduled > TODAY  # the due date still counts the review
    assert children.get(f"/plans/{world.case.pk}/reviews/{review.pk}/").status_code == 404
    assert b"Alice fears" not in children.get(f"/plans/{world.case.pk}/history/").content
    assert login(world.police).get(f"/plans/{world.case.pk}/").context["state"].last_review == review


def test_adding_from_a_requirement_starts_from_its_text(world, login, requirements):
    page = login(world.om).get(f"/plans/{world.case.pk}/items/add/", {"source": "orders.prohibition:4"})
    form = page.context["form"]
    assert form.initial["source_key"] == "orders.prohibition:4"
    assert form.initial["what"] == "Must not use the internet without monitoring software"
    assert form.initial["heading"] == "monitoring_control"


def test_supervisors_are_prompted_to_endorse_their_teams_reviews(world):
    add(world.om, world.case, owner=world.om, due=TODAY + datetime.timedelta(days=100))
    services.complete_review(actor=world.om, nominal=world.case, data={
        "considered": "OASys", "victim_views": "VLO: none", "changes": "None", "outcome": "no_change"})
    prompts = [w for w in extensions.work_for(world.probation_sup, TODAY) if w.kind == "plan_endorsement"]
    assert [p.what for p in prompts] == [f"Endorse the plan review by {world.om.display_name}"]
    assert not [w for w in extensions.work_for(world.police_sup, TODAY) if w.kind == "plan_endorsement"]
    review = PlanReview.objects.get()
    services.endorse_review(actor=world.probation_sup, review=review, note="Checked", version=review.version, checked=True)
    assert not [w for w in extensions.work_for(world.probation_sup, TODAY) if w.kind == "plan_endorsement"]


def test_the_api_gives_the_plan_as_at_a_date(world, login):
    item = add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    PlanItemRevision.objects.filter(item=item).update(recorded_at=timezone.now() - datetime.timedelta(days=10))
    services.update_item(actor=world.police, item=item, data={"what": "Fortnightly reporting"}, version=1)
    client = login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/plan/history/"
    past = client.get(url, {"on": str(TODAY - datetime.timedelta(days=5))}).json()
    assert [i["what"] for h in past["headings"] for i in h["items"]] == ["Weekly reporting"]
    now = client.get(url, {"on": str(TODAY)}).json()
    assert [(i["what"], i["changed_by"]) for h in now["headings"] for i in h["items"]] == [
        ("Fortnightly reporting", world.police.display_name)]
    assert client.get(url, {"on": "not a date"}).status_code == 400
    assert login(world.south).get(url, {"on": str(TODAY)}).status_code == 404


def test_a_person_without_a_plan_shows_what_it_must_contain(world, login, django_assert_max_num_queries, monkeypatch):
    from mappa.core import extensions, facts
    from mappa.plans.registrations import panel_context

    # Only the plan's own contents: no licence conditions, prohibitions or decisions from other parts. The case
    # page gathers the person's facts once for all its panels (whether police may visit rests on them).
    monkeypatch.setattr(extensions.registry, "plan", [])
    with facts.remembered():
        facts.facts_for(world.om, world.case)
        with django_assert_max_num_queries(1):
            data = panel_context(world.om, world.case)
    # Not registered and no licence condition for police visits: police home visits are not asked for.
    assert data["plan"] is None and len(data["missing"]) == 8
    assert "There is no plan yet. It must show 8 things." in login(world.om).get(f"/people/{world.case.pk}/").content.decode()


def test_the_review_page_lists_what_changed_since_the_last_review(world, login):
    item = add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    client = login(world.om)
    _review(client, world.case)
    assert "Nothing in the plan has changed since the last review." in client.get(f"/plans/{world.case.pk}/reviews/add/").content.decode()
    services.update_item(actor=world.police, item=item, data={"what": "Fortnightly reporting"}, version=1)
    page = client.get(f"/plans/{world.case.pk}/reviews/add/").content.decode()
    assert "What will be done: Weekly reporting → Fortnightly reporting" in page


def test_the_review_date_follows_the_mappa_level_and_rosh_from_other_parts(world, login, monkeypatch):
    from mappa.core import facts

    add(world.om, world.case, owner=world.om, due=TODAY)
    monkeypatch.setattr(facts, "_providers", [lambda reader, nominal: facts.Facts(mappa_level=2, rosh="very_high")])
    review = login(world.om).get(f"/plans/{world.case.pk}/").context["state"].review
    # ¶9.2 level 2 is every eight to twelve weeks; very high RoSH shortens it to the reference default of 6 weeks.
    assert review.due == TODAY + datetime.timedelta(weeks=6) and "very high" in review.reason
    monkeypatch.setattr(facts, "_providers", [lambda reader, nominal: facts.Facts(mappa_level=2)])
    review = login(world.om).get(f"/plans/{world.case.pk}/").context["state"].review
    assert review.due == TODAY + datetime.timedelta(weeks=12) and review.reason == "MAPPA level 2"


def test_police_home_visits_are_asked_for_only_where_the_person_is_registered_and_the_plan_says_why(world, login):
    """Seed 001, the case of Mr D: "As Mr. D will not be a registered sex offender on release, the mandatory
    visits from Police Protection Officers cannot happen". Registration is the police's power to visit."""
    from decimal import Decimal

    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS

    add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY)
    unregistered = login(world.om).get(f"/plans/{world.case.pk}/").content.decode()
    assert "Home visiting by the police" not in unregistered and "Home visiting by probation is not in the plan" in unregistered

    convicted = TODAY - datetime.timedelta(days=365)
    conviction = orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["convictions"], data=dict(
        offence="Sexual assault", offence_code="019/11", convicted_on=convicted, contact_sexual=True,
        schedule="schedule_3", maximum_penalty_years=Decimal("10")))
    orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["sentences"], data=dict(
        conviction=conviction, kind="community", sentenced_on=convicted, length_months=Decimal("24"),
        order_end=TODAY + datetime.timedelta(days=300)))
    orders.create_record(actor=world.police, nominal=world.case, kind=ORDER_KINDS["notification"], data=dict(
        conviction=conviction, relevant_date=convicted, handling="intelligence"))
    # Recorded as police intelligence: the police are told why; probation, who may not see it, is not asked.
    police = login(world.police).get(f"/plans/{world.case.pk}/").content.decode()
    assert "Home visiting by the police is not in the plan. The police may visit because of: Notification requirement" in police
    assert "Home visiting by the police" not in login(world.om).get(f"/plans/{world.case.pk}/").content.decode()


def test_what_needs_doing_is_open_and_the_rest_a_click_away(world, login):
    """Each section's summary counts its items and says what in it needs action; under the section an item that is
    overdue or lacks an owner or timescale is shown, the others are kept in a closed "details", still on the page.
    After an item is saved the plan opens at it."""
    overdue = add(world.om, world.case, what="Weekly reporting", owner=world.om, due=TODAY - datetime.timedelta(days=3))
    quiet = add(world.om, world.case, what="Monthly home visit", owner=world.om, every_days=30, start=TODAY)
    add(world.om, world.case, heading="interventions_treatment", what="Accredited programme", owner=world.om,
        due=TODAY + datetime.timedelta(days=60), status="done", evidence="Completion certificate on file")
    client = login(world.om)
    page = client.get(f"/plans/{world.case.pk}/")
    supervision = next(h for h in page.context["headings"] if h["value"] == "supervision")
    assert [i.pk for i in supervision["action"]] == [overdue.pk]
    assert [i.pk for i in supervision["others"]] == [quiet.pk]
    text = page.content.decode()
    summary = text[text.index('data-testid="sections"'):text.index("</ul>", text.index('data-testid="sections"'))]
    assert "1 to act on" in summary and "2 in force" in summary and "1 done or no longer needed" in summary
    closed = text[text.index('data-testid="other-items"'):]
    assert closed.index("Monthly home visit") < closed.index("</details>")  # on the page, behind "details"
    assert not closed.startswith('data-testid="other-items" open')
    assert "The other item" in closed  # one item: not "the other 1 item"
    assert page_style.problems("the plan", text) == []

    response = client.post(f"/plans/{world.case.pk}/items/{quiet.pk}/", {
        "heading": "supervision", "what": "Monthly home visit", "owner": world.om.pk, "purpose": "restrictive",
        "every_days": 28, "start_day": TODAY.day, "start_month": TODAY.month, "start_year": TODAY.year,
        "status": "planned", "version": quiet.version})
    assert response.status_code == 302 and response["Location"].endswith(f"?shown={quiet.pk}#item-{quiet.pk}")
    shown = client.get(response["Location"]).content.decode()
    assert 'data-testid="other-items" open' in shown
