"""Typed risk assessments. Never a bare "risk": every record says which risk it measures (risk of
reconviction, likelihood of reoffending, risk of serious harm), which tool, and who stands behind it."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class RiskType(models.TextChoices):
    RECONVICTION = "reconviction", "Risk of reconviction (static, actuarial)"
    LIKELIHOOD = "likelihood", "Likelihood of reoffending (dynamic)"
    ROSH = "rosh", "Risk of serious harm (RoSH)"


class Tool(models.TextChoices):
    OGRS3 = "ogrs3", "OGRS3"
    OSP = "osp", "OSP/DC and OSP/IIC"
    RM2000 = "rm2000", "Risk Matrix 2000"
    OASYS = "oasys", "OASys"


TOOLS_FOR = {
    RiskType.RECONVICTION: [Tool.OGRS3, Tool.OSP, Tool.RM2000],
    RiskType.LIKELIHOOD: [Tool.OASYS],
    RiskType.ROSH: [Tool.OASYS],
}

GROUPS = [
    ("children", "Children"),
    ("public", "The public"),
    ("known_adult", "A known adult"),
    ("staff", "Staff"),
    ("prisoners", "Prisoners"),
]
SETTINGS = [("community", "In the community"), ("custody", "In custody")]


class TrainingRecord(models.Model):
    """That a person is trained in a tool: the gate for completing and approving its assessments."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_training")
    tool = models.CharField(max_length=20, choices=Tool.choices)
    trained_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "tool", "-trained_on"]

    def __str__(self):
        return f"{self.user} trained in {self.get_tool_display()} on {govuk_day(self.trained_on)}"


class InstrumentTable(models.Model):
    """A scoring table an administrator loads for a data-defined instrument (Risk Matrix 2000)."""

    instrument = models.CharField(max_length=20, choices=[(Tool.RM2000, Tool.RM2000.label)], default=Tool.RM2000)
    version = models.CharField(max_length=200)
    source = models.CharField(max_length=500)
    definition = models.JSONField()
    effective_from = models.DateField()
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-effective_from", "-id"]

    def __str__(self):
        return f"{self.get_instrument_display()} {self.version} from {self.effective_from}"


class Assessment(CaseItem):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed, awaiting approval"
        APPROVED = "approved", "Approved"

    risk_type = models.CharField(max_length=20, choices=RiskType.choices)
    tool = models.CharField(max_length=20, choices=Tool.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    assessed_on = models.DateField()
    # Each input: {"value": ..., "source": "where it came from", "corrected_from": old, "reason": why}
    inputs = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    level = models.CharField(max_length=20, blank=True, help_text="The headline band or level of this assessment.")
    table = models.ForeignKey(InstrumentTable, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Risk of serious harm: a level for each group at risk, in the community and in custody, and the narrative.
    rosh_levels = models.JSONField(default=dict, blank=True)
    who_at_risk = models.TextField(blank=True)
    nature_of_harm = models.TextField(blank=True)
    imminence = models.TextField(blank=True)
    risk_increased_by = models.TextField(blank=True)
    risk_reduced_by = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Offending-related needs, protective factors, the assessor's reasoning.")
    # When the police manage the person at a level different from the tool's category, why.
    police_level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    level_rationale = models.TextField(blank=True)
    # Risk Matrix 2000: both scales should be used; if the violent scale is not, why (2010 inspection 5.7).
    violent_scale_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["nominal", "risk_type", "-assessed_on"])]

    def __str__(self):
        return f"{self.get_risk_type_display()}: {self.get_tool_display()} on {govuk_day(self.assessed_on)}"

    @property
    def level_label(self) -> str:
        return dict(Level.choices).get(self.level, self.level or "Not scored")

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED


class PeerReview(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="peer_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    agrees = models.BooleanField()
    comments = models.TextField()

    class Meta:
        ordering = ["-reviewed_at"]


class ReviewRequest(CaseItem):
    """A review of a person's assessments that something asked for: a significant event (a new
    relationship, intelligence, a breach, a move, release), and whether it happened."""

    event = models.ForeignKey("nominals.SignificantEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300)
    requested_on = models.DateField()
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["done_on", "due", "-id"]

    def __str__(self):
        return f"Review asked for: {self.reason}"
