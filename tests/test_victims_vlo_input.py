"""The victim liaison officer's input before a change that touches the victims (issue 19): a licence for a release to
come, a new or changed address where the person will live and the ending of a zone, on a record with a victim in
statutory contact, are refused without input recent enough unless a reason they are urgent is given (audited, the
liaison officer told). The refusal says only what the acting user may know: one who may not see the victims is
told that the liaison team's input is needed and whom to ask, the same words whatever the victims' state."""
import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core.models import Notification
from mappa.licences import services as licences
from mappa.licences.models import Licence, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.nominals.models import Address
from mappa.victims import rules
from mappa.victims import services as victims_services
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401
from tests.test_victims_services import readers, victims  # noqa: F401

TODAY = timezone.localdate()
J = {"content_type": "application/json"}
SQUARE = {"type": "Polygon", "coordinates": [[[-1.50, 53.38], [-1.49, 53.38], [-1.49, 53.39], [-1.50, 53.39], [-1.50, 53.38]]]}
FOR_SEERS = "in statutory victim contact"
ASK = "the offender manager, Om Tester"
FOR_OTHERS = (f"This change needs the victim liaison team's input first: ask {ASK}. If it cannot wait, say why it "
              "is urgent")
dates = st.dates(min_value=datetime.date(2005, 7, 1), max_value=datetime.date(2040, 12, 31))


# ---- the pure rule ----------------------------------------------------------------------------------------------

@given(in_scheme=st.booleans(), last=st.none() | dates, today=dates, valid_days=st.integers(1, 1000),
       reason=st.sampled_from(["", "  ", "Hostel place lost tonight: he must move now"]), sees=st.booleans())
def test_refused_exactly_when_in_scheme_without_recent_input_or_reason(in_scheme, last, today, valid_days, reason, sees):
    errors = rules.liaison_input_errors(in_scheme=in_scheme, last_input_on=last, today=today, valid_days=valid_days,
                                        urgent_reason=reason, sees_victims=sees, ask=ASK)
    recent = last is not None and (today - last).days <= valid_days
    assert bool(errors) is (in_scheme and not recent and not reason.strip())
    if errors:
        [message] = errors.values()
        assert list(errors) == [rules.URGENT_REASON]
        if sees:
            assert FOR_SEERS in message and f"{valid_days} days" in message
        else:  # the same words whatever the victims' state: nothing to learn from them but that input is needed
            assert message == FOR_OTHERS


@given(last=dates, valid_days=st.integers(0, 1000))
def test_input_counts_for_its_window_and_not_a_day_more(last, valid_days):
    edge = last + datetime.timedelta(days=valid_days)
    assert rules.liaison_input_recent(last, on=edge, valid_days=valid_days)
    assert not rules.liaison_input_recent(last, on=edge + datetime.timedelta(days=1), valid_days=valid_days)
    assert not rules.liaison_input_recent(None, on=edge, valid_days=valid_days)


@given(release=dates, last=st.none() | dates)
def test_the_work_list_prompt_is_the_absence_of_that_input(release, last):
    times = {"offer_within_days": 56, "input_before_release_days": 120, "input_valid_days": 180, "lookahead_days": 28}
    due = rules.contact_due(eligible=True, sentenced_on=datetime.date(2005, 8, 1), offered_on=datetime.date(2005, 8, 2),
                            response=rules.OPTED_IN, ended_on=None, release_date=release, in_custody=True,
                            last_input_on=last, timescales=times)
    prompted = any(d.kind == rules.RELEASE_INPUT for d in due)
    assert prompted is not rules.liaison_input_recent(last, on=release, valid_days=180)
    if not prompted and last is not None:  # input that answers the prompt lets release planning go ahead until then
        for day in (last, release):
            assert rules.liaison_input_errors(in_scheme=True, last_input_on=last, today=day, valid_days=180,
                                              urgent_reason="", sees_victims=True, ask=ASK) == {}


