"""Forms for risk assessments. Their fields follow the tool: each calculator input, prefilled from the
facts the system holds, with a reason box for any value the assessor corrects."""
import json

from django import forms

from mappa.accounts.models import User
from mappa.core import jsonsafe
from mappa.core.forms import GovukDateField
from mappa.core.words import clause, in_a_sentence, sentences
from mappa.risk import inputs as risk_inputs
from mappa.risk.models import GROUPS, SETTINGS, Level, RiskType, Tool

LEVEL_CHOICES = [("", "Not assessed")] + list(Level.choices)
CHOICE_LABELS = {"male": "Male", "female": "Female", "yes": "Yes", "no": "No", "unknown": "Not known", "low": "Low",
                 "medium": "Medium", "high": "High", "very_high": "Very high", "": "Not scored"}


def _rated_groups() -> dict | None:
    from django.utils import timezone

    from mappa.risk.services import rosh_groups

    return rosh_groups(timezone.localdate())


def form_name(name: str) -> str:
    return name.replace(".", "_")


class AssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = GovukDateField(label="Date of the assessment", not_in_future=True)

    def __init__(self, *args, risk_type: str, tool: str, table: dict | None = None, system: dict | None = None,
                 rosh_levels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk_type, self.tool, self.system = risk_type, tool, system or {}
        key = "oasys_likelihood" if risk_type == RiskType.LIKELIHOOD else tool
        self.input_fields = [] if risk_type == RiskType.ROSH else risk_inputs.fields_for(key, table)
        self.input_rows = []
        for f in self.input_fields:
            name = form_name(f.name)
            held = self.system.get(f.name)
            hint = f.hint
            if held:
                hint = sentences([f"The system holds {held['value']} ({clause(held['source'])})", f.hint])
            if f.kind == "date":
                field = GovukDateField(label=f.label, required=False, help_text=hint)
            elif f.kind == "int":
                field = forms.IntegerField(label=f.label, required=False, help_text=hint,
                                           widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}))
            elif f.kind == "choice":
                choices = [("", "Choose")] + [(c, CHOICE_LABELS.get(c, c)) for c in f.choices if c]
                field = forms.ChoiceField(label=f.label, required=False, choices=choices, help_text=hint)
            elif f.name.endswith(".items"):
                field = forms.CharField(label=f.label, required=False, help_text=hint,
                                        widget=forms.Textarea(attrs={"rows": 3}))
            else:
                field = forms.CharField(label=f.label, required=False, help_text=hint)
            self.fields[name] = field
            reason = None
            if held:
                reason = f"reason_{name}"
                self.fields[reason] = forms.CharField(
                    label=f"If you changed {in_a_sentence(f.label)}, why?", required=False)
            self.input_rows.append((name, reason))
        if risk_type == RiskType.ROSH:
            rated = _rated_groups()
            for group, group_label in GROUPS:
                for setting, setting_label in SETTINGS:
                    name = f"rosh_{group}_{setting}"
                    # A group is asked about only where it is rated (risk to prisoners only in custody); an older
                    # draft's rating given elsewhere is shown, so that it can be cleared.
                    if rated and group not in rated.get(setting, ()) and not ((rosh_levels or {}).get(group) or {}).get(setting):
                        continue
                    self.fields[name] = forms.ChoiceField(
                        label=f"{group_label}, {setting_label.lower()}", choices=LEVEL_CHOICES, required=False)
            self.fields["who_at_risk"] = forms.CharField(label="Who is at risk", widget=forms.Textarea(attrs={"rows": 3}), required=False)
            self.fields["nature_of_harm"] = forms.CharField(label="The nature of the harm", widget=forms.Textarea(attrs={"rows": 3}), required=False)
            self.fields["imminence"] = forms.CharField(label="How imminent it is", widget=forms.Textarea(attrs={"rows": 2}), required=False)
            self.fields["risk_increased_by"] = forms.CharField(label="What would increase the risk", widget=forms.Textarea(attrs={"rows": 3}), required=False)
            self.fields["risk_reduced_by"] = forms.CharField(label="What would reduce the risk", widget=forms.Textarea(attrs={"rows": 3}), required=False)
        if tool == Tool.RM2000:
            self.fields["police_level"] = forms.ChoiceField(
                label="Level at which the police manage this person", required=False,
                choices=[("", "Not given")] + list(Level.choices),
                help_text="If it differs from the Risk Matrix 2000 category, give the rationale below.")
            self.fields["level_rationale"] = forms.CharField(label="Rationale for a different level", required=False,
                                                             widget=forms.Textarea(attrs={"rows": 3}))
            self.fields["violent_scale_reason"] = forms.CharField(
                label="If the violent scale was not used, why not", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Both scales should be used where they apply (2010 inspection, para 5.7).")
        self.fields["notes"] = forms.CharField(
            label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}),
            help_text="Offending-related needs, protective factors, your reasoning.")

    def rosh_field_names(self):
        return [n for n in self.fields if n.startswith("rosh_")]

    def to_service(self) -> dict:
        d = self.cleaned_data
        values, reasons = {}, {}
        for f in self.input_fields:
            v = d.get(form_name(f.name))
            values[f.name] = v.isoformat() if hasattr(v, "isoformat") else v
            if d.get(f"reason_{form_name(f.name)}"):
                reasons[f.name] = d[f"reason_{form_name(f.name)}"]
        rosh = {}
        for group, _ in GROUPS:
            for setting, _ in SETTINGS:
                if d.get(f"rosh_{group}_{setting}"):
                    rosh.setdefault(group, {})[setting] = d[f"rosh_{group}_{setting}"]
        narrative = {k: d.get(k, "") for k in ("who_at_risk", "nature_of_harm", "imminence", "risk_increased_by",
                                               "risk_reduced_by", "notes", "police_level", "level_rationale", "violent_scale_reason")
                     if k in self.fields}
        return {"values": values, "reasons": reasons, "rosh_levels": rosh, "narrative": narrative}

    @classmethod
    def initial_for(cls, assessment=None, system=None, fields=()):
        initial = {}
        source = assessment.inputs if assessment else (system or {})
        for f in fields:
            if f.name in source:
                initial[form_name(f.name)] = source[f.name].get("value")
                if assessment and source[f.name].get("reason"):
                    initial[f"reason_{form_name(f.name)}"] = source[f.name]["reason"]
        if assessment:
            initial.update(version=assessment.version, assessed_on=assessment.assessed_on)
            for group, levels in (assessment.rosh_levels or {}).items():
                for setting, lv in levels.items():
                    initial[f"rosh_{group}_{setting}"] = lv
            for k in ("who_at_risk", "nature_of_harm", "imminence", "risk_increased_by", "risk_reduced_by", "notes",
                      "police_level", "level_rationale", "violent_scale_reason"):
                initial[k] = getattr(assessment, k)
        return initial


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PeerReviewForm(forms.Form):
    agrees = forms.TypedChoiceField(label="Do you agree with the assessment?", widget=forms.RadioSelect,
                                    choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes")
    comments = forms.CharField(label="Comments", widget=forms.Textarea(attrs={"rows": 4}))


class CloseReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(label="What the review found", max_length=300,
                              help_text="For example: reviewed after the new relationship, no change to the levels.")


class TrainingForm(forms.Form):
    user = forms.ModelChoiceField(label="Who", queryset=User.objects.none())
    tool = forms.ChoiceField(label="Tool", choices=Tool.choices)
    trained_on = GovukDateField(label="Date trained", not_in_future=True)
    expires_on = GovukDateField(label="Training expires", required=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"


class TableForm(forms.Form):
    definition = forms.CharField(label="Scoring table (JSON)", widget=forms.Textarea(attrs={"rows": 16}),
                                 help_text="Items, points, category bands and aggravating factors, with its version and source.")
    effective_from = GovukDateField(label="Takes effect from")

    def clean_definition(self):
        try:
            return jsonsafe.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as e:
            raise forms.ValidationError(f"This is not valid JSON: {e.msg} at line {e.lineno}.") from None
        except jsonsafe.TooDeep as e:
            raise forms.ValidationError(f"This JSON is {e}.") from None


def layout(form: AssessmentForm) -> list[tuple[str, list]]:
    """The form's sections in order, each a heading and its bound fields."""
    sections = [("", [form["assessed_on"]])]
    if form.input_rows:
        fields = []
        for name, reason in form.input_rows:
            fields.append(form[name])
            if reason:
                fields.append(form[reason])
        sections.append(("Inputs", fields))
    rosh = form.rosh_field_names()
    if rosh:
        sections.append(("Risk of serious harm to each group", [form[n] for n in rosh]))
        sections.append(("Risk of serious harm: the narrative",
                         [form[n] for n in ("who_at_risk", "nature_of_harm", "imminence", "risk_increased_by", "risk_reduced_by")]))
    rest = [form[n] for n in ("police_level", "level_rationale", "violent_scale_reason", "notes") if n in form.fields]
    sections.append(("Other information", rest))
    return sections
