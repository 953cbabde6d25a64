"""Convictions and sentences, custody, notification requirements, civil orders and enforcement.

Each hangs off a nominal as a CaseItem, so the register's item rules (handling categories, the
recording agency, optimistic locking) apply. Derived values (notification period and end date, due
dates, whether a further offence is serious) are worked out by the services from rules.py and
reference data, never typed in.
"""
import functools

from django.db import models

from mappa.core.dates import day as govuk_day
from mappa.nominals.models import CaseItem


@functools.cache
def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def label(choices, value) -> str:
    """The label of `value` among `choices`, as get_FOO_display gives it, without building the choices
    again on every call (a person's hundreds of convictions are named in the facts' sources)."""
    return _labels(choices).get(value, value)


class Conviction(CaseItem):
    """A conviction, caution, reprimand or final warning, with the flags the rules read."""

    class Kind(models.TextChoices):
        CONVICTION = "conviction", "Conviction"
        CAUTION = "caution", "Caution"
        REPRIMAND = "reprimand", "Reprimand"
        FINAL_WARNING = "final_warning", "Final warning"
        ABROAD = "abroad", "Conviction abroad"

    class Schedule(models.TextChoices):
        NONE = "", "Neither"
        SCHEDULE_3 = "schedule_3", "Schedule 3 (sexual offence)"
        SCHEDULE_5 = "schedule_5", "Schedule 5 (other offence)"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONVICTION)
    offence_code = models.CharField("Home Office offence code", max_length=6, blank=True,
                                    help_text="Three digits, a slash and two digits, like 019/11")
    offence = models.CharField("Offence", max_length=300)
    offence_date = models.DateField("Date of the offence", null=True, blank=True)
    convicted_on = models.DateField("Date of conviction or caution")
    court = models.CharField(max_length=200, blank=True, help_text="Or the police station, for a caution")
    sexual = models.BooleanField("Sexual offence", default=False)
    contact_sexual = models.BooleanField("Contact sexual offence", default=False)
    indecent_images = models.BooleanField("Indecent images offence", default=False)
    violent = models.BooleanField("Violent offence", default=False)
    against_child = models.BooleanField("Against a child (under 18)", default=False)
    internet_facilitated = models.BooleanField("Internet-facilitated", default=False)
    schedule = models.CharField("Relevant schedule for civil orders", max_length=20, choices=Schedule.choices,
                                blank=True, default=Schedule.NONE,
                                help_text="Sexual Offences Act 2003: schedule 3 or 5 offences allow a prevention order")
    maximum_penalty_years = models.DecimalField(
        "Maximum penalty in years", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="Optional. Use 999 for life. Decides whether a further offence is a serious further offence")

    class Meta:
        ordering = ["-convicted_on", "-id"]

    def __str__(self):
        code = f" ({self.offence_code})" if self.offence_code else ""
        return f"{self.offence}{code}, {label(self.Kind, self.kind).lower()} {govuk_day(self.convicted_on)}"

    @property
    def flags(self) -> list[str]:
        names = [("sexual", "sexual"), ("contact_sexual", "contact sexual"), ("indecent_images", "indecent images"),
                 ("violent", "violent"), ("against_child", "against a child"),
                 ("internet_facilitated", "internet-facilitated")]
        return [label for name, label in names if getattr(self, name)]


class DateSource(models.TextChoices):
    """Where a release or licence expiry date was copied from: the service does not work these dates out."""

    NOT_RECORDED = "", "Not recorded"
    PRISON = "prison_calculation", "The prison's sentence calculation"
    PAROLE_BOARD = "parole_board", "The Parole Board's direction"
    COURT = "court", "The court (sentence or order)"
    LICENCE = "licence", "The licence as issued"
    CASEWORK = "public_protection_casework", "Public protection casework, for the Secretary of State"
    OTHER = "other", "Another source (say which in the notes)"


def date_source_field(what: str):
    return models.CharField(f"Where the {what} comes from", max_length=30, choices=DateSource.choices, blank=True,
                            default=DateSource.NOT_RECORDED, db_default=DateSource.NOT_RECORDED)


