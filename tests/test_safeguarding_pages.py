"""Disclosure and safeguarding pages as every reader sees them: the decisions for all who may see the case, the names of
the people told only for those who may see victims' details, a victim's name through no disclosure page, and 404 for
a record the reader may not see."""
import datetime

from django.utils import timezone

from mappa.access import policy
from mappa.safeguarding.models import DisclosureDecision
from tests.test_safeguarding_services import APPLICANT, CHILD, RECIPIENT, VICTIM_NAME, readers, safeguarding, victims  # noqa: F401

NAMES = (RECIPIENT, CHILD, APPLICANT, VICTIM_NAME)


def test_matrix_of_pages(safeguarding, login):  # noqa: F811
    w = safeguarding
    for user, sees in readers(w):
        client = login(user)
        pages = {
            "case": client.get(f"/people/{w.case.pk}/"),
            "tab": client.get(f"/safeguarding/people/{w.case.pk}/"),
            "decision": client.get(f"/safeguarding/decisions/{w.decision.pk}/"),
            "to_victim": client.get(f"/safeguarding/decisions/{w.to_victim.pk}/"),
            "request": client.get(f"/safeguarding/requests/{w.request.pk}/"),
        }
        reaches = policy.nominals_for(user).filter(pk=w.case.pk).exists()
        for name, response in pages.items():
            assert response.status_code == (200 if reaches else 404), (user.username, name)
            body = response.content.decode()
            if not reaches:
                assert not any(n in body for n in NAMES), (user.username, name)
                continue
            if name in ("case", "tab"):
                assert "Threatened staff with a knife" in body, (user.username, name)
            if sees:
                continue
            assert not any(n in body for n in NAMES), (user.username, name)
        if reaches and sees:
            assert RECIPIENT in pages["decision"].content.decode()
            assert VICTIM_NAME in pages["to_victim"].content.decode()
            assert APPLICANT in pages["request"].content.decode() and CHILD in pages["tab"].content.decode()
        if reaches and not sees:
            assert "held by the offender manager" in pages["decision"].content.decode(), user.username


def test_api_and_search_never_carry_the_names(safeguarding, login):  # noqa: F811
    w = safeguarding
    for user, sees in readers(w):
        if sees:
            continue
        client = login(user)
        for url in (f"/people/?q={RECIPIENT.split()[1]}", f"/api/v1/nominals/{w.case.pk}/"):
            body = client.get(url).content.decode()
            assert not any(n in body for n in NAMES), (user.username, url)


def test_recording_a_decision_from_the_partner_prompt(safeguarding, login):  # noqa: F811
    w = safeguarding
    client = login(w.om)
    tab = client.get(f"/safeguarding/people/{w.case.pk}/").content.decode()
    link = f"/safeguarding/people/{w.case.pk}/decisions/new/?relationship={w.partner.pk}"
    assert link.replace("&", "&amp;") in tab
    form = client.get(link)
    assert form.status_code == 200
    today = timezone.localdate()
    posted = {"occasion": "event", "relationship": str(w.partner.pk), "decision": "not_disclose",
              "rationale": "", "considered_on_day": today.day, "considered_on_month": today.month,
              "considered_on_year": today.year, "offender_told": ""}
    refused = client.post(link, posted)
    assert refused.status_code == 200 and "Enter the reasons for the decision" in refused.content.decode()
    assert DisclosureDecision.objects.count() == 2
    posted["rationale"] = "She has known him for years and has no children; nothing to disclose now."
    saved = client.post(link, posted)
    assert saved.status_code == 302
    decision = DisclosureDecision.objects.latest("pk")
    assert saved["Location"] == f"/safeguarding/decisions/{decision.pk}/" and decision.relationship == w.partner
    assert "consider disclosure" not in client.get(f"/safeguarding/people/{w.case.pk}/").content.decode()


def test_who_may_not_record_is_refused(safeguarding, login):  # noqa: F811
    w = safeguarding
    response = login(w.housing).get(f"/safeguarding/people/{w.case.pk}/decisions/new/")
    assert response.status_code == 403
    # A writer who may not see whom a decision names may not change it (the form would show the name).
    response = login(w.colleague).get(f"/safeguarding/decisions/{w.decision.pk}/edit/")
    assert response.status_code == 403


def test_a_stale_edit_is_shown_for_review(safeguarding, login):  # noqa: F811
    w = safeguarding
    client = login(w.om)
    stale = w.decision.version
    from mappa.safeguarding import services

    services.change_decision(actor=w.probation_sup, decision=w.decision, data={"disclosed_by": "Police PPU"}, version=stale)
    today = timezone.localdate()
    considered = today - datetime.timedelta(days=3)
    response = client.post(f"/safeguarding/decisions/{w.decision.pk}/edit/", {
        "version": stale, "occasion": "event", "decision": "disclose", "power": "common_law", "pressing_need": "on",
        "rationale": "Changed", "recipient_kind": "partner", "recipient": RECIPIENT, "what_disclosed": "His convictions",
        "considered_on_day": considered.day, "considered_on_month": considered.month, "considered_on_year": considered.year,
        "disclosed_by": "Someone else"})
    assert response.status_code == 200
    w.decision.refresh_from_db()
    assert w.decision.disclosed_by == "Police PPU" and w.decision.rationale != "Changed"
