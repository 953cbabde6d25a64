"""Orders services: derived values, validation, audit, events, notifications, facts, work list and plan."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from mappa.audit.models import Action, AuditEvent
from mappa.core import extensions, facts
from mappa.core.concurrency import StaleEdit
from mappa.core.dates import day as govuk_day
from mappa.core.models import Notification
from mappa.nominals.models import SignificantEvent
from mappa.orders import queries, services
from mappa.orders.kinds import KINDS
from mappa.orders.models import Conviction, NotificationEvent, OrderEvent

D = datetime.date
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def noon(day):
    """A moment on that day in any UK time zone: just after midnight UTC is already the next day in summer."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def add(w, slug, actor=None, nominal=None, **data):
    return services.create_record(actor=actor or w.om, nominal=nominal or w.case, kind=KINDS[slug], data=data)


def change(w, item, actor=None, **data):
    return services.update_record(actor=actor or w.om, item=item, data=data, version=item.version)


@pytest.fixture
def sexual(world):
    return add(world, "convictions", offence="Sexual assault", offence_code="019/11", convicted_on=D(2008, 2, 29),
               contact_sexual=True, against_child=True, schedule="schedule_3", maximum_penalty_years=Decimal("10"))


@pytest.fixture
def licence_case(world, sexual):
    """Seven years (seed 002 line 182), released on licence; notification from conviction."""
    sentence = add(world, "sentences", conviction=sexual, kind="extended", sentenced_on=D(2008, 3, 20),
                   length_months=Decimal("84"), extension_months=36, custody_from=D(2008, 3, 20), release_kind="parole",
                   release_date=days(-100), released_on=days(-100), licence_start=days(-100), licence_end=days(400),
                   sentence_expiry=days(300))
    requirement = add(world, "notification", actor=world.police, conviction=sexual, relevant_date=D(2008, 2, 29),
                      in_custody_on_relevant_date=True, released_on=days(-100))
    return sentence, requirement


def test_a_conviction_is_recorded_with_its_flags_and_audited(world, sexual):
    assert sexual.sexual  # a contact sexual offence is a sexual offence
    event = AuditEvent.objects.get(object_type="conviction", object_id=str(sexual.pk), action=Action.CREATE)
    assert event.actor == world.om and event.nominal == world.case and "offence_code" in event.changes


@pytest.mark.parametrize("data, field, words", [
    ({"offence_code": "19-11"}, "offence_code", "like 019/11"),
    ({"convicted_on": days(1)}, "convicted_on", "must be today or in the past"),
    ({"offence_date": D(2010, 1, 2), "convicted_on": D(2010, 1, 1)}, "offence_date", "on or before"),
    ({"maximum_penalty_years": Decimal("0")}, "maximum_penalty_years", "more than 0"),
])
def test_bad_conviction_input_is_refused_with_a_clear_message_and_changes_nothing(world, data, field, words):
    before = Conviction.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        add(world, "convictions", **{"offence": "Theft", "convicted_on": D(2010, 1, 1), **data})
    assert words in " ".join(exc.value.message_dict[field])
    assert (Conviction.objects.count(), AuditEvent.objects.count()) == before


def test_sentence_dates_out_of_order_are_refused(world, sexual):
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 1), length_months=Decimal("12"),
            licence_start=D(2009, 1, 1), licence_end=D(2008, 12, 1))
    assert "Licence expiry date must be on or after" in exc.value.message_dict["licence_end"][0]
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 1, 1), length_months=Decimal("12"))
    assert "on or after the conviction" in exc.value.message_dict["sentenced_on"][0]
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 1))
    assert "length of the custodial term" in exc.value.message_dict["length_months"][0]


def test_a_record_cannot_link_to_another_persons_conviction(world, sexual):
    with pytest.raises(ValidationError) as exc:
        add(world, "sentences", actor=world.other_office, nominal=world.elsewhere, conviction=sexual, kind="fine",
            sentenced_on=D(2009, 1, 1))
    assert "recorded for this person" in exc.value.message_dict["conviction"][0]


def test_the_notification_period_is_derived_from_sentence_and_cites_the_act(world, licence_case):
    _, requirement = licence_case
    assert requirement.indefinite and requirement.ends_on is None
    assert requirement.band.startswith("Imprisonment for life or for 30 months")
    assert "Sexual Offences Act 2003, s.82" in requirement.basis
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    assert initial.due_on == days(-98)  # three days beginning with release


