"""A licence and the sentence it was issued under share one licence period (issue 6 follow-up: the inspectors'
lesson of one shared record, not copies). Rules, services, the sync from the orders services, the facts, the
pages, the API, the data migration and the access cases."""
import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.audit.models import AuditEvent
from mappa.core import facts
from mappa.core.concurrency import StaleEdit
from mappa.licences import registrations, rules, services
from mappa.licences.models import Licence
from mappa.nominals.models import SignificantEvent
from mappa.orders import queries
from mappa.orders import rules as order_rules
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS

TODAY = timezone.localdate()
J = {"content_type": "application/json"}


def days(n):
    return TODAY + datetime.timedelta(days=n)


def add(w, slug, actor=None, nominal=None, **data):
    return orders.create_record(actor=actor or w.om, nominal=nominal or w.case, kind=KINDS[slug], data=data)


def change(w, item, actor=None, **data):
    item.refresh_from_db()
    return orders.update_record(actor=actor or w.om, item=item, data=data, version=item.version)


def sentence_for(w, actor=None, nominal=None, handling="", start=-100, end=300, **extra):
    actor = actor or w.om
    conviction = add(w, "convictions", actor=actor, nominal=nominal, offence="Wounding with intent", convicted_on=days(-800),
                     violent=True, handling=handling)
    data = dict(conviction=conviction, kind="custody", sentenced_on=days(-790), length_months=Decimal("24"),
                custody_from=days(-790), release_kind="automatic", release_date=days(start), released_on=days(start),
                licence_start=days(start), licence_end=days(end), sentence_expiry=days(end), handling=handling) | extra
    return add(w, "sentences", actor=actor, nominal=nominal, **data)


def linked_licence(w, sentence, **extra):
    return services.create_licence(actor=w.om, nominal=w.case,
                                   data={"kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford"} | extra)


# ---- rules ----------------------------------------------------------------------------------------

D = datetime.date


def test_golden_the_licence_period_is_from_release_to_licence_expiry():
    # Seed 002 lines 180-183 (Hartnell): released on licence, the licence runs to its expiry date.
    assert order_rules.licence_period(licence_start=D(2008, 9, 1), licence_end=D(2011, 6, 30), released_on=D(2008, 9, 3),
                                      sentence_expiry=D(2012, 1, 1)) == (D(2008, 9, 3), D(2011, 6, 30))
    # No licence expiry recorded: the licence lasts to the sentence expiry date (as the legal status reads it).
    assert order_rules.licence_period(licence_start=D(2008, 9, 1), licence_end=None, released_on=None,
                                      sentence_expiry=D(2012, 2, 29)) == (D(2008, 9, 1), D(2012, 2, 29))
    assert order_rules.licence_period(licence_start=None, licence_end=D(2011, 6, 30)) is None


def test_dates_that_disagree_with_the_sentence_are_refused_in_plain_words():
    period = (D(2024, 2, 29), D(2025, 2, 28))
    assert rules.sentence_date_errors(None, None, period) == {}
    assert rules.sentence_date_errors(D(2024, 2, 29), D(2025, 2, 28), period) == {}
    errors = rules.sentence_date_errors(D(2024, 3, 1), D(2025, 2, 28), period)
    assert errors == {"start_date": "The licence start date (1 March 2024) does not match the sentence it was issued under, "
                                    "whose licence starts on 29 February 2024: the dates come from the sentence"}
    assert set(rules.sentence_date_errors(None, D(2025, 3, 1), period)) == {"end_date"}
    assert "no licence start date recorded" in rules.sentence_date_errors(None, None, None)["sentence"]
    assert "no licence expiry" in rules.sentence_date_errors(None, None, (D(2024, 2, 29), None))["sentence"]


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@given(start=dates, length=st.integers(1, 4000), other=dates)
def test_a_licence_agrees_with_its_sentence_exactly_when_its_dates_are_the_sentences(start, length, other):
    end = start + datetime.timedelta(days=length)
    period = (start, end)
    assert rules.sentence_date_errors(start, end, period) == {}
    assert bool(rules.sentence_date_errors(other, end, period)) == (other != start)
    assert bool(rules.sentence_date_errors(start, other, period)) == (other != end)


