"""Cover for an absent manager (inspection 2010 F-151, ¶3.11; good practice 2009-2012 §2.25 REQ-WF-03): the covering
colleague reaches the absent manager's cases as the manager does, for the cover's dates only, never sees a restricted
item their own agency may not see, and every read under cover is audited with the cover as its reason."""
import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.audit.models import AuditEvent
from mappa.core.models import Notification
from mappa.nominals import services, transfer_rules, transfer_services
from mappa.nominals.models import Activity, Cover, Nominal
from tests.conftest import make_user

LONDON = zoneinfo.ZoneInfo("Europe/London")


def cover(world, by=None, covering=None, starts=0, ends=3):
    today = timezone.localdate()
    return transfer_services.record_cover(
        actor=by or world.om, absent=world.om, covering=covering or world.other_office,
        starts_on=today + datetime.timedelta(days=starts), ends_on=today + datetime.timedelta(days=ends),
        reason="Annual leave")


def past_cover(world, days_ago_start, days_ago_end):
    """A cover recorded earlier, as the service would have stored it then."""
    today = timezone.localdate()
    starts, ends = today - datetime.timedelta(days=days_ago_start), today - datetime.timedelta(days=days_ago_end)
    start_at, end_at = transfer_rules.cover_window(starts, ends, settings.TIME_ZONE)
    return Cover.objects.create(absent=world.om, covering=world.other_office, starts_on=starts, ends_on=ends,
                                starts_at=start_at, ends_at=end_at, created_by=world.om)


def reaches(user, nominal, action=policy.READ) -> bool:
    return policy.nominals_for(user, action).filter(pk=nominal.pk).exists()


# --- the window, pure --------------------------------------------------------------------------------------------

@given(st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 1, 1)), st.integers(0, 91))
def test_cover_holds_all_of_its_last_day_and_not_a_moment_of_the_next(first, length):
    last = first + datetime.timedelta(days=length)
    start, end = transfer_rules.cover_window(first, last, "Europe/London")
    assert transfer_rules.in_window(start, end, datetime.datetime.combine(first, datetime.time.min, tzinfo=LONDON))
    assert transfer_rules.in_window(start, end, datetime.datetime.combine(last, datetime.time(23, 59, 59), tzinfo=LONDON))
    assert not transfer_rules.in_window(start, end, datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=LONDON))
    assert not transfer_rules.in_window(start, end, start - datetime.timedelta(seconds=1))


def test_cover_ending_on_the_day_summer_time_ends_lasts_until_local_midnight():
    start, end = transfer_rules.cover_window(datetime.date(2026, 10, 20), datetime.date(2026, 10, 25), "Europe/London")
    assert end == datetime.datetime(2026, 10, 26, 0, 0, tzinfo=datetime.UTC)  # GMT again by then
    assert start == datetime.datetime(2026, 10, 19, 23, 0, tzinfo=datetime.UTC)  # BST: midnight is 11pm UTC


def test_the_dates_are_checked_in_govuk_words():
    today = datetime.date(2026, 12, 7)
    errors = transfer_rules.cover_errors(starts_on=today, ends_on=today - datetime.timedelta(days=1), today=today,
                                         absent_id=1, covering_id=1, max_days=92)
    assert errors == {"covering": "Choose a colleague other than the person who is away",
                      "ends_on": "The last day must be the same as or after the first day"}
    too_long = transfer_rules.cover_errors(starts_on=today, ends_on=today + datetime.timedelta(days=200), today=today,
                                           absent_id=1, covering_id=2, max_days=92)
    assert "at most" in too_long["ends_on"]


# --- what cover grants -------------------------------------------------------------------------------------------

def test_during_cover_the_colleague_works_the_absent_managers_cases(world):
    assert not reaches(world.other_office, world.case)
    cover(world)
    assert reaches(world.other_office, world.case, policy.WRITE)
    case = policy.get_nominal(world.other_office, world.case.pk, policy.WRITE)
    assert policy.acts_as_manager(world.other_office, case) and policy.may_allocate(world.other_office, case)
    # Only the absent manager's cases: not the rest of the absent manager's team.
    assert not reaches(world.other_office, world.unallocated)
    assert Notification.objects.filter(recipient=world.other_office, kind="cover").exists()


def test_cover_never_widens_restricted_items_beyond_the_colleagues_own_agency(world):
    cover(world)
    case = policy.get_nominal(world.other_office, world.case.pk)
    seen = set(policy.items_for(world.other_office, Activity, nominal=case).values_list("pk", flat=True))
    allowed = set(Activity.objects.filter(nominal=case).filter(policy.handling_scope(world.other_office))
                  .values_list("pk", flat=True))
    assert seen == allowed
    assert world.intel.pk not in seen  # the police's intelligence: probation may not see it, covering or not
    assert not policy.may_see_victims(world.other_office, case)  # victims' details stay with those named for them


def test_cover_ends_on_its_end_date(world):
    past_cover(world, days_ago_start=5, days_ago_end=1)
    assert not reaches(world.other_office, world.case)
    past_cover(world, days_ago_start=3, days_ago_end=0)  # ends today: still holds today
    assert reaches(world.other_office, world.case)


def test_cover_starting_tomorrow_grants_nothing_today(world):
    cover(world, starts=1, ends=4)
    assert not reaches(world.other_office, world.case)


def test_ending_cover_early_takes_the_access_away_at_once_even_from_a_scope_already_built(world):
    given_cover = cover(world)
    assert reaches(world.other_office, world.case)  # builds and keeps the scope (policy.REUSE_SCOPES)
    transfer_services.end_cover(actor=world.om, cover=given_cover, version=given_cover.version)
    assert not reaches(world.other_office, world.case)
    assert AuditEvent.objects.filter(object_type="cover", action="update").exists()


