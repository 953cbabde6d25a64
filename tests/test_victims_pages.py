"""Victims' pages as every reader sees them: the name, address and details only for the victim liaison officer, the
offender manager and the team's supervisors; for everyone else who may see the case, how many and whom to ask."""
import datetime

import pytest

from mappa.core.models import Notification
from mappa.victims.models import Victim
from tests.test_victims_services import ADDRESS, NAME, readers, victims  # noqa: F401

SECRETS = (NAME, "Wren Gardens", "01234 567890", "Former partner")


def _shows_secret(body: str) -> bool:
    return any(s in body for s in SECRETS)


def test_matrix_of_pages(victims, login):  # noqa: F811
    w = victims
    for user, sees in readers(w):
        client = login(user)
        case = client.get(f"/people/{w.case.pk}/")
        tab = client.get(f"/victims/people/{w.case.pk}/")
        detail = client.get(f"/victims/{w.past.pk}/")
        log = client.get(f"/victims/people/{w.case.pk}/access/")
        for response in (case, tab, detail, log):
            assert response.status_code != 500, user.username
        if sees:
            assert NAME in tab.content.decode() and ADDRESS.split(",")[0] in detail.content.decode()
            assert detail.status_code == 200 and log.status_code == 200
            continue
        assert detail.status_code == 404, user.username
        assert log.status_code in (403, 404), user.username
        for response in (case, tab):
            assert not _shows_secret(response.content.decode()), user.username
        if case.status_code == 200:
            assert "1 victim: details held by the victim liaison officer, ask victim_services team" in case.content.decode(), user.username


def test_notifications_never_carry_victim_details(victims):  # noqa: F811
    for note in Notification.objects.all():
        assert not _shows_secret(note.message)


def test_forms_refuse_bad_input_and_change_nothing(victims, login):  # noqa: F811
    w = victims
    client = login(w.vlo)
    response = client.post(f"/victims/people/{w.case.pk}/new/", {"kind": "past", "name": ""})
    assert response.status_code == 200 and "Enter the victim&#x27;s name" in response.content.decode()
    assert Victim.objects.count() == 1
    response = client.post(f"/victims/people/{w.case.pk}/new/", {"kind": "potential", "description": "Her children",
                                                                 "is_child": "on"})
    assert response.status_code == 302 and Victim.objects.count() == 2
    response = client.post(f"/victims/{w.past.pk}/contacts/new/", {"method": "phone", "summary": ""})
    assert response.status_code == 200 and "Enter what happened" in response.content.decode()
    day = datetime.date(2025, 4, 2)
    response = client.post(f"/victims/{w.past.pk}/contacts/new/", {
        "method": "phone", "summary": "Called", "reached": "on", "occurred_on_day": day.day, "occurred_on_month": day.month,
        "occurred_on_year": day.year})
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["police", "housing", "colleague"])
def test_others_may_not_open_the_add_form(victims, login, who):  # noqa: F811
    response = login(getattr(victims, who)).get(f"/victims/people/{victims.case.pk}/new/")
    assert response.status_code in (403, 404)


def test_a_change_without_the_version_read_is_refused_and_overwrites_nothing(victims, login):  # noqa: F811
    w = victims
    from mappa.victims import services

    services.change_victim(actor=w.om, victim=w.past, data={"relationship": "Ex-wife"}, version=w.past.version)
    response = login(w.vlo).post(f"/victims/{w.past.pk}/edit/", {"kind": "past", "name": NAME,
                                                                    "relationship": "Former partner"})
    assert response.status_code == 200
    assert Victim.objects.get(pk=w.past.pk).relationship == "Ex-wife"


def test_the_case_page_panel_showing_victims_is_a_read_of_each(victims, login):  # noqa: F811
    from mappa.access import policy
    from mappa.audit.models import Action, AuditEvent

    w = victims
    login(w.om).get(f"/people/{w.case.pk}/")
    nominal = policy.get_nominal(w.vlo, w.case.pk)
    assert [e.actor for e in policy.victim_access_log_for(w.vlo, nominal)] == [w.om]
    login(w.police).get(f"/people/{w.case.pk}/")
    assert not AuditEvent.objects.filter(actor=w.police, action=Action.VIEW, object_type__icontains="victim").exists()


def test_a_stale_change_shows_the_other_persons_change_for_review_and_saves_nothing(victims, login):  # noqa: F811
    w = victims
    from mappa.victims import services

    opened = w.past.version
    services.change_victim(actor=w.om, victim=w.past, data={"relationship": "Ex-wife"}, version=opened)
    response = login(w.vlo).post(f"/victims/{w.past.pk}/edit/", {"kind": "past", "name": NAME, "version": opened,
                                                                    "relationship": "Former partner"})
    assert response.status_code == 200 and b'data-testid="conflict"' in response.content
    assert b"Ex-wife" in response.content and b"Someone else changed this" in response.content
    assert Victim.objects.get(pk=w.past.pk).relationship == "Ex-wife"
