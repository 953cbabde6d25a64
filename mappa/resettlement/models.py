"""Approved premises (referral, placement with its regime, incidents, move-on and departure) and the resettlement
pathways (need, actions, outcome). Good practice 2009-2012 sections 2.12, 2.19-2.24 and 3.5; inspection 2010 E-24,
P-20, F-130.

Each is a CaseItem, so the register's item rules apply. The health and substance misuse pathway says no more than
that it exists: what it is about, the need and its outcome are its own row (PathwayDetail), read only through
mappa.access.policy.pathway_details_for, as supervision's treatment details are; its actions are health
information and read only through policy.pathway_actions_for."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem
from mappa.resettlement import rules


class PremisesReferral(CaseItem):
    """A referral for a place in approved premises and its decision (REQ-AP-01; E1.4-02 "successfully applied
    for a place at an approved premise")."""

    class Decision(models.TextChoices):
        PENDING = "", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    referred_on = models.DateField("Date referred")
    premises = models.CharField("Approved premises", max_length=40, help_text="From the reference list of premises")
    reason = models.CharField("Reason for the referral", max_length=500)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default=Decision.PENDING)
    decision_reason = models.CharField("Reason for the decision", max_length=300, blank=True)
    decided_on = models.DateField("Date decided", null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"Referral to approved premises, {govuk_day(self.referred_on)}"


class PremisesPlacement(CaseItem):
    """A stay in approved premises: arrival, expected departure, the regime (signing-in interval and curfew, R-45
    to R-48), the move-on plan (F-130, P-20) and the departure, planned or not, and where to (E-24)."""

    class Departure(models.TextChoices):
        NONE = "", "Still resident"
        PLANNED = rules.PLANNED, "Planned move-on"
        UNPLANNED = rules.UNPLANNED, "Unplanned (absconded, recalled, evicted)"

    referral = models.ForeignKey(PremisesReferral, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    premises = models.CharField("Approved premises", max_length=40)
    arrived_on = models.DateField("Date arrived")
    expected_departure_on = models.DateField("Expected departure")
    key_worker = models.CharField("Key worker", max_length=200, blank=True)
    signing_in_hours = models.PositiveIntegerField("Hours between signing in")
    signing_in_reason = models.CharField("Reason for a different signing-in interval", max_length=300, blank=True,
                                         help_text="For example, longer between check-ins to attend the mosque")
    curfew_from = models.TimeField("Curfew from")
    curfew_to = models.TimeField("Curfew until")
    move_on_plan = models.CharField("Move-on plan", max_length=500, blank=True)
    move_on_to = models.CharField("Where they are to move on to", max_length=300, blank=True)
    move_on_agreed_on = models.DateField("Move-on plan agreed", null=True, blank=True)
    departed_on = models.DateField("Date left", null=True, blank=True)
    departure = models.CharField(max_length=20, choices=Departure.choices, blank=True, default=Departure.NONE)
    destination = models.CharField("Where they went", max_length=300, blank=True)
    departure_notes = models.CharField("What happened", max_length=500, blank=True)

    class Meta:
        ordering = ["-arrived_on", "-id"]

    def __str__(self):
        return f"Approved premises placement from {govuk_day(self.arrived_on)}"


class PremisesIncident(CaseItem):
    """Something that happened during a placement: a breach of the premises' rules or the curfew, a missed
    signing-in, or an incident such as bullying (section 2.12 "Resident incidents")."""

    class Kind(models.TextChoices):
        CURFEW = "curfew", "Breach of curfew"
        SIGNING_IN = "signing_in", "Failed to sign in"
        RULES = "rules", "Breach of the premises' rules"
        SUBSTANCES = "substances", "Alcohol or drugs on the premises"
        VIOLENCE = "violence", "Violence or threats"
        BULLYING = "bullying", "Bullied by other residents"
        OTHER = "other", "Other incident"

    placement = models.ForeignKey(PremisesPlacement, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("Date")
    kind = models.CharField("What happened", max_length=20, choices=Kind.choices)
    details = models.CharField("Details", max_length=500)
    action_taken = models.CharField("Action taken", max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    @property
    def breach(self) -> bool:
        return rules.is_rule_breach(self.kind)

    def __str__(self):
        return f"{self.get_kind_display()} on {govuk_day(self.occurred_on)}"


class Pathway(CaseItem):
    """A resettlement pathway for the person (sections 2.19-2.24): the need assessed and, at a point such as
    release or the end of the order, its outcome. For the health and substance misuse pathway the need and
    outcome are in its PathwayDetail."""

    class Kind(models.TextChoices):
        ACCOMMODATION = rules.ACCOMMODATION, "Accommodation"
        ETE = rules.ETE, "Education, training and employment"
        FINANCE = rules.FINANCE, "Finance, benefits and debt"
        FAMILY = rules.FAMILY, "Family and relationships"
        HEALTH_SUBSTANCE = rules.HEALTH_SUBSTANCE, "Health and substance misuse"

    kind = models.CharField("Pathway", max_length=20, choices=Kind.choices)
    assessed_on = models.DateField("Date the need was assessed")
    need = models.CharField("Need assessed", max_length=500, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    outcome_when = models.CharField("When", max_length=20, blank=True, choices=rules.WHEN)
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-assessed_on", "id"]

    @property
    def outcome_label(self) -> str:
        return dict(rules.OUTCOMES.get(self.kind, ())).get(self.outcome, "")

    def __str__(self):
        return f"{self.get_kind_display()} pathway"


class PathwayDetail(CaseItem):
    """What the health and substance misuse pathway is about, the need and its outcome: health information
    (sections 2.21-2.22). Read only through policy.pathway_details_for."""

    class Focus(models.TextChoices):
        DRUGS = "drugs", "Drug misuse"
        ALCOHOL = "alcohol", "Alcohol misuse"
        MENTAL_HEALTH = "mental_health", "Mental health"
        PHYSICAL_HEALTH = "physical_health", "Physical health"

    pathway = models.OneToOneField(Pathway, on_delete=models.CASCADE, related_name="+")
    focus = models.CharField("What it is about", max_length=20, choices=Focus.choices)
    need = models.CharField("Need assessed", max_length=500)
    provider = models.CharField("Service working with them", max_length=200, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    outcome_notes = models.CharField("About the outcome", max_length=300, blank=True)

    @property
    def outcome_label(self) -> str:
        return dict(rules.OUTCOMES[rules.HEALTH_SUBSTANCE]).get(self.outcome, "")

    def __str__(self):
        return "Details of the health and substance misuse pathway"


class PathwayAction(CaseItem):
    """Something to be done on a pathway, by whom and by when (section 2.20 "ILP targets"; REQ-AP-01)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="+")
    action = models.CharField("Action", max_length=300)
    who = models.CharField("Who will do it", max_length=200)
    target_on = models.DateField("Target date")
    done_on = models.DateField("Date done", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["done_on", "target_on", "id"]

    def __str__(self):
        return f"Pathway action due {govuk_day(self.target_on)}"