# ---- services -------------------------------------------------------------------------------------

def test_a_linked_licence_takes_its_dates_from_the_sentence(world):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    assert (licence.sentence, licence.start_date, licence.end_date) == (sentence, days(-100), days(300))
    assert licence.dates_confirmed and licence.is_current()
    event = AuditEvent.objects.get(object_type="licence", object_id=str(licence.pk), action="create")
    assert event.changes["sentence"] == [None, str(sentence)] and event.changes["end_date"] == [None, days(300).isoformat()]


def test_the_same_dates_typed_in_are_accepted_but_different_ones_never_saved(world):
    sentence = sentence_for(world)
    same = linked_licence(world, sentence, start_date=days(-100), end_date=days(300))
    assert same.end_date == days(300)
    with pytest.raises(ValidationError) as exc:
        linked_licence(world, sentence, end_date=days(301))
    assert exc.value.message_dict["end_date"][0].startswith(f"The licence end date ({days(301):%-d %B %Y}) does not match")
    assert Licence.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.update_licence(actor=world.om, licence=same, data={"start_date": days(-99)}, version=same.version)
    assert "does not match the sentence" in exc.value.message_dict["start_date"][0]
    same.refresh_from_db()
    assert same.start_date == days(-100) and same.version == 1


def test_a_sentence_without_licence_dates_cannot_be_linked(world):
    sentence = sentence_for(world, release_date=days(30), released_on=None, licence_start=None, licence_end=None,
                            sentence_expiry=days(400))
    with pytest.raises(ValidationError) as exc:
        linked_licence(world, sentence)
    assert "no licence start date recorded yet" in exc.value.message_dict["sentence"][0]
    assert not Licence.objects.exists()


def test_an_unlinked_licence_keeps_typed_dates_and_can_be_linked_later(world):
    licence = services.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": days(-100), "end_date": days(200), "issued_by": "HMP Brackford"})
    assert not licence.dates_confirmed
    sentence = sentence_for(world)
    licence = services.update_licence(actor=world.om, licence=licence, data={"sentence": sentence.pk}, version=licence.version)
    assert licence.sentence == sentence and licence.end_date == days(300)
    licence.refresh_from_db()
    assert licence.end_date == days(300) and licence.sentence_id == sentence.pk
    changes = AuditEvent.objects.filter(object_type="licence", object_id=str(licence.pk), action="update").get().changes
    assert changes["end_date"] == [days(200).isoformat(), days(300).isoformat()]
    # Unlinked again (e.g. linked by mistake): the dates stay as they were.
    licence = services.update_licence(actor=world.om, licence=licence, data={"sentence": None}, version=licence.version)
    assert licence.sentence is None and licence.end_date == days(300)


@pytest.mark.parametrize("who", ["other_person", "not_custodial", "restricted", "missing"])
def test_only_a_custodial_sentence_of_this_person_the_user_may_see_can_be_linked(world, who):
    if who == "other_person":
        sentence = sentence_for(world, actor=world.other_office, nominal=world.elsewhere)
    elif who == "not_custodial":
        conviction = add(world, "convictions", offence="Theft", convicted_on=days(-100))
        sentence = add(world, "sentences", conviction=conviction, kind="community", sentenced_on=days(-90),
                       length_months=Decimal("12"), order_end=days(275))
    elif who == "restricted":  # police intelligence: the probation manager may not see it
        sentence = sentence_for(world, actor=world.police, handling="intelligence")
    pk = sentence.pk if who != "missing" else 999999
    with pytest.raises(ValidationError) as exc:
        linked_licence(world, type("S", (), {"pk": pk})())
    # The same words whatever the reason, so the id says nothing about a record the user may not see.
    assert exc.value.message_dict == {"sentence": [services.NO_SUCH_SENTENCE]}
    assert not Licence.objects.exists()


