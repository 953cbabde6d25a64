"""The nominal register: a person, and everything the agencies know about them."""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace, Upper

from mappa.core.markings import Handling, Marking
from mappa.core.models import Versioned
from mappa.nominals import clues, rules
from mappa.nominals.names import identifier_error, normalise_identifier


def _replaced(expression, pairs):
    for old, new in pairs:
        expression = Replace(expression, Value(old), Value(new))
    return expression


def registration_key_sql():
    """clues.misread_key, in the database: a vehicle is found by the registration searched, or one read for it
    (0 and O...), through an index on this expression. A stored registration holds only letters, digits and
    spaces (rules.clean_registration)."""
    return _replaced(Upper(F("registration")), [(" ", ""), *zip(clues.MISREAD_LETTERS, clues.MISREAD_DIGITS)])


def phone_key_sql():
    """clues.phone_key, in the database, for an index: a stored phone number holds only digits, spaces, ( ) -
    and a leading + (rules.contact_errors)."""
    return _replaced(F("value"), [*((mark, "") for mark in clues.PHONE_PUNCTUATION), *clues.PHONE_PREFIXES])


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other or self-described"
    UNKNOWN = "unknown", "Not known"


class Nominal(Versioned):
    """A person the agencies share information about.

    The record is held by a team; when a practitioner is allocated they are its one named
    manager (and the team is theirs). A record with no manager is unallocated.
    """

    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    gender_description = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True, help_text="As the person describes it.")
    language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    diversity_needs = models.TextField(blank=True, help_text="Disability, faith, literacy or other needs.")
    photo = models.FileField(upload_to="photos/", blank=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="nominals")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="managed_nominals"
    )
    marking = models.CharField(max_length=30, choices=Marking.choices, default=Marking.OFFICIAL_SENSITIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # Set when a supervisor finds this record and another to be one person (nominals.merge_services): everything
    # on it moved to the survivor, and the row stays, because audit rows point at it and its old id must lead on.
    merged_into = models.ForeignKey("self", null=True, blank=True, editable=False, on_delete=models.PROTECT,
                                    related_name="merged_records")
    merged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["team", "last_name"]),
            models.Index(fields=["manager", "last_name"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        errors = rules.plausible_birth_date(self.date_of_birth)
        errors |= rules.name_errors({"first_name": (self.first_name, "First name"), "last_name": (self.last_name, "Last name"),
                                     "middle_names": (self.middle_names, "Middle names")})
        errors |= rules.upload_errors(self.photo, "photo", rules.PHOTO_TYPES, rules.MAX_PHOTO_BYTES)
        if self.manager_id and self.manager.team_id != self.team_id:
            errors["manager"] = "The manager must be a member of the team that holds the record"
        rules.raise_if(errors)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_name, self.middle_names, self.last_name] if p)

    @property
    def is_allocated(self) -> bool:
        return self.manager_id is not None

    def age_on(self, day: datetime.date) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Partner(models.Model):
    """A practitioner, often from another agency, who helps manage a nominal."""

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="partners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnerships")
    reason = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nominal", "user"], condition=Q(ended_at__isnull=True), name="one_active_partnership")
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]


class NameKey(models.Model):
    """Search keys for a person's names (their own and each alias), kept in step by the services."""

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="name_keys")
    alias = models.ForeignKey("Alias", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    first_norm = models.CharField(max_length=100)
    last_norm = models.CharField(max_length=100)
    first_key = models.CharField(max_length=20)
    last_key = models.CharField(max_length=20)
    last_prefix = models.CharField(max_length=3)
    # An alias's handling and recording agency, copied so that a search finds a restricted alias only
    # for those allowed to see it (policy.handling_scope), without reading the alias.
    handling = models.CharField(max_length=20, blank=True, default="")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["last_key"]),
            models.Index(fields=["first_key"]),
            models.Index(fields=["last_prefix", "first_key"]),
        ]


