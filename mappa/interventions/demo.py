"""Demo interventions for Philip Greaves's community order (seed 003, lines 379-381; catalogue E2.2-32, "Martin"),
whose order carries a sex offender programme requirement (orders/demo.py, supervision/demo.py). The referral to the
Internet Sex Offender Treatment Programme follows the good-practice catalogue's pattern: preparatory work while
waiting, then a group start some months after sentence (E2.3-36: "began four months after sentence", R-62). The
dates and sessions are demo additions, matching the programme sessions supervision books for him.

One-to-one work of the two seed stories: Raymond Stott (seed 000, lines 13-15: "a lot of time getting him to work with
our Cognitive Behavioural methods ... to take on some responsibility"), from his second release until his recall;
Kevin Dunmore (seed 001, line 35: "his growing understanding of, and empathy for, Alison as a victim"), reported to
the MAPPA reviews. The dates follow their sentences and recalls (orders/demo.py).
Made through the services, so the audit reads right."""
import datetime

from mappa.interventions import rules, services
from mappa.interventions.models import Programme
from mappa.orders.models import Recall, Sentence


def load(*, users, nominals, today):
    if "greaves" in nominals:
        _greaves(users["om.probation"], nominals["greaves"], today)
    if "stott" in nominals:
        _stott(users["om.probation"], nominals["stott"], today)
    if "dunmore" in nominals:
        _dunmore(users["om.probation"], nominals["dunmore"], today)


def _stott(om, nominal, today):
    recalls = list(Recall.objects.filter(sentence__nominal=nominal).order_by("requested_on"))
    if len(recalls) < 2 or not recalls[0].re_released_on:
        return
    released, recalled = recalls[0].re_released_on, recalls[1].returned_to_custody_on
    work = services.add_one_to_one(actor=om, nominal=nominal, today=today, data={
        "worker": "Bethan Marsh, offender manager", "started_on": released + datetime.timedelta(days=14),
        "topic": "Cognitive behavioural work on his sexual offending: a more convincing understanding of his behaviour "
                 "and its impact, taking on responsibility, and learning to manage his own risk",
        "sessions_planned": 24})
    services.update_one_to_one(actor=om, work=work, version=work.version, today=today, data={
        "sessions_done": 16, "ended_on": recalled,
        "outcome": "Ended by his recall. Engaged, but wanted every rule defined in detail; sexual offences were still "
                   "on his mind, and his risk was escalating"})


def _dunmore(om, nominal, today):
    sentence = Sentence.objects.filter(nominal=nominal, released_on__isnull=False).order_by("-sentenced_on").first()
    if sentence is None:
        return
    released = sentence.released_on
    work = services.add_one_to_one(actor=om, nominal=nominal, today=today, data={
        "worker": "Bethan Marsh, offender manager", "started_on": released + datetime.timedelta(days=21),
        "topic": "Victim awareness and relationships: the harm he did his former partner, his possessive and "
                 "controlling behaviour, and the warning signs to tell probation of in any new relationship",
        "sessions_planned": 12})
    services.update_one_to_one(actor=om, work=work, version=work.version, today=today, data={
        "sessions_done": 12, "ended_on": released + datetime.timedelta(days=21 + 7 * 26),
        "outcome": "Completed. A growing understanding of, and empathy for, his victim, reported to the MAPPA reviews; "
                   "he has made no attempt to contact her"})


def _greaves(om, nominal, today):
    order = Sentence.objects.filter(nominal=nominal, kind=Sentence.Kind.COMMUNITY).order_by("-sentenced_on").first()
    programme = Programme.objects.filter(code="i-sotp").first()
    if order is None or programme is None:
        return

    def day(weeks_ago: float) -> datetime.date:
        return today - datetime.timedelta(days=round(weeks_ago * 7))

    sentenced = order.sentenced_on
    referral = services.refer(actor=om, nominal=nominal, today=today, data={
        "programme": programme, "sentence": order, "referred_on": sentenced + datetime.timedelta(days=3),
        "reason": "Programme requirement of the order: internet-facilitated offending, low deviance"})
    referral = services.decide(actor=om, referral=referral, version=referral.version, today=today, data={
        "eligibility": rules.ELIGIBLE, "assessed_on": sentenced + datetime.timedelta(days=17),
        "eligibility_reason": "Over 21, medium risk of serious harm, low deviance: the group programme (para 2.11)"})
    referral = services.update_waiting_list(actor=om, referral=referral, version=referral.version, today=today, data={
        "listed_on": sentenced + datetime.timedelta(days=21), "expected_start_on": day(24),
        "pre_programme_work": "Passive offence account and two motivational sessions with his offender manager",
        "pre_programme_done_on": day(26)})
    referral = services.update_waiting_list(actor=om, referral=referral, version=referral.version, today=today,
                                            data={"started_on": day(24)})
    feedback = {24: "Quiet in the group; completed the worksheet", 14: "Challenged his account of the offence himself",
                4: "Engaged well; the tutors report progress on victim empathy"}
    for weeks in (24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4):
        services.record_session(actor=om, referral=referral, today=today, data={
            "on": day(weeks), "attendance": rules.ATTENDED, "feedback": feedback.get(weeks, "")})
    services.add_one_to_one(actor=om, nominal=nominal, today=today, data={
        "referral": referral, "worker": "Bethan Marsh, offender manager", "started_on": day(23),
        "topic": "Meeting after sessions to go over the programme's work and apply it at home and work",
        "sessions_planned": 35})