def test_an_under_18_gets_half_the_period_and_the_end_date_is_shown(world):
    young = services_nominal(world, D(1992, 2, 29))
    conviction = add(world, "convictions", nominal=young, offence="Sexual assault", convicted_on=D(2010, 2, 28), sexual=True)
    add(world, "sentences", nominal=young, conviction=conviction, kind="custody", sentenced_on=D(2010, 2, 28),
        length_months=Decimal("12"))
    requirement = add(world, "notification", nominal=young, conviction=conviction, relevant_date=D(2010, 2, 28))
    assert (requirement.period_months, requirement.halved, requirement.ends_on) == (60, True, D(2015, 2, 27))


def services_nominal(world, born):
    from mappa.nominals import services as register

    return register.create_nominal(actor=world.om, manager=world.om,
                                   data={"first_name": "Young", "last_name": "Person", "date_of_birth": born})


def test_notification_needs_a_sexual_offence_and_a_sentence(world):
    theft = add(world, "convictions", offence="Theft", convicted_on=D(2010, 1, 1))
    with pytest.raises(ValidationError) as exc:
        add(world, "notification", conviction=theft, relevant_date=D(2010, 1, 1))
    assert "mark the conviction as sexual" in exc.value.message_dict["conviction"][0]
    sexual = add(world, "convictions", offence="Exposure", convicted_on=D(2010, 1, 1), sexual=True)
    with pytest.raises(ValidationError) as exc:
        add(world, "notification", conviction=sexual, relevant_date=D(2010, 1, 1))
    assert "Record the sentence" in exc.value.message_dict["conviction"][0]
    caution = add(world, "convictions", kind="caution", offence="Exposure", convicted_on=D(2011, 3, 1), sexual=True)
    requirement = add(world, "notification", conviction=caution, relevant_date=D(2011, 3, 1))
    assert requirement.ends_on == D(2013, 2, 28) and requirement.period_months == 24


def test_each_notification_gets_its_due_date_and_restarts_the_annual_year(world, licence_case):
    _, requirement = licence_case
    address = add(world, "notifications", actor=world.police, requirement=requirement, kind="address", event_date=D(2024, 2, 27))
    assert address.due_on == D(2024, 2, 29)
    travel = add(world, "notifications", actor=world.police, requirement=requirement, kind="foreign_travel", event_date=days(30))
    assert travel.due_on == days(23)
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    change(world, initial, actor=world.police, received_on=days(-99), police_station="Bradwell")
    periodic = NotificationEvent.objects.get(requirement=requirement, kind="periodic", received_on__isnull=True)
    from mappa.orders import rules
    assert periodic.due_on == rules.periodic_notification_due(days(-99), 12)
    change(world, address, actor=world.police, received_on=days(-50))
    periodic.refresh_from_db()
    assert periodic.due_on == rules.periodic_notification_due(days(-50), 12)  # re-notification counts from the last one
    assert NotificationEvent.objects.filter(requirement=requirement, kind="periodic").count() == 1


def test_homeless_weekly_notification_only_from_2012(world, licence_case):
    _, requirement = licence_case
    with pytest.raises(ValidationError) as exc:
        add(world, "notifications", requirement=requirement, kind="homeless", event_date=D(2011, 1, 3))
    assert "did not apply" in exc.value.message_dict["kind"][0]
    weekly = add(world, "notifications", requirement=requirement, kind="homeless", event_date=D(2013, 1, 7))
    assert weekly.due_on == D(2013, 1, 14)


def test_an_overdue_notification_is_a_breach_to_consider_on_the_managers_work_list(world, licence_case):
    _, requirement = licence_case
    add(world, "notifications", actor=world.police, requirement=requirement, kind="email", event_date=days(-10))
    work = extensions.work_for(world.om, TODAY)
    mine = [w for w in work if w.kind == "notification_overdue"]
    assert any("Email or online identity overdue: a breach to consider" == w.what for w in mine)
    assert all(w.nominal_id == world.case.pk for w in mine)
    assert not [w for w in extensions.work_for(world.colleague, TODAY) if w.kind.startswith("notification")]
    assert not [w for w in extensions.work_for(world.south, TODAY) if w.kind.startswith("notification")]


