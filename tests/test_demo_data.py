"""The demo data: what someone trying mappa for the first time relies on."""
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Agency, Area, Role, Team, User
from mappa.audit.models import Action, AuditEvent
from mappa.core.markings import Handling
from mappa.demo import demo_data
from mappa.nominals.items import KINDS
from mappa.nominals.models import Activity, Nominal, Partner, Relationship

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at the end; each test
    runs in its own savepoint within it (loading takes a few seconds)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[FAST_HASHER]), transaction.atomic():
        run_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded):
    return {u.username: User.objects.get(username=u.username) for u in demo_data.USERS}


def case(key: str) -> Nominal:
    spec = next(c for c in demo_data.case_studies() if c.key == key)
    return Nominal.objects.get(first_name=spec.person["first_name"], last_name=spec.person["last_name"],
                               date_of_birth=spec.person["date_of_birth"])


def test_every_role_has_a_demo_user_who_can_sign_in(demo, client, settings):
    settings.PASSWORD_HASHERS = [FAST_HASHER]  # as the demo was loaded above
    assert {u.role for u in demo.values()} == set(Role.values)
    for username in demo:
        login_request = RequestFactory().post("/accounts/login/")
        assert client.login(request=login_request, username=username, password=demo_data.DEMO_PASSWORD), username
        client.logout()
    assert demo["admin"].is_staff
    assert not Agency.objects.filter(require_second_factor=True).exists()
    assert not any(u.needs_second_factor for u in demo.values())


def test_agencies_of_every_kind_and_two_areas(demo):
    from mappa.accounts.models import AgencyKind

    assert set(Agency.objects.values_list("kind", flat=True)) == set(AgencyKind.values)
    assert set(Area.objects.values_list("code", flat=True)) == {demo_data.PRIMARY_AREA, demo_data.OTHER_AREA}
    assert Team.objects.filter(area__code=demo_data.OTHER_AREA).exists()


def test_each_case_study_has_a_manager_and_a_partner_from_another_agency(demo):
    keys = [c.key for c in demo_data.case_studies()]
    assert set(demo_data.HEADLINE_CASES) <= set(keys)
    assert len(keys) >= 8
    for key in keys:
        nominal = case(key)
        partners = Partner.objects.filter(nominal=nominal, ended_at__isnull=True).select_related("user")
        if key == demo_data.UNALLOCATED_CASE:
            assert nominal.manager is None and nominal.team_id
            assert any(p.user.agency_id != nominal.team.agency_id for p in partners)
            continue
        assert nominal.manager is not None, key
        assert nominal.manager.team_id == nominal.team_id, key
        assert any(p.user.agency_id != nominal.manager.agency_id for p in partners), key
        # Told as a story: dated entries in the past, beyond the automatic "record changed" lines.
        story = Activity.objects.filter(nominal=nominal).exclude(kind=Activity.Kind.CHANGE)
        assert story.count() >= 4, key
        assert not story.filter(occurred_at__gt=timezone.now()).exists(), key
        # Created through the services, so the audit trail shows who recorded it.
        assert AuditEvent.objects.filter(nominal=nominal, action=Action.CREATE, object_type="nominal").exists()

    # Responsibility is spread across the three responsible authorities.
    managed_by = {case(k).team.agency.kind for k in keys if k != demo_data.UNALLOCATED_CASE}
    assert {"police", "probation", "prison"} <= managed_by
    assert case(demo_data.OTHER_AREA_CASE).team.area.code == demo_data.OTHER_AREA


def test_headline_cases_tell_their_stories(demo):
    hartnell = case("hartnell")
    assert hartnell.activity_set.filter(summary__icontains="recalled").exists()
    assert hartnell.activity_set.filter(kind=Activity.Kind.INTELLIGENCE, handling=Handling.INTELLIGENCE).exists()
    home = hartnell.address_set.get(status="current")
    assert any(o.is_under_18_on(timezone.localdate()) for o in home.occupants.all())  # a child lives there

    dunmore = case("dunmore")
    assert dunmore.address_set.filter(kind="approved_premises").exists()
    assert dunmore.activity_set.filter(details__icontains="exclusion zone").exists()
    assert dunmore.activity_set.filter(handling=Handling.HEALTH).exists()

    tolley = case("tolley")
    assert tolley.team.agency.kind == "prison"
    assert tolley.relationship_set.filter(kind=Relationship.Kind.ASSOCIATE, other_nominal=case("stott")).exists()


def test_probation_officer_sees_their_cases(demo):
    om = demo["om.probation"]
    mine = Nominal.objects.filter(manager=om)
    assert mine.count() >= 5
    visible = policy.nominals_for(om)
    assert set(mine) <= set(visible)
    assert case("hartnell") in visible
    assert policy.can(om, policy.WRITE, case("dunmore"))


def test_childrens_services_worker_sees_only_cases_they_partner_on(demo):
    worker = demo["cs.worker"]
    partnered = Nominal.objects.filter(partners__user=worker, partners__ended_at__isnull=True)
    assert partnered.exists()
    assert set(policy.nominals_for(worker)) == set(partnered)
    assert case("dunmore") not in policy.nominals_for(worker)


def test_second_area_user_sees_nothing_in_the_first_area(demo):
    other = demo["om.otherarea"]
    visible = policy.nominals_for(other)
    assert not visible.filter(team__area__code=demo_data.PRIMARY_AREA).exists()
    assert case(demo_data.OTHER_AREA_CASE) in visible
    # And the first area's co-ordinator does not reach into the second.
    assert case(demo_data.OTHER_AREA_CASE) not in policy.nominals_for(demo["coordinator"])


