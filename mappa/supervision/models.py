"""Supervising a community order or suspended sentence order: its requirements and their progress, appointments
and absences, warnings, the court's outcome of a breach, and the sentence plan's objectives.

Each hangs off the orders part's Sentence (never changed here) as a CaseItem, so the register's item rules
apply. The details of a treatment requirement (drugs, alcohol, mental health) are their own rows, read only
through mappa.access.policy.treatment_details_for: the requirement itself says no more than "treatment"."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem
from mappa.supervision import rules


class Requirement(CaseItem):
    """One requirement of the order (good practice 2009-2012 section 2.4; inspection E-06), with its hours,
    days or dates and the progress made."""

    class Kind(models.TextChoices):
        UNPAID_WORK = rules.UNPAID_WORK, "Unpaid work"
        PROGRAMME = rules.PROGRAMME, "Accredited programme"
        ACTIVITY = rules.ACTIVITY, "Rehabilitation activity"
        CURFEW = rules.CURFEW, "Curfew"
        RESIDENCE = rules.RESIDENCE, "Residence"
        EXCLUSION = rules.EXCLUSION, "Exclusion"
        TREATMENT = rules.TREATMENT, "Treatment"

    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        COMPLETED = "completed", "Completed"
        VARIED = "varied", "Varied by the court"
        REVOKED = "revoked", "Revoked or ended early"

    sentence = models.ForeignKey("orders.Sentence", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Type of requirement", max_length=20, choices=Kind.choices)
    details = models.CharField("Details", max_length=300, blank=True,
                               help_text="The programme, address, place or curfew hours. "
                                         "For treatment, put the details below: they are shown only to probation and health")
    hours = models.PositiveIntegerField("Hours ordered", null=True, blank=True, help_text="Unpaid work only")
    days = models.PositiveIntegerField("Days or sessions ordered", null=True, blank=True,
                                       help_text="Rehabilitation activity days, programme sessions, treatment sessions")
    starts_on = models.DateField("Starts")
    ends_on = models.DateField("Ends", null=True, blank=True)
    electronic_monitoring = models.BooleanField("Electronically monitored", default=False, help_text="Curfew and exclusion")
    hours_done = models.PositiveIntegerField(default=0, editable=False)
    days_done = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["sentence_id", "starts_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} requirement"

    @property
    def progress(self) -> rules.Progress:
        return rules.progress(self.kind, self.hours, self.hours_done, self.days, self.days_done)


class TreatmentDetail(CaseItem):
    """What a treatment requirement treats, who provides it and how it goes: health and substance misuse
    information (good practice sections 2.21-2.22). Read only through policy.treatment_details_for."""

    class Kind(models.TextChoices):
        DRUGS = "drugs", "Drug rehabilitation"
        ALCOHOL = "alcohol", "Alcohol treatment"
        MENTAL_HEALTH = "mental_health", "Mental health treatment"

    requirement = models.OneToOneField(Requirement, on_delete=models.CASCADE, related_name="+")
    treatment = models.CharField("What the treatment is for", max_length=20, choices=Kind.choices)
    provider = models.CharField("Treatment provider", max_length=200, blank=True)
    residential = models.BooleanField("Residential treatment", default=False)
    testing = models.CharField("Testing", max_length=300, blank=True, help_text="For example, weekly drug tests")
    progress_notes = models.TextField("How the treatment is going", blank=True)

    def __str__(self):
        return "Details of a treatment requirement"


class Appointment(CaseItem):
    """An appointment the person must keep under the order or licence, and what happened (good practice section
    2.9). Under a licence, `sentence` is the custodial sentence the licence was issued under (where its recall is
    recorded) and `licence` the licence."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", "Supervision appointment"
        UNPAID_WORK = "unpaid_work", "Unpaid work session"
        PROGRAMME = "programme", "Programme session"
        ACTIVITY = "activity", "Rehabilitation activity"
        TREATMENT = "treatment", "Treatment appointment"
        HOME_VISIT = "home_visit", "Home visit"

    class Outcome(models.TextChoices):
        NOT_RECORDED = "", "Not recorded yet"
        KEPT = rules.KEPT, "Kept"
        ACCEPTABLE = rules.ACCEPTABLE, "Missed: acceptable absence"
        UNACCEPTABLE = rules.UNACCEPTABLE, "Missed: unacceptable absence"

    sentence = models.ForeignKey("orders.Sentence", on_delete=models.PROTECT, related_name="+")
    licence = models.ForeignKey("licences.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requirement = models.ForeignKey(Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Type of appointment", max_length=20, choices=Kind.choices, default=Kind.SUPERVISION)
    on = models.DateField("Date")
    at = models.TimeField("Time", null=True, blank=True)
    place = models.CharField("Where", max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default=Outcome.NOT_RECORDED)
    reason = models.CharField("Reason for the absence", max_length=300, blank=True)
    hours = models.PositiveIntegerField("Hours worked", null=True, blank=True, help_text="Unpaid work sessions only")
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-at", "-id"]
        indexes = [models.Index(fields=["nominal", "outcome", "on"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {govuk_day(self.on)}"


class OrderWarning(CaseItem):
    """A warning or final warning given for an unacceptable absence or other failure (section 2.10), under an order
    or (with `licence`) a licence."""

    class Kind(models.TextChoices):
        WARNING = rules.WARNING, "Warning"
        FINAL = rules.FINAL_WARNING, "Final warning"

    sentence = models.ForeignKey("orders.Sentence", on_delete=models.PROTECT, related_name="+")
    licence = models.ForeignKey("licences.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    given_on = models.DateField("Date given")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("What the warning was for", max_length=300)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} given {govuk_day(self.given_on)}"


class CourtOutcome(CaseItem):
    """What the court decided on a breach of the order laid before it (section 2.10; REQ-ENF-01). The breach
    itself is the orders part's Breach record."""

    class Outcome(models.TextChoices):
        CONTINUED = "continued", "Order to continue unchanged"
        REQUIREMENT_ADDED = "requirement_added", "Order to continue with a requirement added or made more onerous"
        FINE = "fine", "Order to continue with a fine"
        REVOKED_RESENTENCED = "revoked_resentenced", "Order revoked and resentenced"
        SUSPENDED_ACTIVATED = "suspended_activated", "Suspended sentence activated"
        NOT_PROVED = "not_proved", "Breach not proved"
        ADJOURNED = "adjourned", "Adjourned"

    breach = models.ForeignKey("orders.Breach", on_delete=models.PROTECT, related_name="+")
    court = models.CharField(max_length=200)
    heard_on = models.DateField("Date of the hearing")
    recommendation = models.CharField("What the offender manager proposed to the court", max_length=300, blank=True)
    outcome = models.CharField("What the court decided", max_length=30, choices=Outcome.choices)
    details = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-heard_on", "-id"]

    def __str__(self):
        return f"Court outcome of a breach: {self.get_outcome_display().lower()} ({govuk_day(self.heard_on)})"


class Objective(CaseItem):
    """An objective of the sentence plan (good practice section 2.8; inspection E-32, paragraphs 5.14-5.15):
    the need it addresses, who does what, the target date and its review. Linked to a plan item of the risk
    management plan when it manages a risk."""

    class Need(models.TextChoices):
        ACCOMMODATION = "accommodation", "Accommodation"
        ETE = "ete", "Education, training and employment"
        FINANCE = "finance", "Finance, benefits and debt"
        RELATIONSHIPS = "relationships", "Relationships"
        LIFESTYLE = "lifestyle", "Lifestyle and associates"
        DRUGS = "drugs", "Drug misuse"
        ALCOHOL = "alcohol", "Alcohol misuse"
        HEALTH = "health", "Emotional well-being and mental health"
        THINKING = "thinking", "Thinking and behaviour"
        ATTITUDES = "attitudes", "Attitudes"
        PROTECTIVE = "protective", "Positive and protective factors"

    class Status(models.TextChoices):
        OPEN = "open", "Working towards"
        ACHIEVED = "achieved", "Achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"
        WITHDRAWN = "withdrawn", "No longer needed"

    sentence = models.ForeignKey("orders.Sentence", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    need = models.CharField("Need it addresses", max_length=20, choices=Need.choices)
    objective = models.CharField("Objective", max_length=300)
    person_does = models.CharField("What the person will do", max_length=300, blank=True)
    manager_does = models.CharField("What the offender manager will do", max_length=300, blank=True)
    others_do = models.CharField("What others will do, and who", max_length=300, blank=True)
    target_on = models.DateField("Target date")
    review_on = models.DateField("Review by", null=True, blank=True)
    reviewed_on = models.DateField("Last reviewed", null=True, blank=True)
    review_notes = models.CharField("What the review found", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    plan_item = models.ForeignKey("plans.PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="Risk management plan item it serves",
                                  help_text="When the objective manages a risk")

    class Meta:
        ordering = ["status", "target_on", "id"]

    def __str__(self):
        return f"Objective ({self.get_need_display().lower()}): {self.objective}"


class PolygraphExam(CaseItem):
    """A polygraph examination (inspection 2010 E-21, P-25, para 2.4L: the licence condition and the pilot from
    January 2009; good practice 2009-2012 REQ-RSK-05, R-24, E3.2-09, E2.2-25). A significant response, a refusal
    or any disclosure is a significant event (rules.polygraph_significant)."""

    class Kind(models.TextChoices):
        SEXUAL_HISTORY = "sexual_history", "Sexual history"
        MAINTENANCE = "maintenance", "Maintenance"
        COMPLIANCE = "compliance", "Compliance with licence conditions"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        NSR = rules.NO_SIGNIFICANT_RESPONSE, "No significant response"
        SR = rules.SIGNIFICANT_RESPONSE, "Significant response"
        NO_OPINION = rules.NO_OPINION, "No opinion"
        REFUSED = rules.REFUSED, "Refused or failed to attend"

    examined_on = models.DateField("Date of the examination")
    examiner = models.CharField("Examiner", max_length=200)
    kind = models.CharField("Type of examination", max_length=20, choices=Kind.choices)
    outcome = models.CharField("Outcome", max_length=20, choices=Outcome.choices)
    disclosures = models.TextField("Disclosures", blank=True,
                                   help_text="What he disclosed before, during or after the examination")
    actions = models.TextField("Actions", blank=True, help_text="What is to be done about the outcome and disclosures")

    class Meta:
        ordering = ["-examined_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} polygraph examination on {govuk_day(self.examined_on)}"

    @property
    def significant(self) -> bool:
        return rules.polygraph_significant(self.outcome, self.disclosures)


class Medication(CaseItem):
    """Medication to reduce sexual arousal (inspection 2010 E-29, P-24, paras 2.12 and 7.6; Probation Circular
    35/2007): consent, prescriber, drug, start, reviews. Health information: recorded as such (Handling.HEALTH)
    and read only through policy.medication_for, as the details of a treatment requirement are."""

    drug = models.CharField("Medication", max_length=200)
    prescriber = models.CharField("Prescriber", max_length=200)
    consent_on = models.DateField("Consent given")
    consent_withdrawn_on = models.DateField("Consent withdrawn", null=True, blank=True)
    started_on = models.DateField("Started", null=True, blank=True)
    ended_on = models.DateField("Ended", null=True, blank=True)
    reviewed_on = models.DateField("Last reviewed", null=True, blank=True)
    review_notes = models.TextField("What the last review found", blank=True)

    class Meta:
        ordering = ["-consent_on", "-id"]

    def __str__(self):
        return "Medication to reduce sexual arousal"


class CircleOfSupport(CaseItem):
    """A circle of support and accountability (inspection 2010 E-30, P-23, paras 2.11, 8.4-8.5: usually three
    volunteers, trained over five days, from release; good practice E1.2-01: beyond the licence)."""

    referred_on = models.DateField("Referred")
    provider = models.CharField("Circles project", max_length=200, blank=True)
    started_on = models.DateField("Circle started", null=True, blank=True)
    volunteers = models.PositiveIntegerField("Volunteers in the circle", null=True, blank=True)
    ended_on = models.DateField("Circle ended", null=True, blank=True)
    end_reason = models.CharField("Why it ended", max_length=300, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"Circle of support and accountability (referred {govuk_day(self.referred_on)})"


class CircleConcern(CaseItem):
    """A concern the circle raised with the offender manager: a significant event (paras 8.4-8.5: the circle
    holds him to account as well as supporting him)."""

    circle = models.ForeignKey(CircleOfSupport, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField("Date raised")
    concern = models.TextField("The concern")
    action = models.TextField("What the offender manager did", blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self):
        return f"Concern raised by the circle on {govuk_day(self.raised_on)}"