def test_legal_status_and_facts_are_derived_for_the_other_parts(world, licence_case):
    sentence, requirement = licence_case
    status = queries.legal_status(world.case)
    assert status.lines == (f"on licence until {govuk_day(days(400))}", "subject to notification indefinitely")
    known = facts.facts_for(world.om, world.case)
    assert known.on_licence.value and not known.in_custody.value
    assert known.notification_requirements.value and "/orders/" in known.notification_requirements.source.url
    (sanction,) = known.convictions
    assert sanction.offence_code == "019/11" and sanction.sexual and sanction.against_child
    assert sanction.custodial_months == 84.0 and f"/orders/{world.case.pk}/convictions/" in sanction.source.url


def test_facts_read_a_fixed_number_of_queries(world, licence_case, django_assert_max_num_queries):
    for n in range(5):
        add(world, "convictions", offence=f"Theft {n}", convicted_on=D(2001, 1, n + 1))
    with django_assert_max_num_queries(8):
        queries.facts_for_nominal(world.om, world.case)


def test_release_breach_and_recall_raise_significant_events(world, sexual):
    sentence = add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 20),
                   length_months=Decimal("24"), custody_from=D(2008, 3, 20), release_date=D(2009, 3, 19))
    change(world, sentence, released_on=D(2009, 3, 19), licence_start=D(2009, 3, 19), licence_end=D(2010, 3, 18),
           release_kind="automatic")
    breach = add(world, "breaches", against="licence", sentence=sentence, occurred_on=D(2009, 6, 1),
                 what="Hid a relationship", decision="recall", decided_on=D(2009, 6, 1))
    recall = add(world, "recalls", sentence=sentence, breach=breach, kind="standard", urgency="emergency", requested_on=D(2009, 6, 1),
                 requested_by="OM", reason="Hidden relationship", decision="revoked",
                 decided_at=datetime.datetime(2009, 6, 1, 15, tzinfo=datetime.UTC), returned_to_custody_on=D(2009, 6, 2))
    kinds = list(SignificantEvent.objects.filter(nominal=world.case).values_list("kind", flat=True))
    assert {"release", "breach", "recall"} <= set(kinds)
    status = queries.legal_status(world.case, today=D(2009, 7, 1))
    assert status.in_custody and status.lines[0] == "in custody on recall, release date not known"
    with pytest.raises(ValidationError) as exc:
        change(world, recall, re_released_on=D(2009, 6, 1))
    assert "Re-released on must be on or after" in exc.value.message_dict["re_released_on"][0]


def test_a_serious_further_offence_is_reported_to_supervisors_and_coordinators(world):
    offence = add(world, "further-offences", offence="Rape", offence_code="019/07", occurred_on=days(-3),
                  while_under="licence", sexual=True, maximum_penalty_years=Decimal("999"))
    assert offence.serious and offence.sfo_notified_at
    told = set(Notification.objects.filter(kind="serious_further_offence").values_list("recipient__username", flat=True))
    assert told == {"probsup", "coordinator"}
    assert SignificantEvent.objects.filter(nominal=world.case, kind="further_offence").exists()
    minor = add(world, "further-offences", offence="Common assault", occurred_on=days(-3), while_under="licence",
                violent=True, maximum_penalty_years=Decimal("0.5"))
    assert not minor.serious
    assert Notification.objects.filter(kind="serious_further_offence").count() == 2


