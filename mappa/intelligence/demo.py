"""Demo intelligence for a seed case study, made through the services so the audit reads right.

Hartnell (seed 002, lines 180-246, "Pushes the boundaries, then caught out by mobile"): "police checks on his
mobile phone showed calls to the same number, which proved to be that of a young woman. She knew nothing about
his previous offending ... The police made a full disclosure of the real offences". The police public
protection officer submits what the phone check found; the offender manager registers it (graded, handling
code P so the police may read it, with a sanitised version for the partners), as changing the risk, which
makes the risk assessment and the plan due for review; the police disclosure is an action completed, the risk
review an action open. Children's services have since submitted something still waiting for evaluation.
"""
import datetime

from mappa.intelligence import services
from mappa.nominals.models import Vehicle


def load(*, users, nominals, today: datetime.date) -> None:
    if "hartnell" in nominals and {"ppo.police", "om.probation", "cs.worker"} <= set(users):
        _hartnell(users, nominals["hartnell"], today)


def _hartnell(users, n, today):
    ppo, om, cs = users["ppo.police"], users["om.probation"], users["cs.worker"]
    item = services.submit(actor=ppo, nominal=n, data={
        "source_type": "home_visit", "obtained_on": today - datetime.timedelta(days=2),
        "information": "Phone check at the home visit: calls several times a week to one number. The number is a "
        "woman of 24 in Northshire. Spoke to her: she says he told her his conviction was for robbery and that he "
        "lives at the approved premises."})
    vehicles = [{"vehicle": v.pk} for v in Vehicle.objects.filter(nominal=n)[:1]]
    item = services.evaluate(actor=om, item=item, register=True, version=item.version, links=vehicles, data={
        "source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "P", "handling_conditions": "",
        "content": "Developing relationship not disclosed to probation (licence condition): regular calls to a woman "
        "of 24 who does not know his offending. Checked directly by PC Ahmed with her.",
        "sanitised": "Information suggests a developing relationship he has not disclosed: the offender manager and "
        "police are acting on it.", "changes_risk": True})
    disclosure = services.add_action(actor=om, item=item, data={
        "kind": "tasking", "description": "Police to consider and make a disclosure of his offences to her",
        "owner": ppo, "due_on": today})
    services.complete_action(actor=ppo, action=disclosure, version=disclosure.version, completed_on=today,
                             outcome="Full disclosure made by PC Ahmed; she has ended contact")
    services.add_action(actor=om, item=item, data={
        "kind": "risk_review", "description": "Review the risk of serious harm and consider recall for breach of the "
        "relationships condition", "owner": om, "due_on": today + datetime.timedelta(days=3)})
    services.submit(actor=cs, nominal=n, data={
        "source_type": "partner", "obtained_on": today,
        "information": "A school reports a man matching his description waiting near the gates at home time."})