def test_emergency_officer_sees_nothing_without_emergency_access(demo):
    assert not policy.nominals_for(demo["officer.emergency"]).exists()
    from mappa.access.services import find_for_emergency

    assert find_for_emergency(demo_data.EMERGENCY_PNC) == case("hartnell")


def test_victim_items_are_hidden_from_the_housing_read_only_user(demo):
    housing = demo["housing.readonly"]
    dunmore = case("dunmore")
    assert dunmore in policy.nominals_for(housing)
    assert not policy.can(housing, policy.WRITE, dunmore)
    assert Relationship.objects.filter(nominal=dunmore, handling=Handling.VICTIM).exists()
    assert Activity.objects.filter(nominal=dunmore, handling=Handling.VICTIM).exists()
    for kind in KINDS.values():
        seen = policy.items_for(housing, kind.model)
        assert not seen.filter(handling=Handling.VICTIM).exists(), kind.slug
        assert not seen.exclude(handling=Handling.NONE).exists(), kind.slug
    assert policy.items_for(housing, Activity, nominal=dunmore).exists()
    # The probation officer managing the case does see them.
    om = demo["om.probation"]
    assert policy.items_for(om, Relationship, nominal=dunmore).filter(handling=Handling.VICTIM).exists()


def test_running_the_command_twice_creates_no_duplicates(demo):
    models = [Area, Agency, Team, User, Nominal, Partner, Activity, Relationship, AuditEvent]
    before = {m: m.objects.count() for m in models}
    output = run_demo()
    assert "already loaded" in output
    assert "ppo.police" in output and demo_data.DEMO_PASSWORD in output and demo_data.URL in output
    assert {m: m.objects.count() for m in models} == before


def test_demo_level_decisions_were_set_by_forums_the_guidance_allows(demo):
    """Levels 2 and 3 at a MAPP meeting or by its chair, level 1 at screening or by the lead agency (HMI
    Probation/HMIC 2010, seed 004, ¶4.4 and ¶4.26; reference data mappa.level.forums)."""
    from mappa.arrangements import rules
    from mappa.arrangements.models import LevelDecision
    from mappa.core import reference

    decisions = list(LevelDecision.objects.all())
    assert decisions
    for d in decisions:
        assert rules.forum_errors(level=d.level, forum=d.forum,
                                  allowed=reference.value("mappa.level.forums", d.decided_on)) == {}, d


def test_dunmore_is_category_2_from_his_records_until_his_licence_ends(demo):
    """Wounding with intent (Home Office code 005/01, Schedule 15) and 24 months' custody, his licence running
    (Criminal Justice Act 2003 s.327(3); seed 001, lines 11-37)."""
    from mappa.arrangements import services

    proposal = services.proposal_for(demo["om.probation"], case("dunmore"))
    assert proposal.category == 2
    assert "005/01" in proposal.reasons[0].text and "until" in proposal.reasons[0].text


def test_hartnell_extended_sentence_dates_hold_together(demo):
    """Sentencing Act 2020 s.279 (formerly CJA 2003 s.226A): an extended sentence is the aggregate of
    the custodial term and the extension period, so it expires when the extended licence ends; CJA 2003
    s.246A: the Parole Board may direct release only from the two-thirds point of the custodial term."""
    from mappa.orders.models import Sentence

    sentence = Sentence.objects.get(nominal=case("hartnell"), kind="extended")
    assert sentence.sentence_expiry >= sentence.licence_end
    custody_days = (sentence.released_on - sentence.custody_from).days
    assert custody_days >= float(sentence.length_months) * 2 / 3 * 30.4 - 3


def test_dates_in_composed_text_have_no_leading_zero(demo):
    """A practitioner reads "5 December", never "05 December"."""
    import datetime

    from mappa.arrangements.models import Meeting

    meeting = Meeting(kind=Meeting.Kind.LEVEL2, held_on=datetime.date(2026, 12, 5))
    assert str(meeting).endswith(", 5 December 2026")


def test_no_demo_licence_or_expiry_runs_beyond_the_sentence(demo):
    """CJA 2003 s.249: a licence remains in force until the end of the sentence; a determinate or
    extended sentence runs for its term (with any extension period) from the day it starts."""
    import math

    from mappa.orders import rules
    from mappa.orders.models import Sentence

    for key in ("hartnell", "dunmore", "stott", "tolley", "naylor"):
        for sentence in Sentence.objects.filter(nominal=case(key), length_months__isnull=False):
            months = math.ceil(float(sentence.length_months) + (sentence.extension_months or 0))
            longest = rules.period_end(sentence.custody_from, months=months)
            assert sentence.sentence_expiry <= longest, key
            assert sentence.licence_end is None or sentence.licence_end <= sentence.sentence_expiry, key


def test_dunmore_category_basis_gives_the_sentence_his_orders_show(demo):
    """The MAPPA page and the orders page must not give two lengths for one sentence."""
    from mappa.arrangements.models import Eligibility
    from mappa.orders.models import Sentence

    sentence = Sentence.objects.get(nominal=case("dunmore"))
    eligibility = Eligibility.objects.get(nominal=case("dunmore"), category=2)
    assert sentence.length_months == 24
    assert "two years' imprisonment" in eligibility.basis


def test_stotts_level_3_minute_fits_his_being_in_custody_on_recall(demo):
    """He is in custody on recall until his sentence ends, so today's minute cannot speak of his licence
    or of reporting at approved premises."""
    from mappa.arrangements.models import Minute

    minute = Minute.objects.get(nominal=case("stott"))
    text = " ".join([minute.summary, minute.new_information, minute.decisions])
    assert "approved premises" not in text
    assert "licence ends" not in text
    assert "no licence on release" in text
