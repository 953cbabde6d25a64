"""Facts are gathered for a reader: what the rules propose, and what is stored from it, names only the
items that reader may see (the handling rules), and a stored reason is shown only to those who may see
its source."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements import services as mappa
from mappa.arrangements.models import Eligibility
from mappa.core import facts
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS as ORDER_KINDS

TODAY = timezone.localdate()
YEAR = datetime.timedelta(days=365)
SECRET = "Wounding with intent at Brackford docks"  # known to the police only, as intelligence


def record(actor, nominal, slug, **data):
    return orders.create_record(actor=actor, nominal=nominal, kind=ORDER_KINDS[slug], data=data)


@pytest.fixture
def secret(world):
    """A police-only (intelligence-handled) violent conviction with three years' custody: it alone would make
    the case Category 2."""
    conviction = record(world.police, world.case, "convictions", offence=SECRET, offence_code="005/01",
                        convicted_on=TODAY - 3 * YEAR, violent=True, handling="intelligence")
    record(world.police, world.case, "sentences", conviction=conviction, kind="custody", sentenced_on=TODAY - 3 * YEAR,
           length_months=Decimal("36"), custody_from=TODAY - 3 * YEAR, released_on=TODAY - YEAR, licence_start=TODAY - YEAR,
           licence_end=TODAY + YEAR, sentence_expiry=TODAY + YEAR, handling="intelligence")
    world.secret = conviction
    return world


def sexual_offence(world):
    conviction = record(world.om, world.case, "convictions", offence="Exposure", convicted_on=TODAY - YEAR, sexual=True)
    record(world.om, world.case, "sentences", conviction=conviction, kind="community", sentenced_on=TODAY - YEAR,
           length_months=Decimal("12"), order_end=TODAY + 30 * datetime.timedelta(days=1))
    return conviction


def page(login, user, url):
    response = login(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_mappa_panel_suggests_a_category_from_a_police_only_conviction_only_to_the_police(secret, login):
    url = f"/people/{secret.case.pk}/"
    assert SECRET in page(login, secret.police, url)
    for user in (secret.children, secret.om, secret.housing):
        shown = page(login, user, url)
        assert SECRET not in shown and "Category 2" not in shown, user


def test_the_person_confirming_sees_the_proposal_from_what_they_may_see(secret, login):
    assert mappa.proposal_for(secret.police, secret.case).category == 2
    assert mappa.proposal_for(secret.om, secret.case).category is None
    assert SECRET in page(login, secret.police, f"/mappa/people/{secret.case.pk}/identify/")
    form = page(login, secret.om, f"/mappa/people/{secret.case.pk}/identify/")
    assert SECRET not in form and "No category proposed" in form
    # Probation cannot see the conviction, so Category 2 needs a basis from them.
    with pytest.raises(Exception) as refused:
        mappa.identify(actor=secret.om, nominal=secret.case, category=2, identified_on=TODAY)
    assert "basis" in refused.value.message_dict


@pytest.fixture
def identified_by_police(secret):
    secret.eligibility = mappa.identify(actor=secret.police, nominal=secret.case, category=2, identified_on=TODAY)
    return secret


def test_stored_reasons_from_a_police_only_conviction_are_shown_only_to_those_who_may_see_it(identified_by_police, login):
    w = identified_by_police
    assert w.eligibility.proposed_category == 2
    mappa_page = f"/mappa/people/{w.case.pk}/"
    api = f"/api/v1/mappa/people/{w.case.pk}/eligibility/"
    assert SECRET in page(login, w.police, mappa_page)
    [row] = login(w.police).get(api).json()
    assert any(SECRET in r["text"] for r in row["proposal_reasons"])
    assert policy.may_see_item(w.coordinator, w.secret)  # a co-ordinator in a police MAPPA unit sees it
    assert SECRET in page(login, w.coordinator, mappa_page)
    for user in (w.children, w.om, w.housing):
        shown = page(login, user, mappa_page)
        assert SECRET not in shown and "restricted" not in shown.split("System proposed")[1][:300], user
        [row] = login(user).get(api).json()
        assert row["proposed_category"] == 2  # the number is not restricted; its reasons are
        assert row["proposal_reasons"] == [], user
        assert SECRET not in page(login, user, f"/people/{w.case.pk}/"), user


def test_identification_through_the_api_returns_the_reasons_the_actor_may_see(secret, login):
    response = login(secret.police).post(f"/api/v1/mappa/people/{secret.case.pk}/eligibility/",
                                         {"category": 2, "identified_on": TODAY.isoformat()}, content_type="application/json")
    assert response.status_code == 201
    assert any(SECRET in r["text"] for r in response.json()["proposal_reasons"])
    [row] = login(secret.children).get(f"/api/v1/mappa/people/{secret.case.pk}/eligibility/").json()
    assert SECRET not in str(row)


PERSONAS = ["om", "colleague", "probation_sup", "police", "police_sup", "children", "housing", "coordinator", "health"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_provider_reports_only_what_the_reader_may_see(secret, persona):
    w = secret
    reader = getattr(w, persona)
    registration = record(w.police, w.case, "notification", relevant_date=TODAY - YEAR, handling="victim",
                          conviction=sexual_offence(w))
    mappa.identify(actor=w.police, nominal=w.case, category=1, identified_on=TODAY)
    Eligibility.objects.filter(nominal=w.case).update(handling="intelligence")
    sees_secret = policy.may_see_item(reader, w.secret)
    one = facts.facts_for(reader, w.case)
    many = facts.facts_for_many(reader, [w.case, w.unallocated])[w.case.pk]
    assert one == many
    assert any(s.offence == SECRET for s in one.sanctions) is sees_secret
    assert one.notification_requirements.value is policy.may_see_item(reader, registration)
    assert (one.mappa_category == 1) is sees_secret
    with facts.remembered():
        assert facts.facts_for(w.police, w.case).mappa_category == 1
        assert facts.facts_for(reader, w.case) == one  # the page's memo keeps each reader's own facts


def test_a_reader_who_may_see_nothing_restricted_gets_only_unrestricted_facts(secret):
    assert facts.facts_for(None, secret.case).sanctions == ()
    assert [s.offence for s in facts.facts_for(secret.police, secret.case).sanctions] == [SECRET]


def test_the_work_list_is_worked_out_from_what_its_owner_may_see(secret):
    """The registration date behind an assessment due is police-only: the probation manager's work list
    does not date anything from it."""
    from mappa.core import extensions

    record(secret.police, secret.case, "notification", relevant_date=TODAY - YEAR,
           handling="intelligence", conviction=sexual_offence(secret))
    mappa.identify(actor=secret.police, nominal=secret.case, category=1, identified_on=TODAY)
    kinds = {w.kind for w in extensions.work_for(secret.om, TODAY) if w.nominal_id == secret.case.pk}
    assert "risk_rm2000" not in kinds


def test_an_assessment_is_filled_in_only_from_what_everyone_who_may_read_it_may_see(secret):
    from mappa.risk import services as risk
    from mappa.risk.models import RiskType, Tool

    shown = risk.derived_inputs(secret.case, RiskType.RECONVICTION, Tool.OGRS3, TODAY)
    assert "date_of_current_conviction" not in shown  # an unrestricted assessment takes nothing police-only
    a = risk.create_assessment(actor=secret.police, nominal=secret.case, risk_type=RiskType.RECONVICTION, tool=Tool.OGRS3,
                               assessed_on=TODAY, values={"gender": "male", "date_of_current_conviction": "2024-05-01",
                                                          "offence_code": "028/01", "total_sanctions": 3,
                                                          "age_at_first_sanction": 16, "date_at_start_of_follow_up": "2024-05-01"})
    assert SECRET not in str(a.inputs) and "sanctions the system holds" not in str(a.inputs)


def test_the_migration_hides_existing_reasons_whose_source_is_restricted(identified_by_police, login):
    """Reasons stored before they kept their source's handling are re-checked: a reason whose source is
    restricted keeps that restriction; one whose source cannot be found is shown to nobody."""
    import importlib

    from django.apps import apps

    w = identified_by_police
    legacy = [{k: v for k, v in r.items() if k != "restrictions"} for r in w.eligibility.proposal_reasons]
    legacy.append({"text": "From a record since removed", "source": "Conviction: gone", "url": "/orders/1/convictions/999999/"})
    legacy.append({"text": "Nothing held makes this person eligible", "source": "", "url": ""})
    Eligibility.objects.filter(pk=w.eligibility.pk).update(proposal_reasons=legacy)
    migration = importlib.import_module("mappa.arrangements.migrations.0008_reasons_keep_their_sources_handling")
    migration.mark_restricted_reasons(apps, None)
    api = f"/api/v1/mappa/people/{w.case.pk}/eligibility/"
    [police_row] = login(w.police).get(api).json()
    assert [r["text"] for r in police_row["proposal_reasons"]][-1] == "Nothing held makes this person eligible"
    assert any(SECRET in r["text"] for r in police_row["proposal_reasons"])
    assert "since removed" not in str(police_row)
    [children_row] = login(w.children).get(api).json()
    assert [r["text"] for r in children_row["proposal_reasons"]] == ["Nothing held makes this person eligible"]