class Sentence(CaseItem):
    """What the court imposed for a conviction, with the custody, release and licence dates."""

    class Kind(models.TextChoices):
        IMMEDIATE_CUSTODY = "custody", "Immediate custody"
        EXTENDED = "extended", "Extended sentence"
        IPP = "ipp", "Imprisonment for public protection"
        LIFE = "life", "Life imprisonment"
        SUSPENDED = "suspended", "Suspended sentence order"
        COMMUNITY = "community", "Community order"
        HOSPITAL_RESTRICTION = "hospital_restriction", "Hospital order with a restriction order"
        HOSPITAL = "hospital", "Hospital order"
        GUARDIANSHIP = "guardianship", "Guardianship order"
        CONDITIONAL_DISCHARGE = "conditional_discharge", "Conditional discharge"
        FINE = "fine", "Fine or other"

    class ReleaseKind(models.TextChoices):
        NONE = "", "Not yet known"
        AUTOMATIC = "automatic", "Automatic release"
        PAROLE = "parole", "Parole (discretionary release)"
        CONDITIONAL = "conditional", "Conditional release date"
        HDC = "hdc", "Home detention curfew"
        END_OF_SENTENCE = "end_of_sentence", "End of sentence (no licence)"

    class Runs(models.TextChoices):
        ALONE = "", "Not with another term"
        CONSECUTIVE = "consecutive", "Consecutive (starts when the other ends)"
        CONCURRENT = "concurrent", "Concurrent (runs alongside the other)"
        PARTLY_CONCURRENT = "partly_concurrent", "Partly concurrent (overlaps the other for a time)"

    CUSTODIAL = {Kind.IMMEDIATE_CUSTODY, Kind.EXTENDED, Kind.IPP, Kind.LIFE}

    conviction = models.ForeignKey(Conviction, on_delete=models.PROTECT, related_name="sentences")
    kind = models.CharField("Type of sentence", max_length=30, choices=Kind.choices)
    sentenced_on = models.DateField("Date of sentence")
    length_months = models.DecimalField("Length in months", max_digits=6, decimal_places=2, null=True, blank=True,
                                        help_text="The custodial term (or the order's length). Leave empty for life")
    extension_months = models.PositiveIntegerField("Extended licence in months", null=True, blank=True,
                                                   help_text="Extended sentences only")
    remand_days = models.PositiveIntegerField("Days on remand that count", default=0)
    custody_from = models.DateField("In custody from", null=True, blank=True)
    release_kind = models.CharField("Type of release", max_length=20, choices=ReleaseKind.choices, blank=True,
                                    default=ReleaseKind.NONE)
    release_date = models.DateField("Expected release date", null=True, blank=True)
    release_date_source = date_source_field("expected release date")
    released_on = models.DateField("Date actually released", null=True, blank=True)
    licence_start = models.DateField("Licence starts", null=True, blank=True)
    licence_end = models.DateField("Licence expiry date", null=True, blank=True)
    licence_end_source = date_source_field("licence expiry date")
    sentence_expiry = models.DateField("Sentence expiry date", null=True, blank=True)
    order_end = models.DateField("Order ends", null=True, blank=True,
                                 help_text="Community, suspended, hospital and guardianship orders and discharges")
    disqualified_from_working_with_children = models.BooleanField("Disqualified from working with children",
                                                                  default=False)
    runs = models.CharField("Runs with another term", max_length=20, choices=Runs.choices, blank=True,
                            default=Runs.ALONE)
    runs_with = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="The other term",
                                  help_text="The custodial term this one follows or runs alongside")
    overlap_months = models.DecimalField("Months the two terms run together", max_digits=6, decimal_places=2,
                                         null=True, blank=True, help_text="Partly concurrent terms only")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-sentenced_on", "-id"]

    def __str__(self):
        length = f" {self.length_months.normalize():f} months" if self.length_months else ""
        return f"{label(self.Kind, self.kind)}{length} from {govuk_day(self.sentenced_on)}"

    @property
    def custodial(self) -> bool:
        return self.kind in self.CUSTODIAL

    @property
    def disposal(self) -> str:
        """The sentence as the notification table (s.82) reads it."""
        if self.custodial or self.kind == self.Kind.SUSPENDED:
            # A suspended sentence of imprisonment counts as imprisonment for its term in the table.
            return "custody"
        if self.kind in (self.Kind.HOSPITAL_RESTRICTION, self.Kind.HOSPITAL, self.Kind.CONDITIONAL_DISCHARGE):
            return self.kind
        return "other"


