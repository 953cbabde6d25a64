"""The demo's interventions: Philip Greaves's order carries a sex offender programme requirement, and his referral to
the i-SOTP shows the whole pathway so far: eligible with the reason, the waiting list and pre-programme work, and the
sessions he attended, matching the programme sessions supervision booked."""
import pytest
from django.utils import timezone

from mappa.interventions import queries
from mappa.supervision import queries as supervision
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_greaves_has_an_isotp_referral_with_a_waiting_list_and_attendance(demo, client):  # noqa: F811
    om = demo["om.probation"]
    greaves = case("greaves")
    [referral] = queries.with_attendance(om, list(queries.referrals(om, greaves)))
    assert referral.programme.code == "i-sotp" and referral.eligibility == "eligible" and referral.eligibility_reason
    assert referral.referred_on < referral.assessed_on < referral.listed_on < referral.started_on <= timezone.localdate()
    assert referral.pre_programme_work and referral.attendance.describe() == "11 of 35 sessions attended"
    kept = supervision.appointments(om, greaves).filter(kind="programme", outcome="kept").values_list("on", flat=True)
    assert set(kept) == set(queries.sessions(om, referral).values_list("on", flat=True))
    client.force_login(om)
    page = client.get(f"/interventions/{greaves.pk}/referrals/{referral.pk}/").content.decode()
    assert "Passive offence account" in page and "11 of 35 sessions attended" in page
    assert "Open interventions" in client.get(f"/people/{greaves.pk}/").content.decode()