def test_a_serious_further_offence_recorded_as_intelligence_is_told_only_to_those_who_may_see_it(world, login):
    offence = add(world, "further-offences", actor=world.police, offence="SECRET-OFFENCE", offence_code="019/07",
                  occurred_on=days(-3), while_under="licence", sexual=True, maximum_penalty_years=Decimal("999"),
                  handling="intelligence")
    assert offence.serious and offence.sfo_notified_at
    # The co-ordinator is in the police MAPPA unit; the probation supervisor may not see intelligence and is not
    # told at all (a line without the offence would still tell them a restricted offence exists).
    told = Notification.objects.filter(kind="serious_further_offence")
    assert {n.recipient.username for n in told} == {"coordinator"}
    assert all(n.handling == "intelligence" and n.agency_id == world.police.agency_id for n in told)
    assert "SECRET-OFFENCE" in login(world.coordinator).get("/").content.decode()
    page = login(world.probation_sup).get("/").content.decode()
    assert "SECRET-OFFENCE" not in page and "further offence" not in page.lower()
    # The audit row names who was told; the offence's new version is audited with it.
    row = AuditEvent.objects.filter(object_type="furtheroffence", object_id=str(offence.pk), action=Action.UPDATE).get()
    assert row.details["sfo_notified"] == [world.coordinator.display_name] and "sfo_notified_at" in row.changes
    assert offence.version == 2 and type(offence).objects.get(pk=offence.pk).version == 2


def test_the_home_page_shows_a_notification_only_while_its_reader_may_see_its_item(world, login):
    Notification.objects.create(recipient=world.probation_sup, nominal=world.case, kind="serious_further_offence",
                                message="Serious further offence recorded: HIDDEN-TEXT", handling="intelligence",
                                agency=world.police.agency)
    Notification.objects.create(recipient=world.probation_sup, nominal=world.case, kind="allocated", message="OPEN-TEXT")
    page = login(world.probation_sup).get("/").content.decode()
    assert "OPEN-TEXT" in page and "HIDDEN-TEXT" not in page


def test_a_sopo_must_last_five_years_and_its_prohibitions_reach_the_plan(world, sexual):
    with pytest.raises(ValidationError) as exc:
        add(world, "civil-orders", actor=world.police, kind="sopo", status="granted", conviction=sexual,
            starts_on=D(2010, 3, 1), ends_on=D(2014, 3, 1))
    assert "at least 5 years" in exc.value.message_dict["ends_on"][0]
    order = add(world, "civil-orders", actor=world.police, kind="sopo", status="granted", conviction=sexual,
                starts_on=D(2010, 3, 1), until_further_order=True, court="Bradwell Magistrates")
    assert OrderEvent.objects.filter(order=order, kind="granted").exists()
    add(world, "prohibitions", actor=world.police, order=order, category="places", text="Not to loiter near schools")
    requirements = extensions.requirements_for(world.om, world.case)
    mine = [r for r in requirements if r.kind == "order_prohibition"]
    assert [r.text for r in mine] == ["Not to loiter near schools"]
    assert mine[0].source_url.endswith(f"/civil-orders/{order.pk}/")
    assert "subject to a SOPO until further order" in queries.legal_status(world.case).lines
    assert facts.facts_for(world.om, world.case).notification_requirements.value  # a SOPO brings notification


def test_a_foreign_travel_order_is_limited_and_records_passport_surrender(world):
    with pytest.raises(ValidationError) as exc:
        add(world, "civil-orders", actor=world.police, kind="fto", status="granted", starts_on=D(2011, 1, 1),
            ends_on=D(2016, 1, 1))
    assert "at most 5 years" in exc.value.message_dict["ends_on"][0]
    order = add(world, "civil-orders", actor=world.police, kind="fto", status="granted", starts_on=D(2011, 1, 1),
                ends_on=D(2015, 12, 31), passport_surrendered_on=D(2011, 1, 2), passport_station="Bradwell")
    assert order.passport_surrendered_on == D(2011, 1, 2)
    with pytest.raises(ValidationError) as exc:
        add(world, "civil-orders", actor=world.police, kind="sopo", status="applied", passport_station="Bradwell")
    assert "foreign travel orders only" in exc.value.message_dict["passport_surrendered_on"][0]


