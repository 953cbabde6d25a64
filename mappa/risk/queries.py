"""What the risk pages, the API and the case page read, always through mappa.access.policy."""
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.core import facts
from mappa.risk import rules
from mappa.risk.models import Assessment, InstrumentTable, ReviewRequest, TrainingRecord

NEWEST_FIRST = [F("assessed_on").desc(), F("id").desc()]


def assessments_for(user, nominal):
    """Every assessment of the person `user` may see, newest first."""
    return (policy.items_for(user, Assessment, nominal=nominal).select_related("created_by", "approved_by")
            .order_by(*NEWEST_FIRST))


def assessments_oldest_first(user, nominal) -> list:
    return list(policy.items_for(user, Assessment, nominal=nominal).select_related("created_by").order_by("assessed_on", "id"))


def latest_assessments(user, nominal) -> list:
    """The latest assessment of each risk type and tool the user may see, newest first: one query that
    reads only those rows, however long the history."""
    return list(policy.items_for(user, Assessment, nominal=nominal)
                .annotate(rank=Window(RowNumber(), partition_by=[F("risk_type"), F("tool")], order_by=NEWEST_FIRST))
                .filter(rank=1).select_related("created_by", "approved_by").order_by(*NEWEST_FIRST))


def reviews_for(user, nominal, limit: int = 50) -> list:
    """The person's review requests `user` may see, open ones first by when they are due."""
    return list(policy.items_for(user, ReviewRequest, nominal=nominal).select_related("done_by")
                .order_by("done_on", "due")[:limit])


def reader_setting(user, nominal) -> str:
    """Where the person is now (in custody or in the community), as `user` may see it."""
    return rules.setting_now(facts.facts_for(user, nominal, only=("in_custody",)).in_custody.value)


def rosh_groups() -> dict | None:
    from mappa.risk.services import rosh_groups

    return rosh_groups(timezone.localdate())


def training_records_for(user):
    """Training records a supervisor keeps: the team's active members', or everyone's for an administrator.
    Nobody else reads them (the view refuses them first)."""
    if user.role == Role.ADMIN:
        people = User.objects.all()
    elif user.role == Role.SUPERVISOR:
        people = User.objects.filter(team_id=user.team_id)
    else:
        people = User.objects.none()
    return TrainingRecord.objects.filter(user__in=people, user__is_active=True).select_related("user")


def instrument_tables(limit: int = 50):
    """The scoring tables loaded, newest first (reference data, not case data)."""
    return InstrumentTable.objects.select_related("loaded_by")[:limit]
