"""Demo home visits for a seed case study, made through the services so the audit reads right.

Hartnell (seed 002, lines 180-246): registered for life, back in the community after recall; "He receives
periodic unannounced visits from Probation and the Police", and police checks of his mobile phone found
the relationship he had hidden. A joint visit was attended after its check; the police's last attempt
found no one in, and the next police visit is planned but not yet checked.
"""
import datetime

from mappa.visits import services

CHECK = {"record_read": True, "pnc_checked": True, "pnc_result": "Not wanted; no new convictions (PNC, all forces)",
         "crewing": "double", "equipment": "Airwave radio, control room told, police vehicle", "officer": "PC Ahmed"}


def load(*, users, nominals, today: datetime.date) -> None:
    if "hartnell" in nominals and "ppo.police" in users:
        _hartnell(users["ppo.police"], nominals["hartnell"], today)


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
