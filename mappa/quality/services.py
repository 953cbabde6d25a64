"""Every change to a themed audit: each takes the acting user, checks the policy and the rules, and writes the
audit row in the same transaction."""
import datetime
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot
from mappa.core import reference
from mappa.core.concurrency import save_if_current
from mappa.quality import audits
from mappa.quality.models import Answer, AuditCase, RemedialAction, ThemedAudit


def _may_change(actor, audit: ThemedAudit) -> None:
    if not audits.may_change(actor, audit):
        if audit.status != ThemedAudit.Status.OPEN:
            raise ValidationError("This audit is finished: its findings cannot change")
        raise PermissionDenied("Only the supervisor or co-ordinator who started this audit records its findings")


@transaction.atomic
def start_audit(*, actor, area, theme: str, size: int, seed: int | None = None) -> ThemedAudit:
    """Draw `size` cases at random from the records of `area` the actor may see, each to be checked against the
    checklist in force today (reference data). The sample is drawn from the actor's own scope, so a supervisor
    audits the cases they are answerable for."""
    if not policy.may_see_quality(actor, area.pk):
        raise PermissionDenied("Only the area's MAPPA co-ordinators and supervisors run themed audits")
    today = timezone.localdate()
    limits = audits.sample_limits(today)
    theme = (theme or "").strip()
    if not theme:
        raise ValidationError({"theme": "Enter the theme of the audit"})
    if not 1 <= int(size) <= int(limits["most"]):
        raise ValidationError({"size": f"Sample between 1 and {limits['most']} cases"})
    ids = sorted(policy.nominals_in_area(actor, area.pk).values_list("pk", flat=True))
    if not ids:
        raise ValidationError("There are no cases you may see in the area to sample")
    chosen = random.Random(seed).sample(ids, min(int(size), len(ids)))
    audit = ThemedAudit.objects.create(area=area, theme=theme, checklist=reference.value(audits.CHECKLIST, today),
                                       started_on=today, created_by=actor)
    record(actor, Action.CREATE, audit, label=f"Themed audit started: {theme}",
           details={"area": area.code, "sampled": len(chosen)})
    for pk in sorted(chosen):
        case = AuditCase.objects.create(audit=audit, nominal_id=pk)
        record(actor, Action.CREATE, case, nominal=case.nominal, label=f"Sampled for the themed audit “{theme}”")
    return audit


@transaction.atomic
def record_case(*, actor, case: AuditCase, answers: dict, findings: str, version: int) -> AuditCase:
    """The checklist's answers and the findings for one sampled case. Every question needs an answer."""
    case = audits.get_case(actor, case.audit, case.pk)
    _may_change(actor, case.audit)
    questions = [q["key"] for q in case.audit.checklist]
    errors = {key: "Answer yes, no or does not apply" for key in questions if answers.get(key) not in Answer.values}
    if set(answers) - set(questions):
        errors["answers"] = "Answer only the audit's checklist"
    if errors:
        raise ValidationError(errors)
    before = snapshot(case, ["answers", "findings", "checked_on"])
    case.answers, case.findings = {k: answers[k] for k in questions}, findings.strip()
    case.checked_on, case.checked_by = timezone.localdate(), actor
    save_if_current(case, version, ["answers", "findings", "checked_on", "checked_by"])
    record(actor, Action.UPDATE, case, nominal=case.nominal, label="Themed audit: case checked",
           changes=diff(before, snapshot(case, ["answers", "findings", "checked_on"])))
    return case


@transaction.atomic
def add_action(*, actor, case: AuditCase, description: str, owner, due_on: datetime.date) -> RemedialAction:
    """A remedial action on a sampled case, for someone of the team that holds it, by a date."""
    case = audits.get_case(actor, case.audit, case.pk)
    _may_change(actor, case.audit)
    errors = {}
    if not (description or "").strip():
        errors["description"] = "Enter what needs to be put right"
    if owner is None or owner.pk not in {u.pk for u in audits.owners_for(case)}:
        errors["owner"] = "Choose someone in the team that holds the record"
    if due_on is None or due_on < case.audit.started_on:
        errors["due_on"] = "The date must be on or after the day the audit began"
    if errors:
        raise ValidationError(errors)
    action = RemedialAction.objects.create(case=case, nominal=case.nominal, description=description.strip(),
                                           owner=owner, due_on=due_on, created_by=actor)
    record(actor, Action.CREATE, action, nominal=case.nominal, label="Themed audit: remedial action",
           changes=diff({}, snapshot(action, ["description", "owner", "due_on"])))
    return action


@transaction.atomic
def mark_done(*, actor, action: RemedialAction, note: str, version: int) -> RemedialAction:
    """The action's owner, or whoever runs the audit, records it done."""
    action = audits.get_action(actor, action.pk)
    if actor.pk not in (action.owner_id, action.case.audit.created_by_id):
        raise PermissionDenied("Only the person the action is for, or whoever runs the audit, marks it done")
    if action.done_on is not None:
        raise ValidationError("This action is already done")
    action.done_on, action.done_note = timezone.localdate(), (note or "").strip()
    save_if_current(action, version, ["done_on", "done_note"])
    record(actor, Action.UPDATE, action, nominal=action.nominal, label="Themed audit: remedial action done",
           changes=diff({"done_on": None}, {"done_on": action.done_on, "done_note": action.done_note}))
    return action


@transaction.atomic
def finish_audit(*, actor, audit: ThemedAudit, summary: str, version: int) -> ThemedAudit:
    """Finish the audit once every sampled case the actor may see is checked. Remedial actions stay open
    until done."""
    audit = audits.get_audit(actor, audit.pk)
    _may_change(actor, audit)
    unchecked = [c for c in audits.cases_of(actor, audit) if c.checked_on is None]
    if unchecked:
        raise ValidationError(f"Check every sampled case first: {len(unchecked)} not checked")
    audit.status, audit.closed_on, audit.summary = ThemedAudit.Status.CLOSED, timezone.localdate(), summary.strip()
    save_if_current(audit, version, ["status", "closed_on", "summary"])
    record(actor, Action.UPDATE, audit, label=f"Themed audit finished: {audit.theme}",
           details={"summary": audit.summary})
    return audit