class NameVariant(models.Model):
    """A surname with one letter dropped (see names.deletion_variants), so that a search with one
    typing slip in the surname still meets the name key, whichever letter the slip is in."""

    name_key = models.ForeignKey(NameKey, on_delete=models.CASCADE, related_name="variants")
    variant = models.CharField(max_length=100)
    first_initial = models.CharField(max_length=1, blank=True, help_text="Of the first name, to narrow a two-name search.")

    class Meta:
        # Covering on PostgreSQL: a search reads the matching name keys' ids from the index alone,
        # not from a thousand scattered table pages when a common surname has a slip in it.
        indexes = [models.Index(fields=["variant", "first_initial"], include=["name_key"], name="nominals_variant_covering")]


class CaseItem(Versioned):
    """Something recorded about a nominal. Its handling category can narrow who may see it."""

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="%(class)s_set")
    handling = models.CharField(max_length=20, choices=Handling.choices, blank=True, default=Handling.NONE)
    agency = models.ForeignKey("accounts.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    # The agency that set the current handling: only it may lower it (policy.handling_change_refusal).
    handling_set_by = models.ForeignKey("accounts.Agency", null=True, blank=True, editable=False, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="restriction set by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and self.handling_set_by_id is None:
            self.handling_set_by_id = self.agency_id  # whoever records an item sets its first handling
        super().save(*args, **kwargs)

    @property
    def marking(self) -> str:
        from mappa.core.markings import marking_for

        return marking_for(self.handling)


class Alias(CaseItem):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias"
        PREVIOUS = "previous", "Previous name"
        BIRTH = "birth", "Birth name"
        NICKNAME = "nickname", "Nickname"
        SPELLING = "spelling", "Other spelling"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ALIAS)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        errors = rules.date_order_errors(self.used_from, self.used_to, "used_from", "used_to", "Date stopped using")
        errors |= rules.name_errors({"first_name": (self.first_name, "First name"), "last_name": (self.last_name, "Last name")})
        rules.raise_if(errors)


class IdentifierKind(models.TextChoices):
    PNC = "pnc", "PNC number"
    CRN = "crn", "Probation case reference"
    PRISON = "prison", "Prison number"
    NATIONAL = "national", "National register id"
    NI = "ni", "National Insurance number"
    PASSPORT = "passport", "Passport number"


class Identifier(CaseItem):
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=40)
    normalised = models.CharField(max_length=40, db_index=True, editable=False)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "normalised"], name="identifier_unique_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"

    def clean(self):
        self.value = " ".join((self.value or "").split()).upper()
        label = self.get_kind_display() if self.kind else "identifier"
        problem = identifier_error(self.kind, self.value, label)
        if problem:
            raise rules.ValidationError({"value": problem})
        self.normalised = normalise_identifier(self.value, self.kind)

    def validate_constraints(self, exclude=None):
        # The register holds each number once. The services check it with the acting user, so that a refusal
        # says only what that user may see; the constraint's own message would name columns.
        super().validate_constraints(exclude={*(exclude or ()), "normalised"})

    def save(self, *args, **kwargs):
        self.normalised = normalise_identifier(self.value, self.kind)
        super().save(*args, **kwargs)


class Address(CaseItem):
    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        PROPOSED = "proposed", "Proposed"
        PREVIOUS = "previous", "Previous"

    class Kind(models.TextChoices):
        HOME = "home", "Home"
        APPROVED_PREMISES = "approved_premises", "Approved premises"
        TEMPORARY = "temporary", "Temporary (7 days or more)"
        CUSTODY = "custody", "Prison or hospital"
        NO_FIXED_ABODE = "nfa", "No fixed abode"
        WORK = "work", "Workplace"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HOME)
    line1 = models.CharField("Address line 1", max_length=200, blank=True)
    line2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "-moved_in"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return ", ".join(p for p in [self.line1, self.line2, self.town, self.postcode] if p) or self.get_kind_display()

    def clean(self):
        self.postcode, errors = rules.clean_postcode(self.postcode)
        errors |= rules.date_order_errors(self.moved_in, self.moved_out, "moved_in", "moved_out", "Date moved out")
        if self.kind != self.Kind.NO_FIXED_ABODE and not (self.line1 or self.postcode):
            errors["line1"] = "Enter the first line of the address or a postcode"
        # One current home at a time: checked by the services among the addresses the acting user may see.
        rules.raise_if(errors)

    @property
    def is_current_home(self) -> bool:
        return self.status == self.Status.CURRENT and self.kind != self.Kind.WORK


