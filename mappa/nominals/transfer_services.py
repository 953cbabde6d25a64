"""Every change to case transfers and cover (inspection 2010 E-39, ¶7.21, F-151; good practice 2009-2012 §2.25).

Each takes the acting user, checks the access policy, validates, writes the change, its audit rows and the
notifications in one transaction, and refuses a save based on a stale version. Until a transfer is accepted nothing
moves: the sending manager stays responsible, so the case is never without one."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import diff, record
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.notifications import notify
from mappa.nominals import events, queries, transfer_rules
from mappa.nominals.models import CaseTransfer, Cover, Nominal, SignificantEvent
from mappa.nominals.rules import raise_if
from mappa.nominals.services import log_change, skills_check

Status = CaseTransfer.Status


def _supervisors(team_id) -> list:
    return list(User.objects.filter(team_id=team_id, role=Role.SUPERVISOR, is_active=True).select_related("agency"))


@transaction.atomic
def send_transfer(*, actor, nominal: Nominal, to_team, reason: str, confirmed, version: int) -> CaseTransfer:
    """Ask a supervisor of `to_team` to take the case, with every checklist item that applies confirmed."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    if not policy.may_send_transfer(actor, nominal):
        raise PermissionDenied("Only the case's manager, the colleague covering for them or a supervisor of its team "
                               "can transfer it.")
    if nominal.version != version:
        raise StaleEdit(nominal)
    today = timezone.localdate()
    errors = transfer_rules.transfer_errors(from_team_id=nominal.team_id, to_team_id=to_team.pk if to_team else None,
                                            reason=reason)
    if to_team is not None and "to_team" not in errors and not queries.receiving_teams(nominal).filter(pk=to_team.pk).exists():
        errors["to_team"] = f"Choose a {nominal.team.agency.get_kind_display().lower()} team with a supervisor to answer"
    if CaseTransfer.objects.filter(nominal=nominal, status=Status.PENDING).exists():
        errors["to_team"] = "This case already has a transfer waiting for an answer. Withdraw it first"
    applicable = queries.transfer_checklist(actor, nominal, today)
    codes = {item["code"] for item in applicable}
    confirmed = [c for c in dict.fromkeys(confirmed or []) if c in codes]
    if transfer_rules.missing_items(applicable, confirmed):
        errors["checklist"] = "Confirm every item of the checklist before you send the transfer"
    raise_if(errors)
    transfer = CaseTransfer.objects.create(
        nominal=nominal, from_team=nominal.team, from_manager=nominal.manager, to_team=to_team, reason=reason.strip(),
        checklist=confirmed, sent_by=actor, sent_on=today,
        answer_due=transfer_rules.answer_due(today, reference.value("transfer.answer_days", today)))
    record(actor, Action.CREATE, transfer, nominal=nominal, label=f"Transfer to {to_team}",
           details={"to_team": to_team.pk, "checklist": confirmed, "reason": transfer.reason})
    log_change(nominal, actor, f"Transfer to {to_team} requested; {nominal.team} stays responsible until it is accepted")
    notify(_supervisors(to_team.pk), kind="transfer_requested", nominal=nominal,
           message=f"{nominal.team} asks your team to take {nominal.full_name}. Answer by {govuk_day(transfer.answer_due)}.")
    return transfer


def _current(actor, transfer: CaseTransfer, version: int) -> CaseTransfer:
    transfer = policy.get_transfer(actor, transfer.pk)
    if transfer.status != Status.PENDING:
        raise ValidationError({"transfer": f"This transfer has already been {transfer.get_status_display().lower()}"})
    if transfer.version != version:
        raise StaleEdit(transfer)
    return transfer


def _answered(actor, transfer, status, version, **fields) -> None:
    before = transfer.status
    transfer.status, transfer.answered_by, transfer.answered_at = status, actor, timezone.now()
    for name, value in fields.items():
        setattr(transfer, name, value)
    save_if_current(transfer, version, ["status", "answered_by", "answered_at", *fields])
    record(actor, Action.UPDATE, transfer, nominal=transfer.nominal, label=f"Transfer to {transfer.to_team}",
           changes={"status": [before, status], **{k: [None, str(v)] for k, v in fields.items() if v}})


