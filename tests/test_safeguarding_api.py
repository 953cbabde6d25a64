"""The disclosure and safeguarding API: the same rules as the pages, for every reader."""
import datetime

from django.utils import timezone

from mappa.access import policy
from mappa.safeguarding.models import DisclosureDecision
from tests.test_safeguarding_services import APPLICANT, CHILD, RECIPIENT, VICTIM_NAME, readers, safeguarding, victims  # noqa: F401

J = {"content_type": "application/json"}
NAMES = (RECIPIENT, CHILD, APPLICANT, VICTIM_NAME)


def test_schema_lists_the_endpoints(world, client):
    client.force_login(world.om)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/nominals/{nominal_pk}/disclosure-decisions/" in paths
    assert "/api/v1/nominals/{nominal_pk}/safeguarding/" in paths


def test_matrix_of_the_api(safeguarding, client):  # noqa: F811
    w = safeguarding
    for user, sees in readers(w):
        client.force_login(user)
        replies = [client.get(f"/api/v1/nominals/{w.case.pk}/disclosure-decisions/"),
                   client.get(f"/api/v1/nominals/{w.case.pk}/disclosure-decisions/{w.to_victim.pk}/"),
                   client.get(f"/api/v1/nominals/{w.case.pk}/safeguarding/")]
        reaches = policy.nominals_for(user).filter(pk=w.case.pk).exists()
        for reply in replies:
            assert reply.status_code == (200 if reaches else 404), user.username
            if not sees:
                assert not any(n in reply.content.decode() for n in NAMES), user.username
        if reaches:
            assert len(replies[0].json()) == 2
            assert replies[2].json()["markers"][0]["text"] == "Threatened staff with a knife"
        if reaches and sees:
            assert replies[1].json()["recipient"] == VICTIM_NAME


def test_create_and_a_stale_change(safeguarding, client):  # noqa: F811
    w = safeguarding
    client.force_login(w.om)
    today = timezone.localdate()
    url = f"/api/v1/nominals/{w.case.pk}/disclosure-decisions/"
    bad = client.post(url, {"occasion": "event", "considered_on": str(today), "decision": "disclose",
                            "rationale": "x", "power": "s327a"}, **J)
    assert bad.status_code == 400 and DisclosureDecision.objects.count() == 2
    made = client.post(url, {"occasion": "event", "considered_on": str(today), "decision": "not_disclose",
                             "rationale": "Nothing to tell her yet", "relationship": w.partner.pk,
                             "review_on": str(today + datetime.timedelta(days=28))}, **J)
    assert made.status_code == 201, made.content
    pk, version = made.json()["id"], made.json()["version"]
    detail = f"{url}{pk}/"
    assert client.patch(detail, {"version": version, "rationale": "Reviewed"}, **J).status_code == 200
    assert client.patch(detail, {"version": version, "rationale": "Again"}, **J).status_code == 409
    assert DisclosureDecision.objects.get(pk=pk).rationale == "Reviewed"
    client.force_login(w.housing)
    assert client.post(url, {"occasion": "event"}, **J).status_code == 403