def test_cover_ends_when_the_case_leaves_the_absent_manager(world):
    cover(world)
    services.allocate(actor=world.probation_sup, nominal=world.case, manager=world.colleague,
                      version=Nominal.objects.get(pk=world.case.pk).version)
    assert not reaches(world.other_office, world.case)


def test_reads_under_cover_are_audited_with_the_cover_as_reason(world):
    cover(world)
    case = policy.get_nominal(world.other_office, world.case.pk)
    services.record_view(world.other_office, case)
    row = AuditEvent.objects.filter(actor=world.other_office, action="view").latest("id")
    assert row.reason.startswith("Covering for Om Tester until")
    services.record_view(world.om, policy.get_nominal(world.om, world.case.pk))
    assert AuditEvent.objects.filter(actor=world.om, action="view").latest("id").reason == ""


# --- who may cover and who arranges it ---------------------------------------------------------------------------

def test_only_a_colleague_of_the_same_agency_in_a_working_role_may_cover(world):
    readonly = make_user("probread", world.om.team, Role.PARTNER_READONLY)
    for who in (world.police, world.coordinator, readonly):
        with pytest.raises(ValidationError) as refused:
            cover(world, covering=who)
        assert "covering" in refused.value.message_dict
    assert not Cover.objects.exists()


def test_a_read_only_or_emergency_user_holding_a_cover_row_reaches_nothing(world):
    """Even a cover row written around the service gives a role that may not cover nothing."""
    for who in (world.officer, world.housing):
        starts_at, ends_at = transfer_rules.cover_window(timezone.localdate(), timezone.localdate(), settings.TIME_ZONE)
        Cover.objects.create(absent=world.om, covering=who, starts_on=timezone.localdate(), ends_on=timezone.localdate(),
                             starts_at=starts_at, ends_at=ends_at, created_by=world.om)
        assert not reaches(who, world.case, policy.WRITE)
    assert not reaches(world.officer, world.case)


def test_cover_is_arranged_by_the_manager_or_their_supervisor_only(world):
    with pytest.raises(PermissionDenied):
        cover(world, by=world.colleague)
    with pytest.raises(PermissionDenied):
        cover(world, by=world.police_sup)
    cover(world, by=world.probation_sup)
    with pytest.raises(ValidationError) as refused:  # two covers of one absence at once
        cover(world, by=world.probation_sup, covering=world.colleague)
    assert "already covers" in refused.value.message_dict["starts_on"][0]


# --- the cover page and the work list ------------------------------------------------------------------------------

def test_the_covering_colleague_sees_the_cases_on_their_work_list_until_cover_ends(world):
    from mappa.core import extensions

    given_cover = cover(world)
    today = timezone.localdate()
    items = [i for i in extensions.work_for(world.other_office, today) if i.kind == "cover"]
    assert [i.nominal_id for i in items] == [world.case.pk] and "Covering for Om Tester" in items[0].what
    transfer_services.end_cover(actor=world.other_office, cover=given_cover, version=given_cover.version)
    assert not [i for i in extensions.work_for(world.other_office, today) if i.kind == "cover"]


def test_recording_cover_on_the_page_shows_govuk_errors_then_saves(world, login):
    client = login(world.om)
    assert "Record cover" in client.get("/people/cover/").content.decode()
    today = timezone.localdate()
    bad = client.post("/people/cover/", {"absent": world.om.pk, "covering": world.other_office.pk,
                                           "starts_on_day": today.day, "starts_on_month": today.month, "starts_on_year": today.year,
                                           "ends_on_day": "", "ends_on_month": "", "ends_on_year": ""}).content.decode()
    assert "There is a problem" in bad and not Cover.objects.exists()
    end = today + datetime.timedelta(days=2)
    ok = client.post("/people/cover/", {"absent": world.om.pk, "covering": world.other_office.pk,
                                          "starts_on_day": today.day, "starts_on_month": today.month, "starts_on_year": today.year,
                                          "ends_on_day": end.day, "ends_on_month": end.month, "ends_on_year": end.year})
    assert ok.status_code == 302 and Cover.objects.get().covering == world.other_office
    assert "Otheroffice Tester" in login(world.other_office).get("/people/cover/").content.decode()


def test_the_cover_page_works_for_every_role_and_arranges_only_for_working_roles(world, login):
    for who in (world.housing, world.admin, world.officer, world.coordinator):
        response = login(who).get("/people/cover/")
        assert response.status_code == 200 and "Record cover" not in response.content.decode()
        assert login(who).post("/people/cover/", {}).status_code == 404


def test_the_api_records_and_ends_cover(world, client):
    client.force_login(world.om)
    today = timezone.localdate()
    bad = client.post("/api/v1/covers/", {"covering": world.police.pk, "starts_on": str(today), "ends_on": str(today)},
                      content_type="application/json")
    assert bad.status_code == 400 and "covering" in bad.json()["errors"]
    made = client.post("/api/v1/covers/", {"covering": world.other_office.pk, "starts_on": str(today),
                                           "ends_on": str(today)}, content_type="application/json")
    assert made.status_code == 201 and made.json()["absent"] == world.om.pk
    assert reaches(world.other_office, world.case)
    ended = client.post(f"/api/v1/covers/{made.json()['id']}/end/", {"version": made.json()["version"]},
                        content_type="application/json")
    assert ended.status_code == 200 and not reaches(world.other_office, world.case)
    client.force_login(world.police)
    assert client.post(f"/api/v1/covers/{made.json()['id']}/end/", {"version": 2},
                       content_type="application/json").status_code == 404
