"""The demo home visits for a seed case (seed 002 lines 180-246, Hartnell: "He receives periodic unannounced
visits from Probation and the Police")."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import User
from mappa.core import extensions
from mappa.nominals.models import Nominal
from mappa.visits import queries
from mappa.visits.models import Visit


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_visits_for_hartnell(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    ppo, om = User.objects.get(username="ppo.police"), User.objects.get(username="om.probation")
    hartnell = Nominal.objects.get(last_name="Hartnell")
    outcomes = list(Visit.objects.filter(nominal=hartnell).order_by("planned_for").values_list("visit_agency", "outcome"))
    assert outcomes == [("joint", "attended"), ("police", "no_answer"), ("police", "")]
    dues = {d.agency: d for d in queries.schedules(ppo, hartnell, today)}
    assert dues["police"].schedule.power.held and dues["police"].last_attended == today - datetime.timedelta(days=35)
    assert dues["probation"].last_attended == dues["police"].last_attended
    assert not queries.warrant_due(ppo, hartnell, today)  # one failed attempt, not two
    assert any(i.kind == "home_visit" for i in extensions.work_for(ppo, today))
    client.force_login(om)
    page = client.get(f"/visits/{hartnell.pk}/")
    assert page.status_code == 200 and b"Family dog at the address" in page.content
