"""Home visits by the police, probation or both (E-18), each with its pre-visit check (E-19) and outcome.

A visit is one row whoever made it: a joint visit is recorded once and counts for both agencies'
schedules. Hazards at the address are their own rows, restricted as the recorder chooses, and read only
through mappa.access.policy (hazards_for)."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem
from mappa.visits import rules


class VisitAgency(models.TextChoices):
    POLICE = rules.POLICE, "Police"
    PROBATION = rules.PROBATION, "Probation"
    JOINT = rules.JOINT, "Joint police and probation"


class Outcome(models.TextChoices):
    ATTENDED = rules.ATTENDED, "Attended: seen at home"
    NO_ANSWER = rules.NO_ANSWER, "No answer"
    REFUSED = rules.REFUSED, "Refused entry"
    NOT_AT_ADDRESS = rules.NOT_AT_ADDRESS, "Not at the address"


class Crewing(models.TextChoices):
    SINGLE = "single", "Single crewed (one officer)"
    DOUBLE = "double", "Double crewed (two or more)"


class ScheduleOverride(CaseItem):
    """A case's agreed visit interval in place of the default, with the reason and the supervisor who agreed."""

    visit_agency = models.CharField(max_length=10, choices=[(rules.POLICE, "Police"), (rules.PROBATION, "Probation")])
    every_months = models.PositiveSmallIntegerField()
    reason = models.TextField()
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]


class Visit(CaseItem):
    """One attempt at a home visit: its check before and its outcome after."""

    visit_agency = models.CharField(max_length=10, choices=VisitAgency.choices)
    planned_for = models.DateField()
    # When the schedule had the visit due as it was planned: whether it was on time (para 7.24).
    due_on = models.DateField(null=True, blank=True, editable=False)
    announced = models.BooleanField(default=False)
    # Pre-visit check (para 7.18-7.19); saved before the visit may be recorded as attended.
    checked_at = models.DateTimeField(null=True, blank=True)
    record_read = models.BooleanField(default=False)
    changes_seen = models.TextField(blank=True)
    pnc_checked = models.BooleanField(default=False)
    pnc_result = models.CharField(max_length=300, blank=True)
    # What the PNC check found (a "hit"): the manager is told as soon as the check is saved.
    pnc_wanted = models.BooleanField(default=False)
    pnc_new_convictions = models.BooleanField(default=False)
    crewing = models.CharField(max_length=10, choices=Crewing.choices, blank=True)
    equipment = models.CharField(max_length=300, blank=True)
    officer = models.CharField(max_length=200, blank=True)
    # Outcome.
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    present = models.CharField(max_length=300, blank=True)
    under_18_present = models.BooleanField(default=False)
    seen_devices = models.CharField(max_length=300, blank=True)
    seen_vehicles = models.CharField(max_length=300, blank=True)
    seen_relationship = models.CharField(max_length=300, blank=True)
    seen_children = models.CharField(max_length=300, blank=True)
    observations = models.TextField(blank=True)
    activity = models.ForeignKey("nominals.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # What was seen that is intelligence: submitted for evaluation as an intelligence item, not kept here.
    intelligence = models.ForeignKey("intelligence.IntelligenceItem", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # Warrant of entry (SOA 2003 s.96B) after failed attempts.
    warrant_applied_on = models.DateField(null=True, blank=True)
    warrant_outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-planned_for", "-id"]
        indexes = [models.Index(fields=["nominal", "-planned_for"])]

    @property
    def checked(self) -> bool:
        return self.checked_at is not None

    def __str__(self):
        return f"{self.get_visit_agency_display()} home visit on {govuk_day(self.planned_for)}"


class Hazard(CaseItem):
    """A hazard at the address found before a visit: dogs, weapons, others living there, children."""

    class Kind(models.TextChoices):
        DOG = "dog", "Dogs"
        WEAPON = "weapon", "Weapons"
        OTHERS = "others", "Others living there"
        CHILDREN = "children", "Children"
        OTHER = "other", "Other"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    details = models.CharField(max_length=300)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.details}"