def test_a_copy_of_the_order_follows_the_register_upload_rules(world):
    fake = SimpleUploadedFile("order.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        add(world, "civil-orders", actor=world.police, kind="sopo", status="applied", copy=fake)
    assert "not a real PDF" in exc.value.message_dict["copy"][0]
    real = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order", content_type="application/pdf")
    order = add(world, "civil-orders", actor=world.police, kind="sopo", status="applied", copy=real)
    assert order.copy.name.endswith(".pdf")


def test_status_changes_of_an_order_are_kept_as_its_history(world):
    order = add(world, "civil-orders", actor=world.police, kind="shpo", status="applied", applied_on=D(2020, 1, 6))
    order = change(world, order, actor=world.police, status="interim", starts_on=D(2020, 1, 20), ends_on=D(2020, 4, 20))
    order = change(world, order, actor=world.police, status="granted", starts_on=D(2020, 4, 20), ends_on=D(2025, 4, 19))
    assert list(OrderEvent.objects.filter(order=order).order_by("occurred_on").values_list("kind", flat=True)) == [
        "application", "interim", "granted"]


def test_a_stale_save_is_refused(world, sexual):
    change(world, sexual, court="Bradwell Crown Court")
    with pytest.raises(StaleEdit):
        services.update_record(actor=world.colleague, item=sexual, data={"court": "Other"}, version=1)


def test_readers_and_strangers_cannot_change(world, sexual):
    with pytest.raises(PermissionDenied):
        add(world, "convictions", actor=world.housing, offence="Theft", convicted_on=D(2010, 1, 1))
    with pytest.raises(Http404):
        add(world, "convictions", actor=world.south, offence="Theft", convicted_on=D(2010, 1, 1))
    with pytest.raises(Http404):
        change(world, sexual, actor=world.south, court="x")


def test_restricted_records_do_not_reach_other_agencies(world):
    secret = add(world, "breaches", actor=world.police, against="licence", occurred_on=days(-1),
                 what="Seen near a school (intelligence)", handling="intelligence")
    from mappa.access import policy
    from mappa.orders.models import Breach
    assert policy.items_for(world.police, Breach, nominal=world.case).filter(pk=secret.pk).exists()
    assert not policy.items_for(world.children, Breach, nominal=world.case).filter(pk=secret.pk).exists()


def test_a_breach_recorded_for_an_overdue_notification_takes_it_off_the_work_list(world, licence_case):
    _, requirement = licence_case
    missed = add(world, "notifications", actor=world.police, requirement=requirement, kind="passport", event_date=days(-10))
    assert any(w.what.startswith("Passport overdue") for w in extensions.work_for(world.om, TODAY))
    breach = add(world, "breaches", against="notification", notification=missed, occurred_on=missed.due_on,
                 what="Passport not notified")
    work = extensions.work_for(world.om, TODAY)
    assert not any(w.what.startswith("Passport overdue") for w in work)
    assert [w.what for w in work if w.kind == "breach_decision"] == ["Decide what to do about a breach: Passport not notified"]
    change(world, breach, decision="warning", decided_on=TODAY)
    assert not any(w.kind == "breach_decision" for w in extensions.work_for(world.om, TODAY))


def test_a_breach_the_manager_may_not_see_leaves_the_overdue_notification_on_their_work_list(world, licence_case):
    # The work list is worked out from what its reader may see: the line disappearing would tell the manager that
    # a breach restricted to the police exists.
    _, requirement = licence_case
    missed = add(world, "notifications", actor=world.police, requirement=requirement, kind="passport", event_date=days(-10))
    add(world, "breaches", actor=world.police, against="notification", notification=missed, occurred_on=missed.due_on,
        what="Passport not notified (intelligence)", handling="intelligence")
    assert any(w.what.startswith("Passport overdue") for w in extensions.work_for(world.om, TODAY))


def test_an_overdue_notification_is_on_the_police_partners_work_list_while_they_are_a_partner(world, licence_case):
    # The police officer answers for the notifications of the cases they are a live partner on, not of every case
    # of theirs they may read.
    from mappa.nominals import services as register
    from mappa.nominals.models import Partner

    _, requirement = licence_case
    add(world, "notifications", actor=world.police, requirement=requirement, kind="passport", event_date=days(-10))
    overdue = [w for w in extensions.work_for(world.police, TODAY) if w.kind == "notification_overdue"]
    assert (world.case.pk, "Passport overdue: a breach to consider") in [(w.nominal_id, w.what) for w in overdue]
    assert not [w for w in extensions.work_for(world.police_sup, TODAY) if w.kind == "notification_overdue"]
    register.end_partner(actor=world.om, partner=Partner.objects.get(nominal=world.case, user=world.police, ended_at__isnull=True))
    assert not [w for w in extensions.work_for(world.police, TODAY) if w.kind == "notification_overdue"]


def test_a_recall_awaiting_a_decision_is_on_the_managers_work_list(world, licence_case):
    sentence, _ = licence_case
    add(world, "recalls", sentence=sentence, kind="standard", urgency="emergency", requested_on=TODAY, requested_by="OM", reason="Risk")
    assert [w.kind for w in extensions.work_for(world.om, TODAY) if w.kind == "recall_decision"] == ["recall_decision"]
    assert not [w for w in extensions.work_for(world.police, TODAY) if w.kind == "recall_decision"]


def test_the_notification_period_is_worked_out_again_when_the_sentence_changes(world, sexual):
    sentence = add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 20),
                   length_months=Decimal("12"))
    requirement = add(world, "notification", conviction=sexual, relevant_date=D(2008, 2, 29))
    assert requirement.period_months == 120 and requirement.ends_on == D(2018, 2, 28)
    change(world, sentence, length_months=Decimal("36"))  # e.g. corrected on appeal papers
    requirement.refresh_from_db()
    assert requirement.indefinite and requirement.ends_on is None and requirement.version == 2
    assert AuditEvent.objects.filter(object_type="notificationrequirement", object_id=str(requirement.pk),
                                     action=Action.UPDATE, details__because="sentence changed").exists()