def test_when_the_sentence_licence_dates_change_the_licence_follows_in_the_same_transaction(world):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    change(world, sentence, licence_end=days(250), sentence_expiry=days(250))
    licence.refresh_from_db()
    assert licence.end_date == days(250) and licence.version == 2
    follow = AuditEvent.objects.get(object_type="licence", object_id=str(licence.pk), action="update")
    assert follow.actor == world.om and follow.changes == {"end_date": [days(300).isoformat(), days(250).isoformat()]}
    assert "sentence it was issued under changed" in follow.details["because"]
    assert AuditEvent.objects.filter(object_type="sentence", object_id=str(sentence.pk), action="update").count() == 1


def test_an_edit_of_the_licence_started_before_the_sentence_changed_is_stale(world):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    opened = licence.version
    change(world, sentence, licence_end=days(250), sentence_expiry=days(250))
    with pytest.raises(StaleEdit):
        services.update_licence(actor=world.om, licence=licence, data={"issued_by": "HMP Coldharbour"}, version=opened)


def test_a_release_date_change_raises_one_significant_event_not_two(world):
    sentence = sentence_for(world, released_on=None, release_date=days(-90))
    licence = linked_licence(world, sentence)
    assert licence.start_date == days(-100)  # before release is recorded: the licence start
    before = list(SignificantEvent.objects.values_list("pk", flat=True))
    change(world, sentence, released_on=days(-95))
    licence.refresh_from_db()
    assert licence.start_date == days(-95)
    raised = SignificantEvent.objects.exclude(pk__in=before)
    assert [(e.kind, e.source_type) for e in raised] == [("release", "sentence")]


def test_a_sentence_change_that_would_leave_its_licence_without_dates_is_refused_and_nothing_changes(world):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    with pytest.raises(ValidationError) as exc:
        change(world, sentence, licence_start=None, released_on=None)
    assert "issued under this sentence" in exc.value.message_dict["licence_start"][0]
    sentence.refresh_from_db()
    licence.refresh_from_db()
    assert sentence.licence_start == days(-100) and licence.start_date == days(-100)
    revoked = services.update_licence(actor=world.om, licence=licence, data={"revoked_on": days(-50)}, version=licence.version)
    with pytest.raises(ValidationError) as exc:
        change(world, sentence, licence_start=days(-40), released_on=days(-40))
    assert "would no longer be valid: The licence cannot be revoked before it starts" in exc.value.message_dict["licence_start"][0]
    revoked.refresh_from_db()
    assert revoked.start_date == days(-100)


def test_a_change_by_someone_who_may_not_see_the_licence_still_moves_it(world):
    """The police record the sentence; the licence is probation's, restricted as victim details. The link holds."""
    sentence = sentence_for(world, actor=world.police)
    licence = linked_licence(world, sentence, handling="victim")
    change(world, sentence, actor=world.police, licence_end=days(200), sentence_expiry=days(200))
    licence.refresh_from_db()
    assert licence.end_date == days(200)


# ---- facts, the legal status and the licence panel agree ------------------------------------------

