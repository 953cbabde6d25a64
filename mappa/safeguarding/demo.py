"""The demo's disclosure and safeguarding stories, from the seeds' cases, made through the services.

- naylor (seed 002, lines 405-465, "Mr N"): the police confirmed his partner was a high-risk victim of domestic abuse;
  a police domestic violence officer and a women's safety worker told her, in a joint visit, that they believed her
  life could be at risk (a disclosure at common law); the case went to MARAC; the police child protection referral
  put their daughter in foster care; he seriously assaulted a fellow prisoner (a staff-safety marker).
- hartnell (seed 002, lines 180-246): today's level 2 meeting decided to disclose to the new partner found by police
  phone checks; the decision is linked to the meeting's minutes, the disclosure not yet made. His wife knows his
  history (decisions not to disclose further, answering the children in the household).
- dunmore (seed 001, line 37, "Mr D"): his new partner, in her forties, is recorded, and no disclosure decision yet
  answers it, so it is prompted on the case and the work list.
- greaves (demo addition, not in the seeds): a mother's request under the child sex offender disclosure scheme,
  its initial checks and meeting done, the full risk assessment due.
"""
import datetime

from mappa.access import policy
from mappa.arrangements.models import Minute
from mappa.nominals.models import Occupant
from mappa.safeguarding import services

DAY = datetime.timedelta(days=1)


def _months_ago(today, months: float) -> datetime.date:
    return today - datetime.timedelta(days=round(months * 30.44))


def load(*, users, nominals, today):
    police, om, prison, coordinator = users["ppo.police"], users["om.probation"], users["ppu.prison"], users["coordinator"]
    naylor = nominals.get("naylor")
    if naylor is not None and policy.may_record_safeguarding(police, naylor):
        services.add_referral(actor=police, nominal=naylor, data={
            "kind": "children", "about": "Maisie Lowther, their daughter (then aged 2)",
            "referred_on": _months_ago(today, 40), "reason": "More than 10 domestic abuse incidents at the home in two years.",
            "outcome": "child_protection", "outcome_on": _months_ago(today, 39),
            "outcome_notes": "Placed in foster care for her own safety; contact supervised."})
        services.add_referral(actor=police, nominal=naylor, data={
            "kind": "marac", "about": "Kirsty Lowther, his partner", "referred_on": _months_ago(today, 40) + 2 * DAY,
            "reason": "High-risk victim of domestic abuse who will not support a prosecution.",
            "meeting_on": _months_ago(today, 39) + 5 * DAY, "outcome": "marac_plan",
            "outcome_on": _months_ago(today, 39) + 5 * DAY, "reference": "NX-MARAC-0412",
            "outcome_notes": "Refuge place on standby; joint visit by the police domestic violence officer and the "
                             "women's safety worker; a police marker on the address."})
        services.record_decision(actor=police, nominal=naylor, data={
            "occasion": "event", "considered_on": _months_ago(today, 39), "decision": "disclose", "ground": "victims",
            "power": "common_law", "pressing_need": True,
            "rationale": "She stays with him after more than 10 incidents and serious injuries; she does not know how "
                         "far the police believe the risk goes. Telling her is needed to protect her life.",
            "recipient_kind": "partner", "recipient": "Kirsty Lowther",
            "what_disclosed": "The incidents known to the police and our view that her life could be at risk if she "
                              "stays with him; the refuge place and support open to her.",
            "disclosed_by": "Police domestic violence officer and probation women's safety worker",
            "disclosed_on": _months_ago(today, 38),
            "keep_confidential": "Told alone at home; asked not to tell him what the police know.",
            "offender_told": "not_told", "review_on": today + 30 * DAY})
        services.add_marker(actor=prison, nominal=naylor, data={
            "kind": "staff_safety", "active_from": _months_ago(today, 24),
            "text": "Seriously assaulted a fellow prisoner a month before his release date: two staff at every contact."})

    hartnell = nominals.get("hartnell")
    minute = (Minute.objects.filter(nominal=hartnell, disclosure_considered=True).order_by("-meeting__held_on").first()
              if hartnell is not None else None)
    if minute is not None and policy.may_record_safeguarding(coordinator, hartnell):
        services.record_decision(actor=coordinator, nominal=hartnell, data={
            "occasion": "meeting", "minute": minute, "considered_on": minute.meeting.held_on, "decision": "disclose",
            "ground": "victims", "power": "common_law", "pressing_need": True,
            "rationale": "He hid a relationship with a mother of two children aged 4 and 7; risk of serious harm to "
                         "children is high. She cannot protect her children without knowing.",
            "recipient_kind": "partner", "recipient": "The new partner found by the police phone checks",
            "what_disclosed": "His convictions for indecent assault and the risk he poses to her children.",
            "disclosed_by": "Police public protection unit with children's services",
            "keep_confidential": "To be asked to share it only with children's services and the children's school.",
            "offender_told": "told_first", "review_on": minute.meeting.held_on + 56 * DAY})
        for child in Occupant.objects.filter(nominal=hartnell, under_18=True):
            services.record_decision(actor=om, nominal=hartnell, data={
                "occasion": "level1", "occupant": child, "considered_on": today - 130 * DAY, "decision": "not_disclose",
                "ground": "victims",
                "rationale": "Their mother knows his full offending history and is part of the safety plan agreed with "
                             "children's services; no one else needs to be told.",
                "review_on": today + 56 * DAY})

    greaves = nominals.get("greaves")
    if greaves is not None and policy.may_record_safeguarding(om, greaves):
        services.add_request(actor=om, nominal=greaves, data={
            "applicant_name": "Joanne Pike", "applicant_relationship": "Mother",
            "concern": "He has started helping at the youth football club her son plays for.",
            "received_on": today - 12 * DAY, "initial_checks_on": today - 12 * DAY, "met_on": today - 6 * DAY})
