"""Demo home visits for a seed case study, made through the services so the audit reads right.

Hartnell (seed 002, lines 180-246): registered for life, back in the community after recall; "He receives
periodic unannounced visits from Probation and the Police", and police checks of his mobile phone found
the relationship he had hidden. A joint visit was attended after its check; the police's last attempt
found no one in, and the next police visit is planned but not yet checked.

Dunmore (seed 001, lines 32 and 37, Mr D): not a registered sex offender, so police monitoring visits are a licence
condition; "unannounced visits by Police Monitoring Officers" at the approved premises and at his flat, and probation
"supervision both at the Probation Office and in his home"; the next police visit is planned before the licence ends.
Stott (seed 000, line 17): "additional joint Probation and Police visits reminded him daily of the routine he needed
to keep", at the approved premises between his second release and his recall (orders/demo.py).
"""
import datetime

from mappa.orders.models import Recall
from mappa.visits import services

CHECK = {"record_read": True, "pnc_checked": True, "pnc_result": "Not wanted; no new convictions (PNC, all forces)",
         "crewing": "double", "equipment": "Airwave radio, control room told, police vehicle", "officer": "PC Ahmed"}


def load(*, users, nominals, today: datetime.date) -> None:
    if "hartnell" in nominals and "ppo.police" in users:
        _hartnell(users["ppo.police"], nominals["hartnell"], today)
    if "dunmore" in nominals and "ppo.police" in users:
        _dunmore(users["ppo.police"], users["om.probation"], nominals["dunmore"], today)
    if "stott" in nominals and "ppo.police" in users:
        _stott(users["ppo.police"], nominals["stott"], today)


def _attended(actor, nominal, agency, on, check, **outcome):
    visit = services.plan_visit(actor=actor, nominal=nominal, data={"visit_agency": agency, "planned_for": on,
                                                                     "announced": False})
    visit = services.save_check(actor=actor, visit=visit, version=visit.version, data=check)
    return services.record_outcome(actor=actor, visit=visit, version=visit.version,
                                   data={"outcome": "attended", "occurred_on": on, **outcome})


def _dunmore(ppo, om, n, today):
    mo = lambda months: today - datetime.timedelta(days=round(months * 30.4))  # noqa: E731 - as demo_data counts
    police = {**CHECK, "crewing": "double", "officer": "DC Hollis and PC Ahmed",
              "changes_seen": "Licence: comply with police monitoring visits; tell probation of any relationship"}
    _attended(ppo, n, "police", mo(12), police, present="Mr Dunmore and the approved premises duty officer",
              observations="Unannounced monitoring visit (licence condition). Room checked; curfew kept. No sign of "
                           "contact with the victim.")
    _attended(ppo, n, "police", mo(4.5), {**police, "changes_seen": "Moved to his own flat; a vehicle notified"},
              present="Mr Dunmore alone", seen_vehicles="The notified van only",
              observations="Unannounced monitoring visit at his flat. Compliant; flat kept well.")
    probation = {"record_read": True, "pnc_checked": True, "pnc_result": "Not wanted; no new convictions (asked of "
                 "the police)", "crewing": "single", "officer": "Bethan Marsh, offender manager",
                 "changes_seen": "Home supervision now that he has moved on from the approved premises"}
    _attended(om, n, "probation", mo(5.5), probation, present="Mr Dunmore alone",
              observations="Supervision at home. Working day shifts; keeping to his licence. Mood steady.")
    _attended(om, n, "probation", mo(2.5), probation, present="Mr Dunmore alone",
              seen_relationship="Says he has a new partner, already disclosed to probation and police",
              observations="Supervision at home. Talked about the new relationship and what she has been told.")
    services.plan_visit(actor=ppo, nominal=n, data={"visit_agency": "police", "planned_for": today + datetime.timedelta(days=9),
                                                    "announced": False})


def _stott(ppo, n, today):
    recalls = list(Recall.objects.filter(sentence__nominal=n).order_by("requested_on"))
    if len(recalls) < 2 or not recalls[0].re_released_on:
        return
    released, recalled = recalls[0].re_released_on, recalls[1].returned_to_custody_on
    check = {**CHECK, "officer": "DC Hollis with Bethan Marsh, offender manager",
             "changes_seen": "Licence: hourly reporting to approved premises staff; no parks or leisure centres"}
    notes = ("Joint visit at the approved premises. Went over his routine, his reporting times and the places he "
             "must keep away from; he wants every rule set out in detail.")
    for weeks in range(2, (recalled - released).days // 7, 4):
        on = released + datetime.timedelta(weeks=weeks)
        if on < recalled:
            _attended(ppo, n, "joint", on, check, present="Mr Stott alone", observations=notes)


def _hartnell(ppo, n, today):
    day = lambda days: today + datetime.timedelta(days=days)  # noqa: E731
    joint = services.plan_visit(actor=ppo, nominal=n, data={"visit_agency": "joint", "planned_for": day(-35)})
    joint = services.save_check(actor=ppo, visit=joint, version=joint.version, data={
        **CHECK, "changes_seen": "Vehicle notified to probation; licence conditions on relationships and vehicles"},
        hazards=[{"kind": "dog", "details": "Family dog at the address, kept in the garden", "handling": ""}])
    services.record_outcome(actor=ppo, visit=joint, version=joint.version, data={
        "outcome": "attended", "occurred_on": day(-35), "present": "Mr Hartnell alone",
        "seen_devices": "One mobile phone, checked: calls to the same number several times a week",
        "seen_vehicles": "The notified vehicle only",
        "observations": "Compliant and cooperative. Phone checks show repeated calls to one number: "
        "to be identified (possible undisclosed relationship)."})
    missed = services.plan_visit(actor=ppo, nominal=n, data={"visit_agency": "police", "planned_for": day(-6)})
    missed = services.save_check(actor=ppo, visit=missed, version=missed.version, data={**CHECK, "crewing": "single"})
    services.record_outcome(actor=ppo, visit=missed, version=missed.version,
                            data={"outcome": "no_answer", "occurred_on": day(-6), "observations": "No answer; card left"})
    services.plan_visit(actor=ppo, nominal=n, data={"visit_agency": "police", "planned_for": day(2)})
