"""Two records found to be one person, merged by a supervisor: everything kept, history and audit included, and the
merged-away record's names, identifiers and id still lead to the survivor, for those who may see it."""
import datetime

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action, AuditEvent
from mappa.core.concurrency import StaleEdit
from mappa.nominals import merge_services, rules, services
from mappa.nominals.items import KINDS
from mappa.nominals.models import Activity, Alias, Nominal, Partner, Relationship
from mappa.nominals.search import Query, candidate_scores
from tests.conftest import make_user
from tests.test_demo_data import demo, demo_loaded  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def links_to_a_person():
    """Every foreign key to a person, found here independently of the merge."""
    return [(model, f.name) for model in apps.get_models() for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is Nominal]


def counts(nominal):
    return {(model._meta.label, name): model.objects.filter(**{name: nominal}).count() for model, name in links_to_a_person()}


@pytest.fixture
def duplicate(world):
    """Jonah Davis entered a second time in the same team, as Jonny Davies with a date of birth one day out."""
    b = services.create_nominal(actor=world.colleague, manager=world.colleague,
                                data={"first_name": "Jonny", "last_name": "Davies", "date_of_birth": datetime.date(1975, 4, 13)})
    add = lambda actor, slug, **data: services.create_item(actor=actor, nominal=b, kind=KINDS[slug], data=data)  # noqa: E731
    b.crn = add(world.colleague, "identifiers", kind="crn", value="X123456")
    b.alias = add(world.colleague, "aliases", first_name="Jay", last_name="Davies")
    b.address = add(world.colleague, "addresses", line1="4 Canal Street", town="Bradwell", postcode="BR2 9ZZ", status="previous")
    b.occupant = services.create_item(actor=world.colleague, nominal=b, kind=KINDS["occupants"],
                                      data={"address": b.address, "name": "Kim", "relationship": "sister"})
    b.link = add(world.colleague, "relationships", kind="family", other_nominal=world.case, description="himself, misfiled")
    b.note = add(world.colleague, "activities", kind="note", summary="Reported in person",
                 occurred_at=timezone.now() - datetime.timedelta(days=5))
    services.add_partner(actor=world.colleague, nominal=b, user=world.police)  # a partner on both records
    services.add_partner(actor=world.colleague, nominal=b, user=world.health)
    b.health = add(world.health, "activities", kind="information", summary="Seen by the crisis team", handling="health",
                   occurred_at=timezone.now() - datetime.timedelta(days=4))
    b.refresh_from_db()
    return b


def merge(actor, a, b, reason="Same PNC and the same address history"):
    a.refresh_from_db()
    b.refresh_from_db()
    return merge_services.merge(actor=actor, survivor_id=a.pk, merged_id=b.pk, survivor_version=a.version,
                                merged_version=b.version, reason=reason)


# Who may merge

@pytest.mark.parametrize("who, allowed", [
    ("probation_sup", True),  # supervisor of the team that holds both
    ("coordinator", True),  # MAPPA co-ordinator of their area
    ("om", False), ("colleague", False),  # practitioners
    ("police_sup", False),  # a supervisor of another team (a partner's)
    ("police", False), ("housing", False),  # partners
    ("south_coordinator", False),  # another area's co-ordinator
    ("officer", False), ("admin", False),
])
def test_who_may_merge(world, duplicate, who, allowed):
    user = getattr(world, who)
    if allowed:
        assert merge(user, world.case, duplicate).pk == world.case.pk
        return
    with pytest.raises((PermissionDenied, Http404)):
        merge(user, world.case, duplicate)
    assert Nominal.objects.get(pk=duplicate.pk).merged_into_id is None


def test_a_supervisor_may_not_merge_a_record_held_by_another_team_but_the_areas_coordinator_may(world):
    with pytest.raises(Http404):  # the supervisor does not even see the other office's record
        merge(world.probation_sup, world.case, world.elsewhere)
    services.add_partner(actor=world.other_office, nominal=world.elsewhere, user=world.probation_sup)
    with pytest.raises(PermissionDenied):  # seeing it as a partner is not answering for it
        merge(world.probation_sup, world.case, world.elsewhere)
    merge(world.coordinator, world.case, world.elsewhere)
    assert Nominal.objects.get(pk=world.elsewhere.pk).merged_into_id == world.case.pk


