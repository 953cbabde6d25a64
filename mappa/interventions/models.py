"""Interventions: the programmes a person may be referred to (reference data, dated and cited), the referral from
eligibility through the waiting list, pre-programme work, each session's attendance, completion or non-completion
and the post-programme review; and one-to-one work.

Referrals, sessions and one-to-one work are CaseItems, so the register's item rules (handling, agency, versions)
apply and they are read only through mappa.access.policy."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.interventions import rules
from mappa.nominals.models import CaseItem


class Programme(models.Model):
    """A programme of the intervention catalogue (good practice 2009-2012 section 2.14, REQ-INT-01; inspection 2010
    E-27, paragraphs 2.10-2.11 and 6.7). Reference data: a row is in force from `effective_from` until `ended_on`,
    and says where its facts come from. ProgrammeSession counts and hours are the documents' own, or blank where they give
    none."""

    class Kind(models.TextChoices):
        SEXUAL = rules.SEXUAL, "Sex offender treatment programme"
        DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse programme"
        GENERAL = "general", "General offending behaviour programme"
        SUBSTANCE = "substance", "Substance misuse programme"
        WOMEN = "women", "Programme for women"

    class Delivery(models.TextChoices):
        GROUP = "group", "Group"
        INDIVIDUAL = "individual", "One-to-one"
        EITHER = "either", "Group or one-to-one"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    accredited = models.BooleanField(default=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.GROUP)
    sessions = models.PositiveIntegerField(null=True, blank=True, help_text="Sessions in the programme, if the source gives them")
    hours = models.PositiveIntegerField(null=True, blank=True, help_text="Hours of work, if the source gives them")
    eligibility = models.CharField(max_length=300, blank=True, help_text="Who it is for, as the source says")
    effective_from = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    source = models.TextField(help_text="Where the facts of this row come from")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def in_force(self, day) -> bool:
        return self.effective_from <= day and (self.ended_on is None or self.ended_on >= day)


class ProgrammeReferral(CaseItem):
    """A referral of the person to a programme (REQ-INT-02; inspection E-27, pathway P-17): the eligibility decision
    with its reason, the waiting list's dates, pre-programme work, the outcome and the post-programme review."""

    class Eligibility(models.TextChoices):
        PENDING = rules.PENDING, "Not yet assessed"
        ELIGIBLE = rules.ELIGIBLE, "Eligible"
        NOT_ELIGIBLE = rules.NOT_ELIGIBLE, "Not eligible"
        DEFERRED = rules.DEFERRED, "Deferred"

    class Outcome(models.TextChoices):
        NONE = "", "Not finished"
        COMPLETED = rules.COMPLETED, "Completed"
        NOT_COMPLETED = rules.NOT_COMPLETED, "Not completed"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    sentence = models.ForeignKey("orders.Sentence", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="Order or licence it is under")
    referred_on = models.DateField("Date referred")
    reason = models.CharField("Why referred", max_length=300, help_text="The need or risk the programme addresses")
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.PENDING)
    eligibility_reason = models.CharField("Reason for the decision", max_length=300, blank=True)
    assessed_on = models.DateField("Date assessed", null=True, blank=True)
    listed_on = models.DateField("Date placed on the waiting list", null=True, blank=True)
    expected_start_on = models.DateField("Expected start date", null=True, blank=True)
    started_on = models.DateField("Date started", null=True, blank=True)
    pre_programme_work = models.CharField("Pre-programme work", max_length=300, blank=True,
                                          help_text="For example, a passive offence account, motivational sessions")
    pre_programme_done_on = models.DateField("Pre-programme work finished", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default=Outcome.NONE)
    outcome_on = models.DateField("Date finished", null=True, blank=True)
    outcome_reason = models.CharField("Reason", max_length=300, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    review_due_on = models.DateField("Post-programme review due", null=True, blank=True)
    reviewed_on = models.DateField("Post-programme review done", null=True, blank=True)
    review_findings = models.CharField("What the review found", max_length=500, blank=True)
    review_raises_concern = models.BooleanField("The review finds the risk changed", default=False)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["nominal", "outcome", "listed_on"])]

    def __str__(self):
        return f"Referral to {self.programme} ({govuk_day(self.referred_on)})"

    @property
    def stage(self) -> str:
        return rules.stage(self.eligibility, self.listed_on, self.started_on, self.outcome, self.reviewed_on)


class ProgrammeSession(CaseItem):
    """One programme session and whether the person attended (REQ-INT-03), with the tutor's feedback."""

    class Attendance(models.TextChoices):
        ATTENDED = rules.ATTENDED, "Attended"
        ACCEPTABLE = rules.ACCEPTABLE, "Missed: acceptable reason"
        UNACCEPTABLE = rules.UNACCEPTABLE, "Missed: unacceptable reason"

    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("Date of the session")
    attendance = models.CharField(max_length=20, choices=Attendance.choices)
    reason = models.CharField("Reason for missing it", max_length=300, blank=True)
    feedback = models.CharField("Tutor's feedback", max_length=500, blank=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"Session on {govuk_day(self.on)}"


class OneToOneWork(CaseItem):
    """Offence-focused work one-to-one (inspection E-28, paragraphs 6.8-6.10; good practice E2.3-18): who does
    it, on what, how many sessions, and what came of it."""

    referral = models.ForeignKey(ProgrammeReferral, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="Programme referral it goes with")
    worker = models.CharField("Who does the work", max_length=200)
    topic = models.CharField("What the work is on", max_length=300)
    started_on = models.DateField("Started")
    sessions_planned = models.PositiveIntegerField("Sessions planned", null=True, blank=True)
    sessions_done = models.PositiveIntegerField("Sessions done", default=0)
    outcome = models.CharField("Outcome", max_length=500, blank=True)
    ended_on = models.DateField("Finished", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return f"One-to-one work: {self.topic}"
