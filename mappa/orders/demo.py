"""Demo records for the headline case studies, made through the services so the audit reads right.

hartnell (seed 002, lines 180-246): seven years then a three-year extended licence for indecent
assaults; lifetime notification; recalled for hiding a relationship, re-released by the Parole Board.
dunmore (seed 001; seed 002, lines 469-514): knife attack on his former partner, remand, two years,
a twelve-month licence; not a registered sex offender. tolley (seed 002, lines 518-552): remanded,
pleaded guilty to sexual offences against his grandchildren, long sentence, lifetime notification.
stott (seed 002, lines 359-403): recalled twice, held to the end of his sentence, a prevention order applied for.
naylor (seed 002, lines 405-465): an extended sentence for an assault in prison. greaves (seed 003, lines
379-381): a community order and notification. They give the rules the facts the MAPPA category is proposed
from. Release and expiry dates are worked out by orders.rules.fixed_term_dates from the sentence, with the
part of the term the law in force made the person serve, said beside each.
Demo addition (not in the seeds): hartnell's earlier conviction abroad, known to the police through
intelligence channels and recorded as intelligence, so only the police see it, and the facts the rules
read for anyone else leave it out.
"""
import datetime
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from mappa.orders import queries, rules, services
from mappa.orders.kinds import KINDS
from mappa.orders.models import NotificationEvent

TWO_THIRDS = Fraction(2, 3)
ABROAD_OFFENCE = "Indecent exposure near a school in Rotterdam"


