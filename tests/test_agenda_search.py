"""Adding a case to a meeting's agenda: found by name among the people the user may see, never by a typed
record number; a search step without JavaScript, live suggestions (a fragment) with htmx."""
import datetime

import pytest
from django.utils import timezone

from mappa.arrangements import services
from mappa.arrangements.models import AgendaCase, Meeting
from mappa.audit.models import Action, AuditEvent

TODAY = timezone.localdate()


@pytest.fixture
def meeting(world):
    services.identify(actor=world.om, nominal=world.case, category=1, identified_on=TODAY - datetime.timedelta(days=30),
                      basis="Registered")
    return services.arrange_meeting(actor=world.coordinator, kind=Meeting.Kind.LEVEL2, held_on=TODAY, venue="Room 2",
                                    chair=world.coordinator)


def test_the_form_asks_for_a_name_not_a_record_number(world, meeting, login):
    html = login(world.coordinator).get(f"/mappa/meetings/{meeting.pk}/agenda/").content.decode()
    assert "Name of the person" in html
    assert "record number" not in html.lower()


def test_a_name_search_offers_only_people_the_user_may_see(world, meeting, login):
    # Two people are called Jonah Davies/Davis: the one in another MAPPA area is outside the co-ordinator's scope.
    html = login(world.coordinator).get(f"/mappa/meetings/{meeting.pk}/agenda/", {"q": "Jonah Davies"}).content.decode()
    assert "DAVIS, Jonah" in html and "Add<span class=\"govuk-visually-hidden\"> Jonah Davis</span> to the agenda" in html
    assert f'value="{world.case.pk}"' in html
    assert f'value="{world.south_case.pk}"' not in html and "DAVIES, Jonah" not in html
    assert AuditEvent.objects.filter(actor=world.coordinator, action=Action.SEARCH, details__q="Jonah Davies").exists()


def test_choosing_a_result_adds_the_case_and_says_so(world, meeting, login):
    client = login(world.coordinator)
    response = client.post(f"/mappa/meetings/{meeting.pk}/agenda/?q=Jonah+Davies", {"nominal": world.case.pk}, follow=True)
    assert AgendaCase.objects.filter(meeting=meeting, nominal=world.case).exists()
    assert "Jonah Davis added to the agenda." in response.content.decode()
    again = client.get(f"/mappa/meetings/{meeting.pk}/agenda/", {"q": "Jonah Davies"}).content.decode()
    assert "On the agenda" in again and f'value="{world.case.pk}"' not in again


def test_a_person_out_of_scope_cannot_be_added_and_the_error_reveals_nothing(world, meeting, login):
    client = login(world.coordinator)
    response = client.post(f"/mappa/meetings/{meeting.pk}/agenda/?q=Jonah+Davies", {"nominal": world.south_case.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose a person from the search results" in html
    assert "Southshire" not in html and "DAVIES, Jonah" not in html
    assert not AgendaCase.objects.filter(meeting=meeting).exists()


def test_an_empty_search_asks_for_a_name(world, meeting, login):
    html = login(world.coordinator).get(f"/mappa/meetings/{meeting.pk}/agenda/", {"q": ""}).content.decode()
    assert "Enter the name of the person to add" in html and 'href="#id_q"' in html


def test_htmx_gets_only_the_results_as_the_name_is_typed(world, meeting, login):
    response = login(world.coordinator).get(f"/mappa/meetings/{meeting.pk}/agenda/", {"q": "Davis"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "DAVIS, Jonah" in html and "<html" not in html and "<h1" not in html


def test_only_those_who_run_the_meeting_may_change_its_agenda(world, meeting, login):
    response = login(world.om).get(f"/mappa/meetings/{meeting.pk}/agenda/", {"q": "Jonah Davis"})
    assert response.status_code in (403, 404)
    assert "DAVIS, Jonah" not in response.content.decode()
