"""The orders demo records for the headline case studies."""
import pytest

from mappa.core import extensions, facts
from mappa.nominals.models import SignificantEvent
from mappa.orders import queries
from mappa.orders.models import Recall
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
    work = [w for w in extensions.work_for(demo["om.probation"], __import__("datetime").date.today())
            if w.nominal_id == hartnell.pk and w.kind == "notification_overdue"]
    assert work and "breach to consider" in work[0].what


def test_dunmore_and_tolley(demo):  # noqa: F811
    dunmore = facts.facts_for(case("dunmore"))
    assert dunmore.on_licence.value and not dunmore.notification_requirements.value
    assert dunmore.convictions[0].violent and dunmore.convictions[0].custodial_months == 24.0
    tolley = facts.facts_for(case("tolley"))
    assert tolley.in_custody.value and tolley.notification_requirements.value and tolley.release_date
    assert queries.legal_status(case("tolley")).lines[0].startswith("in custody, release in")
