from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from mappa.access import services
from mappa.accounts.models import Role
from mappa.core.saving import apply_errors
from mappa.nominals.forms import EmergencyAccessForm


@login_required
def emergency(request):
    if request.user.role != Role.EMERGENCY:
        raise Http404("Emergency access is for police officers without a caseload")
    # From a search that found no one: the identifier searched is already in the form.
    form = EmergencyAccessForm(request.POST or None, initial={"identifier": request.GET.get("identifier", "")[:40]})
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_emergency_access(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Emergency access granted. The manager and supervisors have been told.")
            return redirect("nominals:detail", grant.nominal_id)
    return render(request, "access/emergency.html", {"form": form})
