"""MAPPA pages. Thin: read through the policy and queries, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.arrangements import forms, queries, rules, services
from mappa.arrangements.models import Action, Eligibility, LevelDecision, Meeting, MeetingPack, Minute, Referral
from mappa.audit.models import Action as AuditAction
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.concurrency import StaleEdit
from mappa.core.converters import query_id
from mappa.core.markings import highest
from mappa.core.pdf import pdf_response
from mappa.core.reference import MissingReferenceData
from mappa.core.saving import apply_errors, save_or_review
from mappa.jobs import status as job_status
from mappa.nominals import pick
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view

SENSITIVE = queries.SENSITIVE
LATEST = 30  # the most recent referrals, minutes and actions shown on a case's MAPPA page


@login_required
def case(request, pk):
    """The person's MAPPA history: category, level decisions, referrals, minutes and actions."""
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    summary = queries.case_summary(request.user, nominal, today)
    items = lambda model: policy.items_for(request.user, model, nominal=nominal)  # noqa: E731
    context = {
        "nominal": nominal, "case": case_header(request, nominal), "summary": summary, "today": today,
        "eligibilities": queries.with_reasons_shown(request.user, items(Eligibility).select_related("lead_agency", "created_by", "ended_by")),
        "decision_page": Paginator(items(LevelDecision).select_related("decided_by", "meeting"), 20).get_page(request.GET.get("page")),
        "referrals": list(items(Referral).select_related("created_by", "screened_by")[:LATEST]),
        "minutes": list(items(Minute).select_related("meeting").order_by("-meeting__held_on", "-id")[:LATEST]),
        "actions": _with_update_links(request.user, items(Action).select_related("owner_agency", "meeting", "nominal")
                                      .order_by("-due_on", "-id")[:LATEST]),
        "latest": LATEST,
        "can_manage": services.may_manage(request.user, nominal),
        "can_record": services.may_record(request.user, nominal),
        "suggestion_form": forms.SuggestionSeenForm(initial={"key": summary.suggestion.key}) if summary.suggestion else None,
    }
    shown = [m.marking for m in context["minutes"]] + [a.marking for a in context["actions"]]
    context["marking"] = highest([SENSITIVE, *shown])
    record_view(request.user, nominal, what="MAPPA")
    return render(request, "arrangements/case.html", context)


def _with_update_links(user, actions):
    """Link an action to its update page only for those who may update it (others got a 403), asking
    whether they manage each person once, not once per action."""
    manages = {}
    for action in actions:
        if action.nominal_id not in manages:
            manages[action.nominal_id] = services.may_manage(user, action.nominal)
        action.updatable = services.may_update_action(user, action, manages=manages[action.nominal_id])
    return actions


