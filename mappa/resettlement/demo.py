"""Demo approved premises placement and pathways of Ryan Colley (seed 003, §2.2, line 373; catalogue E2.2-30,
"Richard"): released on licence to Northshire approved premises four months ago, in care since the age of two,
with basic skills work on budgeting with his key worker and, at the last MAPPA review, help to move on to housing
(mappa/demo/demo_data.py). The referral, the move-on plan's details and the pathways' actions are demo additions
that show the daily work. Made through the services, so the audit reads right."""
import datetime

from mappa.resettlement import services
from mappa.resettlement.models import Pathway

PREMISES = "northshire"


def load(*, users, nominals, today):
    if "colley" not in nominals:
        return
    om = users["om.probation"]
    nominal = nominals["colley"]

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    arrived = ago(round(4 * 30.4))
    referral = services.add_referral(actor=om, nominal=nominal, today=ago(170), data={
        "referred_on": ago(170), "premises": PREMISES,
        "reason": "Sexual offences against children; no family or home to go to. Residence and a monitored curfew "
                  "agreed at the MAPPA level 2 meeting; extra night staff to be funded"})
    services.decide_referral(actor=om, referral=referral, decision="accepted", reason="", version=referral.version,
                             today=ago(160))
    placement = services.add_placement(actor=om, nominal=nominal, today=arrived, data={
        "referral": referral, "premises": PREMISES, "arrived_on": arrived, "key_worker": "Sam Pryor",
        "expected_departure_on": today + datetime.timedelta(days=35), "signing_in_hours": 4,
        "curfew_from": datetime.time(19), "curfew_to": datetime.time(7)})
    services.plan_move_on(actor=om, placement=placement, version=placement.version, today=today, data={
        "move_on_plan": "Supported housing with a tenancy support worker; basic skills and budgeting to continue with "
                        "his key worker until he leaves; voluntary contact after the licence ends",
        "move_on_to": "Supported housing, Hallam Cross (Housing Options referral)", "move_on_agreed_on": ago(12)})

    housing = services.add_pathway(actor=om, nominal=nominal, today=today, data={
        "kind": Pathway.Kind.ACCOMMODATION, "assessed_on": arrived + datetime.timedelta(days=7),
        "need": "No home to go to after the premises: in care from the age of two, never held a tenancy"})
    referred = services.add_action(actor=om, pathway=housing, data={
        "action": "Refer to Housing Options for supported housing", "who": "Offender manager",
        "target_on": ago(40)})
    services.complete_action(actor=om, action=referred, done_on=ago(45), version=referred.version, today=today)
    services.add_action(actor=om, pathway=housing, data={
        "action": "Visit the supported housing with him before he moves", "who": "Approved premises key worker",
        "target_on": today + datetime.timedelta(days=14)})
    money = services.add_pathway(actor=om, nominal=nominal, today=today, data={
        "kind": Pathway.Kind.FINANCE, "assessed_on": ago(95),
        "need": "Budgeting: has never managed money; no bank account for his benefits"})
    services.add_action(actor=om, pathway=money, data={  # past its date: on the work list
        "action": "Open a bank account with him", "who": "Approved premises key worker", "target_on": ago(5)})
