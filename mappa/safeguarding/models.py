"""Disclosure to third parties, public requests under the child sex offender disclosure scheme, safeguarding
referrals (children's and adult social care, MARAC) and staff-safety and keep-apart markers.

These records name people who are not the offender: the person told, the member of the public who asked, the child
or adult a referral is about. Those names are read only through mappa.access.policy.may_see_third_parties; every
other reader of the case sees the record without them. str() therefore never names a third party.
"""
from django.conf import settings
from django.db import models

from mappa.nominals.models import CaseItem


class RecipientKind(models.TextChoices):
    PARTNER = "partner", "New or current partner"
    PARENT = "parent", "Parent, carer or guardian of a child"
    HOUSEHOLD = "household", "Household with children"
    FAMILY = "family", "Family member"
    EMPLOYER = "employer", "Employer"
    SCHOOL = "school", "School or college"
    LANDLORD = "landlord", "Landlord or housing provider"
    CARE = "care", "Care home or supported accommodation"
    FAITH = "faith", "Church or faith group"
    CLUB = "club", "Club or leisure group"
    OTHER = "other", "Other person or organisation"


class DisclosureRequest(CaseItem):
    """A member of the public's request, under the child sex offender disclosure scheme, about this person."""

    class Outcome(models.TextChoices):
        OPEN = "", "Not decided yet"
        DISCLOSED = "disclosed", "Disclosure made"
        NOT_DISCLOSED = "not_disclosed", "No disclosure: nothing to disclose or not necessary"
        SAFEGUARDING = "safeguarding", "Passed to child safeguarding procedures"
        WITHDRAWN = "withdrawn", "Withdrawn by the applicant"

    applicant_name = models.CharField("Applicant's name", max_length=200)
    applicant_relationship = models.CharField("Applicant's relationship to the child", max_length=200,
                                              help_text="For example: mother, grandparent, neighbour.")
    concern = models.TextField("What the applicant is worried about")
    received_on = models.DateField("Application received on")
    initial_checks_on = models.DateField("Initial checks done on", null=True, blank=True)
    met_on = models.DateField("Face-to-face meeting on", null=True, blank=True)
    assessed_on = models.DateField("Full risk assessment done on", null=True, blank=True)
    decided_on = models.DateField("Decision on", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default=Outcome.OPEN)
    closed_on = models.DateField("Applicant told and request closed on", null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Disclosure request {self.pk}" if self.pk else "Disclosure request"


class DisclosureDecision(CaseItem):
    """Whether to disclose information about the person to a third party: when and why it was considered, the power
    used, who decided, what was disclosed, to whom, by whom, when, and when the decision is reviewed."""

    class Occasion(models.TextChoices):
        MEETING = "meeting", "MAPPA level 2 or 3 meeting"
        LEVEL1 = "level1", "Level 1 review"
        EVENT = "event", "Significant event"
        REQUEST = "request", "Public request (child sex offender disclosure scheme)"
        OTHER = "other", "Other"

    class Decision(models.TextChoices):
        DISCLOSE = "disclose", "Disclose"
        NOT_DISCLOSE = "not_disclose", "Do not disclose"

    class Power(models.TextChoices):
        NONE = "", "No disclosure"
        S327A = "s327a", "Criminal Justice Act 2003 s.327A (child sex offender)"
        COMMON_LAW = "common_law", "Common law (a pressing need to protect others)"
        CONSENT = "consent", "With the person's consent (self-disclosure)"

    class Ground(models.TextChoices):
        GROOMING = "grooming", "Grooming may take place (clubs, churches, employment)"
        EXCLUSION = "exclusion", "Excluded from a place or from contact with named people"
        OTHERS_AT_RISK = "others_at_risk", "Others could be at risk (for example supported accommodation)"
        VICTIMS = "victims", "Past or potential victims need protection (new partner with children)"
        HELP_MANAGE = "help_manage", "A person could help manage the risk"

    class OffenderTold(models.TextChoices):
        NOT_YET = "", "Not yet decided"
        TOLD_FIRST = "told_first", "Told before the disclosure"
        SELF_DISCLOSE = "self_disclose", "Asked to disclose himself or herself, in front of staff"
        NOT_TOLD = "not_told", "Not told (it would put someone at risk)"

    occasion = models.CharField(max_length=12, choices=Occasion.choices)
    minute = models.ForeignKey("arrangements.Minute", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="Meeting minutes")
    request = models.ForeignKey(DisclosureRequest, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decisions")
    relationship = models.ForeignKey("nominals.Relationship", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text="The partner relationship this decision answers.")
    occupant = models.ForeignKey("nominals.Occupant", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="The child in the household this decision answers.")
    considered_on = models.DateField("Considered on")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=14, choices=Decision.choices)
    ground = models.CharField(max_length=20, choices=Ground.choices, blank=True)
    power = models.CharField(max_length=12, choices=Power.choices, blank=True, default=Power.NONE)
    pressing_need = models.BooleanField("A pressing need to disclose to protect others", default=False)
    risk_to_children = models.BooleanField("Poses a risk of serious harm to particular children", default=False)
    necessary = models.BooleanField("Disclosure is necessary to protect them", default=False)
    rationale = models.TextField("Reasons")
    recipient_kind = models.CharField("Who is told", max_length=12, choices=RecipientKind.choices, blank=True)
    recipient = models.CharField("Name of the person or organisation told", max_length=200, blank=True)
    what_disclosed = models.TextField("What is disclosed", blank=True)
    disclosed_by = models.CharField("Disclosed by", max_length=200, blank=True)
    disclosed_on = models.DateField("Disclosed on", null=True, blank=True)
    keep_confidential = models.TextField("How the person told was asked to keep it", blank=True)
    offender_told = models.CharField(max_length=14, choices=OffenderTold.choices, blank=True, default=OffenderTold.NOT_YET)
    review_on = models.DateField("Review by", null=True, blank=True)

    class Meta:
        ordering = ["-considered_on", "-pk"]

    def __str__(self):
        return f"Disclosure decision {self.pk}" if self.pk else "Disclosure decision"


class SafeguardingReferral(CaseItem):
    """A referral to children's or adult social care, or to a MARAC, and its outcome."""

    class Kind(models.TextChoices):
        CHILDREN = "children", "Children's social care"
        ADULTS = "adults", "Adult social care"
        MARAC = "marac", "MARAC (domestic abuse)"

    class Outcome(models.TextChoices):
        OPEN = "", "Waiting for an answer"
        NO_FURTHER_ACTION = "nfa", "No further action"
        ASSESSMENT = "assessment", "Assessment or enquiry started"
        CHILD_IN_NEED = "child_in_need", "Child in need plan"
        CHILD_PROTECTION = "child_protection", "Child protection plan"
        ADULT_SAFEGUARDING = "adult_safeguarding", "Adult safeguarding plan"
        MARAC_PLAN = "marac_plan", "Heard at MARAC: actions agreed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    about = models.CharField("Who it is about", max_length=200,
                             help_text="The child, adult or household the referral protects.")
    referred_on = models.DateField("Referred on")
    reason = models.TextField()
    reference = models.CharField("Their reference", max_length=60, blank=True)
    meeting_on = models.DateField("Conference or MARAC meeting on", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default=Outcome.OPEN)
    outcome_on = models.DateField("Outcome on", null=True, blank=True)
    outcome_notes = models.TextField("What was agreed", blank=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} referral"


class Marker(CaseItem):
    """A warning every reader allowed it sees on the case: a danger to staff, or people to keep apart."""

    class Kind(models.TextChoices):
        STAFF_SAFETY = "staff_safety", "Staff safety"
        KEEP_APART = "keep_apart", "Keep apart"

    kind = models.CharField(max_length=14, choices=Kind.choices)
    text = models.CharField(max_length=300, help_text="What staff must know or do. Do not name a victim here.")
    other_nominal = models.ForeignKey("nominals.Nominal", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="Keep apart from")
    active_from = models.DateField("From")
    ended_on = models.DateField("Ended on", null=True, blank=True)

    class Meta:
        ordering = ["kind", "-active_from", "pk"]

    def __str__(self):
        return self.get_kind_display()

    def is_active(self, day) -> bool:
        return self.active_from <= day and (self.ended_on is None or self.ended_on > day)