class CustodyPeriod(CaseItem):
    """Time in custody: remand before trial, serving a sentence, or after recall."""

    class Kind(models.TextChoices):
        REMAND = "remand", "On remand"
        SENTENCE = "sentence", "Serving a sentence"
        RECALL = "recall", "Recalled"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    sentence = models.ForeignKey(Sentence, null=True, blank=True, on_delete=models.PROTECT, related_name="custody")
    establishment = models.CharField(max_length=200, blank=True)
    started_on = models.DateField("In custody from")
    expected_release = models.DateField("Expected release date", null=True, blank=True)
    ended_on = models.DateField("Released or left custody on", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self):
        where = f" at {self.establishment}" if self.establishment else ""
        return f"{self.get_kind_display()}{where} from {govuk_day(self.started_on)}"


class NotificationRequirement(CaseItem):
    """Subject to the notification requirements (Part 2, Sexual Offences Act 2003), from a conviction or
    caution, or from a civil order. The period, end date and review date are derived."""

    conviction = models.ForeignKey(Conviction, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    civil_order = models.ForeignKey("CivilOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    relevant_date = models.DateField("Starts on (relevant date)",
                                     help_text="The date of conviction, caution or the order")
    in_custody_on_relevant_date = models.BooleanField("In custody on that date", default=False,
                                                      help_text="Then the first notification runs from release")
    released_on = models.DateField("Released on", null=True, blank=True)
    discharge_months = models.PositiveIntegerField("Length of conditional discharge in months", null=True, blank=True)
    police_station = models.CharField("Police station for notifications", max_length=200, blank=True)
    # Derived by the service from rules.notification_period and the reference data in force.
    indefinite = models.BooleanField(default=False, editable=False)
    period_months = models.PositiveIntegerField(null=True, editable=False)
    band = models.CharField(max_length=200, blank=True, editable=False)
    halved = models.BooleanField(default=False, editable=False)
    ends_on = models.DateField(null=True, editable=False)
    basis = models.CharField(max_length=600, blank=True, editable=False, help_text="The legal source of the period")
    ended_early_on = models.DateField("Ended early on (for example on review)", null=True, blank=True)

    class Meta:
        ordering = ["-relevant_date", "-id"]

    def __str__(self):
        return f"Notification from {govuk_day(self.relevant_date)}: {self.period_text}"

    @property
    def period_text(self) -> str:
        if self.indefinite:
            return "indefinitely"
        if self.ends_on:
            from mappa.orders.rules import describe_months

            return f"{describe_months(self.period_months)}, until {govuk_day(self.ends_on)}"
        return "period not worked out"


class NotificationEvent(CaseItem):
    """One notification the person must make to the police, with when it was due and when it was made."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial notification"
        NAME = "name", "Change of name"
        ADDRESS = "address", "Change of home address"
        OTHER_ADDRESS = "other_address", "Staying at an address not notified (the qualifying period)"
        FOREIGN_TRAVEL = "foreign_travel", "Foreign travel"
        UNDER_18 = "under_18", "Someone under 18 at the address"
        EMAIL = "email", "Email or online identity"
        PASSPORT = "passport", "Passport"
        BANK = "bank", "Bank account or card"
        HOMELESS = "homeless", "Weekly notification (no fixed address)"
        PERIODIC = "periodic", "Annual re-notification"

    class Notice(models.TextChoices):
        USUAL = "", "The usual notice before departure"
        NOT_KNOWN = "not_known", "Short notice: travel details not known in time"
        EXCUSED = "excused", "Short notice, with a reasonable excuse for less"

    requirement = models.ForeignKey(NotificationRequirement, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event_date = models.DateField("Date of the change or event",
                                  help_text="For foreign travel, the departure date; for a stay, its first day; "
                                            "for re-notification, the last notification")
    due_on = models.DateField(editable=False, null=True)
    received_on = models.DateField("Date notified", null=True, blank=True)
    police_station = models.CharField(max_length=200, blank=True)
    verified_by_visit = models.BooleanField("Verified by a home visit", default=False)
    details = models.CharField(max_length=300, blank=True)
    stay_address = models.CharField("Address stayed at", max_length=300, blank=True,
                                    help_text="Stays at an address not notified: stays at the same address add up")
    stay_ends_on = models.DateField("Last day of the stay", null=True, blank=True,
                                    help_text="Leave empty while the stay goes on")
    returns_on = models.DateField("Date of return", null=True, blank=True,
                                  help_text="Foreign travel only: the day back in the United Kingdom")
    notice = models.CharField("Notice of travel", max_length=20, choices=Notice.choices, blank=True,
                              default=Notice.USUAL, help_text="Foreign travel only")

    class Meta:
        ordering = ["-event_date", "-id"]
        indexes = [models.Index(fields=["received_on", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({govuk_day(self.event_date)})"

    def overdue_on(self, day) -> bool:
        return self.received_on is None and self.due_on is not None and self.due_on < day

    @property
    def in_time(self) -> bool | None:
        if self.received_on is None or self.due_on is None:
            return None
        return self.received_on <= self.due_on


class CivilOrder(CaseItem):
    """A prevention, risk, notification or foreign travel order (or one of the orders they replaced), from
    application to outcome. An interim order is the "interim" status of the application for the full order.
    When each kind could be made is reference data (orders.civil.kinds)."""

    class Kind(models.TextChoices):
        SHPO = "shpo", "Sexual harm prevention order (SHPO)"
        SRO = "sro", "Sexual risk order (SRO)"
        NOTIFICATION_ORDER = "notification_order", "Notification order (offences abroad)"
        SOPO = "sopo", "Sexual offences prevention order (SOPO, replaced by the SHPO)"
        FTO = "fto", "Foreign travel order (replaced by the SHPO)"
        RSHO = "rsho", "Risk of sexual harm order (RSHO, replaced by the SRO)"
        SOO = "soo", "Sex offender order (Crime and Disorder Act 1998, replaced by the SOPO)"
        RESTRAINING = "restraining_order", "Restraining order (Sex Offenders Act 1997, replaced by the SOPO)"

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied for"
        INTERIM = "interim", "Interim order granted"
        GRANTED = "granted", "Full order granted"
        REFUSED = "refused", "Refused"
        DISCHARGED = "discharged", "Discharged"

    ACTIVE = {Status.INTERIM, Status.GRANTED}
    # Orders that bring the notification requirements (Sexual Offences Act 2003 ss.98, 100, 103G, 107, 109;
    # Crime and Disorder Act 1998 s.2): risk orders, foreign travel orders and restraining orders do not.
    NOTIFYING = {Kind.SHPO, Kind.SOPO, Kind.NOTIFICATION_ORDER, Kind.SOO}

    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    conviction = models.ForeignKey(Conviction, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   help_text="The offence the order is based on, if recorded")
    applied_on = models.DateField("Date applied for", null=True, blank=True)
    applicant = models.CharField(max_length=200, blank=True, help_text="For example the chief officer of police")
    court = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField("Order starts", null=True, blank=True)
    ends_on = models.DateField("Order ends", null=True, blank=True)
    until_further_order = models.BooleanField("Lasts until further order", default=False)
    countries = models.CharField("Countries (foreign travel order)", max_length=300, blank=True)
    passport_surrendered_on = models.DateField("Passport surrendered on", null=True, blank=True)
    passport_station = models.CharField("Police station holding the passport", max_length=200, blank=True)
    copy = models.FileField("Copy of the order", upload_to="orders/%Y/%m/", blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts_on", "-applied_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_status_display().lower()}"

    @property
    def interim(self) -> bool:
        return self.status == self.Status.INTERIM

    @property
    def short_label(self) -> str:
        return {"sopo": "a SOPO", "shpo": "a sexual harm prevention order", "notification_order": "a notification order",
                "fto": "a foreign travel order", "sro": "a sexual risk order", "rsho": "a risk of sexual harm order",
                "soo": "a sex offender order", "restraining_order": "a restraining order"}[self.kind] + (
            " (interim)" if self.interim else "")


class Prohibition(CaseItem):
    """One prohibition of a civil order, e.g. not to loiter near schools."""

    class Category(models.TextChoices):
        DEVICES = "devices", "Internet-enabled devices"
        CHILDREN = "children", "Contact with children"
        PLACES = "places", "Places (loitering, schools, parks)"
        PERSONS = "persons", "Contact with named people"
        TRAVEL = "travel", "Travel"
        OTHER = "other", "Other"

    order = models.ForeignKey(CivilOrder, on_delete=models.CASCADE, related_name="prohibitions")
    category = models.CharField(max_length=20, choices=Category.choices)
    text = models.CharField("Prohibition", max_length=500)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order_id", "id"]

    def __str__(self):
        return self.text


class OrderEvent(CaseItem):
    """An application, variation or court outcome in a civil order's history."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "Application made"
        INTERIM = "interim", "Interim order granted"
        GRANTED = "granted", "Full order granted"
        REFUSED = "refused", "Application refused"
        VARIATION_APPLIED = "variation_applied", "Variation applied for"
        VARIED = "varied", "Order varied"
        VARIATION_REFUSED = "variation_refused", "Variation refused"
        BREACH_OUTCOME = "breach_outcome", "Court outcome for a breach"
        DISCHARGED = "discharged", "Order discharged"

    order = models.ForeignKey(CivilOrder, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_on = models.DateField("Date")
    court = models.CharField(max_length=200, blank=True)
    outcome = models.CharField("What was decided", max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({govuk_day(self.occurred_on)})"


class Breach(CaseItem):
    """A breach of a licence, a civil order or the notification requirements, and what was decided."""

    class Against(models.TextChoices):
        LICENCE = "licence", "Licence"
        ORDER = "order", "Civil order"
        NOTIFICATION = "notification", "Notification requirements"
        COMMUNITY = "community", "Community or suspended sentence order"

    class Decision(models.TextChoices):
        PENDING = "", "Not yet decided"
        NO_ACTION = "no_action", "No further action"
        WARNING = "warning", "Warning"
        FINAL_WARNING = "final_warning", "Final warning"
        BREACH_ACTION = "breach_action", "Breach action (return to court)"
        RECALL = "recall", "Recall"
        PROSECUTION = "prosecution", "Prosecution"

    against = models.CharField(max_length=20, choices=Against.choices)
    sentence = models.ForeignKey(Sentence, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(CivilOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="breaches")
    notification = models.ForeignKey(NotificationEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("When it happened")
    what = models.CharField("What happened", max_length=500)
    evidence = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default=Decision.PENDING)
    decided_on = models.DateField("Date decided", null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "breaches"

    def __str__(self):
        return f"Breach of {self.get_against_display().lower()}: {self.what}"


class Recall(CaseItem):
    """A recall to custody while on licence, from request to revocation, arrest and return.

    Its type (to the end of the sentence, or for a fixed term) and its urgency (emergency or standard) are
    separate: either type may be urgent. The fixed term, the arrest target and the times between revocation,
    arrest and return are worked out by the service from reference data, never typed in."""

    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard recall (to the end of the sentence)"
        FIXED_TERM = "fixed_term", "Fixed-term recall"

    class Urgency(models.TextChoices):
        STANDARD = "standard", "Standard"
        EMERGENCY = "emergency", "Emergency"

    class Decision(models.TextChoices):
        PENDING = "", "Awaiting decision"
        REVOKED = "revoked", "Licence revoked"
        REFUSED = "refused", "Recall refused"

    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="recalls")
    breach = models.ForeignKey(Breach, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("Type of recall", max_length=20, choices=Kind.choices)
    urgency = models.CharField("Urgency", max_length=20, choices=Urgency.choices, default=Urgency.STANDARD,
                               help_text="An emergency recall asks the police to arrest at once")
    requested_on = models.DateField("Requested on")
    requested_by = models.CharField(max_length=200)
    reason = models.TextField()
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default=Decision.PENDING)
    decided_at = models.DateTimeField("Decision time", null=True, blank=True,
                                      help_text="For a revoked licence, the time of the revocation")
    arrested_at = models.DateTimeField("Time of arrest", null=True, blank=True)
    returned_to_custody_on = models.DateField("Returned to custody on", null=True, blank=True)
    re_released_on = models.DateField("Re-released on", null=True, blank=True)
    # Derived by the service from rules.py and the reference data in force on the revocation date.
    fixed_term_days = models.PositiveIntegerField(null=True, editable=False)
    fixed_term_ends_on = models.DateField(null=True, editable=False)
    arrest_target_hours = models.PositiveIntegerField(null=True, editable=False)
    minutes_to_arrest = models.PositiveIntegerField(null=True, editable=False)
    days_to_return = models.PositiveIntegerField(null=True, editable=False)
    basis = models.CharField(max_length=600, blank=True, editable=False,
                             help_text="The legal or guidance source of the fixed term and the arrest target")

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self):
        return f"{self.name} requested {govuk_day(self.requested_on)}"

    @property
    def name(self) -> str:
        """"Emergency fixed-term recall", "Standard recall (to the end of the sentence)"."""
        kind = label(self.Kind, self.kind)
        return f"Emergency {kind[0].lower()}{kind[1:]}" if self.urgency == self.Urgency.EMERGENCY else kind

    @property
    def revoked(self) -> bool:
        return self.decision == self.Decision.REVOKED and self.decided_at is not None

    @property
    def arrested_in_time(self) -> bool | None:
        from mappa.orders.rules import within_target

        return within_target(self.minutes_to_arrest, self.arrest_target_hours)

    @property
    def time_to_arrest(self) -> str:
        from mappa.orders.rules import describe_minutes

        return describe_minutes(self.minutes_to_arrest) if self.minutes_to_arrest is not None else ""


class FurtherOffence(CaseItem):
    """An offence charged or committed while under supervision, an order or notification."""

    class While(models.TextChoices):
        LICENCE = "licence", "On licence"
        COMMUNITY = "community", "On a community order"
        ORDER = "order", "Subject to a civil order"
        NOTIFICATION = "notification", "Subject to notification only"
        OTHER = "other", "Other"

    offence = models.CharField(max_length=300)
    offence_code = models.CharField("Home Office offence code", max_length=6, blank=True,
                                    help_text="Three digits, a slash and two digits, like 019/11")
    occurred_on = models.DateField("Date of the offence")
    charged_on = models.DateField("Date charged", null=True, blank=True)
    while_under = models.CharField("Committed while", max_length=20, choices=While.choices)
    sexual = models.BooleanField("Sexual offence", default=False)
    violent = models.BooleanField("Violent offence", default=False)
    maximum_penalty_years = models.DecimalField("Maximum penalty in years", max_digits=5, decimal_places=2,
                                                null=True, blank=True, help_text="Use 999 for life")
    conviction = models.ForeignKey(Conviction, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   help_text="The conviction, once there is one")
    serious = models.BooleanField("Serious further offence", default=False, editable=False)
    sfo_notified_at = models.DateTimeField(null=True, editable=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{'Serious further offence' if self.serious else 'Further offence'}: {self.offence}"
