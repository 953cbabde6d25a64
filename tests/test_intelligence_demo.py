"""The demo intelligence stories for seed cases: Stott (seed 002 lines 359-403, "continuing surveillance eventually
revealed him hiding in bushes near a park") registered and acted on, and Hartnell's phone check (seed 002 lines
180-246) waiting for his offender manager."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import User
from mappa.core import extensions
from mappa.intelligence.models import IntelligenceAction, IntelligenceItem
from mappa.nominals.models import Nominal, SignificantEvent


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_intelligence(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    stott, hartnell = Nominal.objects.get(last_name="Stott"), Nominal.objects.get(last_name="Hartnell")
    item = IntelligenceItem.objects.get(nominal=stott)
    assert (item.status, item.grade, item.changes_risk) == ("registered", "1/A/C", True)
    assert SignificantEvent.objects.filter(nominal=stott, source_type="intelligenceitem").exists()
    assert [a.completed_on == today for a in IntelligenceAction.objects.filter(item=item).order_by("id")] == [True, False]
    waiting = IntelligenceItem.objects.get(nominal=hartnell)
    assert waiting.status == "submitted" and waiting.evaluator.username == "om.probation"
    om, ppo = User.objects.get(username="om.probation"), User.objects.get(username="ppo.police")
    assert "intelligence_evaluation" in {i.kind for i in extensions.work_for(om, today)}
    assert "intelligence_action" in {i.kind for i in extensions.work_for(ppo, today)}
    client.force_login(ppo)
    assert "Rectory Park" in client.get(f"/intelligence/{stott.pk}/{item.pk}/").content.decode()
    client.force_login(om)  # a partner on Stott's record: C keeps it to the police who answer for it
    page = client.get(f"/intelligence/{stott.pk}/{item.pk}/").content.decode()
    assert "Rectory Park" not in page and "behaviour near children in breach of his licence" in page
    assert "woman of 24" in client.get(f"/intelligence/{hartnell.pk}/{waiting.pk}/evaluate/").content.decode()
