"""Demo MAPPA records from the seed case studies, made through the services so the audit reads right.

- hartnell (seed 002, lines 180-246): Category 1; level 1 by the lead agency after screening, then referred
  and accepted at level 2; today's level 2 MAPP meeting with attendance, minutes (a part restricted to
  victim details), a disclosure decision and actions.
- dunmore (seed 001, lines 11-37; seed 002, lines 469-514): Category 2; level 1 decided by the lead
  agency, its four-monthly review now overdue, and a referral to level 2 waiting for screening.
- stott (seed 002, lines 359-403): Category 1, straight in at level 3 at today's level 3 meeting, with
  senior police attendance, surveillance and a prevention-order action.
- naylor (seed 002, lines 405-465): Category 2, level 1 by the prison alone; greaves (seed 003, lines
  379-381): Category 1 newly identified, not yet screened; both on next week's screening meeting.
"""
import datetime

from mappa.arrangements import services
from mappa.arrangements.models import Meeting

DAY = datetime.timedelta(days=1)


def load(*, users, nominals, today):
    om, police, coordinator = users["om.probation"], users["ppo.police"], users["coordinator"]
    if not all(k in nominals for k in ("hartnell", "dunmore", "naylor", "stott", "greaves")):
        return

    # hartnell
    hartnell = nominals["hartnell"]
    services.identify(actor=om, nominal=hartnell, category=1, identified_on=today - 700 * DAY, lead_agency=om.agency,
                      basis="Three indecent assaults: subject to the notification requirements (registered with the police on release).")
    services.decide_level(actor=om, nominal=hartnell, level=1, forum="lead_agency", decided_on=today - 130 * DAY,
                          rationale="Living at home after the children's services assessment; complying with licence conditions.",
                          information_considered="OASys (RoSH high to known adults), police home visit reports, children's services assessment",
                          next_review=today - 130 * DAY + 120 * DAY)
    referral = services.refer(actor=om, nominal=hartnell, requested_level=2, referred_on=today - 10 * DAY,
                              reason="Police phone checks found a developing relationship with a woman who has two young children, not disclosed.",
                              risk_summary="High risk of serious harm to children and to a new partner (OASys); testing the boundaries of his licence.",
                              cannot_manage_alone="Checks on the new partner's household and any disclosure to her need police and children's services.",
                              asks_of_agencies="Police: home visit and phone checks. Children's services: assess the new household.")
    services.screen_referral(actor=coordinator, referral=referral, outcome="accepted", accepted_level=2,
                             reasons="Meets level 2: active involvement of police and children's services needed.",
                             screened_on=today - 8 * DAY, version=referral.version)
    meeting = services.arrange_meeting(actor=coordinator, kind=Meeting.Kind.LEVEL2, held_on=today, venue="Bradwell police station, room 2",
                                       chair=coordinator, starts_at=datetime.time(10, 0))
    for user, senior in ((om, False), (police, False), (users["cs.worker"], False), (users["sup.probation"], True)):
        services.add_attendee(actor=coordinator, meeting=meeting, agency=user.agency, name=user.display_name,
                              role=user.job_title, user=user, senior=senior)
    services.add_attendee(actor=coordinator, meeting=meeting, agency=users["housing.readonly"].agency,
                          name=users["housing.readonly"].display_name, role="Housing officer")
    services.add_to_agenda(actor=coordinator, meeting=meeting, nominal=hartnell)
    services.record_attendance(actor=coordinator, meeting=meeting, attendance={
        a.pk: {"attended": a.agency.kind != "housing", "apologies": a.agency.kind == "housing",
               "confidentiality_declared": a.agency.kind != "housing"} for a in meeting.attendees.select_related("agency")})
    services.record_minute(
        actor=coordinator, meeting=meeting, nominal=hartnell,
        summary="Referred after police phone checks found an undisclosed relationship. The meeting agreed level 2 management.",
        new_information="New partner has two children aged 4 and 7 (police).",
        risk_review="RoSH high to children; risk increased by concealment. OASys review due.",
        victim_issues="Victim liaison reports no contact from him.",
        disclosure_considered=True,
        disclosure_decision="Disclose to the new partner his convictions and the risk to her children: police and children's services jointly, within 7 days.",
        actions_review="First meeting at level 2.",
        decisions="No unsupervised contact with the partner's children.\nWeekly home visits by police until the next meeting.",
        next_meeting_on=today + 56 * DAY,
    )
    services.record_minute(actor=coordinator, meeting=meeting, nominal=hartnell, handling="victim",
                           summary="The victim (now 22) asked, through victim liaison, to be told if he moves to Bradwell.")
    services.add_action(actor=coordinator, meeting=meeting, nominal=hartnell, owner_user=police, owner_name=police.display_name,
                        owner_agency=police.agency, purpose="restrictive", due_on=today + 7 * DAY,
                        description="Joint disclosure visit to the new partner with children's services.")
    services.add_action(actor=coordinator, meeting=meeting, nominal=hartnell, owner_user=om, owner_name=om.display_name,
                        owner_agency=om.agency, purpose="constructive", due_on=today + 28 * DAY,
                        description="Refer to the Better Lives maintenance group; review OASys with the new information.")
    services.decide_level(actor=coordinator, nominal=hartnell, level=2, forum="meeting", meeting=meeting, decided_on=today,
                          rationale="Concealed relationship with a mother of young children: needs police and children's services actively involved.",
                          information_considered="Referral, police phone checks, OASys, children's services, victim liaison")

    # dunmore: level 1 by the lead agency, review overdue; referral waiting for screening.
    dunmore = nominals["dunmore"]
    services.identify(actor=om, nominal=dunmore, category=2, identified_on=today - 400 * DAY, lead_agency=om.agency,
                      basis="Wounding with intent against his former partner: two years' imprisonment.")
    services.decide_level(actor=om, nominal=dunmore, level=1, forum="lead_agency", decided_on=today - 150 * DAY,
                          rationale="Settled in his own flat, engaging with mental health treatment; no contact with the victim.",
                          information_considered="OASys, mental health team report, victim contact", next_review=today - 30 * DAY)
    services.refer(actor=om, nominal=dunmore, requested_level=2, referred_on=today - 2 * DAY,
                   reason="Has disclosed a new relationship with a woman in her forties.",
                   risk_summary="High risk of serious harm to intimate partners (OASys).",
                   cannot_manage_alone="Police domestic abuse checks and any disclosure to the new partner.",
                   asks_of_agencies="Police: domestic abuse history check. Victim services: tell the victim of the change.")

    # stott: in custody on his second recall until his sentence ends, so no licence on release; level 3
    # (seed 002, lines 359-403) for police surveillance on release; senior officers at today's meeting.
    stott = nominals["stott"]
    services.identify(actor=police, nominal=stott, category=1, identified_on=today - 200 * DAY,
                      basis="Gross indecency with children: subject to the notification requirements.")
    level3 = services.arrange_meeting(actor=coordinator, kind=Meeting.Kind.LEVEL3, held_on=today, venue="MAPPA unit, Bradwell",
                                      chair=coordinator, starts_at=datetime.time(14, 0))
    for user, senior in ((users["sup.police"], True), (police, False), (om, False), (users["ppu.prison"], False)):
        services.add_attendee(actor=coordinator, meeting=level3, agency=user.agency, name=user.display_name, role=user.job_title,
                              user=user, senior=senior)
    services.add_to_agenda(actor=coordinator, meeting=level3, nominal=stott)
    services.record_attendance(actor=coordinator, meeting=level3, attendance={
        a.pk: {"attended": True, "confidentiality_declared": True} for a in level3.attendees.all()})
    services.record_minute(
        actor=coordinator, meeting=level3, nominal=stott,
        summary="In custody on recall until his sentence ends in about ten weeks: no licence on release. Level 3: surveillance on release needs senior authority.",
        new_information="Proposed release address under police and housing checks (prison).",
        risk_review="Very high risk of serious harm to children; no further offence, but his behaviour escalated before his recall.",
        disclosure_considered=True,
        disclosure_decision="No disclosure to third parties now: review at the next meeting, once his release address is known.",
        decisions="Police surveillance on release, authorised by the detective inspector.\nPrison to share his release arrangements with the police 14 days before release.\nPolice to ask the court to decide the prevention order before his release.",
        next_meeting_on=today + 28 * DAY,
    )
    services.add_action(actor=coordinator, meeting=level3, nominal=stott, owner_user=users["sup.police"], owner_name="",
                        owner_agency=None, purpose="restrictive", due_on=today + 21 * DAY,
                        description="Prepare the application for a Sexual Harm Prevention Order.")
    services.decide_level(actor=coordinator, nominal=stott, level=3, forum="meeting", meeting=level3, decided_on=today,
                          rationale="Significant resources (surveillance) needed at short notice; senior authority required.",
                          information_considered="Recall report, police observations, OASys, prison security reports")

    # naylor and greaves: on next week's level 1 screening meeting (greaves newly identified, not yet screened).
    naylor, greaves = nominals["naylor"], nominals["greaves"]
    services.identify(actor=users["ppu.prison"], nominal=naylor, category=2, identified_on=today - 60 * DAY,
                      basis="Wounding with intent on a fellow prisoner: an extended determinate sentence.")
    services.decide_level(actor=users["ppu.prison"], nominal=naylor, level=1, forum="lead_agency", decided_on=today - 50 * DAY,
                          rationale="In custody: managed by the prison; release plan to come to screening.",
                          information_considered="Prison security reports, OASys")
    services.identify(actor=om, nominal=greaves, category=1, identified_on=today - 3 * DAY,
                      basis="Sexual offences against a family member: subject to the notification requirements.")
    screening = services.arrange_meeting(actor=coordinator, kind=Meeting.Kind.SCREENING, held_on=today + 7 * DAY,
                                         venue="MAPPA unit, Bradwell", chair=coordinator, starts_at=datetime.time(9, 30))
    services.add_to_agenda(actor=coordinator, meeting=screening, nominal=naylor)
    services.add_to_agenda(actor=coordinator, meeting=screening, nominal=greaves)