@pytest.mark.parametrize("kind, status, created, changed, needed", [
    ("home", "proposed", True, {"line1"}, True),  # a proposed release address
    ("approved_premises", "current", True, {"line1"}, True),
    ("home", "current", False, {"postcode"}, True),  # he moved
    ("home", "current", False, {"status"}, True),  # a proposed address became where he lives
    ("home", "current", False, {"notes", "moved_in"}, False),
    ("home", "previous", True, {"line1"}, False),  # history, not where he will live
    ("work", "current", True, {"line1"}, False),
    ("custody", "current", True, {"line1"}, False),
])
def test_which_address_changes_need_input(kind, status, created, changed, needed):
    assert rules.address_needs_input(kind=kind, status=status, created=created, changed=changed) is needed


# ---- the services -----------------------------------------------------------------------------------------------

def _address(actor, w, **extra):
    return register.create_item(actor=actor, nominal=w.case, kind=KINDS["addresses"],
                                data={"status": "proposed", "line1": "7 New Street", "postcode": "BR1 3CD", **extra})


def _input(w, on=TODAY, method="manager", reached=True):
    return victims_services.add_contact(actor=w.vlo, victim=w.past, data={
        "occurred_on": on, "method": method, "reached": reached, "summary": "Her views on his release"})


def _refusal(call) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    assert list(refused.value.message_dict) == [rules.URGENT_REASON]
    return refused.value.message_dict[rules.URGENT_REASON][0]


def test_a_release_address_needs_recent_input(victims):  # noqa: F811
    w = victims
    before = Address.objects.filter(nominal=w.case).count()
    assert FOR_SEERS in _refusal(lambda: _address(w.om, w))
    _input(w, on=TODAY - datetime.timedelta(days=181))  # too old
    _input(w, method="phone")  # with the victim, not the manager
    _input(w, reached=False)  # an attempt
    assert FOR_SEERS in _refusal(lambda: _address(w.om, w))
    assert Address.objects.filter(nominal=w.case).count() == before  # nothing changed
    _input(w, on=TODAY - datetime.timedelta(days=180))
    address = _address(w.om, w)
    assert not AuditEvent.objects.filter(details__has_key="urgent_without_liaison_input").exists()
    # Notes need no input; a move does, and the input still counts.
    register.update_item(actor=w.om, item=address, data={"notes": "Sister's flat"}, version=address.version)


def test_no_input_is_needed_where_no_victim_is_in_statutory_contact(victims):  # noqa: F811
    w = victims
    victims_services.change_victim(actor=w.vlo, victim=w.past, version=w.past.version,
                                   data={"ended_on": TODAY, "ended_reason": "Asked to stop"})
    _address(w.om, w)
    zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    licences.end_zone(actor=w.om, zone=zone, ended_on=TODAY, version=zone.version)
    # and on a record with no victims at all
    register.create_item(actor=w.other_office, nominal=w.elsewhere, kind=KINDS["addresses"],
                         data={"status": "proposed", "line1": "1 High Street", "postcode": "BR1 3CD"})


def test_an_urgent_change_goes_ahead_audited_and_the_liaison_officer_is_told(victims):  # noqa: F811
    w = victims
    reason = "His hostel place ended today: he must move tonight"
    address = _address(w.om, w, urgent_reason=reason)
    event = AuditEvent.objects.get(object_type="address", object_id=str(address.pk),
                                   details__has_key="urgent_without_liaison_input")
    assert event.details["urgent_without_liaison_input"] == reason and event.actor == w.om
    [told] = Notification.objects.filter(recipient=w.vlo, kind="victim_liaison_change", message__contains="urgent")
    assert reason in told.message and w.case.full_name in told.message
    assert not Notification.objects.filter(recipient=w.om, kind="victim_liaison_change").exists()


