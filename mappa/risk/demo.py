"""Demo risk assessments for the seed cases, created through the services so the audit reads right."""
import datetime

from mappa.risk import services
from mappa.risk.models import RiskType, Tool


def load(*, users, nominals, today):
    om, sup = users.get("om.probation"), users.get("sup.probation")
    if om is None or sup is None:
        return
    for person in (om, sup):
        for tool in (Tool.OGRS3, Tool.OSP, Tool.RM2000, Tool.OASYS):
            services.record_training(actor=users.get("admin") or sup, user=person, tool=tool,
                                     trained_on=today - datetime.timedelta(days=400))
    for key, nominal in nominals.items():
        if not services.policy.can(om, services.policy.WRITE, nominal):
            continue
        rosh = services.create_assessment(
            actor=om, nominal=nominal, risk_type=RiskType.ROSH, tool=Tool.OASYS,
            assessed_on=today - datetime.timedelta(days=20),
            rosh_levels={"children": {"community": "high", "custody": "low"}, "public": {"community": "medium"},
                         "staff": {"community": "low", "custody": "medium"}},
            narrative={"who_at_risk": "Children in the area where he lives, in particular girls aged 10 to 14.",
                       "nature_of_harm": "Sexual abuse causing lasting psychological harm.",
                       "imminence": "Not imminent while he keeps to his licence conditions; could rise quickly.",
                       "risk_increased_by": "Loss of accommodation, alcohol, contact with children, a new relationship with a mother.",
                       "risk_reduced_by": "Stable accommodation, work, the programme, police home visits."})
        services.complete_assessment(actor=om, assessment=rosh, version=rosh.version)
        rosh.refresh_from_db()
        services.approve_assessment(actor=sup, assessment=rosh, version=rosh.version)
        services.create_assessment(actor=om, nominal=nominal, risk_type=RiskType.LIKELIHOOD, tool=Tool.OASYS,
                                   assessed_on=today - datetime.timedelta(days=20), values={"level": "medium"},
                                   narrative={"notes": "Needs: accommodation, relationships, thinking skills."})
        break  # one fully worked demo case; the rest are left for people to try
