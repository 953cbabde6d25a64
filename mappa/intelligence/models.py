"""Intelligence on a person (inspection 2010 E-20, P-13): information submitted by anyone who may see the
record, evaluated by the case manager and registered as an intelligence item graded on the 3x5x2 scheme, with
the actions it calls for (E-14, E-37) tracked to completion.

An item's row is seen by every reader of the record, so they know that intelligence exists and whom to ask;
its content (what was submitted or registered, the grading, links and actions) only by those
mappa.access.policy.may_read_intelligence allows. The row's own `handling` stays empty for that reason: the
handling code (P or C) is what narrows the content. Nothing here reads it: pages and the API are given
queries.Entry, which holds the content only for a reader who may read it.
"""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.intelligence import rules
from mappa.nominals.models import CaseItem


class Status(models.TextChoices):
    SUBMITTED = rules.SUBMITTED, "Awaiting evaluation"
    REGISTERED = rules.REGISTERED, "Registered as intelligence"
    NOT_REGISTERED = rules.NOT_REGISTERED, "Evaluated, not registered"


class SourceType(models.TextChoices):
    """Where the information came from (para 4.16, 4.23, 7.20; engineering notes REQ-INTEL-01)."""
    PPU = "ppu", "Police public protection unit"
    FRONTLINE = "frontline", "Police frontline or neighbourhood team"
    HOME_VISIT = "home_visit", "Home visit"
    PARTNER = "partner", "Partner agency"
    OFFENDER = "offender", "The person's own disclosure"
    THIRD_PARTY = "third_party", "Third party or member of the public"
    ANONYMOUS = "anonymous", "Anonymous"
    POLYGRAPH = "polygraph", "Polygraph examination"
    OTHER = "other", "Other"


class ActionKind(models.TextChoices):
    TASKING = "tasking", "Tasking (frontline or neighbourhood team)"
    RISK_REVIEW = "risk_review", "Review of the risk assessment"
    MAPPA_REFERRAL = "mappa_referral", "MAPPA referral"
    PLAN_CHANGE = "plan_change", "Change to the risk management plan"
    OTHER = "other", "Other action"


class IntelligenceItem(CaseItem):
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Submission (para 4.19: "marked for the attention of the case manager").
    information = models.TextField()
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    obtained_on = models.DateField()
    submitted_at = models.DateTimeField()
    due_on = models.DateField()
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="Whom it reached for evaluation (the manager)")
    # Evaluation (para 4.18-4.19) on the 3x5x2 scheme.
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    evaluated_at = models.DateTimeField(null=True, blank=True)
    source_evaluation = models.CharField(max_length=1, blank=True)
    intelligence_assessment = models.CharField(max_length=1, blank=True)
    handling_code = models.CharField(max_length=1, blank=True)
    handling_conditions = models.TextField(blank=True)
    content = models.TextField(blank=True)
    sanitised = models.TextField(blank=True, help_text="For wider sharing: read by everyone who may see the record")
    changes_risk = models.BooleanField(default=False)
    not_registered_reason = models.TextField(blank=True)
    event = models.ForeignKey("nominals.SignificantEvent", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["nominal", "-submitted_at"]),
                   models.Index(fields=["evaluator", "status", "due_on"])]

    @property
    def grade(self) -> str:
        return rules.grade(self.source_evaluation, self.intelligence_assessment, self.handling_code)

    def __str__(self):
        # Audit rows and the case history are labelled with this: never the content.
        return f"Intelligence submitted on {govuk_day(self.submitted_at.date())}"


class IntelligenceLink(models.Model):
    """A person, vehicle or place on the register that an item names."""
    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("nominals.Nominal", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    vehicle = models.ForeignKey("nominals.Vehicle", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey("nominals.Address", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(
            condition=(models.Q(person__isnull=False, vehicle__isnull=True, address__isnull=True)
                       | models.Q(person__isnull=True, vehicle__isnull=False, address__isnull=True)
                       | models.Q(person__isnull=True, vehicle__isnull=True, address__isnull=False)),
            name="intelligence_link_one_target")]


class IntelligenceAction(CaseItem):
    """An action the intelligence calls for, tracked to completion (para 4.19)."""
    item = models.ForeignKey(IntelligenceItem, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["completed_on", "due_on", "id"]
        indexes = [models.Index(fields=["owner", "completed_on", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} from intelligence"
