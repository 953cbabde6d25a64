"""Licences, their conditions and variations, exclusion zones and the locations of register addresses."""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from mappa.core.dates import day as govuk_day
from mappa.licences import geometry as geo
from mappa.licences import rules
from mappa.nominals.models import CaseItem
from mappa.orders.models import date_source_field


class CatalogueCondition(models.Model):
    """One version of a licence condition's wording (reference data, loaded by a data migration)."""

    code = models.CharField(max_length=40)
    title = models.CharField(max_length=120)
    category = models.CharField(max_length=12, choices=[(rules.STANDARD, "Standard"), (rules.ADDITIONAL, "Additional")])
    text = models.TextField(help_text="The wording, with {parameter} placeholders.")
    parameters = models.JSONField(default=list, blank=True)
    effective_from = models.DateField()
    source = models.TextField()

    class Meta:
        ordering = ["code", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["code", "effective_from"], name="catalogue_code_version")]

    def __str__(self):
        return f"{self.title} (from {govuk_day(self.effective_from)})"

    def entry(self) -> rules.CatalogueEntry:
        return rules.CatalogueEntry.from_row(code=self.code, title=self.title, category=self.category, text=self.text,
                                             parameters=self.parameters, effective_from=self.effective_from,
                                             source=self.source)


class Licence(CaseItem):
    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard determinate sentence licence"
        EXTENDED = "extended", "Extended sentence licence"
        LIFE = "life", "Life licence"
        IPP = "ipp", "Imprisonment for public protection licence"
        SUPERVISION = "supervision", "Post-sentence supervision"
        COURT = "court", "Released on licence from court"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    sentence = models.ForeignKey(
        "orders.Sentence", null=True, blank=True, on_delete=models.PROTECT, related_name="licences",
        verbose_name="Sentence the licence was issued under",
        help_text="When chosen, the licence's dates are the sentence's licence period and follow it.")
    start_date = models.DateField("Licence start date")
    end_date = models.DateField("Licence end date", help_text="The licence expiry date.")
    start_date_source = date_source_field("licence start date")
    end_date_source = date_source_field("licence expiry date")
    issued_by = models.CharField(max_length=200, help_text="For example: HMP Brackford, for the Secretary of State; or the Parole Board.")
    revoked_on = models.DateField(null=True, blank=True, help_text="When the licence was revoked, for example on recall.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {govuk_day(self.start_date)} to {govuk_day(self.end_date)}"

    def is_current(self, today=None) -> bool:
        return rules.is_current(self.start_date, self.end_date, self.revoked_on, today or timezone.localdate())

    @property
    def dates_confirmed(self) -> bool:
        """The dates come from a recorded sentence (not typed in separately)."""
        return self.sentence_id is not None


class LicenceCondition(CaseItem):
    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="conditions")
    code = models.CharField(max_length=40)
    category = models.CharField(max_length=12)
    title = models.CharField(max_length=120)
    wording_from = models.DateField(help_text="Which version of the catalogue's wording was used.")
    parameters = models.JSONField(default=dict, blank=True)
    text = models.TextField(help_text="The condition as written on the licence.")
    added_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["category", "added_on", "pk"]
        indexes = [models.Index(fields=["licence", "ended_on"])]

    def __str__(self):
        return self.title

    def is_active(self, today=None) -> bool:
        return rules.condition_is_active(self.added_on, self.ended_on, today or timezone.localdate())


class Variation(CaseItem):
    """A request to add, vary or remove a condition, and what was decided and why."""

    class Kind(models.TextChoices):
        ADD = "add", "Add a condition"
        VARY = "vary", "Vary a condition (change its details)"
        EASE = "ease", "Ease a condition"
        REMOVE = "remove", "Remove a condition"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="variations")
    condition = models.ForeignKey(LicenceCondition, null=True, blank=True, on_delete=models.SET_NULL, related_name="variations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_by = models.CharField(max_length=200, help_text="Who asked: the person on licence, the offender manager, MAPPA, the police...")
    request = models.TextField("What was asked for")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    decided_on = models.DateField()
    decided_by = models.CharField(max_length=200, help_text="For example: the Governor, for the Secretary of State; the Parole Board.")
    reason = models.TextField("Reasons for the decision")
    consulted = models.TextField("Who was consulted, and what they said", blank=True)
    victim_liaison_consulted = models.BooleanField("The victim liaison officer was consulted", default=False)
    victim_views = models.TextField("The victim's views, through the victim liaison officer", blank=True)
    new_text = models.TextField(blank=True, help_text="The condition's wording after the change.")

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_decision_display().lower()} on {govuk_day(self.decided_on)}"


class Zone(CaseItem):
    """An exclusion zone (drawn as an area, or a centre and radius), or a place to keep away from
    such as a victim's home. Stored as GeoJSON in WGS84."""

    class Kind(models.TextChoices):
        EXCLUSION = "exclusion", "Exclusion zone"
        PROTECTED = "protected", "Victim's address or other place to keep away from"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EXCLUSION)
    label = models.CharField(max_length=120, help_text="For example: Victim's home and route to work.")
    geometry = models.JSONField(help_text="GeoJSON Polygon or Point, longitude first.")
    radius_m = models.FloatField("Radius in metres", null=True, blank=True)
    condition = models.ForeignKey(LicenceCondition, null=True, blank=True, on_delete=models.SET_NULL, related_name="zones")
    description = models.TextField(blank=True, help_text="The area as the licence describes it, e.g. the streets that bound it.")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "label"]

    def __str__(self):
        return self.label

    def shape(self) -> geo.Zone:
        if self.kind == self.Kind.PROTECTED and self.geometry.get("type") == "Point":
            lon, lat = self.geometry["coordinates"]
            return geo.Zone(str(self.pk), self.label, centre=geo.LatLon(lat, lon), radius_m=self.radius_m or 0.0,
                            protected_place=True)
        z = geo.zone_from_geojson(self.geometry, key=str(self.pk), label=self.label, radius_m=self.radius_m)
        if self.kind == self.Kind.PROTECTED:
            return geo.Zone(z.key, z.label, z.polygon, z.centre, z.radius_m or 0.0, protected_place=True)
        return z

    def is_active(self, today=None) -> bool:
        return self.ended_on is None or self.ended_on > (today or timezone.localdate())


def active_zones(qs, today=None):
    today = today or timezone.localdate()
    return qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


class AddressLocation(CaseItem):
    """Where a register address is on the map, and what the zone checks found there."""

    class Result(models.TextChoices):
        CLEAR = "clear", "Clear"
        NEAR = "near", "Near a zone or a victim's address"
        INSIDE = "inside", "Inside an exclusion zone"

    address = models.OneToOneField("nominals.Address", on_delete=models.CASCADE, related_name="location")
    latitude = models.FloatField()
    longitude = models.FloatField()
    picked_on_map = models.BooleanField(default=False)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.CLEAR)
    findings = models.JSONField(default=list, blank=True, help_text="The explanations of the last check.")
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["address__status", "pk"]

    def __str__(self):
        return f"Location of {self.address}"

    @property
    def point(self) -> geo.LatLon:
        return geo.LatLon(self.latitude, self.longitude)

    @property
    def rejected(self) -> bool:
        """A proposed address inside an exclusion zone cannot be approved."""
        return self.result == self.Result.INSIDE and self.address.status == "proposed"


def today() -> datetime.date:
    return timezone.localdate()
