"""MAPPA: eligibility (category), level decisions, referrals, meetings, minutes and actions.

Everything about one person is a CaseItem, so the register's item rules (handling, recording agency)
apply. A meeting belongs to a MAPPA area; the cases on its agenda are read through the access policy.
"""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.core.models import Versioned
from mappa.nominals.models import CaseItem

CATEGORY_CHOICES = [(1, "Category 1: registered sexual offender"), (2, "Category 2: violent or other sexual offender"),
                    (3, "Category 3: other dangerous offender")]
LEVEL_CHOICES = [(1, "Level 1: ordinary agency management"), (2, "Level 2: active multi-agency management"),
                 (3, "Level 3: active multi-agency management with senior involvement")]


class Eligibility(CaseItem):
    """A MAPPA episode: identified as eligible in a confirmed category, until it ends (with its reason).
    Ended episodes stay, so the case's MAPPA history is kept."""

    class EndReason(models.TextChoices):
        REGISTRATION_ENDED = "registration_ended", "Registration period ended"
        DEREGISTERED = "deregistered", "Removed from the notification requirements"
        LICENCE_ENDED = "licence_ended", "Licence or supervision ended"
        ORDER_ENDED = "order_ended", "Hospital or guardianship order ended"
        NO_LONGER_RISK = "no_longer_risk", "Category 3: no longer needs active multi-agency management"
        DIED = "died", "Died"
        TRANSFERRED = "transferred", "Transferred to another MAPPA area"
        OTHER = "other", "Other"

    category = models.PositiveSmallIntegerField(choices=CATEGORY_CHOICES)
    identified_on = models.DateField()
    proposed_category = models.PositiveSmallIntegerField(null=True, blank=True, help_text="What the system proposed.")
    proposal_reasons = models.JSONField(default=list, blank=True, help_text="The reasons shown, with their sources.")
    basis = models.TextField(blank=True, help_text="Why a category the records do not show was confirmed.")
    link_to_risk = models.TextField(blank=True, help_text="Category 3: the link between the offending and the risk.")
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_notes = models.TextField(blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The level decision in force (rules.is_later_decision) and the fields lists and counts read from it,
    # kept here so an area's cases are counted without reading its decision history. Written only by
    # services.decide_level, in the decision's transaction, with this row locked.
    current_decision = models.ForeignKey("LevelDecision", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", editable=False)
    level = models.PositiveSmallIntegerField(choices=LEVEL_CHOICES, null=True, blank=True, editable=False)
    forum = models.CharField(max_length=20, blank=True, editable=False)
    next_review = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-identified_on", "-id"]
        verbose_name_plural = "eligibilities"
        indexes = [models.Index(fields=["nominal", "ended_on"]),
                   # An area's current cases with all the co-ordinator view counts and sorts by, read from the
                   # index alone; and current cases by review date (work lists).
                   models.Index(fields=["nominal", "id", "category", "identified_on", "level", "forum", "next_review",
                                        "handling", "agency"], condition=models.Q(ended_on__isnull=True),
                                name="arrangement_open_cases"),
                   models.Index(fields=["next_review"], condition=models.Q(ended_on__isnull=True),
                                name="arrangement_open_by_review")]

    def __str__(self):
        return f"MAPPA {self.get_category_display()} from {govuk_day(self.identified_on)}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Meeting(Versioned):
    class Kind(models.TextChoices):
        SCREENING = "screening", "Level 1 screening and information exchange meeting"
        LEVEL2 = "level2", "Level 2 MAPP meeting"
        LEVEL3 = "level3", "Level 3 MAPP meeting"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=200)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_meetings")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["area", "held_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}, {govuk_day(self.held_on)}"

    @property
    def level(self) -> int:
        return {"screening": 1, "level2": 2, "level3": 3}[self.kind]


class Attendee(models.Model):
    """An agency or person invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    senior = models.BooleanField(default=False, help_text="Attends at a senior level (needed for level 3).")
    attended = models.BooleanField(default=False)
    apologies = models.BooleanField(default=False)
    confidentiality_declared = models.BooleanField(default=False)

    class Meta:
        ordering = ["agency__name", "name"]


class AgendaCase(models.Model):
    """A case on a meeting's agenda (a level 1 meeting has many; a level 2/3 meeting one or a list)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "nominal"], name="one_agenda_entry_per_case")]


