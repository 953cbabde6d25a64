"""Demo supervision of Philip Greaves's community order (seed 003, lines 379-381; catalogue E2.2-32, "Martin"):
three years with supervision and a sex offender programme requirement, made nine months ago (orders/demo.py).
The seed tells of his engagement and of his telling his employer himself; the appointments, the one unacceptable
absence and its warning, and the programme's sessions are demo additions that show the order's daily work; so is the
circle of support and accountability (three volunteers, as inspection 2010 para 8.5 describes), running alongside
the programme as in North Wales (para 8.5: half the men in circles had finished or were not required to attend a SOTP).

Lee Hartnell's extended licence (seed 002, lines 180-246: "He had also to return regularly to see his Supervising
Officer"; licences/demo.py): fortnightly reporting kept, then two unacceptable absences in the last weeks, a warning
and a final warning under the licence (the final warning as the alternative to recall, good practice E2.2-25), weekly
reporting since. The absences are demo additions: the boundary testing that the referral to level 2 speaks of. The
story stops just before recall: today's level 2 meeting manages him in the community, and a third unacceptable
absence would bring "Recall to consider" (rules.licence_enforcement).
Made through the services, so the audit reads right."""
import datetime

from mappa.orders.models import Sentence
from mappa.supervision import queries, rules, services
from mappa.supervision.models import Appointment


def load(*, users, nominals, today):
    if "hartnell" in nominals:
        _hartnell(users["om.probation"], nominals["hartnell"], today)
    if "greaves" not in nominals:
        return
    om = users["om.probation"]
    nominal = nominals["greaves"]
    order = Sentence.objects.filter(nominal=nominal, kind=Sentence.Kind.COMMUNITY).order_by("-sentenced_on").first()
    if order is None:
        return

    def day(weeks_ago: float) -> datetime.date:
        return today - datetime.timedelta(days=round(weeks_ago * 7))

    # The Internet Sex Offender Programme of 35 two-hour sessions (inspection 2010 para 2.11).
    programme = services.add_requirement(actor=om, nominal=nominal, data={
        "sentence": order, "kind": rules.PROGRAMME, "details": "Internet Sex Offender Treatment Programme (i-SOTP)",
        "days": 35, "starts_on": order.sentenced_on + datetime.timedelta(days=28)})

    def appointment(weeks_ago, kind=Appointment.Kind.SUPERVISION, outcome="", reason="", requirement=None, at=(10, 0)):
        made = services.add_appointment(actor=om, nominal=nominal, data={
            "sentence": order, "requirement": requirement, "kind": kind, "on": day(weeks_ago),
            "at": datetime.time(*at), "place": "Wenlow probation office"})
        if outcome:
            services.record_outcome(actor=om, appointment=made, outcome=outcome, reason=reason, version=made.version,
                                    today=today)
        return made

    for weeks in (36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 23, 21, 19, 17, 15, 13, 11):
        appointment(weeks, outcome=rules.KEPT)
    for weeks in (24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4):
        appointment(weeks, Appointment.Kind.PROGRAMME, rules.KEPT, requirement=programme, at=(18, 0))
    appointment(9, outcome=rules.ACCEPTABLE, reason="Ill with flu; his GP's note seen")
    missed = appointment(7, outcome=rules.UNACCEPTABLE, reason="Said he forgot; no contact until the next day")
    services.give_warning(actor=om, nominal=nominal, today=today, data={
        "sentence": order, "appointment": missed, "kind": rules.WARNING, "given_on": day(7) + datetime.timedelta(days=1),
        "reason": "Missed his supervision appointment without an acceptable reason"})
    for weeks in (5, 3):
        appointment(weeks, outcome=rules.KEPT)
    appointment(1 / 7)  # yesterday's: its outcome still to record, on the work list
    appointment(-1)  # next week's
    appointment(-1, Appointment.Kind.PROGRAMME, requirement=programme, at=(18, 0))

    job = services.add_objective(actor=om, nominal=nominal, data={
        "sentence": order, "need": "ete", "objective": "Keep his job at the builders' merchants, his employer knowing of "
        "his conviction", "person_does": "Tells his employer himself before starting",
        "manager_does": "Confirms with the employer that they were told", "target_on": order.sentenced_on + datetime.timedelta(days=60),
        "review_on": order.sentenced_on + datetime.timedelta(days=60)})
    services.update_objective(actor=om, objective=job, version=job.version, today=today, data={
        "status": "achieved", "reviewed_on": order.sentenced_on + datetime.timedelta(days=60),
        "review_notes": "He told his employer himself; the employer confirmed it by phone"})
    services.add_objective(actor=om, nominal=nominal, data={
        "sentence": order, "need": "thinking", "objective": "Complete the i-SOTP and apply what it teaches",
        "person_does": "Attends every session and does the work between them",
        "manager_does": "Meets him after sessions and liaises with the programme tutors",
        "others_do": "Programme tutors: report on each session", "target_on": today + datetime.timedelta(days=150),
        "review_on": today + datetime.timedelta(days=30)})

    circle = services.add_circle(actor=om, nominal=nominal, today=today, data={
        "referred_on": day(20), "provider": "Northshire Circles (accredited by Circles UK)"})
    services.update_circle(actor=om, circle=circle, version=circle.version, today=today, data={
        "started_on": day(14), "volunteers": 3})


def _hartnell(om, nominal, today):
    licence = queries.licences(om, nominal, today).filter(sentence__isnull=False).first()
    if licence is None:
        return

    def day(weeks_ago: float) -> datetime.date:
        return today - datetime.timedelta(days=round(weeks_ago * 7))

    def appointment(weeks_ago, outcome="", reason=""):
        made = services.add_appointment(actor=om, nominal=nominal, today=today, data={
            "licence": licence, "kind": Appointment.Kind.SUPERVISION, "on": day(weeks_ago), "at": datetime.time(14, 0),
            "place": "Hallam Cross probation office"})
        if outcome:
            services.record_outcome(actor=om, appointment=made, outcome=outcome, reason=reason, version=made.version,
                                    today=today)
        return made

    def warn(missed, kind, reason):
        services.give_warning(actor=om, nominal=nominal, today=today, data={
            "licence": licence, "appointment": missed, "kind": kind, "given_on": missed.on + datetime.timedelta(days=1),
            "reason": reason})

    for weeks in (18, 16, 14, 12, 10, 8):  # fortnightly: high risk of serious harm, long past the first weeks
        appointment(weeks, rules.KEPT)
    first = appointment(6, rules.UNACCEPTABLE, "Did not come or ring; said the next day he had forgotten")
    warn(first, rules.WARNING, "Missed his licence supervision appointment without an acceptable reason. Told that "
                               "another unacceptable absence brings a final warning")
    appointment(4, rules.KEPT)
    second = appointment(2, rules.UNACCEPTABLE, "Rang an hour after the appointment to say his car would not start; "
                                                "he had driven it to work that morning")
    warn(second, rules.FINAL_WARNING, "A second unacceptable absence in a month. Final warning, given instead of "
                                      "recall: one more and recall will be considered. Reporting weekly from now")
    appointment(1, rules.KEPT)
    appointment(-1)  # next week's
