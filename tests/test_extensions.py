"""The extension points that later parts plug into: case page panels and tabs, the work list,
significant events, facts for the rules, and PDF documents."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from mappa.core import extensions, facts
from mappa.core.pdf import render_pdf_bytes
from mappa.nominals import events, services
from mappa.nominals.items import KINDS
from mappa.nominals.models import SignificantEvent


@pytest.fixture
def fresh_registry(monkeypatch):
    reg = extensions.Registry()
    monkeypatch.setattr(extensions, "registry", reg)
    return reg


def test_a_registered_panel_shows_on_the_case_page_and_raises_its_marking(world, login, fresh_registry, settings):
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = ""
    seen = []

    def context(user, nominal):
        seen.append((user, nominal.pk))
        return {"text": f"Panel for {nominal.first_name}", "markings": ["OFFICIAL-SENSITIVE"]}

    extensions.case_panel(extensions.CasePanel("demo", "Demo", "components/empty.html", context))
    page = login(world.om).get(f"/people/{world.case.pk}/")
    assert page.status_code == 200
    assert seen == [(world.om, world.case.pk)]
    assert b'id="demo"' in page.content


def test_a_panel_can_hide_itself_from_a_user(world, login, fresh_registry):
    extensions.case_panel(extensions.CasePanel(
        "police-only", "Police only", "components/empty.html",
        lambda user, nominal: {} if user.agency.kind == "police" else None))
    assert b'id="police-only"' in login(world.police).get(f"/people/{world.case.pk}/").content
    assert b'id="police-only"' not in login(world.om).get(f"/people/{world.case.pk}/").content


def test_two_panels_cannot_share_a_name(fresh_registry):
    extensions.case_panel(extensions.CasePanel("x", "X", "t.html", lambda u, n: {}))
    with pytest.raises(ValueError, match="already registered"):
        extensions.case_panel(extensions.CasePanel("x", "Other", "t.html", lambda u, n: {}))


def test_the_work_list_shows_overdue_work_first_on_the_home_page(world, login, fresh_registry):
    today = timezone.localdate()

    def provider(user, day):
        return [
            extensions.WorkItem(world.case.pk, "Jonah Davis", "Review due", today + datetime.timedelta(days=5), "/x"),
            extensions.WorkItem(world.case.pk, "Jonah Davis", "Notification overdue", today - datetime.timedelta(days=2), "/y"),
        ]

    extensions.work_list(provider)
    items = extensions.work_for(world.om, today)
    assert [i.what for i in items] == ["Notification overdue", "Review due"]
    page = login(world.om).get("/").content.decode()
    assert "Your work" in page
    assert page.index("Notification overdue") < page.index("Review due")
    assert "Overdue" in page


def test_the_home_page_has_no_work_list_when_nothing_is_due(world, login, fresh_registry):
    assert "Nothing due: no work on your cases" in login(world.om).get("/").content.decode()


def test_a_new_current_address_is_a_significant_event_that_subscribers_hear(world, monkeypatch):
    heard = []
    monkeypatch.setattr(events, "_subscribers", [lambda event, actor: heard.append((event.kind, actor))])
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                         data={"status": "proposed", "line1": "4 New Road", "postcode": "BR2 9ZZ"})
    assert heard == [(SignificantEvent.Kind.ADDRESS, world.om)]
    event = SignificantEvent.objects.get(nominal=world.case, kind="address", summary__contains="4 New Road")
    assert event.source_type == "address" and event.created_by == world.om


def test_a_new_partner_relationship_and_new_intelligence_are_significant_events(world):
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["relationships"],
                         data={"kind": "partner", "other_name": "Sarah Jones"})
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["activities"],
                         data={"kind": "intelligence", "summary": "New partner has two children", "handling": "intelligence",
                               "occurred_at": timezone.now()})
    kinds = set(SignificantEvent.objects.filter(nominal=world.case).values_list("kind", "handling"))
    assert ("relationship", "") in kinds
    # The event from restricted intelligence is restricted like its source.
    assert ("intelligence", "intelligence") in kinds


def test_an_ordinary_note_is_not_a_significant_event(world):
    before = SignificantEvent.objects.count()
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["activities"],
                         data={"kind": "note", "summary": "Phoned", "occurred_at": timezone.now()})
    assert SignificantEvent.objects.count() == before


def test_facts_from_several_providers_are_merged(monkeypatch):
    src = facts.Source("Conviction 1")
    one = facts.Facts(sanctions=(facts.Sanction(datetime.date(2009, 1, 1), "conviction", source=src),))
    two = facts.Facts(sanctions=(facts.Sanction(datetime.date(2001, 5, 1), "caution"),),
                      notification_requirements=facts.Flag(True, src))
    monkeypatch.setattr(facts, "_providers", [lambda reader, n: one, lambda reader, n: two])
    merged = facts.facts_for(None, SimpleNamespace(pk=1))
    assert [s.date.year for s in merged.sanctions] == [2001, 2009]
    assert merged.notification_requirements.value is True
    assert [s.kind for s in merged.convictions] == ["conviction"]


def test_a_pdf_is_laid_out_with_no_outside_resources():
    body = render_pdf_bytes("pdf/base.html", {}, marking="OFFICIAL-SENSITIVE", title="Test")
    assert body.startswith(b"%PDF")


def test_within_a_request_reference_data_is_read_once_and_a_change_is_seen_at_once(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mappa.core import reference
    from mappa.core.models import ReferenceSetting

    today = timezone.localdate()
    with reference.remembered():
        with CaptureQueriesContext(connection) as captured:
            first = reference.value("plans.review.trigger_days", today)
            reference.value("plans.review.base_interval", today)
            reference.value("plans.review.trigger_days", today)
        assert len(captured.captured_queries) == 1
        ReferenceSetting.objects.create(key="plans.review.trigger_days", value=first + 7, effective_from=today,
                                        source="A test's local decision")
        assert reference.value("plans.review.trigger_days", today) == first + 7
        assert reference.value("plans.review.trigger_days", today - datetime.timedelta(days=1)) == first
        with pytest.raises(reference.MissingReferenceData):
            reference.value("no.such.setting", today)


def test_a_sanctions_source_links_to_the_conviction(world):
    from mappa.orders import queries
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS

    conviction = orders.create_record(actor=world.om, nominal=world.case, kind=ORDER_KINDS["convictions"],
                                      data={"offence": "Assault", "convicted_on": datetime.date(2020, 5, 1)})
    [sanction] = facts.facts_for(world.om, world.case).sanctions
    assert sanction.source.url == queries.conviction_url(conviction)


def test_demo_loaders_run_after_the_parts_whose_records_they_read(fresh_registry):
    """The MAPPA demo proposes each category from the sentences and registrations the orders demo records,
    and the plans demo links to the MAPPA decisions: each loader names what it reads and runs after it."""
    ran = []

    def loader(part, after=()):
        def load(**kwargs):
            ran.append(part)

        load.__module__ = f"mappa.{part}.registrations"
        return extensions.demo_data(load, after=after)

    loader("arrangements", after=("orders", "licences"))
    loader("risk", after=("arrangements",))
    loader("orders")
    loader("licences", after=("orders",))
    loader("plans", after=("orders", "licences", "arrangements"))
    loader("visits", after=("risk", "absent"))  # a part with no loader is not waited for
    for load in extensions.demo_loaders():
        load(users={}, nominals={}, today=None)
    assert ran == ["orders", "licences", "arrangements", "risk", "plans", "visits"]


def test_demo_loaders_waiting_on_each_other_are_refused(fresh_registry):
    def load(**kwargs):
        pass

    def other(**kwargs):
        pass

    load.__module__, other.__module__ = "mappa.one.registrations", "mappa.two.registrations"
    extensions.demo_data(load, after=("two",))
    extensions.demo_data(other, after=("one",))
    with pytest.raises(ValueError, match="wait on each other"):
        extensions.demo_loaders()


def test_the_registered_demo_loads_orders_before_the_mappa_category_and_decisions_before_plans():
    parts = [loader.__module__.split(".")[1] for loader in extensions.demo_loaders()]
    assert parts.index("orders") < parts.index("arrangements") < parts.index("plans")
    assert parts.index("arrangements") < parts.index("risk") < parts.index("visits")