class Occupant(CaseItem):
    """Someone who lives at an address, so that a child in the household is never missed."""

    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="occupants")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    under_18 = models.BooleanField(default=False, help_text="Tick when the date of birth is not known but they are under 18.")
    linked_nominal = models.ForeignKey(Nominal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.utils import timezone

        today = timezone.localdate()
        errors = rules.not_in_future(self.date_of_birth, "date_of_birth", "Date of birth")
        errors |= rules.occupant_age_errors(self.date_of_birth, self.under_18, today)
        if self.address_id and self.nominal_id and self.address.nominal_id != self.nominal_id:
            errors["address"] = "Choose one of this person's addresses"
        rules.raise_if(errors)
        if self.date_of_birth:  # kept in step, for lists that read the flag
            self.under_18 = self.is_under_18_on(today)

    def is_under_18_on(self, day: datetime.date) -> bool:
        if self.date_of_birth:
            return rules.age_on(self.date_of_birth, day) < 18
        return self.under_18


class Vehicle(CaseItem):
    registration = models.CharField(max_length=12)
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["registration"]
        indexes = [models.Index(registration_key_sql(), name="nominals_vehicle_read_key")]

    def __str__(self):
        return self.registration

    def clean(self):
        self.registration, errors = rules.clean_registration(self.registration)
        errors |= rules.date_order_errors(self.used_from, self.used_to, "used_from", "used_to", "Date stopped using")
        rules.raise_if(errors)


class Contact(CaseItem):
    """A phone number, email address or online identity."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone number"
        EMAIL = "email", "Email address"
        ONLINE = "online", "Online identity"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=200, help_text="The number, address or user name.")
    platform = models.CharField(max_length=60, blank=True, help_text="For online identities: the site or app.")
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(phone_key_sql(), name="nominals_contact_phone_key", condition=Q(kind="phone"))]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        errors = rules.contact_errors(self.kind, self.value, self.platform)
        errors |= rules.date_order_errors(self.used_from, self.used_to, "used_from", "used_to", "Date stopped using")
        rules.raise_if(errors)


class Relationship(CaseItem):
    class Kind(models.TextChoices):
        PARTNER = "partner", "Partner"
        FAMILY = "family", "Family member"
        VICTIM = "victim", "Victim"
        CO_OFFENDER = "co_offender", "Co-offender"
        EMPLOYER = "employer", "Employer"
        ASSOCIATE = "associate", "Associate"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    other_nominal = models.ForeignKey(
        Nominal, null=True, blank=True, on_delete=models.SET_NULL, related_name="relationships_to"
    )
    other_name = models.CharField(max_length=200, blank=True, help_text="Name of the person or organisation.")
    description = models.CharField(max_length=300, blank=True, help_text="For example: brother, ex-partner.")
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "other_name"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.other_name}"

    def clean(self):
        if self.other_nominal_id and not self.other_name:
            self.other_name = self.other_nominal.full_name
        errors = {}
        if not self.other_name:
            errors["other_name"] = "Enter the name of the person or organisation"
        if self.other_nominal_id and self.other_nominal_id == self.nominal_id:
            errors["other_nominal"] = "A person cannot be linked to their own record"
        errors |= rules.date_order_errors(self.started, self.ended, "started", "ended", "End date")
        rules.raise_if(errors)


class Document(CaseItem):
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=60, blank=True, help_text="For example: court order, licence, report.")
    file = models.FileField(upload_to="documents/%Y/%m/")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        rules.raise_if(rules.upload_errors(self.file, "file", rules.DOCUMENT_TYPES, rules.MAX_DOCUMENT_BYTES))


class Activity(CaseItem):
    """An entry in the chronological activity log."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "Contact"
        HOME_VISIT = "home_visit", "Home visit"
        OFFICE_VISIT = "office_visit", "Office appointment"
        INFORMATION = "information", "Information received"
        INTELLIGENCE = "intelligence", "Intelligence"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Case note"
        CHANGE = "change", "Record change"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOTE)
    occurred_at = models.DateTimeField()
    # False when no time was given for an earlier day: the entry is shown by its date alone.
    time_known = models.BooleanField(default=True, db_default=True)
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["nominal", "-occurred_at", "-id"])]

    def __str__(self):
        return self.summary

    def clean(self):
        from django.utils import timezone

        rules.raise_if(rules.entry_time_errors(self.occurred_at, timezone.now()))


