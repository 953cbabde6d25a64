"""Pages for case transfer and cover: "Transfer this case" from the case page, the receiving team's inbox and its
answer page, and the cover page linked from the user's account. Thin: reads through the policy and queries, changes
through transfer_services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.core.concurrency import StaleEdit
from mappa.core.saving import apply_errors
from mappa.nominals import forms, queries, services, transfer_rules, transfer_services
from mappa.nominals.case import case_header

PAGE_SIZE = 20
STALE = "Someone else changed this after you opened it. Check what it says now and try again."


@login_required
def transfer(request, pk):
    """Send a case to another team, or see (and withdraw) the transfer waiting for an answer."""
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_send_transfer(request.user, nominal):
        raise Http404("Only the manager, the colleague covering for them or a supervisor of the team transfers a case")
    history = list(policy.transfers_for(request.user, nominal)[:PAGE_SIZE])
    pending = next((t for t in history if t.status == "pending"), None)
    checklist = queries.transfer_checklist(request.user, nominal)
    form = forms.TransferForm(request.POST or None, teams=queries.receiving_teams(nominal), checklist=checklist,
                              initial={"version": nominal.version})
    if request.method == "POST" and pending is None and form.is_valid():
        d = form.cleaned_data
        try:
            transfer_services.send_transfer(actor=request.user, nominal=nominal, to_team=d["to_team"], reason=d["reason"],
                                            confirmed=d["confirmed"], version=d["version"])
        except StaleEdit:
            form.add_error(None, STALE)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Transfer sent to {d['to_team'].name}. You stay responsible for the case until "
                                      "they accept it.")
            return redirect("nominals:transfer", nominal.pk)
    if request.method == "GET":
        services.record_view(request.user, nominal, what="transfer")
    return render(request, "nominals/transfer.html", {
        "nominal": nominal, "case": case_header(request, nominal), "marking": nominal.marking, "form": form,
        "pending": pending, "history": history, "checklist": checklist, "today": timezone.localdate()})


@login_required
@require_POST
def withdraw_transfer(request, pk, transfer_pk):
    found = policy.get_transfer(request.user, transfer_pk)
    if found.nominal.pk != pk:
        raise Http404("No such transfer")
    try:
        transfer_services.withdraw_transfer(actor=request.user, transfer=found, version=int(request.POST.get("version") or 0))
    except StaleEdit:
        messages.error(request, STALE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Transfer withdrawn. The case stays with your team.")
    return redirect("nominals:transfer", pk)


@login_required
def inbox(request):
    """Transfers waiting for the user's team to answer, soonest due first; empty for anyone who does not answer them."""
    rows = policy.transfers_to_answer(request.user).order_by("answer_due", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for t in page:
        t.overdue = transfer_rules.is_overdue(t.answer_due, today)
    return render(request, "nominals/transfer_inbox.html", {"page": page, "answers": request.user.role == "supervisor"})


@login_required
def answer(request, transfer_pk):
    """A supervisor of the receiving team accepts (choosing the new manager) or declines with a reason."""
    found = policy.get_transfer(request.user, transfer_pk)
    nominal = found.nominal
    may_answer = policy.may_answer_transfer(request.user, found)
    accept = forms.AcceptTransferForm(request.POST if request.POST.get("answer") == "accept" else None,
                                      team=found.to_team, initial={"version": found.version}, prefix="accept")
    decline = forms.DeclineTransferForm(request.POST if request.POST.get("answer") == "decline" else None,
                                        initial={"version": found.version}, prefix="decline")
    if request.method == "POST":
        if not may_answer:
            raise Http404("Only a supervisor of the receiving team answers a transfer waiting for them")
        form = accept if request.POST.get("answer") == "accept" else decline
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is accept:
                    transfer_services.accept_transfer(actor=request.user, transfer=found, new_manager=d["new_manager"],
                                                      version=d["version"], skills_reason=d["skills_reason"])
                else:
                    transfer_services.decline_transfer(actor=request.user, transfer=found, reason=d["decline_reason"],
                                                       version=d["version"])
            except StaleEdit:
                form.add_error(None, STALE)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if form is accept:
                    messages.success(request, f"Transfer accepted. {d['new_manager'].display_name} manages the case now.")
                    return redirect("nominals:detail", nominal.pk)
                messages.success(request, "Transfer declined. The sending team has been told why.")
                return redirect("nominals:transfer_inbox")
    else:
        services.record_view(request.user, nominal, found, what="transfer request")
    codes = set(found.checklist)
    checklist = [i for i in queries.transfer_checklist(request.user, nominal, found.sent_on) if i["code"] in codes]
    return render(request, "nominals/transfer_answer.html", {
        "nominal": nominal, "case": case_header(request, nominal), "marking": nominal.marking, "transfer": found,
        "checklist": checklist, "accept": accept, "decline": decline, "may_answer": may_answer,
        "overdue": transfer_rules.is_overdue(found.answer_due, timezone.localdate())})


@login_required
def cover(request):
    """The user's absences and the covers they give (a supervisor's team's too), and a form to record cover."""
    user = request.user
    arranges = user.role in policy.TEAM_ROLES
    form = forms.CoverForm(request.POST or None, user=user) if arranges else None
    if request.method == "POST":
        if form is None:
            raise Http404("Only practitioners and supervisors arrange cover")
        if form.is_valid():
            d = form.cleaned_data
            try:
                transfer_services.record_cover(actor=user, absent=d["absent"], covering=d["covering"],
                                               starts_on=d["starts_on"], ends_on=d["ends_on"], reason=d["reason"],
                                               skills_reason=d["skills_reason"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Cover recorded: {d['covering'].display_name} covers for "
                                          f"{d['absent'].display_name}.")
                return redirect("nominals:cover")
    now = timezone.now()
    page = Paginator(policy.covers_for(user).order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for c in page:
        c.running = c.starts_at <= now < c.ends_at
        c.ended = c.ends_at <= now
    return render(request, "nominals/cover.html", {"form": form, "page": page})


@login_required
@require_POST
def end_cover(request, cover_pk):
    found = policy.covers_for(request.user).filter(pk=policy.record_id(cover_pk)).first()
    if found is None:
        raise Http404("No such cover")
    try:
        transfer_services.end_cover(actor=request.user, cover=found, version=int(request.POST.get("version") or 0))
    except StaleEdit:
        messages.error(request, STALE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Cover ended.")
    return redirect("nominals:cover")