def test_legal_status_licence_panel_and_facts_show_the_same_end_after_the_sentence_changes(world, client):
    sentence = sentence_for(world)
    linked_licence(world, sentence)
    change(world, sentence, licence_end=days(180), sentence_expiry=days(180))
    end = days(180)
    # The facts: each provider, and the merged answer.
    by_orders = queries.facts_for_nominal(world.om, world.case).on_licence
    by_licences = registrations.licence_facts(world.om, world.case).on_licence
    merged = facts.facts_for(world.om, world.case).on_licence
    assert (by_orders.since, by_orders.until) == (by_licences.since, by_licences.until) == (merged.since, merged.until) \
        == (days(-100), end)
    # The case page: the legal status panel (orders) and the licence panel (licences).
    client.force_login(world.om)
    page = client.get(f"/people/{world.case.pk}/").content.decode()
    assert f"On licence until {end:%-d %B %Y}" in page  # the legal status (orders), capitalised
    assert re.search(rf"On licence until <strong>{end:%-d %B %Y}</strong>", page)
    # And the API's legal status.
    status = client.get(f"/api/v1/nominals/{world.case.pk}/legal-status/").json()
    assert status["on_licence"] and f"{end:%-d %B %Y}" in " ".join(status["lines"])


# ---- the data migration ---------------------------------------------------------------------------

def test_the_migration_links_a_licence_to_the_one_matching_sentence_only(world):
    migration = importlib.import_module("mappa.licences.migrations.0004_link_licences_to_sentences")
    typed = {"kind": "standard", "issued_by": "HMP Brackford"}
    sentence = sentence_for(world)
    matching = services.create_licence(actor=world.om, nominal=world.case, data=typed | {"start_date": days(-100), "end_date": days(300)})
    different = services.create_licence(actor=world.om, nominal=world.case, data=typed | {"start_date": days(-100), "end_date": days(301)})
    # Two sentences with the same period for the police's case: ambiguous, so left alone.
    for _ in range(2):
        sentence_for(world, actor=world.other_office, nominal=world.elsewhere, start=-50, end=100)
    ambiguous = services.create_licence(actor=world.other_office, nominal=world.elsewhere,
                                        data=typed | {"start_date": days(-50), "end_date": days(100)})
    migration.link(apps, None)
    for licence in (matching, different, ambiguous):
        licence.refresh_from_db()
    assert matching.sentence_id == sentence.pk and matching.version == 2
    assert different.sentence_id is None and ambiguous.sentence_id is None


# ---- pages ----------------------------------------------------------------------------------------

def test_the_licence_form_offers_the_users_visible_custodial_sentences_and_fills_the_dates(world, client):
    sentence = sentence_for(world)
    hidden = sentence_for(world, actor=world.police, handling="intelligence", start=-10, end=50)
    client.force_login(world.om)
    url = f"/licences/people/{world.case.pk}/licences/new/"
    form = client.get(url).content.decode()
    assert f'value="{sentence.pk}"' in form and f'value="{hidden.pk}"' not in form
    assert f"licence {days(-100):%-d %B %Y} to {days(300):%-d %B %Y}" in form
    response = client.post(url, {"kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford"})
    licence = Licence.objects.get()
    assert response.status_code == 302 and (licence.sentence, licence.end_date) == (sentence, days(300))
    page = client.get(f"/licences/{licence.pk}/").content.decode()
    assert "The sentence it was issued under" in page and f"/orders/{world.case.pk}/sentences/{sentence.pk}/" in page
    # Editing a linked licence does not ask for the dates again: it shows them, read-only.
    edit = client.get(f"/licences/{licence.pk}/edit/").content.decode()
    assert 'name="end_date_day"' not in edit and "The licence's dates come from the sentence" in edit
    assert f"{days(300):%-d %B %Y}" in edit


def test_the_form_refuses_a_sentence_the_user_may_not_see_with_a_clear_message(world, client):
    hidden = sentence_for(world, actor=world.police, handling="intelligence")
    client.force_login(world.om)
    response = client.post(f"/licences/people/{world.case.pk}/licences/new/",
                           {"kind": "standard", "sentence": hidden.pk, "issued_by": "HMP Brackford"})
    assert response.status_code == 200 and "Choose a sentence from the list" in response.content.decode()
    assert not Licence.objects.exists()