@transaction.atomic
def accept_transfer(*, actor, transfer: CaseTransfer, new_manager, version: int, skills_reason: str = "") -> CaseTransfer:
    """The receiving team takes the case: team and manager move together, with the audit rows, the notifications
    to both sides and a significant event asking for the transfer-in reassessment (good practice 2009-2012 §2.25
    REQ-WF-02, E2.4-29; inspection 2010 ¶7.21). A new manager who lacks training the case needs is warned of and
    named only with a reason (services.skills_check, F-152)."""
    transfer = _current(actor, transfer, version)
    if not policy.may_answer_transfer(actor, transfer):
        raise PermissionDenied("Only a supervisor of the receiving team can accept this transfer.")
    if new_manager is None or new_manager.team_id != transfer.to_team_id or not new_manager.is_active \
            or new_manager.role not in (Role.PRACTITIONER, Role.SUPERVISOR):
        raise ValidationError({"new_manager": f"Choose an active member of {transfer.to_team} to manage the case"})
    nominal = Nominal.objects.select_for_update().get(pk=transfer.nominal.pk)
    skills = skills_check(actor, [nominal], new_manager, skills_reason)
    before = {"team": nominal.team, "manager": nominal.manager}
    nominal.team, nominal.manager = transfer.to_team, new_manager
    save_if_current(nominal, nominal.version, ["team", "manager"])
    _answered(actor, transfer, Status.ACCEPTED, version, new_manager=new_manager)
    record(actor, Action.UPDATE, nominal, nominal=nominal, changes=diff(before, {"team": nominal.team, "manager": new_manager}),
           reason=skills.get("reason", ""), details={"transfer": transfer.pk, **skills.get("details", {})})
    log_change(nominal, actor, f"Transferred from {transfer.from_team} to {transfer.to_team}, managed by {new_manager.display_name}")
    events.record_significant_event(actor=actor, nominal=nominal, kind=SignificantEvent.Kind.TRANSFER, source=transfer,
                                    summary=f"Transferred from {transfer.from_team} to {transfer.to_team}: review the "
                                            "risk assessment and plan in the new area")
    sending = {u.pk: u for u in _supervisors(transfer.from_team_id)}
    for person in (transfer.from_manager, transfer.sent_by):
        if person is not None:
            sending[person.pk] = person
    sending.pop(actor.pk, None)
    notify(list(sending.values()), kind="transfer_accepted", nominal=nominal,
           message=f"{transfer.to_team} accepted the transfer of {nominal.full_name}; {new_manager.display_name} manages the case now.")
    if new_manager.pk != actor.pk:
        notify([new_manager], kind="allocated", nominal=nominal,
               message=f"{nominal.full_name} has been transferred to {transfer.to_team} and allocated to you.")
    return transfer


@transaction.atomic
def decline_transfer(*, actor, transfer: CaseTransfer, reason: str, version: int) -> CaseTransfer:
    """The receiving team says no, with the reason; the case stays where it is."""
    transfer = _current(actor, transfer, version)
    if not policy.may_answer_transfer(actor, transfer):
        raise PermissionDenied("Only a supervisor of the receiving team can decline this transfer.")
    if not (reason or "").strip():
        raise ValidationError({"decline_reason": "Enter why your team cannot take the case"})
    _answered(actor, transfer, Status.DECLINED, version, decline_reason=reason.strip())
    log_change(transfer.nominal, actor, f"Transfer to {transfer.to_team} declined: {reason.strip()}")
    told = {u.pk: u for u in [transfer.from_manager, transfer.sent_by] if u is not None and u.pk != actor.pk}
    notify(list(told.values()), kind="transfer_declined", nominal=transfer.nominal,
           message=f"{transfer.to_team} declined the transfer of {transfer.nominal.full_name}: {reason.strip()}")
    return transfer


