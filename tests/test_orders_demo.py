"""The orders demo records for the headline case studies."""
import pytest
from django.utils import timezone

from mappa.core import extensions, facts
from mappa.nominals.models import SignificantEvent
from mappa.orders import queries, rules
from mappa.orders.models import NotificationEvent, Recall
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_hartnell_is_on_an_extended_licence_subject_to_notification_indefinitely_after_a_recall(demo):  # noqa: F811
    hartnell = case("hartnell")
    status = queries.legal_status(hartnell)
    assert status.on_licence and status.lines[0].startswith("on licence until")
    assert "subject to notification indefinitely" in status.lines
    recall = Recall.objects.get(nominal=hartnell)
    assert recall.decision == "revoked" and recall.re_released_on and "relationship" in recall.reason
    assert {"release", "breach", "recall"} <= set(SignificantEvent.objects.filter(nominal=hartnell).values_list("kind", flat=True))
    received = sorted(NotificationEvent.objects.filter(nominal=hartnell, received_on__isnull=False)
                      .values_list("received_on", flat=True))
    assert all(later <= rules.periodic_notification_due(earlier, 12) for earlier, later in zip(received, received[1:]))
    work = [w for w in extensions.work_for(demo["om.probation"], timezone.localdate())
            if w.nominal_id == hartnell.pk and w.kind == "notification_overdue"]
    assert work and "breach to consider" in work[0].what


def test_dunmore_and_tolley(demo):  # noqa: F811
    dunmore = facts.facts_for(demo["om.probation"], case("dunmore"))
    assert dunmore.on_licence.value and not dunmore.notification_requirements.value
    assert dunmore.convictions[0].violent and dunmore.convictions[0].custodial_months == 24.0
    tolley = facts.facts_for(demo["ppo.police"], case("tolley"))
    assert tolley.in_custody.value and tolley.notification_requirements.value and tolley.release_date
    assert queries.legal_status(case("tolley")).lines[0].startswith("in custody, release in")


def test_stott_is_in_custody_on_recall_until_sentence_end_with_a_prevention_order_applied_for(demo):  # noqa: F811
    stott = case("stott")
    status = queries.legal_status(stott)
    assert status.lines[0].startswith("in custody on recall, release in")
    from mappa.orders.models import CivilOrder
    order = CivilOrder.objects.get(nominal=stott)
    assert order.status == "applied" and order.prohibitions.count() == 3
    # Prohibitions reach the plan only once an order is in force.
    assert not [r for r in extensions.requirements_for(demo["ppo.police"], stott) if r.kind == "order_prohibition"]


def test_hartnells_conviction_abroad_is_for_the_police_only(demo, client):  # noqa: F811
    from mappa.orders.demo import ABROAD_OFFENCE

    hartnell = case("hartnell")
    police, cs = demo["ppo.police"], demo["cs.worker"]
    assert any(s.offence == ABROAD_OFFENCE for s in facts.facts_for(police, hartnell).sanctions)
    assert not any(s.offence == ABROAD_OFFENCE for s in facts.facts_for(cs, hartnell).sanctions)
    client.force_login(police)
    assert ABROAD_OFFENCE in client.get(f"/orders/{hartnell.pk}/convictions/").content.decode()
    client.force_login(cs)
    for url in (f"/people/{hartnell.pk}/", f"/mappa/people/{hartnell.pk}/", f"/orders/{hartnell.pk}/convictions/",
                f"/api/v1/mappa/people/{hartnell.pk}/eligibility/"):
        response = client.get(url)
        assert response.status_code == 200 and ABROAD_OFFENCE not in response.content.decode(), url