def test_a_hospital_order_shows_in_the_legal_status_and_the_facts(world):
    conviction = add(world, "convictions", offence="Arson", convicted_on=D(2020, 1, 6), violent=True)
    add(world, "sentences", conviction=conviction, kind="hospital_restriction", sentenced_on=D(2020, 1, 6))
    assert "subject to a hospital order, end date not known" in queries.legal_status(world.case).lines
    assert facts.facts_for(world.om, world.case).hospital_or_guardianship_order.value


def test_a_suspended_sentence_counts_as_imprisonment_for_the_period_but_not_as_custody(world, sexual):
    add(world, "sentences", conviction=sexual, kind="suspended", sentenced_on=D(2008, 3, 20), length_months=Decimal("8"),
        order_end=days(30))
    requirement = add(world, "notification", conviction=sexual, relevant_date=D(2008, 2, 29))
    assert requirement.period_months == 120
    status = queries.legal_status(world.case)
    assert not status.in_custody and status.lines[0] == f"on a suspended sentence order until {govuk_day(days(30))}"


def test_notifications_do_not_fall_due_in_custody_and_are_due_three_days_after_release(world, licence_case):
    sentence, requirement = licence_case
    initial = NotificationEvent.objects.get(requirement=requirement, kind="initial")
    change(world, initial, actor=world.police, received_on=days(-99))
    recall = add(world, "recalls", sentence=sentence, kind="standard", requested_on=days(-90), requested_by="OM",
                 reason="Risk", decision="revoked", decided_at=noon(days(-90)), returned_to_custody_on=days(-90))
    travel = add(world, "notifications", actor=world.police, requirement=requirement, kind="name", event_date=days(-20))
    assert travel.due_on == days(-18)
    assert not [w for w in extensions.work_for(world.om, TODAY) if w.kind == "notification_overdue"]  # in custody
    from mappa.orders.views import overview_data
    data = overview_data(world.om, world.case, TODAY)
    assert data["overdue"] == [] and travel in data["paused"]
    change(world, recall, re_released_on=days(-1))
    travel.refresh_from_db()
    assert travel.due_on == days(1)  # three days beginning with release


def test_the_notification_period_begins_with_the_conviction(world, sexual):
    add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 20), length_months=Decimal("12"))
    with pytest.raises(ValidationError) as exc:
        add(world, "notification", conviction=sexual, relevant_date=D(2008, 3, 20))
    assert "begins with the date of conviction or caution (29 February 2008)" in exc.value.message_dict["relevant_date"][0]


def test_correcting_the_conviction_date_moves_the_notification_period(world, sexual):
    add(world, "sentences", conviction=sexual, kind="custody", sentenced_on=D(2008, 3, 20), length_months=Decimal("12"))
    requirement = add(world, "notification", conviction=sexual, relevant_date=D(2008, 2, 29))
    change(world, sexual, convicted_on=D(2008, 3, 1))
    requirement.refresh_from_db()
    assert (requirement.relevant_date, requirement.ends_on) == (D(2008, 3, 1), D(2018, 2, 28))