def _manageable(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not services.may_manage(request.user, nominal):
        raise PermissionDenied("You can see this record but not change it.")
    return nominal


def _recordable(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not services.may_record(request.user, nominal):
        raise PermissionDenied("You can see this record but not record MAPPA decisions for it.")
    return nominal


def _render_form(request, nominal, form, title, **extra):
    return render(request, "arrangements/form.html", {"nominal": nominal, "case": case_header(request, nominal), "form": form, "title": title, "marking": SENSITIVE, **extra})


@login_required
def identify(request, pk):
    nominal = _manageable(request, pk)
    proposal = services.proposal_for(request.user, nominal)
    initial = {"category": str(proposal.category) if proposal.category else None, "identified_on": timezone.localdate(),
               "lead_agency": request.user.agency_id}
    form = forms.IdentifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.identify(actor=request.user, nominal=nominal, category=d["category"], identified_on=d["identified_on"],
                              basis=d["basis"], link_to_risk=d["link_to_risk"], lead_agency=d["lead_agency"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "MAPPA category confirmed.")
            return redirect("arrangements:case", nominal.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what="MAPPA identification")
    return _render_form(request, nominal, form, "Confirm MAPPA eligibility and category", proposal=proposal)


@login_required
def end(request, pk):
    nominal = _manageable(request, pk)
    eligibility = services.current_eligibility(nominal)
    if eligibility is None:
        raise Http404("No current MAPPA eligibility")
    initial = {"version": eligibility.version, "ended_on": timezone.localdate()}
    ending = request.method == "GET" and queries.case_summary(request.user, nominal, timezone.localdate()).category2_ended
    if ending:  # the records show when and why Category 2 ended: offer that
        initial.update(ended_on=max(ending.on, eligibility.identified_on), end_reason=ending.reason)
    form = forms.EndForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.end_eligibility(actor=request.user, eligibility=eligibility, ended_on=d["ended_on"], reason=d["end_reason"],
                                     notes=d["end_notes"], version=d["version"])
        except StaleEdit:
            form.add_error(None, "Someone else changed this eligibility after you opened it. Check the case page and try again.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "MAPPA eligibility ended. The case's MAPPA history is kept.")
            return redirect("arrangements:case", nominal.pk)
    if request.method == "GET":
        record_view(request.user, nominal, eligibility, what="end MAPPA eligibility")
    return _render_form(request, nominal, form, "End MAPPA eligibility")


@login_required
def level(request, pk):
    nominal = _recordable(request, pk)
    today = timezone.localdate()
    summary = queries.case_summary(request.user, nominal, today)
    meetings = queries.meetings_for(request.user).filter(agenda__nominal=nominal).distinct()
    initial = {"decided_on": today}
    meeting_id = query_id(request.GET, "meeting")
    chosen = meetings.filter(pk=meeting_id).first() if meeting_id else None
    if chosen is not None:
        initial.update(meeting=chosen.pk, decided_on=chosen.held_on,
                       forum=LevelDecision.Forum.SCREENING if chosen.kind == Meeting.Kind.SCREENING else LevelDecision.Forum.MEETING)
    form = forms.LevelForm(request.POST or None, meetings=meetings, initial=initial, forums=_forums_or_none(today))
    decided_on = _decided_on(form, initial["decided_on"])
    form.say_latest_reviews(decided_on, services.latest_reviews(decided_on))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.decide_level(actor=request.user, nominal=nominal, level=d["level"], forum=d["forum"],
                                  decided_on=d["decided_on"], rationale=d["rationale"],
                                  information_considered=d["information_considered"], next_review=d["next_review"],
                                  meeting=d["meeting"], referral_prompt_seen=request.POST.get("suggestion_seen") == "1")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Level decision recorded.")
            return redirect("arrangements:case", nominal.pk)
    if request.method == "GET":
        record_view(request.user, nominal, what="MAPPA level decision form")
    return _render_form(request, nominal, form, "Record a level decision or review", summary=summary, level_form=True)


def _decided_on(form, default):
    """The date of the decision the form holds (what was typed, when it is a date), for its hints."""
    if form.is_bound:
        field = form.fields["decided_on"]
        try:
            return field.clean(field.widget.value_from_datadict(form.data, form.files, form.add_prefix("decided_on"))) or default
        except ValidationError:
            return default
    return default


def _forums_or_none(today):
    try:
        return services.forums_in_force(today)
    except MissingReferenceData:
        return None


@login_required
def suggestion_seen(request, pk):
    nominal = _recordable(request, pk)
    form = forms.SuggestionSeenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_suggestion(actor=request.user, nominal=nominal, key=form.cleaned_data["key"],
                                            response=form.cleaned_data["response"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Recorded that you have seen the prompt.")
            return redirect("arrangements:case", nominal.pk)
    return _render_form(request, nominal, form, "Record what you decided about the prompt")


@login_required
def refer(request, pk):
    nominal = _manageable(request, pk)
    form = forms.ReferralForm(request.POST or None, initial={"referred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.refer(actor=request.user, nominal=nominal, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Referral sent to the MAPPA co-ordinator.")
            return redirect("arrangements:case", nominal.pk)
    if request.method == "GET":
        record_view(request.user, nominal, what="MAPPA referral form")
    return _render_form(request, nominal, form, "Refer for level 2 or 3 management")


@login_required
def screen(request, pk):
    referral = policy.get_item(request.user, Referral, pk)
    nominal = _recordable(request, referral.nominal_id)
    form = forms.ScreeningForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.screen_referral(actor=request.user, referral=referral, outcome=d["outcome"], accepted_level=d["accepted_level"],
                                     reasons=d["outcome_reasons"], version=d["version"])
        except StaleEdit:
            form.add_error(None, "Someone else screened this referral after you opened it.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Screening outcome recorded.")
            return redirect("arrangements:case", nominal.pk)
    if request.method == "GET":
        record_view(request.user, nominal, referral, what="MAPPA referral screening")
    return _render_form(request, nominal, form, "Screen the referral", referral=referral)


# ---------------------------------------------------------------- meetings

def _meeting(request, pk) -> Meeting:
    meeting = queries.meetings_for(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


@login_required
def meetings(request):
    today = timezone.localdate()
    qs = queries.meetings_for(request.user).order_by("-held_on")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "arrangements/meetings.html", {"page": page, "today": today, "marking": "OFFICIAL",
                                                          "can_arrange": request.user.role == Role.COORDINATOR})


@login_required
def meeting_new(request):
    if request.user.role != Role.COORDINATOR or not request.user.team_id:
        raise PermissionDenied("Only MAPPA co-ordinators arrange meetings.")
    form = forms.MeetingForm(request.POST or None, chairs=services.chairs_for(request.user.team.area_id))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.arrange_meeting(actor=request.user, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Meeting arranged.")
            return redirect("arrangements:meeting", meeting.pk)
    return render(request, "arrangements/form.html", {"form": form, "title": "Arrange a MAPPA meeting", "marking": "OFFICIAL"})


def _meeting_context(request, meeting):
    context = queries.meeting_context(request.user, meeting, timezone.localdate())
    _with_update_links(request.user, [a for entry in context["agenda"] for a in entry.actions])
    context.update(runs=services.may_run_meeting(request.user, meeting), standing_items=STANDING_ITEMS,
                   senior_missing=services.senior_attendance_missing(meeting))
    return context


STANDING_ITEMS = rules.STANDING_ITEMS


@login_required
def meeting(request, pk):
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    record(request.user, AuditAction.VIEW, meeting, details={"cases": [a.nominal_id for a in context["agenda"]]})
    for entry in context["agenda"]:
        record_view(request.user, entry.nominal, meeting, what=f"MAPPA meeting: {meeting}")
    context.update(attendee_form=forms.AttendeeForm(), agenda_form=forms.AgendaForm())
    return render(request, "arrangements/meeting.html", context)


@login_required
def meeting_change(request, pk):
    meeting = _meeting(request, pk)
    if not services.may_run_meeting(request.user, meeting):
        raise PermissionDenied("Only the chair or a MAPPA co-ordinator of the area can change this meeting.")
    started = rules.has_started(held_on=meeting.held_on, starts_at=meeting.starts_at, now=timezone.localtime())
    form = forms.MeetingChangeForm(request.POST or None, chairs=services.chairs_for(meeting.area_id), started=started,
                                   initial={"version": meeting.version, "held_on": meeting.held_on,
                                            "starts_at": meeting.starts_at, "venue": meeting.venue,
                                            "chair": meeting.chair_id, "status": meeting.status})
    differences = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, differences = save_or_review(form, lambda: services.change_meeting(
            actor=request.user, meeting=meeting, held_on=d["held_on"], starts_at=d["starts_at"], venue=d["venue"],
            chair=d["chair"], status=d["status"], version=d["version"]), ["held_on", "starts_at", "venue", "chair", "status"])
        if saved:
            messages.success(request, "Meeting changed.")
            return redirect("arrangements:meeting", meeting.pk)
    return render(request, "arrangements/form.html", {"form": form, "title": f"Change {meeting}", "marking": "OFFICIAL",
                                                      "meeting": meeting, "differences": differences})


@login_required
def meeting_attendee(request, pk):
    meeting = _meeting(request, pk)
    form = forms.AttendeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attendee(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Invitation recorded.")
            return redirect("arrangements:meeting", meeting.pk)
    return render(request, "arrangements/form.html", {"form": form, "title": f"Invite to {meeting}", "marking": "OFFICIAL", "meeting": meeting})


@login_required
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk)
    if request.method != "POST":
        return redirect("arrangements:meeting", meeting.pk)
    rows = {}
    for attendee in meeting.attendees.all():
        rows[attendee.pk] = {f: request.POST.get(f"{f}_{attendee.pk}") == "1"
                             for f in ("attended", "apologies", "confidentiality_declared")}
    try:
        services.record_attendance(actor=request.user, meeting=meeting, attendance=rows)
    except StaleEdit:
        messages.error(request, "Someone else changed this meeting while you were recording attendance. Check it and save again.")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Attendance recorded.")
    return redirect("arrangements:meeting", meeting.pk)


@login_required
def meeting_agenda(request, pk):
    """Add a case to the agenda: search by name (only people the user may see), then choose one.
    Without JavaScript the search is a step of its own; with htmx the results follow the typing."""
    meeting = _meeting(request, pk)
    if not services.may_run_meeting(request.user, meeting):
        raise PermissionDenied("Only the chair or a MAPPA co-ordinator of the area can change the agenda.")
    search_form = forms.AgendaSearchForm(request.GET if "q" in request.GET else None)
    form = forms.AgendaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nominal = policy.get_nominal(request.user, form.cleaned_data["nominal"])
            services.add_to_agenda(actor=request.user, meeting=meeting, nominal=nominal)
        except Http404:
            form.add_error("nominal", "Choose a person from the search results")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{nominal.full_name} added to the agenda.")
            return redirect("arrangements:meeting", meeting.pk)
    hits = None
    if search_form.is_bound and search_form.is_valid():
        hits = _agenda_hits(request.user, search_form.cleaned_data["q"])
    context = {"meeting": meeting, "search_form": search_form, "form": form, "hits": hits,
               "on_agenda": set(queries.agenda_for(request.user, meeting).values_list("nominal_id", flat=True)),
               "marking": SENSITIVE if hits else "OFFICIAL"}
    template = "arrangements/_agenda_results.html" if request.htmx else "arrangements/agenda_add.html"
    return render(request, template, context)


def _agenda_hits(user, text: str):
    return pick.people_matching(user, text, "meeting agenda")


@login_required
def meeting_minute(request, pk, nominal_pk):
    meeting = _meeting(request, pk)
    nominal = policy.get_nominal(request.user, nominal_pk)
    if not services.may_run_meeting(request.user, meeting):
        raise PermissionDenied("Only the chair or a MAPPA co-ordinator of the area can record minutes.")
    form = forms.MinuteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        handling = d.pop("handling")
        try:
            services.record_minute(actor=request.user, meeting=meeting, nominal=nominal, handling=handling, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Minutes recorded for {nominal.full_name}.")
            return redirect("arrangements:meeting", meeting.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what=f"MAPPA minutes form, {meeting}")
    return render(request, "arrangements/form.html", {"form": form, "title": f"Minutes for {nominal.full_name}",
                                                      "marking": SENSITIVE, "meeting": meeting, "nominal": nominal, "case": case_header(request, nominal),
                                                      "caption": str(meeting)})


@login_required
def meeting_action(request, pk, nominal_pk):
    meeting = _meeting(request, pk)
    nominal = policy.get_nominal(request.user, nominal_pk)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_action(actor=request.user, meeting=meeting, nominal=nominal, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Action recorded.")
            return redirect("arrangements:meeting", meeting.pk)
    return render(request, "arrangements/form.html", {"form": form, "title": f"Add an action for {nominal.full_name}",
                                                      "marking": SENSITIVE, "meeting": meeting, "nominal": nominal, "case": case_header(request, nominal),
                                                      "caption": str(meeting)})


@login_required
def action_update(request, pk):
    action = policy.get_item(request.user, Action, pk)
    if not services.may_update_action(request.user, action):
        raise PermissionDenied("Only the action's owner, the chair or someone managing the case can update this action.")
    form = forms.ActionUpdateForm(request.POST or None, initial={"version": action.version, "status": action.status,
                                                                 "evidence": action.evidence})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_action(actor=request.user, action=action, status=d["status"], evidence=d["evidence"],
                                   completed_on=d["completed_on"], version=d["version"])
        except StaleEdit as exc:
            form.add_error(None, f"Someone else updated this action after you opened it (now {exc.current.get_status_display()}: "
                                 f"{exc.current.evidence or 'no evidence'}). Check and save again if yours still applies.")
            data = form.data.copy()
            data["version"] = exc.current.version
            form.data = data
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Action updated.")
            return redirect("arrangements:case", action.nominal_id)
    elif request.method == "GET":
        record_view(request.user, action.nominal, action, what="MAPPA action")
    return render(request, "arrangements/form.html", {"form": form, "title": "Update the action", "marking": action.marking,
                                                      "nominal": action.nominal, "case": case_header(request, action.nominal), "caption": action.description[:100]})


def _pdf(request, pk, template, title):
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    record(request.user, AuditAction.EXPORT, meeting, label=f"{title}: {meeting}",
           details={"cases": [a.nominal_id for a in context["agenda"]], "withheld": context["withheld"]})
    for entry in context["agenda"]:
        record(request.user, AuditAction.EXPORT, meeting, nominal=entry.nominal, label=f"{title}: {meeting}")
    context["reader_agency"] = request.user.agency
    return pdf_response(template, context, marking=SENSITIVE, title=f"{title}: {meeting}",
                        filename=f"mappa-minutes-{meeting.pk}.pdf")


@login_required
def meeting_minutes_pdf(request, pk):
    return _pdf(request, pk, "arrangements/pdf_minutes.html", "Minutes")


PACK_POLL = "2s"  # how often the page asks how the build is going
PACK_REFUSED = "The meeting pack is for the chair and the MAPPA co-ordinators."


def _pack_meeting(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    if not services.may_run_meeting(request.user, meeting):
        raise PermissionDenied(PACK_REFUSED)
    return meeting


def _pack_state(user, meeting) -> dict:
    """The reader's own pack for the meeting and what the page says of it."""
    pack = MeetingPack.objects.filter(owner=user, meeting=meeting).defer("pdf").first()
    building = pack is not None and pack.status in (MeetingPack.Status.QUEUED, MeetingPack.Status.RUNNING)
    under_way = job_status.progress(pack.job_id, PACK_POLL) if building else {}
    return {"meeting": meeting, "pack": pack, "building": building, **under_way,
            "usable": pack is not None and services.pack_usable(pack, user, timezone.now()),
            "keep_hours": reference.value(services.PACK_KEEP_HOURS), "marking": SENSITIVE}


@login_required
def meeting_pack(request, pk):
    """The chair's pack: ask for it to be built (in the background, from what the reader may see), watch its
    progress and download it."""
    meeting = _pack_meeting(request, pk)
    if request.method == "POST":
        try:
            services.request_pack(actor=request.user, meeting=meeting)
        except ValidationError:
            pass  # already under way: the page shows its progress
        return redirect("arrangements:meeting-pack", meeting.pk)
    return render(request, "arrangements/pack.html", _pack_state(request.user, meeting))


@login_required
def meeting_pack_status(request, pk):
    """The progress of the reader's own build, polled by the page."""
    meeting = _pack_meeting(request, pk)
    state = _pack_state(request.user, meeting)
    response = render(request, "arrangements/_pack_progress.html", state)
    if request.htmx and state["pack"] is not None and not state["building"]:
        response["HX-Refresh"] = "true"  # the page itself now offers the pack, or says what went wrong
    return response


@login_required
def meeting_pack_pdf(request, pk):
    meeting = _pack_meeting(request, pk)
    pack = MeetingPack.objects.filter(owner=request.user, meeting=meeting).first()
    if pack is None:
        return redirect("arrangements:meeting-pack", meeting.pk)
    try:
        body = services.hand_over_pack(actor=request.user, pack=pack)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("arrangements:meeting-pack", meeting.pk)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mappa-pack-{meeting.pk}.pdf"'
    return response


# ---------------------------------------------------------------- co-ordinator view

@login_required
def coordinator(request):
    if request.user.role != Role.COORDINATOR:
        raise PermissionDenied("This view is for MAPPA co-ordinators.")
    today = timezone.localdate()
    category, level = query_id(request.GET, "category"), query_id(request.GET, "level")
    summary = queries.coordinator_summary(request.user, today, category=category, level=level)
    grid = summary["grid"]
    table = [{"category": c, "cells": [{"n": grid[(c, l)], "level": l or 0} for l in (None, 1, 2, 3)]} for c in (1, 2, 3)]
    page = Paginator(summary["listed"], 50).get_page(request.GET.get("page"))
    shown = queries.cases_by_id(request.user, page.object_list, today, "nominal")
    page.object_list = [shown[pk] for pk in page.object_list]
    record(request.user, AuditAction.VIEW, label="MAPPA co-ordinator view", details={"cases": summary["total"]})
    return render(request, "arrangements/coordinator.html", {
        "table": table, "today": today,
        "unscreened": summary["unscreened"], "unscreened_more": summary["unscreened_more"],
        "single_agency": summary["single_agency"], "single_agency_more": summary["single_agency_more"],
        "overdue_reviews": summary["overdue_reviews"], "overdue_reviews_more": summary["overdue_reviews_more"],
        "cases": page,
        "filtered": category is not None or level is not None,
        "upcoming": list(queries.meetings_for(request.user).filter(held_on__gte=today, status=Meeting.Status.PLANNED)[:20]),
        "overdue_actions": _with_update_links(request.user, queries.overdue_actions(request.user, today)[:100]),
        "open_referrals": list(policy.items_for(request.user, Referral).filter(status=Referral.Status.OPEN).select_related("nominal")[:50]),
        "marking": SENSITIVE,
    })