@transaction.atomic
def withdraw_transfer(*, actor, transfer: CaseTransfer, version: int) -> CaseTransfer:
    """The sending side takes the request back before it is answered."""
    transfer = _current(actor, transfer, version)
    if not policy.may_send_transfer(actor, transfer.nominal):
        raise PermissionDenied("Only the sending side can withdraw this transfer.")
    _answered(actor, transfer, Status.WITHDRAWN, version)
    log_change(transfer.nominal, actor, f"Transfer to {transfer.to_team} withdrawn")
    notify(_supervisors(transfer.to_team_id), kind="transfer_withdrawn", nominal=transfer.nominal,
           message=f"{transfer.from_team} withdrew its request for your team to take {transfer.nominal.full_name}.")
    return transfer


@transaction.atomic
def record_cover(*, actor, absent, covering, starts_on, ends_on, reason: str = "", skills_reason: str = "") -> Cover:
    """Record an absence and the colleague who covers it (F-151: cover with an expiry). A colleague who lacks
    training that the absent manager's cases need is warned of and named only with a reason (services.skills_check,
    F-152): the cases the absent manager manages, read as the actor may see them."""
    if not policy.may_arrange_cover(actor, absent):
        raise PermissionDenied("You can arrange cover for yourself, or as a supervisor for a member of your team.")
    today = timezone.localdate()
    errors = transfer_rules.cover_errors(starts_on=starts_on, ends_on=ends_on, today=today, absent_id=absent.pk,
                                         covering_id=covering.pk if covering else None,
                                         max_days=reference.value("cover.max_days", starts_on or today))
    if covering is not None and "covering" not in errors and not policy.may_cover(absent, covering):
        errors["covering"] = f"Choose an active practitioner or supervisor in {absent.agency}"
    if not errors:
        clash = (Cover.objects.filter(absent=absent, starts_on__lte=ends_on, ends_on__gte=starts_on,
                                      ended_early_at__isnull=True).select_related("covering").first())
        if clash:
            errors["starts_on"] = (f"{clash.covering.display_name} already covers from {govuk_day(clash.starts_on)} to "
                                   f"{govuk_day(clash.ends_on)}. Choose dates outside that cover, or end it first")
    raise_if(errors)
    cases = policy.nominals_for(actor).filter(manager=absent)
    skills = skills_check(actor, cases, covering, skills_reason, starts_on)
    starts_at, ends_at = transfer_rules.cover_window(starts_on, ends_on, settings.TIME_ZONE)
    cover = Cover.objects.create(absent=absent, covering=covering, starts_on=starts_on, ends_on=ends_on,
                                 starts_at=starts_at, ends_at=ends_at, reason=(reason or "").strip(), created_by=actor)
    record(actor, Action.CREATE, cover, label=f"Cover for {absent.display_name}", reason=skills.get("reason", ""),
           details={"absent": absent.pk, "covering": covering.pk, "starts_on": str(starts_on), "ends_on": str(ends_on),
                    **skills.get("details", {})})
    told = [u for u in (covering, absent) if u.pk != actor.pk]
    notify(told, kind="cover", message=f"{covering.display_name} covers for {absent.display_name} from "
                                       f"{govuk_day(starts_on)} to {govuk_day(ends_on)}: the cases are on their work list.")
    return cover


@transaction.atomic
def end_cover(*, actor, cover: Cover, version: int) -> Cover:
    """End a cover now (the absent manager is back early, or it was a mistake). Its record stays."""
    cover = policy.covers_for(actor).filter(pk=cover.pk).first()
    if cover is None:
        raise PermissionDenied("You can end only a cover of your own absence, one you give, or your team's.")
    now = timezone.now()
    if cover.ends_at <= now:
        raise ValidationError({"cover": "This cover has already ended"})
    if cover.version != version:
        raise StaleEdit(cover)
    before = cover.ends_at
    cover.ends_at = cover.ended_early_at = max(now, cover.starts_at)
    save_if_current(cover, version, ["ends_at", "ended_early_at"])
    record(actor, Action.UPDATE, cover, label=f"Cover for {cover.absent.display_name}",
           changes={"ends_at": [before.isoformat(), cover.ends_at.isoformat()]})
    return cover
