"""Cases discussed in staff supervision, with what was agreed for each (inspection 2010 ¶10.13, F-154: accountability
for the cases). The case page says "Discussed in supervision on <date> with <supervisor>: <agreed>" only to a reader
who may see the case AND is the supervisee, the supervisor or in the team that manages the case
(policy.case_discussions_for). Staff supervision is staff-personal: nothing else of the session is shown there."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
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
