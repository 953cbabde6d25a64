from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    PRISON = "prison", "Prison service"
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HOUSING = "housing", "Housing"
    HEALTH = "health", "Health and mental health"
    YOUTH_OFFENDING = "youth_offending", "Youth offending"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    ELECTRONIC_MONITORING = "electronic_monitoring", "Electronic monitoring provider"
    VICTIM_SERVICES = "victim_services", "Victim services"


RESPONSIBLE_AUTHORITIES = {AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.PRISON}


class Area(models.Model):
    """A MAPPA area. Police divisions and local offices (teams) sit within it."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    require_second_factor = models.BooleanField(
        default=False, help_text="Everyone in this agency must sign in with an authenticator app code."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    @property
    def is_responsible_authority(self) -> bool:
        return self.kind in RESPONSIBLE_AUTHORITIES


class Team(models.Model):
    """A team or unit within an agency, working in one area (a police division, a local office...)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=160)

    class Meta:
        ordering = ["agency__name", "name"]
        unique_together = [("agency", "name")]

    def __str__(self):
        return f"{self.name}, {self.agency.name}"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    SUPERVISOR = "supervisor", "Supervisor or manager"
    COORDINATOR = "coordinator", "MAPPA co-ordinator"
    ADMIN = "admin", "Administrator"
    PARTNER_READONLY = "partner_readonly", "Partner agency (read only)"
    EMERGENCY = "emergency", "Police officer (emergency access only)"


class Users(UserManager):
    """Usernames are told apart without regard to case: "Police" signs in as "police"."""

    def get_by_natural_key(self, username):
        exact = self.filter(username=username).first()
        return exact or self.get(username__iexact=username)


class User(AbstractUser):
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=120, blank=True)
    # A capability, not a role: a victim liaison officer works cases as any practitioner does (partner, team),
    # and also holds victims' details (mappa.access.policy.may_see_victims).
    victim_liaison = models.BooleanField(
        "Victim liaison officer", default=False,
        help_text="Sees and records victims' details and statutory victim contact on the records they can reach.")

    objects = Users()

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def needs_second_factor(self) -> bool:
        return bool(self.agency and self.agency.require_second_factor)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is kept; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