def test_a_zone_is_ended_only_with_input_or_an_urgent_reason(victims):  # noqa: F811
    w = victims
    zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    zone.refresh_from_db()
    assert FOR_SEERS in _refusal(lambda: licences.end_zone(actor=w.om, zone=zone, ended_on=TODAY, version=zone.version))
    assert Zone.objects.get(pk=zone.pk).ended_on is None
    licences.end_zone(actor=w.om, zone=zone, ended_on=TODAY, version=zone.version, urgent_reason="Parole Board direction today")
    assert Zone.objects.get(pk=zone.pk).ended_on == TODAY
    assert AuditEvent.objects.filter(object_type="zone", details__has_key="urgent_without_liaison_input").exists()


def test_a_licence_for_a_release_to_come_needs_input_one_already_begun_does_not(victims):  # noqa: F811
    w = victims
    data = {"kind": "standard", "end_date": TODAY + datetime.timedelta(days=400), "issued_by": "HMP Brackford"}
    planned = {**data, "start_date": TODAY + datetime.timedelta(days=30)}
    assert FOR_SEERS in _refusal(lambda: licences.create_licence(actor=w.om, nominal=w.case, data=planned))
    assert not Licence.objects.filter(nominal=w.case).exists()
    licences.create_licence(actor=w.om, nominal=w.case, data={**data, "start_date": TODAY - datetime.timedelta(days=10)})
    _input(w)
    licences.create_licence(actor=w.om, nominal=w.case, data=planned)


def test_the_refusal_says_only_what_each_user_may_know(victims):  # noqa: F811
    w = victims
    refused = {}
    for user, sees in readers(w):
        try:
            message = _refusal(lambda: _address(user, w))  # noqa: B023
        except (PermissionDenied, Http404):
            continue  # may not change the record at all: told that, as before
        reaches = policy.nominals_for(user).filter(pk=w.case.pk).exists()
        assert policy.may_see_victims(user, policy.get_nominal(user, w.case.pk)) is (sees and reaches)
        refused[user.username] = message
        if sees:
            assert FOR_SEERS in message, user.username
        else:
            assert message == FOR_OTHERS, user.username
            assert "statutory" not in message and "victim on" not in message
    assert {"om", "probsup", "vlo"} <= set(refused) and {"police", "children"} & set(refused)


# ---- pages and API ----------------------------------------------------------------------------------------------

def test_the_address_form_shows_the_urgent_reason_with_the_error(victims, login):  # noqa: F811
    w = victims
    form = {"status": "proposed", "kind": "home", "line1": "7 New Street", "postcode": "BR1 3CD"}
    for user, says in ((w.om, FOR_SEERS), (w.police, "ask the offender manager, Om Tester")):
        page = login(user).post(f"/people/{w.case.pk}/addresses/new/", form)
        body = page.content.decode()
        assert page.status_code == 200 and "There is a problem" in body and 'id="id_urgent_reason_error"' in body
        assert says in body.replace("&#x27;", "'")
        if user is w.police:
            assert FOR_SEERS not in body
    assert not Address.objects.filter(nominal=w.case, line1="7 New Street").exists()
    page = login(w.om).post(f"/people/{w.case.pk}/addresses/new/", {**form, "urgent_reason": "Hostel place lost"})
    assert page.status_code == 302 and Address.objects.filter(nominal=w.case, line1="7 New Street").exists()


def test_the_zone_page_asks_for_the_urgent_reason(victims, login):  # noqa: F811
    w = victims
    zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    zone.refresh_from_db()
    client = login(w.om)
    page = client.post(f"/licences/zones/{zone.pk}/", {"version": zone.version})
    assert page.status_code == 200 and 'id="id_urgent_reason_error"' in page.content.decode()
    assert Zone.objects.get(pk=zone.pk).ended_on is None
    page = client.post(f"/licences/zones/{zone.pk}/", {"version": zone.version, "urgent_reason": "Court order today"})
    assert page.status_code == 302 and Zone.objects.get(pk=zone.pk).ended_on == TODAY


