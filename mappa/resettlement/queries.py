"""What the resettlement pages, panel, API and work list read, always through mappa.access.policy."""
import datetime
from dataclasses import dataclass, field

from mappa.access import policy
from mappa.core import reference
from mappa.resettlement import rules
from mappa.resettlement.models import Pathway, PremisesIncident, PremisesPlacement, PremisesReferral

DETAILS_HIDDEN = "Details are shown to probation and health only"


def tables(today: datetime.date) -> dict:
    """The reference data the rules use, in force on `today`: read once for a whole caseload."""
    return {"premises": reference.value("resettlement.premises", today),
            "regime": reference.value("resettlement.ap.regime", today),
            "move_on": reference.value("resettlement.move_on", today)}


def premises_choices(today: datetime.date) -> list[tuple[str, str]]:
    return [(p["code"], p["name"]) for p in reference.value("resettlement.premises", today)]


def referrals(user, nominal):
    return policy.items_for(user, PremisesReferral, nominal=nominal).order_by("-referred_on", "-id")


def placements(user, nominal):
    return policy.items_for(user, PremisesPlacement, nominal=nominal).order_by("-arrived_on", "-id")


def incidents(user, nominal):
    return policy.items_for(user, PremisesIncident, nominal=nominal).order_by("-occurred_on", "-id")


@dataclass
class PlacementRow:
    placement: PremisesPlacement
    premises_name: str
    plan_due: datetime.date
    plan_overdue: bool
    stay_days: int
    incidents: list = field(default_factory=list)


def placement_rows(user, nominal, today: datetime.date, rows=None) -> list[PlacementRow]:
    """Each placement the reader may see with its premises' name, when its move-on plan is due and its incidents."""
    rows = list(rows if rows is not None else placements(user, nominal))
    if not rows:
        return []
    numbers = tables(today)
    found = {}
    for i in incidents(user, nominal).filter(placement_id__in=[p.pk for p in rows]):
        found.setdefault(i.placement_id, []).append(i)
    out = []
    for p in rows:
        due = rules.move_on_plan_due(p.arrived_on, p.expected_departure_on, numbers["move_on"])
        out.append(PlacementRow(p, rules.premises_name(p.premises, numbers["premises"]) or p.premises, due,
                                not p.move_on_agreed_on and not p.departed_on and due < today,
                                rules.length_of_stay(p.arrived_on, p.departed_on, today), found.get(p.pk, [])))
    return out


@dataclass
class PathwayRow:
    pathway: Pathway
    detail: object | None  # the PathwayDetail, when the reader may see it
    hidden: bool  # the health and substance misuse pathway, whose details the reader may not see
    actions: list = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.detail is not None:
            return f"{self.pathway.get_kind_display()}: {self.detail.get_focus_display().lower()}"
        return self.pathway.get_kind_display()

    @property
    def need(self) -> str:
        return self.detail.need if self.detail is not None else self.pathway.need

    @property
    def outcome_label(self) -> str:
        return self.detail.outcome_label if self.detail is not None else self.pathway.outcome_label


def pathways(user, nominal, with_actions: bool = True) -> list[PathwayRow]:
    """The person's pathways the reader may see, each with its details and actions only where
    policy.pathway_details_for and policy.pathway_actions_for allow."""
    rows = list(policy.items_for(user, Pathway, nominal=nominal).order_by("kind", "-assessed_on", "id"))
    restricted = [p.pk for p in rows if p.kind in rules.RESTRICTED_PATHWAYS]
    details = {d.pathway_id: d for d in policy.pathway_details_for(user, nominal=nominal).filter(pathway_id__in=restricted)}
    actions: dict = {}
    if with_actions and rows:
        for a in policy.pathway_actions_for(user, nominal=nominal).filter(pathway_id__in=[p.pk for p in rows]):
            actions.setdefault(a.pathway_id, []).append(a)
    return [PathwayRow(p, details.get(p.pk), p.kind in rules.RESTRICTED_PATHWAYS and p.pk not in details,
                       actions.get(p.pk, [])) for p in rows]
