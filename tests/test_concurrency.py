"""Two people editing the same thing: the second save is refused, never silently applied."""
import pytest
from django.core.exceptions import ValidationError

from mappa.core.concurrency import StaleEdit
from mappa.nominals import services
from mappa.nominals.models import Nominal


def test_second_save_from_the_same_version_is_refused(world):
    version = world.case.version
    services.update_nominal(actor=world.om, nominal=world.case, data={"language": "Welsh"}, version=version)
    with pytest.raises(StaleEdit):
        services.update_nominal(actor=world.police, nominal=world.case, data={"language": "Polish"}, version=version)
    assert Nominal.objects.get(pk=world.case.pk).language == "Welsh"


def test_stale_item_edit_is_refused(world):
    version = world.address.version
    services.update_item(actor=world.om, item=world.address, data={"town": "Eastbury"}, version=version)
    with pytest.raises(StaleEdit):
        services.update_item(actor=world.police, item=world.address, data={"town": "Westbury"}, version=version)
    world.address.refresh_from_db()
    assert world.address.town == "Eastbury"


def form(first_name, version):
    return {"first_name": first_name, "last_name": "Davis", "gender": "male", "language": "English", "version": version}


def test_web_shows_the_conflict_for_review(world, client):
    client.force_login(world.om)
    assert client.post(f"/people/{world.case.pk}/edit/", form("Jonas", 1)).status_code == 302
    client.force_login(world.police)
    response = client.post(f"/people/{world.case.pk}/edit/", form("Jon", 1))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this" in page
    assert "Jonas" in page and "Jon" in page
    assert Nominal.objects.get(pk=world.case.pk).first_name == "Jonas"
    # Having reviewed, the user can save again: the form now carries the current version.
    assert 'name="version" value="2"' in page
    assert client.post(f"/people/{world.case.pk}/edit/", form("Jon", 2)).status_code == 302
    assert Nominal.objects.get(pk=world.case.pk).first_name == "Jon"


def test_review_lists_only_the_other_persons_changes_and_saving_again_keeps_them(world, client):
    opened = {"first_name": "Jonah", "last_name": "Davis", "gender": "unknown", "language": "English", "version": 1,
              "date_of_birth_day": "12", "date_of_birth_month": "4", "date_of_birth_year": "1975"}
    client.force_login(world.om)
    assert client.post(f"/people/{world.case.pk}/edit/", opened | {"language": "Welsh", "date_of_birth_day": "13"}).status_code == 302
    client.force_login(world.police)
    page = client.post(f"/people/{world.case.pk}/edit/", opened | {"first_name": "Jon"}).content.decode()
    table = page.split('data-testid="conflict"')[1].split("</table>")[0]
    assert "Language" in table and "Welsh" in table and "Date of birth" in table
    assert "First name" not in table  # the police officer's own edit, not someone else's
    # The form now holds the other person's values where this user had changed nothing, and this user's own edit.
    assert 'name="language" value="Welsh"' in page and 'name="first_name" value="Jon"' in page
    assert 'name="date_of_birth_day" value="13"' in page
    fields = {"first_name": "Jon", "last_name": "Davis", "gender": "unknown", "language": "Welsh", "version": 2,
              "date_of_birth_day": "13", "date_of_birth_month": "4", "date_of_birth_year": "1975"}
    assert client.post(f"/people/{world.case.pk}/edit/", fields).status_code == 302
    saved = Nominal.objects.get(pk=world.case.pk)
    assert (saved.first_name, saved.language, saved.date_of_birth.day) == ("Jon", "Welsh", 13)


def test_api_returns_409_for_a_stale_version(world, client):
    client.force_login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/"
    assert client.patch(url, {"language": "Welsh", "version": 1}, content_type="application/json").status_code == 200
    response = client.patch(url, {"language": "Polish", "version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Nominal.objects.get(pk=world.case.pk).language == "Welsh"


def test_api_change_without_version_is_refused(world, client):
    client.force_login(world.om)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/", {"language": "Welsh"}, content_type="application/json")
    assert response.status_code == 400
    assert "version" in response.json()["errors"]


def test_bad_input_changes_nothing(world):
    with pytest.raises(ValidationError) as caught:
        services.update_nominal(actor=world.om, nominal=world.case, data={"first_name": ""}, version=world.case.version)
    assert "first_name" in caught.value.message_dict
    fresh = Nominal.objects.get(pk=world.case.pk)
    assert fresh.first_name == "Jonah" and fresh.version == world.case.version
