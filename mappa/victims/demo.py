"""The demo's victim story, from the seeds' cases.

Kevin Dunmore (seed 001 lines 23-30; seed 002 lines 469-514): a knife attack on his former partner, two years'
custody, so she comes within the statutory victim contact scheme (DVCVA 2004 s.35). The victim liaison officer of
Northshire Victim Care offered contact, she opted in, asked for no contact and an exclusion zone around her home and
route to work (seed 002: "as she asked through the victim contact officer"), and both went on the licence.

Dennis Tolley (seed 002 lines 518-552): sexual assaults on his granddaughter and grandson, eight years' custody four
months ago, so both children come within the scheme; the victim liaison officer has recorded them (their mother
speaks for them) but the offer of contact, due within 56 days of sentence (reference data), has not been made, and
her work list and the offender manager's show it overdue (inspection 2010 ¶7.9: contact "in line with national
standards"; the inspectors found it late or missing in a third of cases).
"""
import datetime

from mappa.access import policy
from mappa.orders.models import Conviction
from mappa.victims import services


def load(*, users, nominals, today):
    _dunmore(users, nominals)
    _tolley(users, nominals)


def _tolley(users, nominals):
    vlo, nominal = users.get("victim.care"), nominals.get("tolley")
    if vlo is None or nominal is None or not policy.nominals_for(vlo).filter(pk=nominal.pk).exists():
        return
    conviction = Conviction.objects.filter(nominal=nominal, against_child=True).order_by("convicted_on").first()
    if conviction is None:
        return
    for name, relationship in [("Chloe Barker", "Granddaughter (aged 9 at the time)"),
                               ("Liam Barker", "Grandson (aged 7 at the time)")]:
        services.add_victim(actor=vlo, nominal=nominal, data={
            "kind": "past", "name": name, "relationship": relationship, "is_child": True,
            "conviction": conviction, "contact_preferences": "Through their mother, by phone after school hours"})


def _dunmore(users, nominals):
    vlo, nominal = users.get("victim.care"), nominals.get("dunmore")
    if vlo is None or nominal is None:
        return
    vlo.victim_liaison = True
    vlo.save(update_fields=["victim_liaison"])
    if not policy.nominals_for(vlo).filter(pk=nominal.pk).exists():
        return
    conviction = Conviction.objects.filter(nominal=nominal, violent=True).order_by("convicted_on").first()
    # The dates of the sentence the orders demo recorded, so the scheme, the requests and the licence agree.
    sentence = conviction.sentences.order_by("sentenced_on").first()
    sentenced, released = sentence.sentenced_on, sentence.released_on
    victim = services.add_victim(actor=vlo, nominal=nominal, data={
        "kind": "past", "name": "Tracy Holden", "relationship": "Former partner", "address": "3 Mill Row\nHallam Cross",
        "postcode": "NX2 6QT", "phone": "01632 960412", "contact_preferences": "Phone first, weekday evenings",
        "conviction": conviction, "scheme_offered_on": sentenced + datetime.timedelta(days=20),
        "scheme_response": "opted_in", "scheme_responded_on": sentenced + datetime.timedelta(days=34)})
    services.add_contact(actor=vlo, victim=victim, data={
        "occurred_on": sentenced + datetime.timedelta(days=40), "method": "visit", "reached": True,
        "summary": "Home visit: the scheme explained; she will be told of release and the licence conditions.",
        "views": "Afraid he will come to her home or wait on her route to work."})
    # Her views before release planning (the licence, and his plan to live at his daughter's, inside her zone).
    services.add_contact(actor=vlo, victim=victim, data={
        "occurred_on": released - datetime.timedelta(days=60), "method": "manager", "reached": True,
        "summary": "Input to the offender manager for release planning: her requests for the licence, and his plan "
                   "to live at his daughter's in Hallam Cross.",
        "views": "Does not want him living in Hallam Cross."})
    for kind, details in [("no_contact", "No contact with her, directly or through others."),
                          ("exclusion_zone", "Keep him away from Hallam Cross, her home and her route to work.")]:
        services.add_request(actor=vlo, victim=victim, data={
            "requested_on": sentenced + datetime.timedelta(days=40), "kind": kind, "details": details,
            "outcome": "included", "decided_on": released - datetime.timedelta(days=14)})
    services.add_victim(actor=vlo, nominal=nominal, data={
        "kind": "potential", "description": "The children of any new partner", "relationship": "Not known yet",
        "is_child": True})