def test_the_licence_form_asks_for_the_urgent_reason(victims, login):  # noqa: F811
    w = victims
    start = TODAY + datetime.timedelta(days=30)
    form = {"kind": "standard", "sentence": "", "start_date_day": start.day, "start_date_month": start.month,
            "start_date_year": start.year, "end_date_day": start.day, "end_date_month": start.month,
            "end_date_year": start.year + 1, "issued_by": "HMP Brackford"}
    page = login(w.om).post(f"/licences/people/{w.case.pk}/licences/new/", form)
    assert page.status_code == 200 and 'id="id_urgent_reason_error"' in page.content.decode()
    assert not Licence.objects.filter(nominal=w.case).exists()
    page = login(w.om).post(f"/licences/people/{w.case.pk}/licences/new/", {**form, "urgent_reason": "Released tomorrow"})
    assert page.status_code == 302 and Licence.objects.filter(nominal=w.case).exists()


def test_the_api_answers_400_with_the_field_error(victims, client):  # noqa: F811
    w = victims
    body = {"status": "proposed", "line1": "7 New Street", "postcode": "BR1 3CD"}
    for user, says in ((w.om, FOR_SEERS), (w.police, FOR_OTHERS)):
        client.force_login(user)
        answer = client.post(f"/api/v1/nominals/{w.case.pk}/addresses/", json.dumps(body), **J)
        assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
        [message] = answer.json()["errors"][rules.URGENT_REASON]
        assert says in message
    client.force_login(w.om)
    licence = {"kind": "standard", "start_date": str(TODAY + datetime.timedelta(days=30)),
               "end_date": str(TODAY + datetime.timedelta(days=400)), "issued_by": "HMP Brackford"}
    answer = client.post(f"/api/v1/licences/nominals/{w.case.pk}/licences/", json.dumps(licence), **J)
    assert answer.status_code == 400 and rules.URGENT_REASON in answer.json()["errors"]
    answer = client.post(f"/api/v1/nominals/{w.case.pk}/addresses/",
                         json.dumps({**body, "urgent_reason": "Hostel place lost"}), **J)
    assert answer.status_code == 201 and "urgent_reason" not in answer.json()


def test_ending_a_zone_through_the_api_needs_the_same(victims, client):  # noqa: F811
    w = victims
    zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    zone.refresh_from_db()
    client.force_login(w.om)
    answer = client.post(f"/api/v1/licences/zones/{zone.pk}/end/", json.dumps({"version": zone.version}), **J)
    assert answer.status_code == 400 and FOR_SEERS in answer.json()["errors"][rules.URGENT_REASON][0]
    assert Zone.objects.get(pk=zone.pk).ended_on is None
    answer = client.post(f"/api/v1/licences/zones/{zone.pk}/end/",
                         json.dumps({"version": zone.version, "urgent_reason": "Parole Board direction today"}), **J)
    assert answer.status_code == 200 and Zone.objects.get(pk=zone.pk).ended_on == TODAY
    answer = client.post(f"/api/v1/licences/zones/{zone.pk}/end/", json.dumps({"version": zone.version}), **J)
    assert answer.status_code in (400, 409)  # already ended, or stale: nothing changes twice


@pytest.mark.django_db
def test_the_demo_asks_for_input_on_kevin_dunmore(demo):  # noqa: F811
    om, ppo = demo["om.probation"], demo["ppo.police"]
    dunmore = case("dunmore")
    zone = Zone.objects.filter(nominal=dunmore, ended_on__isnull=True).first()
    assert FOR_SEERS in _refusal(lambda: licences.end_zone(actor=om, zone=zone, ended_on=TODAY, version=zone.version))
    told = _refusal(lambda: register.create_item(actor=ppo, nominal=dunmore, kind=KINDS["addresses"], data={
        "status": "proposed", "line1": "2 Quay Street", "postcode": "NX7 3DB"}))
    assert told.startswith("This change needs the victim liaison team's input first: ask the offender manager")
