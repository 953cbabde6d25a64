"""Victims of a person's offending, past and potential, held apart from the rest of the record.

Who may read a victim's details is decided by mappa.access.policy.may_see_victims, which is narrower than the
"victim details" handling of other items: the victim liaison officer, the offender manager and the supervisors
of the record's team. Everyone else who may see the record is told only that victims are recorded and who holds
their details. A victim's str() therefore never names them: audit labels, choices and messages use it.
"""
from django.conf import settings
from django.db import models

from mappa.core.markings import Handling
from mappa.core.models import Versioned
from mappa.nominals.models import CaseItem


class Victim(CaseItem):
    class Kind(models.TextChoices):
        PAST = "past", "Past victim (of an offence)"
        POTENTIAL = "potential", "Potential victim"

    class Response(models.TextChoices):
        NOT_OFFERED = "", "Not offered yet"
        AWAITING = "awaiting", "Offered, no answer yet"
        OPTED_IN = "opted_in", "Opted in"
        OPTED_OUT = "opted_out", "Opted out"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PAST)
    name = models.CharField(max_length=200, blank=True, help_text="Leave empty for a potential victim not yet known by name.")
    description = models.CharField(max_length=300, blank=True,
                                   help_text="For example: the children of his new partner.")
    relationship = models.CharField("Relationship to the offender", max_length=200, blank=True,
                                    help_text="For example: former partner, neighbour, stranger.")
    is_child = models.BooleanField("A child (under 18)", default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=12, blank=True)
    contact_preferences = models.CharField(max_length=300, blank=True,
                                           help_text="Language, interpreter, how and when to contact.")
    conviction = models.ForeignKey("orders.Conviction", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="Offence", help_text="The conviction for the offence against them.")
    liaison_team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="Victim liaison team",
                                     help_text="Who holds the victim's details: others are told to ask this team.")
    liaison_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="Victim liaison officer")
    # The statutory victim contact scheme (Domestic Violence, Crime and Victims Act 2004 ss.35-45).
    scheme_offered_on = models.DateField("Contact offered on", null=True, blank=True)
    scheme_response = models.CharField("Victim's answer", max_length=12, choices=Response.choices, blank=True,
                                       default=Response.NOT_OFFERED)
    scheme_responded_on = models.DateField("Answered on", null=True, blank=True)
    ended_on = models.DateField("Contact ended on", null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "pk"]

    def save(self, *args, **kwargs):
        self.handling = Handling.VICTIM  # always: at the least, only the agencies allowed victim details
        super().save(*args, **kwargs)

    def __str__(self):
        return f"Victim record {self.pk}" if self.pk else "Victim record"

    @property
    def shown_name(self) -> str:
        """For a reader may_see_victims allows: the name, or the description of a potential victim."""
        return self.name or self.description or "Not known by name"


class ContactEntry(Versioned):
    """One contact with (or attempt to reach) the victim, or between the victim liaison officer and the manager."""

    class Method(models.TextChoices):
        LETTER = "letter", "Letter"
        PHONE = "phone", "Phone"
        VISIT = "visit", "Home visit"
        MEETING = "meeting", "Meeting"
        EMAIL = "email", "Email"
        MANAGER = "manager", "With the offender manager"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="contacts")
    occurred_on = models.DateField("Date")
    method = models.CharField(max_length=12, choices=Method.choices)
    reached = models.BooleanField("Contact made", default=True, help_text="Untick for an attempt that did not reach them.")
    summary = models.TextField()
    views = models.TextField("The victim's views and concerns", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    # As restricted as the victim it belongs to, so its audit rows are too.
    handling = Handling.VICTIM

    @property
    def agency_id(self):
        return self.victim.agency_id

    def __str__(self):
        return f"Victim contact {self.pk}" if self.pk else "Victim contact"


class ConditionRequest(Versioned):
    """The victim's request for a licence condition (the right to make representations, DVCVA 2004 s.35(5))."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", "No contact with the victim"
        EXCLUSION = "exclusion_zone", "Exclusion zone"
        NOT_ENTER = "not_enter_place", "Not to enter a place"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        INCLUDED = "included", "Included in the licence"
        REFUSED = "refused", "Not included"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="condition_requests")
    requested_on = models.DateField("Date asked")
    kind = models.CharField("Condition asked for", max_length=20, choices=Kind.choices)
    details = models.TextField(help_text="What the victim asked for, in their words.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    outcome_reason = models.TextField("Reason", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-pk"]

    handling = Handling.VICTIM

    @property
    def agency_id(self):
        return self.victim.agency_id

    def __str__(self):
        return f"Licence condition request {self.pk}" if self.pk else "Licence condition request"