class SignificantEvent(CaseItem):
    """Something that happened to a person that may change their risk: new intelligence, a breach, a
    move, a new relationship, release, a MAPPA level change. Recorded by whichever part of the system
    learns of it (see nominals.events); assessments and plans subscribe to ask for a review."""

    class Kind(models.TextChoices):
        INTELLIGENCE = "intelligence", "New intelligence"
        BREACH = "breach", "Breach"
        ADDRESS = "address", "Change of address"
        RELATIONSHIP = "relationship", "New or changed relationship"
        RELEASE = "release", "Release from custody"
        RECALL = "recall", "Recall to custody"
        FURTHER_OFFENCE = "further_offence", "Further offence"
        LEVEL_CHANGE = "level_change", "MAPPA level change"
        INTERVENTION = "intervention", "Programme not completed or post-programme review finding"
        TRANSFER = "transfer", "Case transferred in"
        POLYGRAPH = "polygraph", "Polygraph: disclosure or significant response"
        CIRCLE_CONCERN = "circle_concern", "Concern raised by a circle of support"
        OTHER = "other", "Other significant change"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    summary = models.CharField(max_length=300)
    source_type = models.CharField(max_length=60, blank=True, help_text="The kind of record that raised it.")
    source_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["nominal", "-occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"


class CaseTransfer(Versioned):
    """A request to move a case to another team, in the same area or another (inspection 2010 E-39: from and to
    unit, date, completeness check; ¶7.21, records differed on transfer; good practice 2009-2012 §2.25 REQ-WF-02).
    The sending manager confirms the checklist (reference data "transfer.checklist") before sending, and stays
    responsible until a supervisor of the receiving team accepts it, naming the new manager, or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="transfers")
    from_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    from_manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    to_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="transfers_in")
    reason = models.CharField(max_length=300)
    # The checklist items that applied to this case when it was sent, each confirmed (codes of "transfer.checklist").
    checklist = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    answer_due = models.DateField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    new_manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    decline_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["nominal"], condition=Q(status="pending"),
                                               name="one_pending_transfer")]
        indexes = [models.Index(fields=["to_team", "status"])]

    def __str__(self):
        return f"Transfer to {self.to_team}"

    @property
    def marking(self) -> str:
        return self.nominal.marking


class Cover(Versioned):
    """A manager's absence and the colleague who covers their cases meanwhile (inspection 2010 F-151, ¶3.11:
    little resilience for leave; good practice 2009-2012 §2.25 REQ-WF-03, E2.1-11). The window is held as times
    (the start of the first day and of the day after the last, in the service's time zone) so the access
    policy compares it with the database's clock: cover ends on its end date without anyone acting."""

    absent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers_needed")
    covering = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers_given")
    starts_on = models.DateField()
    ends_on = models.DateField()
    starts_at = models.DateTimeField(editable=False)
    ends_at = models.DateTimeField(editable=False)
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_early_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["covering", "ends_at"]), models.Index(fields=["absent", "ends_at"])]

    def __str__(self):
        return f"{self.covering} covering for {self.absent}"
