"""The demo intelligence story for a seed case (seed 002 lines 180-246, Hartnell: "police checks on his mobile
phone showed calls to the same number ... The police made a full disclosure")."""
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
def test_demo_intelligence_for_hartnell(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    hartnell = Nominal.objects.get(last_name="Hartnell")
    items = list(IntelligenceItem.objects.filter(nominal=hartnell).order_by("id"))
    assert [(i.status, i.grade) for i in items] == [("registered", "1/A/P"), ("submitted", "")]
    assert SignificantEvent.objects.filter(nominal=hartnell, source_type="intelligenceitem").exists()
    actions = IntelligenceAction.objects.filter(item=items[0]).order_by("id")
    assert [a.completed_on == today for a in actions] == [True, False]
    om, ppo, cs = (User.objects.get(username=u) for u in ("om.probation", "ppo.police", "cs.worker"))
    work = {i.kind for i in extensions.work_for(om, today)}
    assert {"intelligence_evaluation", "intelligence_action"} <= work
    client.force_login(ppo)
    assert "woman of 24" in client.get(f"/intelligence/{hartnell.pk}/{items[0].pk}/").content.decode()
    client.force_login(cs)
    page = client.get(f"/intelligence/{hartnell.pk}/{items[0].pk}/").content.decode()
    assert "woman of 24" not in page and "developing relationship he has not disclosed" in page