def test_a_record_cannot_be_merged_into_itself_and_a_reason_is_needed(world, duplicate):
    assert rules.merge_errors(3, 3) and not rules.merge_errors(3, 4)
    with pytest.raises(ValidationError):
        merge(world.probation_sup, world.case, world.case)
    with pytest.raises(ValidationError):
        merge(world.probation_sup, world.case, duplicate, reason=" . ")


# Everything kept

def test_the_merge_moves_every_row_that_points_at_the_person_and_keeps_the_audit_where_it_was(world, duplicate):
    before_a, before_b = counts(world.case), counts(duplicate)
    audit_b = set(AuditEvent.objects.filter(nominal=duplicate).values_list("pk", flat=True))
    versions = dict(Activity.objects.filter(nominal=duplicate).values_list("pk", "version"))
    merge(world.probation_sup, world.case, duplicate)
    after_a, after_b = counts(world.case), counts(duplicate)
    for link, left in after_b.items():
        if link == ("audit.AuditEvent", "nominal"):
            continue
        assert left == 0, f"{link} still points at the merged-away record"
    # Every item of both is on the survivor (plus the alias and partner the merge adds). Search keys are rebuilt, and
    # a link from one of the two records to the other (other_nominal here) is cleared rather than point at itself.
    kept = {link for link in after_a if link[1] == "nominal" and link not in {("audit.AuditEvent", "nominal"),
                                                                              ("nominals.NameKey", "nominal")}}
    for link in kept:
        assert after_a[link] >= before_a[link] + before_b[link], link
    assert audit_b <= set(AuditEvent.objects.filter(nominal=duplicate).values_list("pk", flat=True))  # not one lost
    assert dict(Activity.objects.filter(pk__in=versions).values_list("pk", "version")) == versions  # versions kept
    assert Nominal.objects.filter(pk=duplicate.pk).exists()  # never deleted


def test_every_link_to_a_person_is_moved_or_kept_on_purpose():
    """A model added with a foreign key to a person is moved by the merge, found from the models themselves;
    only the append-only audit stays where it was written."""
    moved = {(f.model._meta.label, f.name) for f in merge_services.links_to_person()}
    every = {(model._meta.label, name) for model, name in links_to_a_person()}
    assert every - moved == set(merge_services.KEPT) == {("audit.AuditEvent", "nominal")}


def test_links_between_the_two_records_and_shared_partners_are_put_right(world, duplicate):
    merge(world.probation_sup, world.case, duplicate)
    link = Relationship.objects.get(pk=duplicate.link.pk)
    assert link.nominal_id == world.case.pk and link.other_nominal_id is None and link.other_name == "Jonah Davis"
    assert Partner.objects.filter(nominal=world.case, user=world.police, ended_at__isnull=True).count() == 1
    assert Partner.objects.filter(nominal=world.case, user=world.police).count() == 2  # the other kept, ended
    managed = Partner.objects.get(nominal=world.case, user=world.colleague, ended_at__isnull=True)
    assert "merged" in managed.reason  # the other record's manager keeps working with the person


def test_each_record_gets_one_audit_row_naming_both_and_the_history_reads_both(world, duplicate):
    merge(world.probation_sup, world.case, duplicate, reason="One person: the same CRN on the court papers")
    rows = AuditEvent.objects.filter(actor=world.probation_sup, action=Action.UPDATE, object_type="nominal")
    assert {r.nominal_id for r in rows} == {world.case.pk, duplicate.pk}
    for row in rows:
        assert row.details["survivor"] == world.case.pk and row.details["merged"] == duplicate.pk
        assert row.reason == "One person: the same CRN on the court papers"
    history = policy.history_for(world.probation_sup, world.case)
    created_b = AuditEvent.objects.get(action=Action.CREATE, object_type="nominal", object_id=str(duplicate.pk))
    assert history.filter(pk=created_b.pk).exists()  # the merged record's own history shows in the survivor's


def test_a_stale_version_of_either_record_changes_nothing(world, duplicate):
    services.update_nominal(actor=world.colleague, nominal=duplicate, data={"ethnicity": "White British"}, version=duplicate.version)
    before = counts(duplicate)
    with pytest.raises(StaleEdit):
        merge_services.merge(actor=world.probation_sup, survivor_id=world.case.pk, merged_id=duplicate.pk,
                             survivor_version=world.case.version, merged_version=1, reason="The same person")
    assert counts(duplicate) == before and Nominal.objects.get(pk=duplicate.pk).merged_into_id is None