def test_typed_dates_that_contradict_the_chosen_sentence_are_shown_as_errors(world, client):
    sentence = sentence_for(world)
    client.force_login(world.om)
    end = days(301)
    response = client.post(f"/licences/people/{world.case.pk}/licences/new/", {
        "kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford",
        "end_date_day": end.day, "end_date_month": end.month, "end_date_year": end.year})
    assert response.status_code == 200 and "does not match the sentence it was issued under" in response.content.decode()
    assert not Licence.objects.exists()


def test_an_unlinked_licence_page_says_its_dates_are_not_confirmed_with_a_link_to_add_the_sentence(world, client):
    client.force_login(world.om)
    form = client.get(f"/licences/people/{world.case.pk}/licences/new/").content.decode()
    assert "No custodial sentence is recorded" in form
    response = client.post(f"/licences/people/{world.case.pk}/licences/new/", {"kind": "standard", "sentence": "",
                                                                               "issued_by": "HMP Brackford"})
    assert "Enter the date the licence starts, or choose the sentence it was issued under" in response.content.decode()
    licence = services.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": days(-10), "end_date": days(100), "issued_by": "HMP Brackford"})
    page = client.get(f"/licences/{licence.pk}/").content.decode()
    assert "not yet confirmed by a recorded sentence" in page and f"/orders/{world.case.pk}/sentences/new/" in page
    # A read-only partner sees the warning but not the links to change things.
    client.force_login(world.housing)
    page = client.get(f"/licences/{licence.pk}/").content.decode()
    assert "not yet confirmed by a recorded sentence" in page and "/sentences/new/" not in page


def test_a_user_who_may_not_see_the_sentence_sees_no_link_to_it(world, client):
    sentence = sentence_for(world, actor=world.police, handling="intelligence")
    licence = services.create_licence(actor=world.police, nominal=world.case, data={
        "kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford"})
    client.force_login(world.om)
    page = client.get(f"/licences/{licence.pk}/").content.decode()
    assert "(recorded by another agency)" in page and f"/sentences/{sentence.pk}/" not in page
    assert "Wounding" not in page


@pytest.mark.parametrize("who, status", [("south", 404), ("children", 200), ("anonymous", 302)])
def test_the_licence_page_access(world, client, who, status):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    assert client.get(f"/licences/{licence.pk}/").status_code == status


def test_a_stale_licence_form_after_the_sentence_moved_shows_the_conflict(world, client):
    sentence = sentence_for(world)
    licence = services.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": days(-100), "end_date": days(300), "issued_by": "HMP Brackford"})
    opened = licence.version
    services.update_licence(actor=world.om, licence=licence, data={"sentence": sentence.pk}, version=opened)
    client.force_login(world.om)
    response = client.post(f"/licences/{licence.pk}/edit/", {
        "version": opened, "kind": "standard", "sentence": "", "issued_by": "HMP Brackford",
        "start_date_day": days(-100).day, "start_date_month": days(-100).month, "start_date_year": days(-100).year,
        "end_date_day": days(300).day, "end_date_month": days(300).month, "end_date_year": days(300).year})
    assert response.status_code == 200 and "Someone else changed this" in response.content.decode()
    licence.refresh_from_db()
    assert licence.sentence_id == sentence.pk


# ---- API ------------------------------------------------------------------------------------------

def test_the_api_exposes_the_link_and_fills_the_dates(world, client):
    sentence = sentence_for(world)
    client.force_login(world.om)
    created = client.post(f"/api/v1/licences/nominals/{world.case.pk}/licences/",
                          {"kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford"}, **J)
    body = created.json()
    assert created.status_code == 201 and body["sentence"] == sentence.pk and body["dates_from_sentence"] is True
    assert (body["start_date"], body["end_date"]) == (days(-100).isoformat(), days(300).isoformat())
    change(world, sentence, licence_end=days(260), sentence_expiry=days(260))
    assert client.get(f"/api/v1/licences/{body['id']}/").json()["end_date"] == days(260).isoformat()


