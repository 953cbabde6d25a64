"""A demo themed audit: the probation supervisor's check of their team's records, part done, with a remedial action
for the offender manager. The measures themselves need no demo rows: they are computed from the demo register."""
import datetime

from mappa.quality import audits, services


def load(*, users, nominals, today: datetime.date) -> None:
    supervisor, manager = users.get("sup.probation"), users.get("om.probation")
    if supervisor is None or manager is None:
        return
    audit = services.start_audit(actor=supervisor, area=supervisor.team.area, theme="Records of registered sexual offenders",
                                 size=4, seed=2010)
    cases = audits.cases_of(supervisor, audit)
    if not cases:
        return
    first = cases[0]
    answers = {q["key"]: "yes" for q in audit.checklist}
    answers.update({"ethnicity": "no", "visits": "na"})
    first = services.record_case(actor=supervisor, case=first, answers=answers, version=first.version,
                                 findings="Ethnicity is not recorded. Everything else checked is in order.")
    owner = first.nominal.manager if first.nominal.manager_id else manager
    if owner.pk not in {u.pk for u in audits.owners_for(first)}:
        owner = supervisor
    services.add_action(actor=supervisor, case=first, description="Record the person's ethnicity as they describe it",
                        owner=owner, due_on=today + datetime.timedelta(days=14))
