"""Forms for home visits: what people type, turned into the data the services take."""
from django import forms

from mappa.core.forms import GovukDateField
from mappa.core.markings import Handling
from mappa.visits.models import Crewing, Hazard, Outcome, VisitAgency

YES_NO = [("yes", "Yes"), ("no", "No")]


class PlanVisitForm(forms.Form):
    visit_agency = forms.ChoiceField(choices=VisitAgency.choices, widget=forms.RadioSelect, label="Who is visiting")
    planned_for = GovukDateField(label="Planned date", help_text="For example, 27 3 2026")
    announced = forms.BooleanField(required=False, label="Announced in advance",
                                   help_text="Police visits are unannounced wherever possible")

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class CheckForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    record_read = forms.BooleanField(required=False, label="I have read the record and current intelligence")
    changes_seen = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   label="What has changed since the last visit")
    pnc_checked = forms.BooleanField(required=False, label="I have checked the PNC for wanted status and new convictions")
    pnc_result = forms.CharField(required=False, max_length=300, label="PNC result",
                                 help_text="Including convictions outside the force area")
    pnc_wanted = forms.BooleanField(required=False, label="The PNC shows them as wanted",
                                    help_text="The case manager is told as soon as the check is saved")
    pnc_new_convictions = forms.BooleanField(required=False, label="The PNC shows new convictions")
    crewing = forms.ChoiceField(choices=Crewing.choices, widget=forms.RadioSelect, required=False, label="Crewing")
    equipment = forms.CharField(required=False, max_length=300, label="Safety equipment, radio and transport")
    announced = forms.BooleanField(required=False, label="Announced in advance")
    officer = forms.CharField(required=False, max_length=200, label="Officer making the visit")
    hazard_kind = forms.ChoiceField(choices=[("", "No hazard to add")] + Hazard.Kind.choices, required=False,
                                    label="Hazard at the address")
    hazard_details = forms.CharField(required=False, max_length=300, label="Hazard details")
    hazard_handling = forms.ChoiceField(choices=Handling.choices, required=False, label="Restrict who can see this hazard")

    def to_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("hazard_") and k != "version"}

    def hazards(self) -> list[dict]:
        if not self.cleaned_data.get("hazard_kind"):
            return []
        return [{"kind": self.cleaned_data["hazard_kind"], "details": self.cleaned_data.get("hazard_details", ""),
                 "handling": self.cleaned_data.get("hazard_handling", "")}]


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="What happened")
    occurred_on = GovukDateField(label="Date of the visit", help_text="For example, 27 3 2026")
    present = forms.CharField(required=False, max_length=300, label="Who was present")
    under_18_present = forms.BooleanField(required=False, label="Someone under 18 was present")
    seen_devices = forms.CharField(required=False, max_length=300, label="Devices seen (computers, phones, cameras)")
    seen_vehicles = forms.CharField(required=False, max_length=300, label="Vehicles seen")
    seen_relationship = forms.CharField(required=False, max_length=300, label="Signs of a relationship")
    seen_children = forms.CharField(required=False, max_length=300, label="Signs of children")
    observations = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Observations",
                                   help_text="Saved to the activity log, including any officer safety issues")
    intelligence = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Intelligence from this visit",
        help_text="What was seen or heard that is intelligence. It is submitted to the case manager for evaluation "
                  "as an intelligence item, not written in the activity log")

    def to_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "intelligence")}


class WarrantForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    warrant_applied_on = GovukDateField(label="Date applied for", help_text="For example, 27 3 2026")
    warrant_outcome = forms.CharField(max_length=300, label="Outcome of the warrant",
                                      help_text="What the magistrate decided and what happened on entry")


class ScheduleForm(forms.Form):
    visit_agency = forms.ChoiceField(choices=[("police", "Police"), ("probation", "Probation")], widget=forms.RadioSelect,
                                     label="Whose visits")
    every_months = forms.IntegerField(min_value=1, max_value=12, label="Visit every (months)")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why this case needs its own schedule")
    agreed_by = forms.ModelChoiceField(queryset=None, label="Supervisor who agreed it")

    def __init__(self, *args, supervisors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = supervisors
        self.fields["agreed_by"].label_from_instance = lambda u: u.display_name
