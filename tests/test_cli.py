"""The `mappa` command and sign-in names, as a new user meets them."""
import pytest
from django.core.management import CommandError, call_command

from mappa import cli
from mappa.accounts.models import User
from tests.conftest import PASSWORD


def test_mappa_help_lists_the_projects_own_commands(capsys, monkeypatch):
    monkeypatch.setattr("sys.argv", ["mappa", "--help"])
    cli.main()
    out = capsys.readouterr().out
    for command in ("setup [--demo]", "demo", "serve", "createuser", "generate", "help --commands",
                    "backup [--output FILE]", "restore FILE", "audit verify"):
        assert command in out


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bad user!", "semi;colon"])
def test_createuser_refuses_a_name_that_cannot_be_a_username(world, name):
    with pytest.raises(CommandError, match="cannot be a username"):
        call_command("createuser", name, "--role", "admin", "--password", PASSWORD)
    assert not User.objects.filter(username=name).exists()


@pytest.mark.django_db
def test_createuser_refuses_the_same_name_in_another_case(world):
    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "POLICE", "--role", "admin", "--password", PASSWORD)


@pytest.mark.django_db
def test_a_username_signs_in_whatever_its_case(world, client):
    response = client.post("/accounts/sign-in/", {"username": "Police", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == world.police


@pytest.mark.django_db
def test_failed_sign_ins_count_against_the_account_whatever_the_case(world, client, settings):
    for name in ["police", "POLICE", "Police", "pOlice", "poLice"]:
        client.post("/accounts/sign-in/", {"username": name, "password": "wrong-password-1"})
    locked = client.post("/accounts/sign-in/", {"username": "police", "password": PASSWORD})
    assert locked.status_code == 429


def test_no_icon_is_asked_for_without_a_404(client):
    assert client.get("/favicon.ico").status_code == 204
