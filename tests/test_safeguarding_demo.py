"""The demo's disclosure and safeguarding stories: Wayne Naylor (seed 002 lines 405-465, "Mr N": his partner told of
the risk to her life, MARAC, the child protection referral), today's level 2 decision on Lee Hartnell linked to the
meeting's minutes, and Kevin Dunmore's new partner prompted."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import User
from mappa.core import extensions
from mappa.nominals.models import Nominal
from mappa.safeguarding import queries
from mappa.safeguarding.models import DisclosureDecision, SafeguardingReferral


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_stories(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    users = {u.username: u for u in User.objects.all()}
    naylor = Nominal.objects.get(last_name="Naylor")
    assert set(SafeguardingReferral.objects.filter(nominal=naylor).values_list("kind", "outcome")) == {
        ("children", "child_protection"), ("marac", "marac_plan")}
    told = DisclosureDecision.objects.get(nominal=naylor)
    assert (told.power, told.offender_told, told.recipient_kind) == ("common_law", "not_told", "partner")
    assert [m["label"] for m in queries.markers(users["ppu.prison"], naylor)] == ["Staff safety"]

    hartnell = Nominal.objects.get(last_name="Hartnell")
    at_meeting = DisclosureDecision.objects.get(nominal=hartnell, occasion="meeting")
    assert at_meeting.minute.meeting.held_on == today and at_meeting.minute.disclosure_considered
    assert queries.prompts(users["om.probation"], hartnell) == []  # his children are answered by decisions

    dunmore = Nominal.objects.get(last_name="Dunmore")
    assert [p.kind for p in queries.prompts(users["om.probation"], dunmore)] == ["partner"]
    work = [i for i in extensions.work_for(users["om.probation"], today) if i.kind.startswith("disclosure")]
    assert {i.nominal_id for i in work} >= {dunmore.pk}

    client.force_login(users["coordinator"])
    page = client.get(f"/safeguarding/decisions/{at_meeting.pk}/")
    assert page.status_code == 200 and b"Level 2" in page.content
    # The co-ordinator decided it, so sees whom it names; a police partner on Naylor did not record his, and
    # the prison officer who may not see victims is not told his partner's name.
    client.force_login(users["ppu.prison"])
    page = client.get(f"/safeguarding/decisions/{told.pk}/").content.decode()
    assert "Kirsty Lowther" not in page and "held by the offender manager" in page