def test_the_api_refuses_dates_that_contradict_the_sentence(world, client):
    sentence = sentence_for(world)
    client.force_login(world.om)
    refused = client.post(f"/api/v1/licences/nominals/{world.case.pk}/licences/",
                          {"kind": "standard", "sentence": sentence.pk, "issued_by": "HMP Brackford",
                           "end_date": days(365).isoformat()}, **J)
    assert refused.status_code == 400
    assert "does not match the sentence it was issued under" in str(refused.json())
    licence = linked_licence(world, sentence)
    patched = client.patch(f"/api/v1/licences/{licence.pk}/", {"version": licence.version, "start_date": days(-1).isoformat()}, **J)
    assert patched.status_code == 400 and "does not match the sentence" in str(patched.json())
    licence.refresh_from_db()
    assert licence.start_date == days(-100)
    ok = client.patch(f"/api/v1/licences/{licence.pk}/", {"version": licence.version, "issued_by": "The Parole Board"}, **J)
    assert ok.status_code == 200 and ok.json()["end_date"] == days(300).isoformat() and ok.json()["sentence"] == sentence.pk


def test_the_api_answers_the_same_for_a_hidden_sentence_as_for_none_at_all(world, client):
    hidden = sentence_for(world, actor=world.police, handling="intelligence")
    client.force_login(world.om)
    url = f"/api/v1/licences/nominals/{world.case.pk}/licences/"
    answers = [client.post(url, {"kind": "standard", "sentence": pk, "issued_by": "HMP Brackford"}, **J) for pk in (hidden.pk, 999999)]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json() == answers[1].json()
    assert services.NO_SUCH_SENTENCE in str(answers[0].json())
    assert not Licence.objects.exists()


def test_the_api_refuses_other_areas_and_anonymous_callers(world, client):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    assert client.get(f"/api/v1/licences/{licence.pk}/").status_code in (401, 403)
    client.force_login(world.south)
    assert client.get(f"/api/v1/licences/{licence.pk}/").status_code == 404
    assert client.post(f"/api/v1/licences/nominals/{world.case.pk}/licences/",
                       {"kind": "standard", "sentence": sentence.pk, "issued_by": "X"}, **J).status_code == 404


def test_changing_a_linked_licence_on_its_page_keeps_the_sentences_dates(world, client):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    client.force_login(world.om)
    response = client.post(f"/licences/{licence.pk}/edit/", {"version": licence.version, "kind": "standard",
                                                             "sentence": sentence.pk, "issued_by": "The Parole Board"})
    assert response.status_code == 302
    licence.refresh_from_db()
    assert (licence.issued_by, licence.sentence_id, licence.end_date) == ("The Parole Board", sentence.pk, days(300))
    changes = AuditEvent.objects.get(object_type="licence", object_id=str(licence.pk), action="update").changes
    assert changes == {"issued_by": ["HMP Brackford", "The Parole Board"]}
    # Unlinking on the page: the date fields come back next time, filled with the dates it had.
    client.post(f"/licences/{licence.pk}/edit/", {"version": licence.version, "kind": "standard", "sentence": "",
                                                  "issued_by": "The Parole Board"})
    licence.refresh_from_db()
    assert licence.sentence_id is None


def test_the_sentences_api_follows_and_refuses_like_the_services(world, client):
    sentence = sentence_for(world)
    licence = linked_licence(world, sentence)
    client.force_login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/sentences/{sentence.pk}/"
    moved = client.patch(url, {"version": sentence.version, "licence_end": days(270).isoformat()}, **J)
    assert moved.status_code == 200
    licence.refresh_from_db()
    assert licence.end_date == days(270)
    refused = client.patch(url, {"version": moved.json()["version"], "licence_start": None, "released_on": None}, **J)
    assert refused.status_code == 400 and "issued under this sentence" in str(refused.json())
    sentence.refresh_from_db()
    assert sentence.licence_start == days(-100)
