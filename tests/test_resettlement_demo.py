"""The demo approved premises placement and pathways of a seed case (seed 003, §2.2, line 373; catalogue E2.2-30,
"Richard": Ryan Colley, living at approved premises on licence, with help to move on to housing)."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import User
from mappa.core import extensions
from mappa.nominals.models import Nominal
from mappa.resettlement import queries


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_colley_is_in_approved_premises_with_a_move_on_plan_and_an_accommodation_pathway(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    om = User.objects.get(username="om.probation")
    colley = Nominal.objects.get(last_name="Colley")
    [row] = queries.placement_rows(om, colley, today)
    assert row.premises_name == "Northshire Approved Premises" and row.placement.departed_on is None
    assert row.placement.move_on_agreed_on and "Supported housing" in row.placement.move_on_plan
    assert row.placement.referral.decision == "accepted"
    kinds = {p.pathway.kind: p for p in queries.pathways(om, colley)}
    assert set(kinds) == {"accommodation", "finance"} and len(kinds["accommodation"].actions) == 2
    work = [i for i in extensions.work_for(om, today) if i.nominal_id == colley.pk and i.kind.startswith("resettlement")]
    assert [i.what for i in work] == ["Pathway action overdue (finance, benefits and debt): Open a bank account with him"]
    client.force_login(om)
    page = client.get(f"/resettlement/{colley.pk}/").content.decode()
    assert "Refer to Housing Options for supported housing" in page and "Sam Pryor" in page
