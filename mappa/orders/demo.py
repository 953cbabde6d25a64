"""Demo records for the headline case studies, made through the services so the audit reads right.

hartnell (seed 002, lines 180-246): seven years then a three-year extended licence for indecent
assaults; lifetime notification; recalled for hiding a relationship, re-released by the Parole Board.
dunmore (seed 001; seed 002, lines 469-514): knife attack on his former partner, remand, two years,
a twelve-month licence; not a registered sex offender. tolley (seed 002, lines 518-552): remanded,
pleaded guilty to sexual offences against his grandchildren, long sentence, lifetime notification.
Demo addition (not in the seeds): hartnell's earlier conviction abroad, known to the police through
intelligence channels and recorded as intelligence, so only the police see it, and the facts the rules
read for anyone else leave it out.
"""
import datetime
from decimal import Decimal

from django.utils import timezone

from mappa.orders import services
from mappa.orders.kinds import KINDS
from mappa.orders.models import NotificationEvent

ABROAD_OFFENCE = "Indecent exposure near a school in Rotterdam"


def load(*, users, nominals, today):
    def mo(months: float) -> datetime.date:
        return today - datetime.timedelta(days=round(months * 30.4))

    def add(user, nominal, slug, **data):
        return services.create_record(actor=users[user], nominal=nominals[nominal], kind=KINDS[slug], data=data, today=today)

    def change(user, item, **data):
        return services.update_record(actor=users[user], item=item, data=data, version=item.version, today=today)

    def at(day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    o, p, pp = "om.probation", "ppo.police", "ppu.prison"

    if "hartnell" in nominals:
        # Sentenced 86 months ago so that release on licence 30 months ago falls at the two-thirds point
        # of the 84-month custodial term, when the Parole Board may first direct it (CJA 2003 s.246A).
        conviction = add(o, "hartnell", "convictions", kind="conviction", offence_code="020/01",
                         offence="Indecent assault on a woman (three counts)", offence_date=mo(94), convicted_on=mo(86),
                         court="Northshire Crown Court", sexual=True, contact_sexual=True, schedule="schedule_3",
                         maximum_penalty_years=Decimal("10"))
        sentence = add(o, "hartnell", "sentences", conviction=conviction, kind="extended", sentenced_on=mo(86),
                       length_months=Decimal("84"), extension_months=36, custody_from=mo(86), release_kind="parole",
                       release_date=mo(30), release_date_source="parole_board", released_on=mo(30), licence_start=mo(30),
                       licence_end_source="prison_calculation",
                       # An extended sentence runs for the custodial term plus the extension period.
                       sentence_expiry=mo(86) + datetime.timedelta(days=round(120 * 30.4)),
                       licence_end=mo(86) + datetime.timedelta(days=round(120 * 30.4)),
                       notes="Seven years' imprisonment followed by a three-year extended licence")
        requirement = add(p, "hartnell", "notification", conviction=conviction, relevant_date=mo(86),
                          in_custody_on_relevant_date=True, released_on=mo(30), police_station="Bradwell police station")
        initial = NotificationEvent.objects.get(requirement=requirement, kind=NotificationEvent.Kind.INITIAL)
        change(p, initial, received_on=mo(30) + datetime.timedelta(days=1), police_station="Bradwell police station")
        add(p, "hartnell", "convictions", kind="abroad", offence=ABROAD_OFFENCE, convicted_on=mo(110),
            court="Rotterdam district court (reported through police channels, not yet confirmed)", sexual=True,
            handling="intelligence")
        def renotify():
            periodic = NotificationEvent.objects.filter(requirement=requirement, kind="periodic", received_on__isnull=True).first()
            if periodic and periodic.due_on < today:
                change(p, periodic, received_on=periodic.due_on - datetime.timedelta(days=2), police_station="Bradwell police station")

        renotify()
        add(p, "hartnell", "notifications", requirement=requirement, kind="address", event_date=mo(14),
            received_on=mo(14) + datetime.timedelta(days=1), police_station="Bradwell police station",
            verified_by_visit=True, details="Moved home to his wife and children after the risk assessment")
        renotify()
        add(p, "hartnell", "notifications", requirement=requirement, kind="email", event_date=today - datetime.timedelta(days=10),
            details="New email account seen on his phone by the police; not yet notified")
        breach = add(o, "hartnell", "breaches", against="licence", sentence=sentence, occurred_on=mo(25),
                     what="Did not tell probation of a developing relationship (licence condition)",
                     evidence="Police check of his mobile phone found regular contact with a young woman with two "
                              "children; he called her a passing acquaintance.",
                     decision="recall", decided_on=mo(25), decided_by="Senior probation officer")
        recall = add(o, "hartnell", "recalls", sentence=sentence, breach=breach, kind="standard", requested_on=mo(25),
                     requested_by="Offender manager, Northshire probation", decision="revoked", decided_at=at(mo(25), 16),
                     reason="Hidden relationship with a woman with young children: risk increasing.",
                     arrested_at=at(mo(25), 21), returned_to_custody_on=mo(25))
        change(o, recall, re_released_on=mo(22))

    if "dunmore" in nominals:
        conviction = add(o, "dunmore", "convictions", kind="conviction", offence_code="005/01",
                         offence="Wounding with intent (knife held to former partner's throat)", offence_date=mo(22),
                         convicted_on=mo(19), court="Northshire Crown Court", violent=True,
                         schedule="schedule_5", maximum_penalty_years=Decimal("999"))
        add(o, "dunmore", "custody", kind="remand", establishment="HMP Brackford", started_on=mo(22), ended_on=mo(19))
        add(o, "dunmore", "sentences", conviction=conviction, kind="custody", sentenced_on=mo(19),
            length_months=Decimal("24"), remand_days=(mo(19) - mo(22)).days, custody_from=mo(19),
            release_kind="automatic", release_date=mo(15), release_date_source="prison_calculation", released_on=mo(15),
            licence_start=mo(15), licence_end_source="prison_calculation",
            licence_end=today + datetime.timedelta(days=35), sentence_expiry=today + datetime.timedelta(days=35),
            notes="Twelve-month licence: non-contact, exclusion zone, comply with police monitoring visits")

    if "stott" in nominals:
        # Seed 002, lines 359-403: gross indecency with children; recalled twice; no licence left at the end of
        # his sentence, so the police apply for a lifelong prevention order (now a sexual harm prevention order).
        # Sentenced eight years before the sentence expires, 75 days from today, when he is released.
        sentenced = today + datetime.timedelta(days=75) - datetime.timedelta(days=round(96 * 30.4))
        conviction = add(p, "stott", "convictions", kind="conviction", offence_code="023/01",
                         offence="Gross indecency with children", convicted_on=sentenced, court="Northshire Crown Court",
                         sexual=True, contact_sexual=True, against_child=True, schedule="schedule_3",
                         maximum_penalty_years=Decimal("10"))
        sentence = add(o, "stott", "sentences", conviction=conviction, kind="custody", sentenced_on=sentenced,
                       length_months=Decimal("96"), custody_from=sentenced, release_kind="automatic",
                       release_date=mo(18), release_date_source="prison_calculation", released_on=mo(18),
                       licence_start=mo(18), licence_end_source="prison_calculation",
                       licence_end=today + datetime.timedelta(days=75), sentence_expiry=today + datetime.timedelta(days=75),
                       notes="Recalled twice; in custody to the end of his sentence after the second: no licence on release")
        breach = add(o, "stott", "breaches", against="licence", sentence=sentence, occurred_on=mo(13),
                     what="Seen hiding in bushes near a park (police surveillance)",
                     evidence="Surveillance log; exclusion from parks and play areas in his licence",
                     decision="recall", decided_on=mo(13), decided_by="Assistant chief officer, probation")
        add(o, "stott", "recalls", sentence=sentence, breach=breach, kind="standard", urgency="emergency",
            requested_on=mo(13), requested_by="Offender manager, on police surveillance evidence", decision="revoked",
            decided_at=at(mo(13), 14), arrested_at=at(mo(13), 15), returned_to_custody_on=mo(13),
            reason="Risk escalating: hiding near a park where children play. Recall effected immediately.")
        requirement = add(p, "stott", "notification", conviction=conviction, relevant_date=sentenced,
                          in_custody_on_relevant_date=True, released_on=mo(18), police_station="Brackford police station")
        initial = NotificationEvent.objects.get(requirement=requirement, kind=NotificationEvent.Kind.INITIAL)
        change(p, initial, received_on=mo(18) + datetime.timedelta(days=1), verified_by_visit=True,
               police_station="Brackford police station")
        order = add(p, "stott", "civil-orders", kind="shpo", status="applied", conviction=conviction, applied_on=mo(1),
                    applicant="Chief Constable of Northshire Police", court="Brackford Magistrates' Court",
                    notes="Application for an order until further order, to be in force on his release at sentence end")
        for category, text in [
            ("children", "Not to have any unsupervised contact with a child under 18"),
            ("places", "Not to enter parks, recreation grounds, school grounds or leisure centres where children congregate"),
            ("devices", "Not to own or use an internet-enabled device without declaring it to the police"),
        ]:
            add(p, "stott", "prohibitions", order=order, category=category, text=text)

    if "tolley" in nominals:
        conviction = add(pp, "tolley", "convictions", kind="conviction", offence_code="022/01",
                         offence="Sexual assault of a child under 13 (two counts)", convicted_on=mo(5),
                         court="Chelmsford Crown Court", sexual=True, contact_sexual=True, against_child=True,
                         schedule="schedule_3", maximum_penalty_years=Decimal("14"))
        add(pp, "tolley", "custody", kind="remand", establishment="HMP Brackford", started_on=mo(9), ended_on=mo(4))
        add(pp, "tolley", "sentences", conviction=conviction, kind="custody", sentenced_on=mo(4),
            length_months=Decimal("96"), remand_days=(mo(4) - mo(9)).days, custody_from=mo(4),
            release_kind="automatic", release_date=mo(9) + datetime.timedelta(days=round(48 * 30.4)),
            release_date_source="prison_calculation",
            sentence_expiry=mo(9) + datetime.timedelta(days=round(96 * 30.4)),
            notes="Guilty plea after two conflicting accounts to prison staff (seed 002, lines 518-552)")
        add(p, "tolley", "notification", conviction=conviction, relevant_date=mo(5), in_custody_on_relevant_date=True,
            police_station="Wenlow police station")
