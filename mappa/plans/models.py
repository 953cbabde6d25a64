"""The one shared risk management plan: items every agency contributes, reviews, and their history.

There is one plan per person. An agency's "own plan" is the items it owns, read from the same rows,
so the plans cannot drift apart. Each item is its own row with its own version, so two agencies
working on different items never overwrite each other.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem
from mappa.plans import rules


class Heading(models.TextChoices):
    SUPERVISION = rules.SUPERVISION, rules.HEADINGS[rules.SUPERVISION]
    MONITORING = rules.MONITORING, rules.HEADINGS[rules.MONITORING]
    INTERVENTIONS = rules.INTERVENTIONS, rules.HEADINGS[rules.INTERVENTIONS]
    VICTIM_SAFETY = rules.VICTIM_SAFETY, rules.HEADINGS[rules.VICTIM_SAFETY]


class Purpose(models.TextChoices):
    RESTRICTIVE = rules.RESTRICTIVE, "Restrictive (controls or monitors)"
    CONSTRUCTIVE = rules.CONSTRUCTIVE, "Constructive (helps the person change)"
    BOTH = rules.BOTH, "Both"


class Element(models.TextChoices):
    NONE = "", "None of these"
    POLICE_HOME_VISIT = rules.POLICE_HOME_VISIT, rules.ELEMENTS[rules.POLICE_HOME_VISIT]
    PROBATION_HOME_VISIT = rules.PROBATION_HOME_VISIT, rules.ELEMENTS[rules.PROBATION_HOME_VISIT]
    DISCLOSURE = rules.DISCLOSURE, rules.ELEMENTS[rules.DISCLOSURE]
    VICTIM_LIAISON = rules.VICTIM_LIAISON, rules.ELEMENTS[rules.VICTIM_LIAISON]
    OWN_ROLE = rules.OWN_ROLE, rules.ELEMENTS[rules.OWN_ROLE]
    CONTINGENCY = rules.CONTINGENCY, rules.ELEMENTS[rules.CONTINGENCY]


class Status(models.TextChoices):
    PLANNED = rules.PLANNED, "Planned"
    IN_PROGRESS = rules.IN_PROGRESS, "In progress"
    DONE = rules.DONE, "Done"
    CANCELLED = rules.CANCELLED, "No longer needed"


class Plan(models.Model):
    nominal = models.OneToOneField("nominals.Nominal", on_delete=models.CASCADE, related_name="shared_risk_management_plan")
    started_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Risk management plan for {self.nominal}"


class PlanItem(CaseItem):
    """An action in the plan (E-14). `agency` (from CaseItem) is the agency that recorded it;
    `owner_agency` the one responsible for it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    heading = models.CharField(max_length=30, choices=Heading.choices)
    what = models.CharField("What will be done", max_length=300)
    why = models.CharField("Why: the risk factor it addresses", max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.RESTRICTIVE)
    element = models.CharField("This item covers", max_length=30, choices=Element.choices, blank=True, default="")
    start = models.DateField("Start date", null=True, blank=True)
    due = models.DateField("Due date", null=True, blank=True)
    every_days = models.PositiveIntegerField("How often, in days", null=True, blank=True)
    response_hours = models.PositiveIntegerField("How fast, in hours", null=True, blank=True,
                                                 help_text="For a contingency: how soon the owner acts if risk rises.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    last_done_on = models.DateField("Last done", null=True, blank=True)
    completed_on = models.DateField("Completed", null=True, blank=True)
    evidence = models.TextField("Evidence of completion", blank=True)
    source_key = models.CharField("Comes from", max_length=120, blank=True)
    source_label = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["heading", "id"]
        indexes = [models.Index(fields=["nominal", "heading"]), models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.what


class PlanItemRevision(models.Model):
    """How an item was after each change, so the plan can be shown as it was on any date."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="revisions")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField()
    changes = models.JSONField(default=dict)
    handling = models.CharField(max_length=20, blank=True, default="")
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["nominal", "recorded_at"])]


class PlanReview(CaseItem):
    """A review of the plan (E-15): what was considered, the victim's views, what changed, and a
    supervisor's endorsement."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        TRIGGERED = "triggered", "Triggered by a significant event"

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", "No change to the plan"
        AMENDED = "amended", "Plan amended"
        NEW_PLAN = "new_plan", "New plan"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    considered = models.TextField("What was considered")
    victim_views = models.TextField("The victim's views and the victim liaison officer's input")
    changes = models.TextField("What changed")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    copied_sections = models.JSONField(default=list, blank=True)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    endorsed_on = models.DateField(null=True, blank=True)
    endorsement_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]

    def __str__(self):
        return f"Plan review on {govuk_day(self.completed_on)}"

    @property
    def copied_labels(self) -> list[str]:
        return [rules.REVIEW_SECTIONS.get(s, s) for s in self.copied_sections]


class PlanReviewTrigger(CaseItem):
    """A significant event that makes a review of the plan due, until a review deals with it.
    Restricted like the event that raised it."""

    event = models.ForeignKey("nominals.SignificantEvent", null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20)
    summary = models.CharField(max_length=300)
    occurred_on = models.DateField()
    review = models.ForeignKey(PlanReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="triggers")

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return self.summary
