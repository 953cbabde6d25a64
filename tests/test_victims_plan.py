"""Victim safety measures and disclosure decisions flow into the shared risk management plan as requirements it must
cover, each for the readers who may know of it, naming no victim and no third party."""

from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions
from mappa.victims import services
from tests.test_safeguarding_services import RECIPIENT, safeguarding  # noqa: F401
from tests.test_victims_services import NAME, victims  # noqa: F401


def _requirements(user, w, kind):
    nominal = policy.get_nominal(user, w.case.pk)
    return [r for r in extensions.requirements_for(user, nominal) if r.kind == kind]


def test_a_victims_request_is_a_victim_safety_requirement_for_those_who_see_victims(victims, login):  # noqa: F811
    w = victims
    request = services.add_request(actor=w.vlo, victim=w.past, data={
        "requested_on": timezone.localdate(), "kind": "exclusion_zone", "details": f"Keep him from {NAME}'s street"})
    for user in (w.om, w.vlo):
        [r] = _requirements(user, w, "victim_safety")
        assert r.key == f"victims.conditionrequest:{request.pk}" and "exclusion zone" in r.text and NAME not in r.text
    for user in (w.police, w.children):
        assert _requirements(user, w, "victim_safety") == []
    page = login(w.om).get(f"/plans/{w.case.pk}/").content.decode()
    assert "A victim asked for: exclusion zone" in page and NAME not in page
    assert "A victim asked for" not in login(w.police).get(f"/plans/{w.case.pk}/").content.decode()
    # a refused request is no measure
    services.add_request(actor=w.vlo, victim=w.past, data={
        "requested_on": timezone.localdate(), "kind": "other", "details": "Curfew", "outcome": "refused",
        "decided_on": timezone.localdate(), "outcome_reason": "Not necessary"})
    assert len(_requirements(w.om, w, "victim_safety")) == 1


def test_decisions_to_disclose_are_plan_requirements_without_the_recipients_name(safeguarding):  # noqa: F811
    w = safeguarding
    for user in (w.om, w.police):
        found = [r for r in _requirements(user, w, "disclosure_decision") if r.key.startswith("safeguarding.")]
        assert {r.key for r in found} == {f"safeguarding.disclosuredecision:{w.decision.pk}",
                                          f"safeguarding.disclosuredecision:{w.to_victim.pk}"}, user.username
        assert all(RECIPIENT not in r.text and NAME not in r.text for r in found)
        assert any("new or current partner" in r.text for r in found)