class LevelDecision(CaseItem):
    """A defensible, accountable level decision (or review): who, where, when, why, on what information,
    and when it is next reviewed. Never made by the system."""

    class Forum(models.TextChoices):
        SCREENING = "screening", "Multi-agency screening meeting"
        MEETING = "meeting", "Level 2 or 3 MAPP meeting"
        CHAIR = "chair", "Chair of the level 2 or 3 MAPP meeting, out of meeting"
        LEAD_AGENCY = "lead_agency", "Lead agency alone, after screening"
        # Kept for decisions recorded before the forums were checked against the level; no longer accepted.
        OFFENDER_MANAGER = "offender_manager", "Offender manager alone"

    eligibility = models.ForeignKey(Eligibility, on_delete=models.PROTECT, related_name="decisions")
    level = models.PositiveSmallIntegerField(choices=LEVEL_CHOICES)
    previous_level = models.PositiveSmallIntegerField(choices=LEVEL_CHOICES, null=True, blank=True)
    forum = models.CharField(max_length=20, choices=Forum.choices)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    rationale = models.TextField()
    information_considered = models.TextField()
    next_review = models.DateField()
    review_schedule = models.JSONField(default=dict, help_text="The review interval in force on the day, as applied.")
    coordinator_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["nominal", "-decided_on"]),
                   # The latest decision of each episode, read by one index probe (co-ordinator view, work list).
                   models.Index(fields=["eligibility", "-decided_on", "-id"], name="arrangement_latest_decision")]

    def __str__(self):
        return f"Level {self.level} decided {govuk_day(self.decided_on)}"

    @property
    def single_agency(self) -> bool:
        return self.forum in (self.Forum.LEAD_AGENCY, self.Forum.OFFENDER_MANAGER)

    @property
    def is_change(self) -> bool:
        return self.previous_level != self.level


class SuggestionSeen(CaseItem):
    """Someone saw the system's prompt to consider a referral, and what they did about it."""

    key = models.CharField(max_length=60)
    response = models.TextField()

    class Meta:
        ordering = ["-created_at"]


class Referral(CaseItem):
    """Referral to level 2 or 3, with what the national referral form holds, and its screening outcome."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for screening"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned for level 1 management"

    eligibility = models.ForeignKey(Eligibility, on_delete=models.PROTECT, related_name="referrals")
    requested_level = models.PositiveSmallIntegerField(choices=[(2, "Level 2"), (3, "Level 3")])
    referred_on = models.DateField()
    reason = models.TextField()
    risk_summary = models.TextField()
    cannot_manage_alone = models.TextField(help_text="What the lead agency cannot manage alone.")
    asks_of_agencies = models.TextField(help_text="What other agencies are asked to do.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    accepted_level = models.PositiveSmallIntegerField(null=True, blank=True, choices=[(2, "Level 2"), (3, "Level 3")])
    outcome_reasons = models.TextField(blank=True)
    screened_on = models.DateField(null=True, blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]


class Minute(CaseItem):
    """What a meeting recorded about one case, under the standing agenda items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    summary = models.TextField(help_text="Discussion")
    new_information = models.TextField(blank=True)
    risk_review = models.TextField(blank=True)
    victim_issues = models.TextField(blank=True)
    disclosure_considered = models.BooleanField(default=False)
    disclosure_decision = models.TextField(blank=True)
    actions_review = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting__held_on", "id"]

    def __str__(self):
        return f"Minutes, {self.meeting}"


class Action(CaseItem):
    """An action from a meeting (or a plan), owned by a person and an agency."""

    class Purpose(models.TextChoices):
        RESTRICTIVE = "restrictive", "Restrictive"
        CONSTRUCTIVE = "constructive", "Constructive"
        BOTH = "both", "Restrictive and constructive"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="mappa_actions")
    owner_name = models.CharField(max_length=200)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField(blank=True, help_text="Evidence of completion.")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.description[:80]


class MeetingPack(models.Model):
    """The chair's pack for a meeting, built as background work for one reader (the chair or a co-ordinator) from
    what that reader may see, and kept for them a short while (arrangements.pack_keep_hours)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being built"
        DONE = "done", "Built"
        FAILED = "failed", "Could not be built"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=100, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    job_id = models.UUIDField(null=True, blank=True, help_text="The background task building it")
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True, help_text="When the records were read")
    scope = models.JSONField(default=list, help_text="The reader's role, team, area and agency when it was built")
    cases = models.JSONField(default=list, help_text="The people in the pack, for the export audit on download")
    pdf = models.BinaryField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "meeting"], name="arrangements_one_pack_per_reader")]

    def __str__(self):
        return f"Meeting pack {self.meeting_id} for user {self.owner_id}"
