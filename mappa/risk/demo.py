"""Demo risk assessments for the seed cases, created through the services so the audit reads right.

Lee Hartnell (om.probation): an approved RoSH, a likelihood of reoffending, and an OGRS3 completed
and waiting for sup.probation's approval. Raymond Stott (ppo.police): a Risk Matrix 2000 scored by
the assessor (no table is loaded), with the police managing at a different level and saying why."""
import datetime

from mappa.risk import services
from mappa.risk.models import RiskType, Tool


def load(*, users, nominals, today):
    om, sup, ppo, admin = (users.get(k) for k in ("om.probation", "sup.probation", "ppo.police", "admin"))
    if not all((om, sup, ppo, admin)):
        return
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    for person, tools in ((om, (Tool.OGRS3, Tool.OSP, Tool.OASYS)), (sup, (Tool.OGRS3, Tool.OSP, Tool.OASYS)),
                          (ppo, (Tool.RM2000,)), (users.get("sup.police"), (Tool.RM2000,))):
        for tool in tools:
            if person:
                services.record_training(actor=admin, user=person, tool=tool, trained_on=ago(400))

    hartnell = nominals.get("hartnell")
    if hartnell is not None:
        rosh = services.create_assessment(
            actor=om, nominal=hartnell, risk_type=RiskType.ROSH, tool=Tool.OASYS, assessed_on=ago(60),
            rosh_levels={"children": {"community": "high", "custody": "low"}, "public": {"community": "medium"},
                         "known_adult": {"community": "high"}, "staff": {"community": "low", "custody": "low"}},
            narrative={"who_at_risk": "Children, including the young children of any new partner; a partner he conceals.",
                       "nature_of_harm": "Sexual abuse of children, with lasting psychological harm.",
                       "imminence": "Not imminent while he keeps to his licence; could rise quickly with a new relationship.",
                       "risk_increased_by": "A concealed relationship with a mother of young children; unmonitored phones; drinking.",
                       "risk_reduced_by": "Disclosure of relationships, phone checks, police visits, the programme."})
        services.complete_assessment(actor=om, assessment=rosh, version=rosh.version)
        rosh.refresh_from_db()
        services.approve_assessment(actor=sup, assessment=rosh, version=rosh.version)
        services.create_assessment(actor=om, nominal=hartnell, risk_type=RiskType.LIKELIHOOD, tool=Tool.OASYS,
                                   assessed_on=ago(60), values={"level": "medium"},
                                   narrative={"notes": "Needs: relationships, thinking skills, lifestyle. Protective: work."})
        ogrs3 = services.create_assessment(
            actor=om, nominal=hartnell, risk_type=RiskType.RECONVICTION, tool=Tool.OGRS3, assessed_on=ago(3),
            # Everything else as the system holds it: the orders demo's conviction and release.
            values={"gender": "male"})
        services.complete_assessment(actor=om, assessment=ogrs3, version=ogrs3.version)

    stott = nominals.get("stott")
    if stott is not None:
        rm = services.create_assessment(
            actor=ppo, nominal=stott, risk_type=RiskType.RECONVICTION, tool=Tool.RM2000, assessed_on=ago(30),
            values={"S.category": "very_high", "S.items": "Age = 0\nSexual appearances = 3\nCriminal appearances = 1",
                    "V.category": "medium", "C.category": "high"},
            narrative={"police_level": "high",
                       "level_rationale": "Managed at high: in custody on recall to the end of his sentence, MAPPA level 3 plan in place."})
        services.complete_assessment(actor=ppo, assessment=rm, version=rm.version)