def load(*, users, nominals, today):
    def mo(months: float) -> datetime.date:
        return today - datetime.timedelta(days=round(months * 30.4))

    def add(user, nominal, slug, **data):
        return services.create_record(actor=users[user], nominal=nominals[nominal], kind=KINDS[slug], data=data, today=today)

    def change(user, item, **data):
        return services.update_record(actor=users[user], item=item, data=data, version=item.version, today=today)

    def by_law(conviction, sentenced, months, remand_days=0):
        """The automatic release point by the law of the day (orders.rules.release_point) and the sentence expiry."""
        point = queries.release_point_of(conviction, sentenced_on=sentenced, months=months, remand_days=remand_days)
        expiry = rules.fixed_term_dates(starts=sentenced, months=months, remand_days=remand_days, fraction=TWO_THIRDS).expiry
        return rules.FixedTermDates(release=point.release, expiry=expiry)

    def at(day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    o, p, pp = "om.probation", "ppo.police", "ppu.prison"

    if "hartnell" in nominals:
        # Seven years' custody and a three-year extension. An extended sentence prisoner may be released by the
        # Parole Board from the two-thirds point of the custodial term (CJA 2003 s.246A): sentenced 86.5 months
        # ago, that point came about two weeks before the Board released him, 30 months ago.
        sentenced, released = mo(86.5), mo(30)
        parole_from = rules.fixed_term_dates(starts=sentenced, months=84, remand_days=0, fraction=TWO_THIRDS).release
        if released < parole_from:
            raise ValueError("The Parole Board cannot release him before the two-thirds point")
        ends = rules.period_end(sentenced, months=84 + 36)  # the custodial term and the extension period
        conviction = add(o, "hartnell", "convictions", kind="conviction", offence_code="020/01",
                         offence="Indecent assault on a woman (three counts)", offence_date=mo(94), convicted_on=sentenced,
                         court="Northshire Crown Court", sexual=True, contact_sexual=True, schedule="schedule_3",
                         maximum_penalty_years=Decimal("10"))
        sentence = add(o, "hartnell", "sentences", conviction=conviction, kind="extended", sentenced_on=sentenced,
                       length_months=Decimal("84"), extension_months=36, custody_from=sentenced, release_kind="parole",
                       release_date=released, release_date_source="parole_board", released_on=released,
                       licence_start=released, licence_end_source="prison_calculation", sentence_expiry=ends,
                       licence_end=ends, notes="Seven years' imprisonment followed by a three-year extended licence")
        requirement = add(p, "hartnell", "notification", conviction=conviction, relevant_date=sentenced,
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
        # Seed 001: five months on remand, then two years' imprisonment, remand counted; a licence to the end of the
        # term. Wounding with intent carries life, but two years is below the terms s.244ZA reaches and below the
        # four years that exclude a violent offence from 40 per cent (SI 2024/844), so, sentenced after 10 September
        # 2024, he is released at 40 per cent of the term; his licence ends about a month from today.
        remanded, sentenced = mo(23), mo(18)
        conviction = add(o, "dunmore", "convictions", kind="conviction", offence_code="005/01",
                         offence="Wounding with intent (knife held to former partner's throat)", offence_date=remanded,
                         convicted_on=sentenced, court="Northshire Crown Court", violent=True,
                         schedule="schedule_5", maximum_penalty_years=Decimal("999"))
        dates = by_law(conviction, sentenced, 24, (sentenced - remanded).days)
        add(o, "dunmore", "custody", kind="remand", establishment="HMP Brackford", started_on=remanded, ended_on=sentenced)
        add(o, "dunmore", "sentences", conviction=conviction, kind="custody", sentenced_on=sentenced,
            length_months=Decimal("24"), remand_days=(sentenced - remanded).days, custody_from=sentenced,
            release_kind="automatic", release_date=dates.release, release_date_source="prison_calculation",
            released_on=dates.release, licence_start=dates.release, licence_end_source="prison_calculation",
            licence_end=dates.expiry, sentence_expiry=dates.expiry,
            notes="Two years' imprisonment; released at 40 per cent of the term on licence: non-contact, "
                  "exclusion zone, comply with police monitoring visits")

    if "stott" in nominals:
        # Seed 002, lines 359-403: gross indecency with children; recalled twice; no licence left at the end of
        # his sentence, so the police apply for a lifelong prevention order (now a sexual harm prevention order).
        # Eight years, ending 75 days from today. Gross indecency with children carried at most ten years, so
        # s.244ZA never reached it, and a sexual offence is excluded from 40 per cent (SI 2024/844): released at the
        # halfway point (s.244(3)(a)), recalled, re-released after the
        # first recall, recalled again and held to the end of his sentence.
        sentenced = rules.add_months(today + datetime.timedelta(days=76), -96)
        conviction = add(p, "stott", "convictions", kind="conviction", offence_code="023/01",
                         offence="Gross indecency with children", convicted_on=sentenced, court="Northshire Crown Court",
                         sexual=True, contact_sexual=True, against_child=True, schedule="schedule_3",
                         maximum_penalty_years=Decimal("10"))
        dates = by_law(conviction, sentenced, 96)
        sentence = add(o, "stott", "sentences", conviction=conviction, kind="custody", sentenced_on=sentenced,
                       length_months=Decimal("96"), custody_from=sentenced, release_kind="automatic",
                       release_date=dates.release, release_date_source="prison_calculation", released_on=dates.release,
                       licence_start=dates.release, licence_end_source="prison_calculation",
                       licence_end=dates.expiry, sentence_expiry=dates.expiry,
                       notes="Recalled twice; in custody to the end of his sentence after the second: no licence on release")
        first = add(o, "stott", "breaches", against="licence", sentence=sentence, occurred_on=mo(34),
                    what="Pushing for greater freedoms and testing the boundaries of his licence",
                    evidence="Offender manager's records; no new offence", decision="recall", decided_on=mo(34),
                    decided_by="Assistant chief officer, probation")
        first_recall = add(o, "stott", "recalls", sentence=sentence, breach=first, kind="standard", requested_on=mo(34),
                           requested_by="Offender manager", decision="revoked", decided_at=at(mo(34), 12),
                           arrested_at=at(mo(34), 18), returned_to_custody_on=mo(34),
                           reason="No new offence, but his risk was rising: testing the boundaries of his licence.")
        change(o, first_recall, re_released_on=mo(18))
        breach = add(o, "stott", "breaches", against="licence", sentence=sentence, occurred_on=mo(13),
                     what="Seen hiding in bushes near a park (police surveillance)",
                     evidence="Surveillance log; exclusion from parks and play areas in his licence",
                     decision="recall", decided_on=mo(13), decided_by="Assistant chief officer, probation")
        add(o, "stott", "recalls", sentence=sentence, breach=breach, kind="standard", urgency="emergency",
            requested_on=mo(13), requested_by="Offender manager, on police surveillance evidence", decision="revoked",
            decided_at=at(mo(13), 14), arrested_at=at(mo(13), 15), returned_to_custody_on=mo(13),
            reason="Risk escalating: hiding near a park where children play. Recall effected immediately.")
        requirement = add(p, "stott", "notification", conviction=conviction, relevant_date=sentenced,
                          in_custody_on_relevant_date=True, released_on=dates.release, police_station="Brackford police station")
        initial = NotificationEvent.objects.get(requirement=requirement, kind=NotificationEvent.Kind.INITIAL)
        change(p, initial, received_on=dates.release + datetime.timedelta(days=1), verified_by_visit=True,
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
        # Eight years. Sexual assault of a child under 13 carries at most fourteen years, not life, so s.244ZA
        # (two-thirds) does not reach it, nor 40 per cent (a sexual offence): automatic release at the halfway point
        # (s.244(3)(a)), remand counted.
        remanded, sentenced = mo(9), mo(4)
        dates = by_law(conviction, sentenced, 96, (sentenced - remanded).days)
        add(pp, "tolley", "sentences", conviction=conviction, kind="custody", sentenced_on=sentenced,
            length_months=Decimal("96"), remand_days=(sentenced - remanded).days, custody_from=sentenced,
            release_kind="automatic", release_date=dates.release, release_date_source="prison_calculation",
            sentence_expiry=dates.expiry,
            notes="Guilty plea after two conflicting accounts to prison staff (seed 002, lines 518-552)")
        add(p, "tolley", "notification", conviction=conviction, relevant_date=mo(5), in_custody_on_relevant_date=True,
            police_station="Wenlow police station")

    if "naylor" in nominals:
        # Seed 002, lines 405-465: he seriously assaulted a fellow prisoner a month before his release date and was
        # given an extended determinate sentence (the demo's stand-in for the seed's IPP): Category 2. The Parole
        # Board may release him from the two-thirds point of the custodial term (CJA 2003 s.246A), not yet reached.
        sentenced = mo(20)
        conviction = add(pp, "naylor", "convictions", kind="conviction", offence_code="005/01",
                         offence="Wounding with intent (assault on a fellow prisoner)", offence_date=mo(24),
                         convicted_on=sentenced, court="Brackford Crown Court", violent=True, schedule="schedule_5",
                         maximum_penalty_years=Decimal("999"))
        parole_from = rules.fixed_term_dates(starts=sentenced, months=60, remand_days=0, fraction=TWO_THIRDS).release
        add(pp, "naylor", "sentences", conviction=conviction, kind="extended", sentenced_on=sentenced,
            length_months=Decimal("60"), extension_months=48, custody_from=sentenced, release_kind="parole",
            sentence_expiry=rules.period_end(sentenced, months=60),
            notes=f"Extended determinate sentence: five years' custody and a four-year extended licence. Eligible for "
                  f"release by the Parole Board from {parole_from:%-d %B %Y}, only when it is satisfied his risk is reduced")

    if "greaves" in nominals:
        # Seed 003, lines 379-381: a community order for sexual offences against a family member. For a sexual
        # offence with a child family member an adult is subject to the notification requirements whatever the
        # sentence (Sexual Offences Act 2003 Sch.3): Category 1, five years for a community order (s.82).
        sentenced = mo(9)
        conviction = add(o, "greaves", "convictions", kind="conviction",
                         offence="Sexual activity with a child family member", convicted_on=sentenced,
                         court="Northshire Crown Court", sexual=True, contact_sexual=True, against_child=True,
                         schedule="schedule_3", maximum_penalty_years=Decimal("14"))
        add(o, "greaves", "sentences", conviction=conviction, kind="community", sentenced_on=sentenced,
            length_months=Decimal("36"), order_end=rules.period_end(sentenced, months=36),
            notes="Community order with supervision and a sex offender programme requirement")
        requirement = add(p, "greaves", "notification", conviction=conviction, relevant_date=sentenced,
                          in_custody_on_relevant_date=False, police_station="Wenlow police station")
        initial = NotificationEvent.objects.get(requirement=requirement, kind=NotificationEvent.Kind.INITIAL)
        change(p, initial, received_on=sentenced + datetime.timedelta(days=2), police_station="Wenlow police station")
