"""Reading themed audits: an audit's theme and checklist belong to the area (no case data); its sampled cases
and remedial actions are case data, read through the policy, so a reader sees only the cases they may see."""
import datetime

from django.http import Http404

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.core import reference
from mappa.quality.models import AuditCase, RemedialAction, ThemedAudit

SAMPLE = "quality.audit.sample"
CHECKLIST = "quality.audit.checklist"


def sample_limits(on: datetime.date) -> dict:
    """{"default": n, "most": n}: how many cases an audit draws (reference data)."""
    return reference.value(SAMPLE, on)


def audits_for(user, area) -> list[ThemedAudit]:
    if not policy.may_see_quality(user, area.pk):
        return []
    return list(ThemedAudit.objects.filter(area=area).select_related("created_by"))


def get_audit(user, pk) -> ThemedAudit:
    found = ThemedAudit.objects.filter(pk=policy.record_id(pk)).select_related("area", "created_by").first()
    if found is None or not (policy.may_see_quality(user, found.area_id) or _owns_action_in(user, found)):
        raise Http404("No such audit")
    return found


def _owns_action_in(user, audit: ThemedAudit) -> bool:
    """Someone given a remedial action opens the audit from their work list: they see it, and in it only the cases
    they may see."""
    return policy.items_for(user, RemedialAction).filter(case__audit=audit, owner=user).exists()


def may_change(user, audit: ThemedAudit) -> bool:
    """The supervisor or co-ordinator who started the audit records its findings, while it is open."""
    return audit.created_by_id == user.pk and audit.status == ThemedAudit.Status.OPEN


def cases_of(user, audit: ThemedAudit) -> list[AuditCase]:
    return list(policy.items_for(user, AuditCase).filter(audit=audit)
                .select_related("nominal", "nominal__team", "checked_by").order_by("nominal__last_name", "pk"))


def get_case(user, audit: ThemedAudit, pk) -> AuditCase:
    found = policy.items_for(user, AuditCase).filter(audit=audit, pk=policy.record_id(pk)).select_related("nominal").first()
    if found is None:
        raise Http404("No such case in this audit")
    return found


def actions_of(user, audit: ThemedAudit) -> list[RemedialAction]:
    return list(policy.items_for(user, RemedialAction).filter(case__audit=audit)
                .select_related("nominal", "owner").order_by("done_on", "due_on", "pk"))


def get_action(user, pk) -> RemedialAction:
    return policy.get_item(user, RemedialAction, pk)


def owners_for(case: AuditCase) -> list[User]:
    """Who may be given a remedial action on a case: the active practitioners and supervisors of the team that
    holds it (the record's manager among them)."""
    return list(User.objects.filter(team_id=case.nominal.team_id, is_active=True,
                                    role__in=(Role.PRACTITIONER, Role.SUPERVISOR)).order_by("last_name", "first_name"))


def open_actions_for(user, today: datetime.date, owners=None) -> list[RemedialAction]:
    """Remedial actions the user owns (or `owners`, ids: a team's, read by its supervisor) that are not done, on
    cases the user may see (the work list)."""
    return list(policy.items_for(user, RemedialAction).filter(owner_id__in=owners or [user.pk], done_on__isnull=True)
                .select_related("nominal", "case").order_by("due_on"))
