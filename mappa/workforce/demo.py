"""Demo workforce records for the Hallam Cross probation team (Neil Ashdown, senior probation officer, supervising
Bethan Marsh) and the police public protection unit (Rob Kershaw supervising Dawn Hollis): monthly supervision
sessions (inspection 2010 ¶10.13) naming cases both may see, and training beyond the risk tools, with one course
missing and one expired so that the team page shows who lacks what. Made through the services, so the audit reads
right. The risk tools' training is the risk part's demo (risk/demo.py)."""
import datetime

from mappa.workforce import queries, services


def load(*, users, nominals, today):
    admin = users.get("admin")
    pairs = [(users.get("sup.probation"), users.get("om.probation")), (users.get("sup.police"), users.get("ppo.police"))]
    if admin is None or not all(a and b for a, b in pairs):
        return

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    (spo, om), (ds, ppo) = pairs
    # Bethan Marsh: home visiting done two years ago, its refresher lapsed; Neil Ashdown has none beyond the tools.
    services.record_course(actor=spo, user=om, course="home_visiting", completed_on=ago(730), expires_on=ago(5),
                           today=today)
    services.record_course(actor=admin, user=om, course="female_offenders", completed_on=ago(300), today=today)
    # Dawn Hollis: ViSOR and home visiting current; Rob Kershaw: ViSOR.
    services.record_course(actor=ds, user=ppo, course="visor", completed_on=ago(900), today=today)
    services.record_course(actor=ds, user=ppo, course="home_visiting", completed_on=ago(200),
                           expires_on=today + datetime.timedelta(days=530), today=today)
    services.record_course(actor=admin, user=ds, course="visor", completed_on=ago(1200), today=today)

    # Seed 000 (lines 21-29): an acting police inspector wrote to probation commending the offender manager "B" on a
    # MAPPA case (Raymond Stott's, managed by the police, so not one a session of hers may name as a case).
    commended = ("Caseload, the cases due for review, and how she is managing the work. An acting police inspector's "
                 "e-mail commending her handling of a recalled MAPPA level 3 case: she knew the case without looking it "
                 "up, answered quickly, shared information often, and met the police outside MAPPA about transport and "
                 "curfews.")
    for supervisor, member, days_ago, agreed in (
            (spo, om, (95, 64, 33), ("Review the risk management plans of her level 2 cases before the next MAPPA "
                                     "meetings", "Book the home visiting refresher", "Take a case with a female "
                                     "sexual offender once her training is put to use")),
            (ds, ppo, (70, 40), ("Bring the RM2000 reviews up to date", "Agree the visit schedule for the new "
                                 "registrations with the MAPPA co-ordinator"))):
        cases = list(queries.cases_both_see(supervisor, member).values_list("pk", flat=True)[:2])
        for n, days in enumerate(days_ago):
            last = n == len(days_ago) - 1
            services.record_supervision(actor=supervisor, supervisee=member, today=today, cases=cases if last else [],
                                        agreed_for={cases[0]: "Bring the risk management plan's review forward and "
                                                              "book a joint home visit"} if last and cases else None,
                                        data={"held_on": ago(days), "accountability": True, "support": n % 2 == 0,
                                              "guidance": True, "agreed": agreed[n],
                                              "discussed": commended if (member, n) == (om, len(days_ago) - 1) else
                                              "Caseload, the cases due for review, and how she is managing the work."})
