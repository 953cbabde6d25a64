"""Emergency access for police officers without a caseload: reason required, time-limited, flagged."""
import datetime

import pytest
from django.utils import timezone

from mappa.access.models import BreakGlassGrant
from mappa.audit.models import Action, AuditEvent
from mappa.core.models import Notification, ReferenceSetting

REASON = "Called to a disturbance at his address tonight; need to know who lives there"


def ask(client, identifier="2009/0012345A", reason=REASON):
    return client.post("/emergency-access/", {"identifier": identifier, "reason": reason})


def test_officer_sees_nothing_without_emergency_access(world, login):
    client = login(world.officer)
    assert client.get(f"/people/{world.case.pk}/").status_code == 404
    assert "DAVIS" not in client.get("/people/", {"q": "Jonah Davis"}).content.decode()


def test_reason_is_required(world, login):
    response = ask(login(world.officer), reason="need it")
    assert "Give the reason you need access" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert AuditEvent.objects.filter(action=Action.REFUSED, actor=world.officer).exists()


def test_unknown_identifier_is_refused_plainly(world, login):
    response = ask(login(world.officer), identifier="9999/9999999Z")
    assert "No record has that identifier" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_emergency_access_grants_read_for_24_hours_and_flags_it(world, login):
    client = login(world.officer)
    response = ask(client)
    assert response.status_code == 302 and response["Location"] == f"/people/{world.case.pk}/"
    grant = BreakGlassGrant.objects.get()
    assert abs((grant.expires_at - grant.granted_at) - datetime.timedelta(hours=24)) < datetime.timedelta(seconds=5)
    page = client.get(response["Location"]).content.decode()
    assert "DAVIS, Jonah" in page and "emergency access" in page
    # Read only: no editing.
    assert client.get(f"/people/{world.case.pk}/edit/").status_code in (403, 404)
    view = AuditEvent.objects.filter(action=Action.VIEW, actor=world.officer).get()
    assert view.reason == REASON
    told = set(Notification.objects.filter(kind="break_glass").values_list("recipient__username", flat=True))
    assert told == {"om", "probsup"}


def test_access_ends_when_the_grant_expires(world, login):
    client = login(world.officer)
    ask(client)
    BreakGlassGrant.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/people/{world.case.pk}/").status_code == 404


def test_duration_comes_from_reference_data(world, login):
    ReferenceSetting.objects.create(key="break_glass.hours", value=8, effective_from=datetime.date(2020, 1, 1),
                                    source="test guidance")
    ask(login(world.officer))
    grant = BreakGlassGrant.objects.get()
    assert abs((grant.expires_at - grant.granted_at) - datetime.timedelta(hours=8)) < datetime.timedelta(seconds=5)


@pytest.mark.parametrize("persona", ["om", "police", "coordinator", "admin"])
def test_only_emergency_role_can_use_it(world, login, persona):
    assert ask(login(getattr(world, persona))).status_code == 404
    assert not BreakGlassGrant.objects.exists()


def test_manager_sees_the_emergency_view_with_reason(world, login):
    ask(login(world.officer))
    home = login(world.om).get("/").content.decode()
    assert "Emergency access to Jonah Davis" in home
    log = login(world.om).get(f"/people/{world.case.pk}/viewed-by/").content.decode()
    assert REASON in log and "Emergency" in log
