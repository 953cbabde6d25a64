"""The pages that add and change one item of a kind on a person, shared by the parts that keep kinds of
item (the register's own, and sentences and orders). Each part names its forms, its services and where a
saved item is shown; reads go through the policy, changes through the part's services."""
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from mappa.access import policy
from mappa.core.markings import marking_for
from mappa.core.saving import apply_errors, save_or_review
from mappa.nominals import services
from mappa.nominals.case import case_header


@dataclass(frozen=True)
class ItemPages:
    template: str
    form_class: Callable  # kind -> form class taking user= and nominal=
    create: Callable  # (actor=, nominal=, kind=, data=) -> item
    update: Callable  # (actor=, item=, data=, version=) -> item
    shown_on: Callable  # kind -> the URL name of the page that shows a saved item
    change_title: str = "Change {}"

    def create_page(self, request, nominal, kind, initial=None, extra=None):
        form = self.form_class(kind)(request.POST or None, request.FILES or None, user=request.user, nominal=nominal,
                                     initial=initial or {})
        if request.method == "POST" and form.is_valid():
            try:
                self.create(actor=request.user, nominal=nominal, kind=kind, data=form.to_data())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Added {kind.singular}.")
                return redirect(self.shown_on(kind), nominal.pk)
        if request.method == "GET":
            services.record_view(request.user, nominal, what=f"add {kind.singular}")
        return render(request, self.template, {
            "form": form, "nominal": nominal, "case": case_header(request, nominal), "kind": kind,
            "title": f"Add {kind.singular}", "marking": nominal.marking, "cancel": self.shown_on(kind), **(extra or {}),
        })

    def edit_page(self, request, nominal, kind, item, initial=None, extra=None):
        """The item's form for a reader who may change the record; its row and history for one who may not."""
        can_write = policy.can(request.user, policy.WRITE, nominal)
        if request.method == "POST" and not can_write:
            policy.get_nominal(request.user, nominal.pk, policy.WRITE)  # refuses with the reason
        form = self.form_class(kind)(request.POST or None, request.FILES or None, instance=item,
                                     initial={"version": item.version, **(initial or {})}, user=request.user,
                                     nominal=nominal)
        differences = []
        if request.method == "POST" and form.is_valid():
            saved, differences = save_or_review(form, lambda: self.update(
                actor=request.user, item=item, data=form.to_data(), version=form.cleaned_data["version"] or 0),
                kind.fields)
            if saved:
                messages.success(request, f"Saved {kind.singular}.")
                return redirect(self.shown_on(kind), nominal.pk)
        else:
            services.record_view(request.user, nominal, item, what=kind.singular)
        return render(request, self.template, {
            "form": form, "nominal": nominal, "case": case_header(request, nominal), "kind": kind, "item": item,
            "title": self.change_title.format(kind.singular), "differences": differences,
            "history": policy.item_history_for(request.user, item)[:20], "marking": marking_for(item.handling),
            "can_write": can_write, "editing": True, "cancel": self.shown_on(kind), **(extra or {}),
        })
