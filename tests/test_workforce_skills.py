"""Allocation by skills (inspection 2010 F-152, ¶10.2: 'allocation ignored confidence and skills'; P-30 step 1): when a
case is given to a manager who lacks training the case needs (workforce.case_training: RM2000 and home visiting for a
probation offender manager with a sexual offender case, F-061, F-126; ViSOR too for the police, F-153; training in
working with women who sexually offend for a woman's case, F-100, QM-132), the register warns before the change and
goes on only with a reason, kept on the audit row. A warning, not a bar: F-152 asks that the allocation screen show
the training. The cover limit is dated reference data read at the cover's first day."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.accounts.models import Role
from mappa.audit.models import AuditEvent
from mappa.core import facts, reference
from mappa.core.models import ReferenceSetting
from mappa.nominals import services as nominal_services
from mappa.nominals import transfer_services
from mappa.nominals.models import CaseTransfer, Cover, Nominal
from mappa.risk.models import TrainingRecord
from mappa.risk.rules import Training
from mappa.workforce import queries, rules
from mappa.workforce.models import CourseRecord
from tests.conftest import known_facts, make_user

TODAY = timezone.localdate()
TABLE = {"sexual_offender": {"offender_manager": ["rm2000", "home_visiting"],
                             "public_protection_officer": ["visor", "rm2000", "home_visiting"]},
         "female_sexual_offender": {"offender_manager": ["female_offenders"]}}
ON = datetime.date(2026, 12, 7)


def days(n, on=TODAY):
    return on + datetime.timedelta(days=n)


# ---- the rule, pure: golden cases from the catalogue ----

@pytest.mark.parametrize("case, role, held, lacking", [
    # F-061: a sexual offender case needs RM2000 of its offender manager; F-126: home visiting (¶7.17, ¶10.6)
    (rules.CaseNeeds(registered=True), "offender_manager", [], ["rm2000", "home_visiting"]),
    (rules.CaseNeeds(mappa_category=1), "offender_manager", [Training("rm2000", days(-100, ON))], ["home_visiting"]),
    # expired training does not count (F-153: refresher dates)
    (rules.CaseNeeds(registered=True), "offender_manager",
     [Training("rm2000", days(-800, ON), days(-1, ON)), Training("home_visiting", days(-10, ON))], ["rm2000"]),
    # training not yet begun does not count either
    (rules.CaseNeeds(registered=True), "offender_manager",
     [Training("rm2000", days(1, ON)), Training("home_visiting", days(-10, ON))], ["rm2000"]),
    # ViSOR and RM2000 for police public protection officers (¶10.8, F-153)
    (rules.CaseNeeds(registered=True), "public_protection_officer", [Training("rm2000", days(-5, ON))],
     ["visor", "home_visiting"]),
    # F-100, QM-132: a woman who sexually offends needs that training too
    (rules.CaseNeeds(registered=True, female=True), "offender_manager",
     [Training("rm2000", days(-5, ON)), Training("home_visiting", days(-5, ON))], ["female_offenders"]),
    # not a sexual offender case (MAPPA category 2, not registered): nothing needed beyond the role
    (rules.CaseNeeds(mappa_category=2, female=True), "offender_manager", [], []),
    # a role the table does not name: no requirement
    (rules.CaseNeeds(registered=True), "", [], []),
    (rules.CaseNeeds(registered=True), "senior_probation_officer", [], []),
])
def test_what_a_manager_lacks_for_a_case(case, role, held, lacking):
    assert rules.lacking_for_case(role, case, held, ON, TABLE) == lacking


def test_training_needed_names_each_course_once_in_the_tables_order():
    table = {"sexual_offender": {"om": ["rm2000", "oasys"]}, "female_sexual_offender": {"om": ["oasys", "female"]}}
    assert rules.training_needed("om", rules.CaseNeeds(registered=True, female=True), table) == ["rm2000", "oasys",
                                                                                                  "female"]


def test_the_reference_row_cites_the_catalogue_and_says_it_is_a_reading_not_a_table(db):
    row = reference.in_force("workforce.case_training", TODAY)
    for cited in ("F-152", "¶10.2", "F-061", "F-153", "F-126", "F-100", "QM-132", "QM-131"):
        assert cited in row.source
    assert "the sources give no table" in row.source
    assert row.value["sexual_offender"]["offender_manager"] == ["rm2000", "home_visiting"]


# ---- the register's changes of manager ----

@pytest.fixture
def registered(world, monkeypatch):
    """world.case is a registered sexual offender, as the orders part would say."""
    known_facts(monkeypatch, world.case, notification_requirements=facts.Flag(True, facts.Source("Notification requirements")))
    return world


def train(user, *courses, expires_on=None):
    for course in courses:
        if course in ("rm2000", "oasys"):
            TrainingRecord.objects.create(user=user, tool=course, trained_on=days(-30), expires_on=expires_on,
                                          recorded_by=user)
        else:
            CourseRecord.objects.create(user=user, course=course, completed_on=days(-30), expires_on=expires_on,
                                        recorded_by=user)


def test_the_workforce_answers_what_the_manager_lacks_for_each_case(registered):
    w = registered
    lacking = queries.lacking_for_cases(w.probation_sup, [w.case, w.unallocated], w.colleague, TODAY)
    assert lacking == {w.case.pk: ["Risk Matrix 2000", "Home visiting of sexual offenders"], w.unallocated.pk: []}
    train(w.colleague, "rm2000", "home_visiting")
    assert queries.lacking_for_cases(w.probation_sup, [w.case], w.colleague, TODAY) == {w.case.pk: []}


def allocate(w, manager, reason="", actor=None):
    case = Nominal.objects.get(pk=w.case.pk)
    return nominal_services.allocate(actor=actor or w.probation_sup, nominal=case, manager=manager,
                                     version=case.version, skills_reason=reason)


def test_allocating_to_an_untrained_manager_is_refused_without_a_reason_and_changes_nothing(registered):
    w = registered
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        allocate(w, w.colleague)
    message = refused.value.message_dict["skills_reason"][0]
    assert "Colleague Tester" in message and "Risk Matrix 2000" in message and "Home visiting" in message
    assert Nominal.objects.get(pk=w.case.pk).manager == w.om
    assert AuditEvent.objects.count() == before


def test_with_a_reason_the_allocation_goes_ahead_and_the_reason_and_training_are_audited(registered):
    w = registered
    allocate(w, w.colleague, reason="  RM2000 booked for next week; the senior co-works meanwhile ")
    assert Nominal.objects.get(pk=w.case.pk).manager == w.colleague
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, action="update").order_by("-pk").first()
    assert event.reason == "RM2000 booked for next week; the senior co-works meanwhile"
    assert event.details["lacking_training"] == ["Risk Matrix 2000", "Home visiting of sexual offenders"]


def test_a_trained_manager_or_a_case_needing_nothing_is_allocated_without_a_word(registered):
    w = registered
    train(w.colleague, "rm2000", "home_visiting")
    allocate(w, w.colleague)
    assert Nominal.objects.get(pk=w.case.pk).manager == w.colleague
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, action="update").order_by("-pk").first()
    assert "lacking_training" not in (event.details or {}) and event.reason == ""
    case = Nominal.objects.get(pk=w.unallocated.pk)  # not a sexual offender case
    nominal_services.allocate(actor=w.probation_sup, nominal=case, manager=w.om, version=case.version)


def test_expired_training_counts_as_lacking(registered):
    w = registered
    train(w.colleague, "rm2000", "home_visiting", expires_on=days(-1))
    with pytest.raises(ValidationError):
        allocate(w, w.colleague)


def test_the_allocate_page_shows_the_warning_then_goes_on_with_a_reason(registered, login):
    w = registered
    client = login(w.probation_sup)
    url = f"/people/{w.case.pk}/allocate/"
    assert 'data-testid="skills-warning"' not in client.get(url).content.decode()
    version = Nominal.objects.get(pk=w.case.pk).version
    warned = client.post(url, {"manager": w.colleague.pk, "version": version}).content.decode()
    assert 'data-testid="skills-warning"' in warned and "Risk Matrix 2000" in warned and "There is a problem" in warned
    assert Nominal.objects.get(pk=w.case.pk).manager == w.om
    done = client.post(url, {"manager": w.colleague.pk, "version": version, "skills_reason": "Training booked"})
    assert done.status_code == 302 and Nominal.objects.get(pk=w.case.pk).manager == w.colleague


@pytest.fixture
def south_sup(world):
    return make_user("southsup", world.south.team, Role.SUPERVISOR)


def sent(w):
    case = Nominal.objects.get(pk=w.case.pk)
    return transfer_services.send_transfer(
        actor=w.om, nominal=case, to_team=w.south.team, reason="Moving to Southshire", version=case.version,
        confirmed=["risk_assessment", "plan_reviewed", "records_in_place", "victims_contact", "police_told"])


def test_accepting_a_transfer_to_an_untrained_manager_warns_then_goes_on_with_a_reason(registered, south_sup):
    w = registered
    transfer = sent(w)
    with pytest.raises(ValidationError) as refused:
        transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=w.south,
                                          version=transfer.version)
    assert "Risk Matrix 2000" in refused.value.message_dict["skills_reason"][0]
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "pending"
    assert Nominal.objects.get(pk=w.case.pk).manager == w.om
    transfer_services.accept_transfer(actor=south_sup, transfer=transfer, new_manager=w.south,
                                      version=transfer.version, skills_reason="The only officer with capacity")
    assert Nominal.objects.get(pk=w.case.pk).manager == w.south
    event = AuditEvent.objects.filter(nominal_id=w.case.pk, details__transfer=transfer.pk).get()
    assert event.reason == "The only officer with capacity" and event.details["lacking_training"]


def test_the_api_refuses_an_acceptance_with_a_400_naming_the_training_unless_a_reason_is_given(registered, south_sup,
                                                                                               client):
    w = registered
    transfer = sent(w)
    client.force_login(south_sup)
    url = f"/api/v1/transfers/{transfer.pk}/accept/"
    refused = client.post(url, {"version": transfer.version, "new_manager": w.south.pk}, content_type="application/json")
    assert refused.status_code == 400
    assert "Risk Matrix 2000" in str(refused.json()["errors"]["skills_reason"])
    done = client.post(url, {"version": transfer.version, "new_manager": w.south.pk, "skills_reason": "Booked"},
                       content_type="application/json")
    assert done.status_code == 200 and Nominal.objects.get(pk=w.case.pk).manager == w.south


def test_cover_by_a_colleague_who_lacks_the_training_warns_then_goes_on_with_a_reason(registered, client):
    w = registered
    with pytest.raises(ValidationError) as refused:
        transfer_services.record_cover(actor=w.om, absent=w.om, covering=w.colleague, starts_on=TODAY,
                                       ends_on=days(3))
    assert "1 of the 2 cases need" in refused.value.message_dict["skills_reason"][0] or \
        "this case needs" in refused.value.message_dict["skills_reason"][0]
    assert not Cover.objects.exists()
    client.force_login(w.om)
    body = {"covering": w.colleague.pk, "starts_on": str(TODAY), "ends_on": str(days(3))}
    bad = client.post("/api/v1/covers/", body, content_type="application/json")
    assert bad.status_code == 400 and "Home visiting of sexual offenders" in str(bad.json()["errors"]["skills_reason"])
    made = client.post("/api/v1/covers/", {**body, "skills_reason": "Two days only"}, content_type="application/json")
    assert made.status_code == 201
    event = AuditEvent.objects.filter(action="create", details__covering=w.colleague.pk).get()
    assert event.reason == "Two days only" and "Risk Matrix 2000" in event.details["lacking_training"]


def test_the_cover_page_shows_the_warning_and_the_reason_field(registered, login):
    w = registered
    end = days(2)
    form = {"absent": w.om.pk, "covering": w.colleague.pk, "starts_on_day": TODAY.day, "starts_on_month": TODAY.month,
            "starts_on_year": TODAY.year, "ends_on_day": end.day, "ends_on_month": end.month, "ends_on_year": end.year}
    client = login(w.om)
    warned = client.post("/people/cover/", form).content.decode()
    assert 'data-testid="skills-warning"' in warned and not Cover.objects.exists()
    assert client.post("/people/cover/", {**form, "skills_reason": "Short leave"}).status_code == 302
    assert Cover.objects.get().covering == w.colleague


# ---- the cover limit: dated reference data ----

def test_the_cover_limit_is_reference_data_read_at_the_covers_first_day(world):
    w = world
    row = reference.in_force("cover.max_days", TODAY)
    assert row.value == 92 and "project default" in row.source and "F-151" in row.source
    ReferenceSetting.objects.create(key="cover.max_days", value=30, effective_from=days(10),
                                    source="A later local policy", description="Days a cover may run")
    reference.forget()
    with pytest.raises(ValidationError) as refused:  # starting after the new row: 30 days at most
        transfer_services.record_cover(actor=w.om, absent=w.om, covering=w.other_office, starts_on=days(10),
                                       ends_on=days(50))
    assert "at most 30 days" in refused.value.message_dict["ends_on"][0]
    # starting before it: the limit then, 92 days
    transfer_services.record_cover(actor=w.om, absent=w.om, covering=w.other_office, starts_on=TODAY, ends_on=days(50))
