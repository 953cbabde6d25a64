"""Demo plans for the seed case studies, made through the services so the audit reads right.

Hartnell (seed 002, lines 180-246): a full plan across probation, police, children's services and
victim liaison, reviewed and endorsed. Dunmore (seed 001, lines 11-37): a plan with gaps (no
contingency, no police home visiting yet) and a review made due by his new relationship.
"""
import datetime

from mappa.nominals import events
from mappa.plans import services


def load(*, users, nominals, today: datetime.date) -> None:
    if "hartnell" in nominals:
        _hartnell(users, nominals["hartnell"], today)
    if "dunmore" in nominals:
        _dunmore(users, nominals["dunmore"], today)


def _add(users, nominal, by, owner, **data):
    return services.add_item(actor=users[by], nominal=nominal, data={"owner": users[owner], **data})


def _hartnell(users, n, today):
    d = lambda days: today + datetime.timedelta(days=days)  # noqa: E731
    om, ppo, cs, vlo = "om.probation", "ppo.police", "cs.worker", "victim.care"
    _add(users, n, om, om, heading="supervision", what="Supervision appointments at the probation office",
         why="Testing boundaries; compliance with licence", purpose="both", every_days=14, start=d(-60))
    _add(users, n, om, om, heading="supervision", what="Recall to custody if he fails to disclose a relationship or vehicle",
         why="Previous recall for an undisclosed relationship", purpose="restrictive", element="contingency",
         response_hours=24)
    _add(users, n, om, om, heading="monitoring_control", what="Unannounced home visits by probation",
         why="Return to the family home", purpose="restrictive", element="probation_home_visit", every_days=120, start=d(-60))
    _add(users, n, ppo, ppo, heading="monitoring_control", what="Unannounced police monitoring visits and mobile phone checks",
         why="Contact with a young woman found through phone checks", purpose="restrictive", element="police_home_visit",
         every_days=30, start=d(-60))
    _add(users, n, ppo, ppo, heading="monitoring_control", what="Route checks on notified vehicles near the exclusion zones",
         why="Detours around the exclusion zones", purpose="restrictive", every_days=30, start=d(-45), last_done_on=d(-50))
    _add(users, n, om, om, heading="monitoring_control", what="Disclosure considered at the level 2 meeting: made to the new partner by police",
         why="New partner unaware of his offending", purpose="restrictive", element="disclosure", status="done",
         evidence="Police made full disclosure; she stopped seeing him", completed_on=d(-200))
    _add(users, n, om, om, heading="interventions_treatment", what="Attend the Sex Offender Treatment Programme",
         why="Sexual preoccupation; offence-supportive attitudes", purpose="constructive", every_days=7, start=d(-90))
    _add(users, n, om, om, heading="interventions_treatment",
         what="Relapse prevention plan written with him: what he does when he feels like testing limits",
         why="His own role in managing his behaviour", purpose="constructive", element="own_role", due=d(21))
    _add(users, n, cs, cs, heading="victim_safety", what="Not to be left alone with his children; check with the family monthly",
         why="Previous offence against a 15-year-old girl", purpose="restrictive", every_days=30, start=d(-40))
    _add(users, n, vlo, vlo, heading="victim_safety", what="Keep both victims informed and pass their views to MAPPA",
         why="Two victims opted in to contact", purpose="both", element="victim_liaison", every_days=60, start=d(-90),
         handling="victim")
    services.complete_review(actor=users[om], nominal=n, data={
        "considered": "Level 2 minutes, SOTP progress report, police phone checks, children's services assessment",
        "victim_views": "Victim liaison: both victims want the exclusion zones kept; no new concerns",
        "changes": "Added the relapse prevention plan; children's services checks now monthly",
        "outcome": "amended", "handling": "",
    })
    review = n.planreview_set.get()
    services.endorse_review(actor=users["sup.probation"], review=review,
                            note="Checked against the level 2 minutes and the licence conditions", version=review.version,
                            checked=True)


def _dunmore(users, n, today):
    d = lambda days: today + datetime.timedelta(days=days)  # noqa: E731
    om, mh, vlo = "om.probation", "mh.nurse", "victim.care"
    _add(users, n, om, om, heading="supervision", what="Supervision at the probation office and at his flat",
         why="Possessive and controlling in relationships", purpose="both", every_days=14, start=d(-30))
    _add(users, n, om, om, heading="monitoring_control", what="Advise probation of any developing relationship or vehicle",
         why="Domestic abuse; used his car in the offence", purpose="restrictive", due=d(-3))
    _add(users, n, mh, mh, heading="interventions_treatment", what="Community Mental Health Team support for depression",
         why="Overdoses; depression linked to the offence", purpose="constructive", every_days=28, start=d(-30),
         handling="health")
    _add(users, n, vlo, vlo, heading="victim_safety", what="Victim contact team visits Alison; alarm kept in her home",
         why="Victim in fear for her life", purpose="both", element="victim_liaison", every_days=60, start=d(-60),
         handling="victim")
    events.record_significant_event(actor=users[om], nominal=n, kind="relationship",
                                    summary="Disclosed a new relationship with a woman in her forties")