# The old names, identifiers and id lead to the survivor

def found(user, text):
    return [c.nominal_id for c in candidate_scores(user, Query(text=text))]


def test_the_merged_records_names_and_identifiers_find_the_survivor(world, duplicate):
    merge(world.probation_sup, world.case, duplicate)
    for text in ("Jonny Davies", "Jay Davies", "X123456"):
        hits = found(world.om, text)
        assert world.case.pk in hits and duplicate.pk not in hits, text
    assert Alias.objects.filter(nominal=world.case, first_name="Jonny", last_name="Davies").exists()


def test_the_old_id_leads_to_the_survivor_for_those_who_may_see_it(world, duplicate, login):
    merge(world.probation_sup, world.case, duplicate)
    page = login(world.om).get(f"/people/{duplicate.pk}/")
    assert page.status_code == 302 and page["Location"] == f"/people/{world.case.pk}/"
    api = login(world.om).get(f"/api/v1/nominals/{duplicate.pk}/")
    assert api.status_code == 301 and api.json()["merged_into"] == world.case.pk
    with pytest.raises(Http404):  # nothing more can be added to the merged-away record
        services.create_item(actor=world.colleague, nominal=duplicate, kind=KINDS["activities"],
                             data={"kind": "note", "summary": "Late entry", "occurred_at": timezone.now()})


def test_a_reader_who_may_see_only_the_merged_away_record_learns_nothing_of_the_survivor(world, login):
    """The other office's record merged into the om's: a member of that office, who reached it through their team
    and may not see the om's record, gets a plain 404, the same as for an id that never existed. (Its manager became
    a partner on the survivor, so is led there.)"""
    member = make_user("officemember", world.elsewhere.team)
    assert policy.nominals_for(member).filter(pk=world.elsewhere.pk).exists()
    merge(world.coordinator, world.case, world.elsewhere)
    assert login(world.other_office).get(f"/people/{world.elsewhere.pk}/").status_code == 302
    client = login(member)
    page = client.get(f"/people/{world.elsewhere.pk}/")
    never = client.get("/people/999999/")
    assert page.status_code == never.status_code == 404
    text = page.content.decode()
    assert "merged" not in text.lower() and "Jonah" not in text and f"/people/{world.case.pk}/" not in text
    assert client.get(f"/api/v1/nominals/{world.elsewhere.pk}/").status_code == 404
    assert not {world.elsewhere.pk, world.case.pk} & set(found(member, "Jon Davies"))


def test_the_proposal_counts_only_what_the_reader_may_see(world, duplicate, login):
    """A probation supervisor may not see health information: it moves, but is neither counted nor named."""
    proposal = merge_services.propose(actor=world.probation_sup, survivor_id=world.case.pk, merged_id=duplicate.pk)
    counted = dict(proposal.counts)
    assert counted["Activities"] == Activity.objects.filter(nominal=duplicate).exclude(handling="health").count()
    assert any("names differ" in c for c in proposal.conflicts) and any("dates of birth differ" in c for c in proposal.conflicts)
    assert any("Both records have a manager" in c for c in proposal.conflicts) and not proposal.blockers
    page = login(world.probation_sup).get(f"/people/{world.case.pk}/merge/", {"other": duplicate.pk}).content.decode()
    assert "crisis team" not in page and "not counted here" in page
    merge(world.probation_sup, world.case, duplicate)
    assert Activity.objects.get(pk=duplicate.health.pk).nominal_id == world.case.pk  # moved all the same


def test_the_merge_pages_propose_then_confirm(world, duplicate, login):
    client = login(world.probation_sup)
    page = client.get(f"/people/{world.case.pk}/merge/", {"other": duplicate.pk})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="counts"' in text and "Merge record" in text
    done = client.post(f"/people/{world.case.pk}/merge/", {
        "other": duplicate.pk, "survivor_version": world.case.version, "merged_version": duplicate.version,
        "reason": "Same CRN"})
    assert done.status_code == 302 and Nominal.objects.get(pk=duplicate.pk).merged_into_id == world.case.pk
    hidden = client.get(f"/people/{world.case.pk}/merge/", {"other": world.elsewhere.pk}).content.decode()
    unknown = client.get(f"/people/{world.case.pk}/merge/", {"other": 999999}).content.decode()
    assert f"No record you can see has the number {world.elsewhere.pk}" in hidden and "Jon Davies" not in hidden
    assert "No record you can see has the number 999999" in unknown
    assert login(world.om).get(f"/people/{world.case.pk}/merge/").status_code == 404  # practitioners have no merge page


