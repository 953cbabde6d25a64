"""Cases discussed in staff supervision, with what was agreed for each (inspection 2010 ¶10.13, F-154: accountability
for the cases). The case page says "Discussed in supervision on <date> with <supervisor>: <agreed>" only to a reader
who may see the case AND is the supervisee, the supervisor or in the team that manages the case
(policy.case_discussions_for). Staff supervision is staff-personal: nothing else of the session is shown there."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core.concurrency import StaleEdit
from mappa.workforce import queries, services
from mappa.workforce.models import DiscussedCase, StaffSupervision

TODAY = timezone.localdate()
AGREED = "Bring the plan review forward and book a joint home visit"
PRIVATE = "How the work is affecting her after the last incident"


def held(w, agreed_for=None, cases=None):
    return services.record_supervision(
        actor=w.probation_sup, supervisee=w.om, cases=cases if cases is not None else [w.case.pk],
        agreed_for=agreed_for if agreed_for is not None else {w.case.pk: AGREED},
        data={"held_on": TODAY - datetime.timedelta(days=2), "accountability": True, "support": True,
              "discussed": PRIVATE, "agreed": "Take leave before the end of the month"})


def test_what_was_agreed_for_a_case_is_kept_and_on_the_cases_own_history(world):
    w = world
    made = held(w)
    assert DiscussedCase.objects.get(supervision=made).agreed == AGREED
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, object_type__icontains="supervision").get()
    assert event.changes == {"agreed": [None, AGREED]}
    assert queries.discussed(w.om, [made])[made.pk][0].agreed_here == AGREED


def test_what_was_agreed_for_a_case_not_discussed_is_refused_and_nothing_is_saved(world):
    w = world
    with pytest.raises(ValidationError) as refused:
        held(w, agreed_for={w.unallocated.pk: "Something"})
    assert "cases" in refused.value.message_dict
    assert not StaffSupervision.objects.exists() and not DiscussedCase.objects.exists()


@pytest.mark.parametrize("who, shown", [
    ("om", True),  # the supervisee
    ("probation_sup", True),  # the supervisor, in the managing team too
    ("colleague", True),  # in the team that manages the case
    ("police", False),  # a partner who may see the case, in another team
    ("coordinator", False),
    ("children", False),
    ("housing", False),
    ("admin", False),
])
def test_the_case_page_shows_the_discussion_only_to_those_allowed(world, login, who, shown):
    w = world
    held(w)
    reader = getattr(w, who)
    response = login(reader).get(f"/people/{w.case.pk}/")
    if response.status_code == 404:  # may not see the case at all
        assert not shown
        return
    page = response.content.decode()
    assert ('data-testid="discussed-in-supervision"' in page) == shown
    assert (AGREED in page) == shown
    assert PRIVATE not in page and "Take leave" not in page  # the rest of the session, never
    assert policy.case_discussions_for(reader, w.case).exists() == shown


def test_the_line_names_the_date_and_the_supervisor(world, login):
    w = world
    held(w)
    page = login(w.om).get(f"/people/{w.case.pk}/").content.decode()
    assert "Discussed in supervision on" in page and f"with {w.probation_sup.display_name}: {AGREED}" in page


def test_another_office_of_the_same_agency_reads_no_discussion(world):
    w = world
    held(w)
    from mappa.nominals.models import Nominal
    case = Nominal.objects.get(pk=w.case.pk)
    rows = policy.case_discussions_for(w.om, case)
    assert rows.count() == 1
    assert policy.case_discussions_for(w.other_office, case).count() == 0


def test_the_form_records_what_was_agreed_for_each_case(world, login):
    w = world
    client = login(w.probation_sup)
    day = TODAY - datetime.timedelta(days=1)
    form = client.get(f"/workforce/people/{w.om.pk}/supervision/add/").content.decode()
    assert f"What was agreed for {w.case.full_name}" in form
    done = client.post(f"/workforce/people/{w.om.pk}/supervision/add/", {
        "held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year, "accountability": "on",
        "agreed": "Overall", "cases": [str(w.case.pk)], f"agreed_{w.case.pk}": AGREED})
    assert done.status_code == 302
    session = StaffSupervision.objects.get()
    assert DiscussedCase.objects.get(supervision=session).agreed == AGREED
    page = client.get(f"/workforce/supervisions/{session.pk}/").content.decode()
    assert f"agreed {AGREED}" in page.replace("&#x27;", "'")


def test_the_api_takes_and_gives_what_was_agreed_for_each_case(world, client):
    w = world
    client.force_login(w.probation_sup)
    made = client.post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": str(TODAY), "accountability": True, "agreed": "Overall",
        "cases": [w.case.pk], "agreed_for": {str(w.case.pk): AGREED}}, content_type="application/json")
    assert made.status_code == 201 and made.json()["agreed_for"] == {str(w.case.pk): AGREED}
    bad = client.post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": str(TODAY), "accountability": True, "agreed": "Overall",
        "cases": [w.case.pk], "agreed_for": {"x": AGREED}}, content_type="application/json")
    assert bad.status_code == 400
    client.force_login(w.om)
    assert client.get(f"/api/v1/workforce/supervisions/{made.json()['id']}/").json()["agreed_for"] == {
        str(w.case.pk): AGREED}


# ---- Correcting what was agreed for a case: its supervisor only, with the version read ----

CORRECTED = "Bring the plan review forward; the joint home visit is for the police to book"


def _row(made):
    return DiscussedCase.objects.get(supervision=made)


def test_the_supervisor_who_recorded_it_corrects_what_was_agreed_with_an_audit_row_on_the_case(world):
    w = world
    made = held(w)
    row = _row(made)
    services.correct_agreed(actor=w.probation_sup, discussed=row, agreed=f"  {CORRECTED} ", version=row.version)
    row = _row(made)
    assert (row.agreed, row.version) == (CORRECTED, 2)
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, object_type="discussedcase").get()
    assert event.actor == w.probation_sup and event.changes == {"agreed": [AGREED, CORRECTED]}
    assert StaffSupervision.objects.get(pk=made.pk).agreed == "Take leave before the end of the month"


@pytest.mark.parametrize("who", ["om", "colleague", "police", "police_sup", "coordinator", "admin"])
def test_nobody_else_corrects_it_and_nothing_changes(world, login, who):
    w = world
    made = held(w)
    changes = AuditEvent.objects.filter(action__in=["create", "update"])
    row, before = _row(made), changes.count()
    reader = getattr(w, who)
    with pytest.raises(PermissionDenied):
        services.correct_agreed(actor=reader, discussed=row, agreed="My own words", version=row.version)
    url = f"/workforce/supervisions/{made.pk}/cases/{w.case.pk}/agreed/"
    client = login(reader)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": row.version, "agreed": "My own words"}).status_code == 404
    assert _row(made).agreed == AGREED and changes.count() == before


def test_a_supervisor_no_longer_on_the_persons_team_corrects_nothing(world):
    w = world
    made = held(w)
    w.om.team = w.police_sup.team
    w.om.save()
    row = _row(made)
    with pytest.raises(PermissionDenied):
        services.correct_agreed(actor=w.probation_sup, discussed=row, agreed=CORRECTED, version=row.version)
    assert _row(made).agreed == AGREED


def test_a_stale_correction_is_refused_and_changes_nothing(world):
    w = world
    made = held(w)
    row = _row(made)
    services.correct_agreed(actor=w.probation_sup, discussed=row, agreed=CORRECTED, version=1)
    before = AuditEvent.objects.count()
    with pytest.raises(StaleEdit):
        services.correct_agreed(actor=w.probation_sup, discussed=row, agreed="Opened before the first change",
                                version=1)
    assert _row(made).agreed == CORRECTED and _row(made).version == 2 and AuditEvent.objects.count() == before


def test_the_form_page_corrects_it_and_the_case_page_shows_the_corrected_text(world, login):
    w = world
    made = held(w)
    client = login(w.probation_sup)
    session_page = client.get(f"/workforce/supervisions/{made.pk}/").content.decode()
    url = f"/workforce/supervisions/{made.pk}/cases/{w.case.pk}/agreed/"
    assert f'href="{url}"' in session_page
    form = client.get(url).content.decode()
    assert f"What was agreed for {w.case.full_name}" in form and AGREED in form
    done = client.post(url, {"version": 1, "agreed": CORRECTED})
    assert done.status_code == 302 and done["Location"] == f"/workforce/supervisions/{made.pk}/"
    for reader in (w.om, w.probation_sup, w.colleague):
        page = login(reader).get(f"/people/{w.case.pk}/").content.decode().replace("&#x27;", "'")
        assert CORRECTED in page and AGREED not in page, reader
    # The supervisee reads the session but is offered no correction.
    assert url not in login(w.om).get(f"/workforce/supervisions/{made.pk}/").content.decode()


def test_the_form_page_refuses_a_stale_save_and_shows_what_was_saved(world, login):
    w = world
    made = held(w)
    row = _row(made)
    services.correct_agreed(actor=w.probation_sup, discussed=row, agreed=CORRECTED, version=1)
    url = f"/workforce/supervisions/{made.pk}/cases/{w.case.pk}/agreed/"
    response = login(w.probation_sup).post(url, {"version": 1, "agreed": "Opened before the first change"})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and 'data-testid="conflict"' in page and CORRECTED in page
    assert _row(made).agreed == CORRECTED


def test_the_case_history_keeps_what_was_agreed_and_its_correction_from_those_the_panel_keeps_it_from(world, login):
    w = world
    made = held(w)
    row = _row(made)
    services.correct_agreed(actor=w.probation_sup, discussed=row, agreed=CORRECTED, version=1)
    for who, shown in (("om", True), ("colleague", True), ("police", False), ("coordinator", False)):
        response = login(getattr(w, who)).get(f"/people/{w.case.pk}/history/")
        page = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200, who
        assert (AGREED in page, CORRECTED in page) == (shown, shown), who
