"""Intelligence on the conftest world's case, made through the services: one item registered with handling
code P, one with C, one waiting for evaluation, each carrying strings no other reader may see."""
import datetime

from django.utils import timezone

from mappa.intelligence import services

TODAY = timezone.localdate()
P_SECRET = "Parks his van outside Brook Lane primary"
C_SECRET = "Informant Zephyrine says he bought a burner phone"
WAITING_SECRET = "Neighbour saw him with a child at Quarry Fields"
ACTION_SECRET = "Task neighbourhood team to watch Quarry Fields"
C_SUBMITTED = "Caller to the front desk mentioned a second phone"
SANITISED = "Information suggests contact with children: manager reviewing"
SECRETS = (P_SECRET, C_SECRET, C_SUBMITTED, WAITING_SECRET, ACTION_SECRET)


def submit(actor, nominal, text, source="frontline"):
    return services.submit(actor=actor, nominal=nominal, data={"information": text, "source_type": source,
                                                                "obtained_on": TODAY - datetime.timedelta(days=1)})


def register(actor, item, text, code="P", conditions="", changes_risk=False, sanitised="", links=()):
    return services.evaluate(actor=actor, item=item, register=True, version=item.version, links=list(links), data={
        "source_evaluation": "2", "intelligence_assessment": "B", "handling_code": code,
        "handling_conditions": conditions, "content": text, "sanitised": sanitised, "changes_risk": changes_risk})


def build(w):
    """P: submitted by the police partner, registered by the manager. C: from the police partner, registered
    by the manager with conditions and an action. Waiting: submitted by children's services."""
    w.p_item = register(w.om, submit(w.police, w.case, P_SECRET), P_SECRET, code="P")
    w.c_item = register(w.om, submit(w.police, w.case, C_SUBMITTED, source="anonymous"), C_SECRET, code="C",
                        conditions="Source protection: do not share outside the PPU", changes_risk=True,
                        sanitised=SANITISED, links=[{"address": w.address.pk}])
    w.c_action = services.add_action(actor=w.om, item=w.c_item, data={
        "kind": "tasking", "description": ACTION_SECRET, "owner": w.om, "due_on": TODAY + datetime.timedelta(days=7)})
    w.waiting = submit(w.children, w.case, WAITING_SECRET, source="partner")
    return w
