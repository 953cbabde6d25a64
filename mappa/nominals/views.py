"""Pages of the nominal register. Thin: read through the policy, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import extensions, facts, work_store
from mappa.core.concurrency import StaleEdit
from mappa.core.markings import highest
from mappa.core.saving import apply_errors, save_or_review
from mappa.nominals import duplicate_services, forms, merge_services, pick, queries, search, services
from mappa.nominals.case import case_header
from mappa.nominals.export import record_document
from mappa.nominals.item_pages import ItemPages
from mappa.nominals.items import KINDS, kind_for
from mappa.nominals.models import Activity

PAGE_SIZE = 20


@login_required
def person_pick(request):
    """The people a name typed into a "their record on this register" box may mean (htmx), among those the user
    may see; a record number finds that one record."""
    field = request.GET.get("field", "")
    if field not in forms.LINK_FIELDS:
        raise Http404
    text = (request.GET.get(field) or "").strip()
    hits, count = None, 0
    if text.isdigit() and len(text) <= 18:
        person = policy.nominals_for(request.user).filter(pk=int(text)).first()
        return render(request, "nominals/widgets/_person_choices.html", {"name": field, "chosen": person, "hits": [] if person else None})
    if len(text) >= 2:
        hits, count = pick.people_matching(request.user, text, "link a person to a record")
    return render(request, "nominals/widgets/_person_choices.html", {"name": field, "hits": hits, "count": count})


@login_required
def search_page(request):
    form = forms.SearchForm(request.GET or None)
    page = None
    query = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = search.read_query(data["q"] or "", data["dob"], gender=data["gender"], town=data["town"], postcode=data["postcode"],
                                  pnc=data["pnc"], registration=data["registration"], phone=data["phone"])
        if query.error:
            form.add_error("q", query.error)
    if query and not query.error:
        rows = search.candidate_scores(request.user, query)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        page.hits = search.hydrate(request.user, page.object_list)
        record(request.user, Action.SEARCH, details={"q": form.cleaned_data["q"] or "", "dob": str(query.date_of_birth or ""),
                                                     "results": len(rows), **_searched_facts(query)})
    template = "nominals/_results.html" if request.htmx else "nominals/search.html"
    return render(request, template, {"form": form, "page": page, "query": query, "page_size": PAGE_SIZE,
                                      "marking": "OFFICIAL-SENSITIVE" if page else "OFFICIAL",
                                      # An officer without a caseload finds no one: the way on is emergency access.
                                      "emergency_access": request.user.role == Role.EMERGENCY})


def _searched_facts(query) -> dict:
    """The other facts a search looked for, for its audit row."""
    facts = {"postcode": str(query.postcode or ""), "pnc": str(query.pnc or ""), "registration": query.registration, "phone": query.phone}
    return {name: value for name, value in facts.items() if value}


@login_required
def create(request):
    if not policy.may_create_nominal(request.user):
        raise Http404("Only practitioners and supervisors in a team can create records")
    form = forms.NominalForm(request.POST or None, request.FILES or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            nominal = duplicate_services.add_nominal(
                actor=request.user, data=form.to_data(), manager=request.user if request.POST.get("manage") else None,
                confirmed_new_person=request.POST.get("confirmed_new_person") == "yes", reason=request.POST.get("reason", ""))
        except duplicate_services.PossibleDuplicates as exc:
            duplicates = exc.candidates
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Record created for {nominal.full_name}.")
            return redirect("nominals:detail", nominal.pk)
    return render(request, "nominals/form.html", {
        "form": form, "title": "Add a person to the register", "creating": True, "duplicates": duplicates,
        "reason": request.POST.get("reason", ""), "manage": request.method == "GET" or bool(request.POST.get("manage")),
        "marking": "OFFICIAL-SENSITIVE" if duplicates else "OFFICIAL",
    })


def _markings(rows) -> list[str]:
    """The markings of the items shown, and of the occupants shown with an address."""
    return [m for i in rows for m in [i.marking, *(o.marking for o in getattr(i, "visible_occupants", ()))]]


def _merged_away(request, pk):
    """A record merged into another answers with the survivor, for a reader who may see it (else 404)."""
    survivor = policy.survivor_for(request.user, pk)
    if survivor is None:
        raise Http404("No such record")
    messages.info(request, f"Record {pk} was merged into this record, which holds everything that was on it.")
    return redirect("nominals:detail", survivor)




@login_required
def detail(request, pk):
    """The case overview: the case header, what needs doing, the parts' summary cards and the latest
    activity, with the actions at the top."""
    try:
        nominal = policy.get_nominal(request.user, pk)
    except Http404:
        return _merged_away(request, pk)
    activity = queries.recent_activity(request.user, nominal)
    with facts.remembered():
        # The panels before the header: what they read the header's tabs may ask again (the Supervision tab).
        panels = extensions.panels_for(request.user, nominal)
        case = case_header(request, nominal, heading=True)
        due = work_store.work_on_case(request.user, nominal, timezone.localdate())
    services.record_view(request.user, nominal)
    shown = [nominal.marking, *(e.marking for e in activity)]
    shown += [m for p in panels if isinstance(p["data"], dict) for m in p["data"].get("markings", [])]
    return render(request, "nominals/detail.html", {
        "nominal": nominal, "case": case, "activity": activity, "panels": panels, "due": due,
        "today": timezone.localdate(), "marking": highest(shown),
        "can_write": policy.can(request.user, policy.WRITE, nominal),
        "can_view_access_log": policy.may_view_access_log(request.user, nominal),
        "can_export": policy.can(request.user, policy.EXPORT, nominal),
        "can_merge": policy.may_merge(request.user, nominal, nominal),
    })


@login_required
def details(request, pk):
    """Personal details, who manages the person, and what the register holds about them."""
    nominal = policy.get_nominal(request.user, pk)
    sections = [queries.section(request.user, nominal, k) for k in KINDS.values() if k.slug not in ("activities", "occupants")]
    partners = list(policy.partners_for(request.user, nominal).select_related("user__agency"))
    partner_actions = policy.may_choose_partners(request.user, nominal) or any(p.user_id == request.user.pk for p in partners)
    services.record_view(request.user, nominal, what="personal details")
    return render(request, "nominals/details.html", {
        "nominal": nominal, "case": case_header(request, nominal), "sections": sections, "partners": partners,
        "partner_actions": partner_actions, "age": services.age_today(nominal),
        "marking": highest([nominal.marking] + [m for s in sections for m in _markings(s["items"])]),
        "can_write": policy.can(request.user, policy.WRITE, nominal),
        "can_allocate": policy.may_allocate(request.user, nominal),
        "can_transfer": policy.may_send_transfer(request.user, nominal),
    })


@login_required
def edit(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.NominalForm(request.POST or None, request.FILES or None, instance=nominal, initial={"version": nominal.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.update_nominal(
            actor=request.user, nominal=nominal, data=form.to_data(), version=form.cleaned_data["version"] or 0),
            form.Meta.fields)
        if saved:
            messages.success(request, "Personal details saved.")
            return redirect("nominals:details", nominal.pk)
    else:
        services.record_view(request.user, nominal, what="edit personal details")
    return render(request, "nominals/form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "title": "Change personal details", "differences": differences,
        "marking": nominal.marking,
    })


def _kind_or_404(slug):
    kind = kind_for(slug)
    if kind is None:
        raise Http404("No such kind of item")
    return kind


def _page_of(kind) -> str:
    """Where an item is shown once saved: an activity entry on the overview, the rest on personal details."""
    return "nominals:detail" if kind.slug == "activities" else "nominals:details"


@login_required
def item_list(request, pk, kind):
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk)
    text, chosen, filter_form = "", "", None
    if kind.model is Activity:
        filter_form = forms.ActivityFilterForm(request.GET or None)
        if filter_form.is_valid():
            text, chosen = filter_form.cleaned_data["text"], filter_form.cleaned_data["kind"]
    qs = queries.items(request.user, nominal, kind, text=text, activity_kind=chosen)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.mark_children(list(page.object_list))
    services.record_view(request.user, nominal, what=kind.plural)
    return render(request, "nominals/item_list.html", {
        "nominal": nominal, "case": case_header(request, nominal), "kind": kind, "page": page, "filter_form": filter_form,
        "can_write": policy.can(request.user, policy.WRITE, nominal),
        "marking": highest([nominal.marking, *_markings(page.object_list)]),
    })


ITEM_PAGES = ItemPages(template="nominals/item_form.html", form_class=forms.item_form_class,
                       create=services.create_item, update=services.update_item, shown_on=_page_of)


def _address_lookup(request, nominal, kind):
    """The address search on the address form: (the form's initial values from a chosen match, the page's
    context, or a response of the results alone for htmx). Without JavaScript the search is a step of its own
    (search, then choose from the list, which fills in the form); with htmx the results come without a reload.
    The lookup is the licences part's (the gazetteer, and the register's addresses as the reader may see them)."""
    if kind.slug != "addresses":
        return {}, {}, None
    from mappa.licences.queries import Lookup, address_lookup

    if request.method != "GET":  # the form posted: its own errors, and the search box empty beside them
        return {}, {"lookup": Lookup()}, None
    lookup = address_lookup(request.user, request.GET["find"], request.GET.get("use", "")) if "find" in request.GET else Lookup()
    context = {"lookup": lookup}
    if request.htmx and "find" in request.GET:
        return {}, context, render(request, "nominals/_address_results.html", {**context, "nominal": nominal, "kind": kind})
    chosen = lookup.chosen
    initial = ({"line1": chosen.line1, "line2": chosen.line2, "town": chosen.town, "county": chosen.county,
                "postcode": chosen.postcode} if chosen else {})
    return initial, context, None


@login_required
def item_create(request, pk, kind):
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    initial, extra, partial = _address_lookup(request, nominal, kind)
    return partial or ITEM_PAGES.create_page(request, nominal, kind, initial=initial, extra=extra)


@login_required
def item_edit(request, pk, kind, item_pk):
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    item = policy.get_item_on(request.user, nominal, kind.model, item_pk, policy.WRITE)
    services.refuse_system_entry(item)
    initial, extra, partial = _address_lookup(request, nominal, kind)
    return partial or ITEM_PAGES.edit_page(request, nominal, kind, item, initial=initial, extra=extra)


@login_required
def document_download(request, pk, item_pk):
    return send_document(request.user, pk, item_pk)


def send_document(user, nominal_pk, item_pk) -> FileResponse:
    """A document's file, for readers who may export from the record, recorded as an export (the web
    page and the API both send documents through here)."""
    nominal = policy.get_nominal(user, nominal_pk, policy.EXPORT)
    document = policy.get_item(user, KINDS["documents"].model, item_pk)
    if document.nominal_id != nominal.pk or not document.file:
        raise Http404("No such document")
    record(user, Action.EXPORT, document, nominal=nominal, reason=policy.break_glass_reason(user, nominal))
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
def export(request, pk):
    """Download the record as JSON: only what the reader may see, and audited as an export."""
    nominal = policy.get_nominal(request.user, pk, policy.EXPORT)
    document = record_document(request.user, nominal)
    record(request.user, Action.EXPORT, nominal, nominal=nominal, details={"format": "json", "marking": document["marking"]})
    response = JsonResponse(document, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="record-{nominal.pk}.json"'
    return response


@login_required
def photo(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not nominal.photo:
        raise Http404("No photo")
    services.record_view(request.user, nominal, what="photo")
    return FileResponse(nominal.photo.open("rb"))


@login_required
def history(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    events = policy.history_for(request.user, nominal)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_view(request.user, nominal, what="change history")
    return render(request, "nominals/history.html", {"nominal": nominal, "case": case_header(request, nominal), "page": page, "marking": "OFFICIAL-SENSITIVE"})


@login_required
def access_log(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_view_access_log(request.user, nominal):
        raise Http404("Only the manager and the team's supervisors can see who viewed this record")
    services.record_view(request.user, nominal, what="access log")
    events = policy.access_log_for(request.user, nominal)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "nominals/access_log.html", {"nominal": nominal, "case": case_header(request, nominal), "page": page, "marking": "OFFICIAL-SENSITIVE"})


@login_required
def allocate(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_allocate(request.user, nominal):
        raise Http404("Only a supervisor of the team or the manager can allocate this record")
    form = forms.AllocateForm(request.POST or None, team=nominal.team, initial={"manager": nominal.manager_id, "version": nominal.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.allocate(actor=request.user, nominal=nominal, manager=form.cleaned_data["manager"], version=form.cleaned_data["version"],
                              skills_reason=form.cleaned_data["skills_reason"])
        except StaleEdit:
            form.add_error(None, "Someone else changed this record after you opened it. Check the manager shown and try again.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Allocation saved.")
            return redirect("nominals:details", nominal.pk)
    if request.method == "GET":
        services.record_view(request.user, nominal, what="allocation")
    return render(request, "nominals/allocate.html", {"form": form, "nominal": nominal, "case": case_header(request, nominal), "marking": nominal.marking})


@login_required
def partners(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    form = forms.PartnerForm(request.POST or None, nominal=nominal)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partner(actor=request.user, nominal=nominal, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['user'].display_name} added as a partner.")
            return redirect("nominals:partners", nominal.pk)
    if request.method == "GET":
        services.record_view(request.user, nominal, what="partners")
    current = policy.partners_for(request.user, nominal).select_related("user__agency", "added_by")
    return render(request, "nominals/partners.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "partners": current, "marking": nominal.marking,
        "can_choose": policy.may_choose_partners(request.user, nominal),
    })


@login_required
@require_POST
def end_partner(request, pk, partner_pk):
    nominal = policy.get_nominal(request.user, pk)
    partner = policy.partners_for(request.user, nominal).filter(pk=partner_pk).select_related("user").first()
    if partner is None:
        raise Http404("No such partner")
    try:
        services.end_partner(actor=request.user, partner=partner)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{partner.user.display_name} is no longer a partner.")
    return redirect("nominals:partners", nominal.pk)


@login_required
def merge(request, pk):
    """Merge a duplicate record into this one: choose it, read what will move and what to review, then confirm."""
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_merge(request.user, nominal, nominal):
        raise Http404("Only a supervisor of the team or the area's MAPPA co-ordinator can merge records")
    form = forms.MergeForm(request.POST or request.GET or None)
    proposal = None
    if form.is_bound and form.is_valid():
        try:
            proposal = merge_services.propose(actor=request.user, survivor_id=nominal.pk, merged_id=form.cleaned_data["other"])
        except Http404:  # the same words for a record that does not exist and one the user may not see
            form.add_error("other", f"No record you can see has the number {form.cleaned_data['other']}")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.method == "POST":
                return _confirm_merge(request, form, proposal)
            form = forms.MergeForm(initial={"other": proposal.merged.pk, "survivor_version": proposal.versions[0],
                                            "merged_version": proposal.versions[1]})
    else:
        services.record_view(request.user, nominal, what="merge a duplicate")
    return render(request, "nominals/merge.html", {"form": form, "nominal": nominal, "case": case_header(request, nominal), "proposal": proposal,
                                                   "marking": "OFFICIAL-SENSITIVE"})


def _confirm_merge(request, form, proposal):
    data, notice = form.cleaned_data, ""
    try:
        merge_services.merge(actor=request.user, survivor_id=proposal.survivor.pk, merged_id=proposal.merged.pk,
                             survivor_version=data["survivor_version"] or 0, merged_version=data["merged_version"] or 0,
                             reason=data["reason"])
    except StaleEdit:
        # Read again: the page shows what would move now, to confirm against.
        notice = "One of the records changed after you read what would move. Check it again below, then confirm."
        proposal = merge_services.propose(actor=request.user, survivor_id=proposal.survivor.pk, merged_id=proposal.merged.pk)
        form = forms.MergeForm(initial={"other": proposal.merged.pk, "survivor_version": proposal.versions[0],
                                        "merged_version": proposal.versions[1], "reason": data["reason"]})
    except ValidationError as exc:
        apply_errors(form, exc)
    else:
        messages.success(request, f"Record {proposal.merged.pk} was merged into this record.")
        return redirect("nominals:detail", proposal.survivor.pk)
    return render(request, "nominals/merge.html", {"form": form, "nominal": proposal.survivor, "case": case_header(request, proposal.survivor), "proposal": proposal,
                                                   "notice": notice, "marking": "OFFICIAL-SENSITIVE"})
