"""Demo intelligence for two seed case studies, made through the services so the audit reads right.

Stott (seed 002, lines 359-403, "An offender's risk is increasing"): "continuing surveillance eventually revealed
him hiding in bushes near a park - sufficient grounds for recall, which was effected immediately", and the police
will apply for a SOPO before his release. The surveillance report is submitted, registered by his manager (the
police public protection officer) with handling code C and a sanitised version for the partners, as changing the
risk (so his risk assessment and plan are due for review); the recall request is an action done, the SOPO
application an action open.

Hartnell (seed 002, lines 180-246, "Pushes the boundaries, then caught out by mobile"): "police checks on his
mobile phone showed calls to the same number, which proved to be that of a young woman". The police public
protection officer has submitted what the phone check found; it waits for his offender manager to evaluate.
"""
import datetime

from mappa.intelligence import services
from mappa.orders.models import Recall


def load(*, users, nominals, today: datetime.date) -> None:
    if "stott" in nominals and {"ppo.police", "sup.police"} <= set(users):
        _stott(users, nominals["stott"], today)
    if "hartnell" in nominals and "ppo.police" in users:
        _hartnell(users["ppo.police"], nominals["hartnell"], today)


def _stott(users, n, today):
    ppo, sup = users["ppo.police"], users["sup.police"]
    recall = Recall.objects.filter(sentence__nominal=n).order_by("-requested_on").first()
    seen = (recall.requested_on if recall else today) - datetime.timedelta(days=1)
    item = services.submit(actor=sup, nominal=n, data={
        "source_type": "frontline", "obtained_on": seen,
        "information": "Surveillance log: subject left the approved premises at 15:10 and was seen hiding in bushes "
        "at the edge of Rectory Park, by the children's play area, until 15:55. Photographs held by the unit."})
    item = services.evaluate(actor=ppo, item=item, register=True, version=item.version, data={
        "source_evaluation": "1", "intelligence_assessment": "A", "handling_code": "C",
        "handling_conditions": "Surveillance product: not to be shared beyond the public protection unit without "
        "the unit's agreement",
        "content": "Seen by the surveillance unit hiding near a children's play area in Rectory Park, in breach of "
        "his exclusion and contact conditions.",
        "sanitised": "Police information shows behaviour near children in breach of his licence: recall requested.",
        "changes_risk": True})
    done = services.add_action(actor=ppo, item=item, data={
        "kind": "mappa_referral", "description": "Tell the offender manager and the MAPPA co-ordinator at once: "
        "recall on the grounds of increasing risk", "owner": ppo, "due_on": today})
    services.complete_action(actor=ppo, action=done, version=done.version, completed_on=today,
                             outcome="Offender manager told the same day; recall requested and effected")
    services.add_action(actor=ppo, item=item, data={
        "kind": "tasking", "description": "Prepare the application for a Sexual Offences Prevention Order before his "
        "release, with this intelligence as evidence", "owner": ppo, "due_on": today + datetime.timedelta(days=28)})


def _hartnell(ppo, n, today):
    services.submit(actor=ppo, nominal=n, data={
        "source_type": "home_visit", "obtained_on": today - datetime.timedelta(days=2),
        "information": "Phone check at the home visit: calls several times a week to one number. The number is a "
        "woman of 24 in Northshire. Spoke to her: she says he told her his conviction was for robbery and that he "
        "lives at the approved premises."})