def test_the_api_proposes_and_merges(world, duplicate, client):
    client.force_login(world.probation_sup)
    proposal = client.post(f"/api/v1/nominals/{world.case.pk}/merge-proposal/", {"merged": duplicate.pk},
                           content_type="application/json").json()
    assert proposal["merged"] == duplicate.pk and proposal["counts"]["Aliases"] == 1
    stale = client.post(f"/api/v1/nominals/{world.case.pk}/merge/", {
        "merged": duplicate.pk, "survivor_version": proposal["survivor_version"], "merged_version": 99, "reason": "Same CRN"},
        content_type="application/json")
    assert stale.status_code == 409
    done = client.post(f"/api/v1/nominals/{world.case.pk}/merge/", {
        "merged": duplicate.pk, "survivor_version": proposal["survivor_version"],
        "merged_version": proposal["merged_version"], "reason": "Same CRN"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["id"] == world.case.pk


def test_when_both_have_a_plan_the_other_plans_items_join_the_survivors(world, duplicate):
    from mappa.plans import services as plans
    from mappa.plans.models import Plan, PlanItem

    mine = plans.add_item(actor=world.om, nominal=world.case, data={"heading": "supervision", "what": "Weekly reporting"})
    theirs = plans.add_item(actor=world.colleague, nominal=duplicate, data={"heading": "supervision", "what": "Curfew checks"})
    proposal = merge_services.propose(actor=world.probation_sup, survivor_id=world.case.pk, merged_id=duplicate.pk)
    assert any("risk management plan" in c for c in proposal.conflicts) and not proposal.blockers
    merge(world.probation_sup, world.case, duplicate)
    plan = Plan.objects.get(nominal=world.case)
    assert set(PlanItem.objects.filter(plan=plan).values_list("pk", flat=True)) == {mine.pk, theirs.pk}
    assert PlanItem.objects.get(pk=theirs.pk).nominal_id == world.case.pk
    assert not PlanItem.objects.filter(plan__nominal=duplicate).exists()  # the emptied plan stays, holding nothing


def test_both_on_one_meetings_agenda_stops_the_merge_until_put_right(world, duplicate):
    from mappa.arrangements.models import AgendaCase, Meeting

    meeting = Meeting.objects.create(area=world.north, kind=Meeting.Kind.LEVEL2, held_on=datetime.date(2026, 12, 5),
                                     venue="Police HQ", chair=world.coordinator, created_by=world.coordinator)
    for nominal in (world.case, duplicate):
        AgendaCase.objects.create(meeting=meeting, nominal=nominal, added_by=world.coordinator)
    proposal = merge_services.propose(actor=world.coordinator, survivor_id=world.case.pk, merged_id=duplicate.pk)
    assert proposal.blockers and "agenda case" in proposal.blockers[0]
    with pytest.raises(ValidationError):
        merge(world.coordinator, world.case, duplicate)
    assert Nominal.objects.get(pk=duplicate.pk).merged_into_id is None


# Every part of a full case (last in the module: the demo stays loaded until the module ends)

def test_merging_two_full_demo_cases_moves_every_part(demo):  # noqa: F811
    """The demo's cases hold every part (orders, licences, plans, MAPPA, victims, visits...): merging one into another
    of the same area leaves nothing on the merged-away record but its audit rows (and an emptied plan)."""
    from mappa.accounts.models import Role, User

    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    cases = list(policy.nominals_for(coordinator).order_by("pk"))
    survivor, merged = cases[0], max(cases[1:], key=lambda n: sum(counts(n).values()))
    before = counts(merged)
    merge(coordinator, survivor, merged)
    left = {link: n for link, n in counts(merged).items() if n and link != ("audit.AuditEvent", "nominal")}
    assert set(left) <= {("plans.Plan", "nominal")}, left
    moved_parts = {label.split(".")[0] for (label, _), n in before.items() if n}
    assert {"orders", "arrangements", "nominals"} <= moved_parts  # the case did hold other parts
